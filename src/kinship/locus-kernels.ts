/**
 * Matrices of closed-form relationship kernels for one compiled locus, computed once per model and
 * cached (a search builds per-query tables from them thousands of times). Same model as the
 * general engine (kinship-cases README §2.1): a parent {g1, g2} passes g1 or g2 with probability ½
 * each, then the passed allele mutates with the parent's sex-specific matrix M (M[i][j]: allele i
 * arrives as j). All matrices are n × n row-major over the model's allele indices.
 *
 * Two children of one untyped parent whose two allele slots have distributions d1, d2 (a founder:
 * d1 = d2 = p) pick a slot each, independently and uniformly, so they copy the same slot with
 * probability ½ (Thompson 1975, identity by descent of sibs):
 *
 *   J(x, y) = ½ Σ_z d̄(z) M[z][x] M[z][y] + ¼ [(d1 M)(x) (d2 M)(y) + (d2 M)(x) (d1 M)(y)],  d̄ = ½ (d1 + d2)
 *
 * which for a founder is the sibling-lr.ts joint ½ Σ_z p_z M[z][x] M[z][y] + ½ q(x) q(y), q = p·M.
 * Its row sums are the parent's pass vector d̄·M. Three children of a founder copy slots by one of
 * 8 equally likely patterns: all the same slot (2/8) or two with one and the third with the other
 * (2/8 for each choice of the lone child), giving
 *
 *   P3(x, y, w) = ¼ [T(x, y, w) + K(x, y) q(w) + K(x, w) q(y) + q(x) K(y, w)],
 *   K(x, y) = Σ_z p_z M[z][x] M[z][y],  T(x, y, w) = Σ_z p_z M[z][x] M[z][y] M[z][w].
 */
import type { CompiledLocusModel } from './locus-model';
import type { Sex } from './pedigree';

export interface LocusKernels {
  readonly model: CompiledLocusModel;
  readonly n: number;
  /** The transmission matrix of a parent of this sex. */
  matrix(sex: Sex): Float64Array;
  /** True when that matrix is the identity (no mutation). */
  isIdentity(sex: Sex): boolean;
  /** Pass vector of an untyped founder of this sex, q = p·M. */
  founderPass(sex: Sex): Float64Array;
  /** J of two children of an untyped founder of this sex. */
  founderSiblingJoint(sex: Sex): Float64Array;
  /** M_first · M_second: an allele passed by a `first`-sex parent, then by a `second`-sex parent. */
  chain(first: Sex, second: Sex): Float64Array;
  /** J_founder(parentSex) · M_then: one child's allele kept, the other child's passed on by a `then`-sex person. */
  founderSiblingJointThen(parentSex: Sex, thenSex: Sex): Float64Array;
  /** K(x, y) = Σ_z p_z M[z][x] M[z][y] (two children copy the same founder slot). */
  sameCopyPair(sex: Sex): Float64Array;
  /** T(x, y, w) = Σ_z p_z M[z][x] M[z][y] M[z][w], n × n × n (three children copy the same founder slot). */
  sameCopyTriple(sex: Sex): Float64Array;
}

const cache = new WeakMap<CompiledLocusModel, LocusKernels>();

/** The kernel matrices of a model (computed lazily, cached per model object). */
export function locusKernels(model: CompiledLocusModel): LocusKernels {
  let k = cache.get(model);
  if (!k) {
    k = createKernels(model);
    cache.set(model, k);
  }
  return k;
}

function createKernels(model: CompiledLocusModel): LocusKernels {
  const n = model.n;
  const memo = new Map<string, Float64Array>();
  const once = (key: string, build: () => Float64Array): Float64Array => {
    let m = memo.get(key);
    if (!m) {
      m = build();
      memo.set(key, m);
    }
    return m;
  };
  const matrix = (sex: Sex): Float64Array => (sex === 'male' ? model.male : model.female);
  const founderPass = (sex: Sex): Float64Array => (sex === 'male' ? model.qMale : model.qFemale);
  const kernels: LocusKernels = {
    model,
    n,
    matrix,
    isIdentity: (sex) => (sex === 'male' ? model.maleIsIdentity : model.femaleIsIdentity),
    founderPass,
    founderSiblingJoint: (sex) => once(`J${sex}`, () => siblingJoint(matrix(sex), model.freqs, model.freqs, n)),
    chain: (first, second) => once(`C${first}${second}`, () => multiply(matrix(first), matrix(second), n)),
    founderSiblingJointThen: (parentSex, thenSex) =>
      once(`JM${parentSex}${thenSex}`, () => multiply(kernels.founderSiblingJoint(parentSex), matrix(thenSex), n)),
    sameCopyPair: (sex) => once(`K${sex}`, () => sameCopyPair(matrix(sex), model.freqs, n)),
    sameCopyTriple: (sex) => once(`T${sex}`, () => sameCopyTriple(matrix(sex), model.freqs, n)),
  };
  return kernels;
}

/** J for a parent whose slots have allele distributions d1 and d2 (see the module comment). */
export function siblingJoint(m: Float64Array, d1: Float64Array, d2: Float64Array, n: number): Float64Array {
  const a = vectorTimesMatrix(d1, m, n);
  const b = vectorTimesMatrix(d2, m, n);
  const out = new Float64Array(n * n);
  for (let z = 0; z < n; z++) {
    const w = 0.25 * (d1[z]! + d2[z]!);
    if (w === 0) continue;
    const row = z * n;
    for (let x = 0; x < n; x++) {
      const wx = w * m[row + x]!;
      if (wx === 0) continue;
      for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + wx * m[row + y]!;
    }
  }
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + 0.25 * (a[x]! * b[y]! + b[x]! * a[y]!);
  }
  return out;
}

/** v·M. */
export function vectorTimesMatrix(v: Float64Array, m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    for (let x = 0; x < n; x++) out[x] = out[x]! + vi * m[i * n + x]!;
  }
  return out;
}

/** A · B. */
export function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + aik * b[k * n + j]!;
    }
  }
  return out;
}

function sameCopyPair(m: Float64Array, p: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let z = 0; z < n; z++) {
    for (let x = 0; x < n; x++) {
      const wx = p[z]! * m[z * n + x]!;
      if (wx === 0) continue;
      for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + wx * m[z * n + y]!;
    }
  }
  return out;
}

function sameCopyTriple(m: Float64Array, p: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n * n);
  for (let z = 0; z < n; z++) {
    for (let x = 0; x < n; x++) {
      const wx = p[z]! * m[z * n + x]!;
      if (wx === 0) continue;
      for (let y = 0; y < n; y++) {
        const wxy = wx * m[z * n + y]!;
        if (wxy === 0) continue;
        const base = (x * n + y) * n;
        for (let w = 0; w < n; w++) out[base + w] = out[base + w]! + wxy * m[z * n + w]!;
      }
    }
  }
  return out;
}
