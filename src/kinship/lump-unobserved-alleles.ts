/**
 * Without mutation (M = I for both sexes) the alleles that no typed person carries are merged into
 * one allele with their summed frequency before anything else. This is exact: with M = I the
 * likelihood depends on an unobserved allele only through its frequency, and the Balding–Nichols
 * sample is closed under merging categories (a Pólya urn).
 */
import { identityMatrix, type CompiledLocusModel } from './locus-model';

/** The parameters of one locus as the engine reads them: a CompiledLocusModel or its lumped form. */
export interface EngineModel {
  readonly name: string;
  readonly n: number;
  readonly freqs: Float64Array;
  readonly male: Float64Array;
  readonly female: Float64Array;
  readonly qMale: Float64Array;
  readonly qFemale: Float64Array;
  readonly maleIsIdentity: boolean;
  readonly femaleIsIdentity: boolean;
}

interface Lumped {
  readonly model: EngineModel;
  readonly genotypes: Int32Array;
  readonly extra: Int32Array;
}

const identityCache = new Map<number, Float64Array>();

function cachedIdentity(n: number): Float64Array {
  let m = identityCache.get(n);
  if (!m) {
    m = identityMatrix(n);
    identityCache.set(n, m);
  }
  return m;
}

/** Merges the alleles no typed person carries into one (exact without mutation; see the module comment). */
export function lumpUnobservedAlleles(model: CompiledLocusModel, genotypes: Int32Array, extra: Int32Array): Lumped | null {
  const n = model.n;
  const newIndex = new Int32Array(n).fill(-1);
  let observed = 0;
  for (let k = 0; k < genotypes.length; k++) {
    const a = genotypes[k]!;
    if (a >= 0 && newIndex[a] === -1) newIndex[a] = observed++;
  }
  for (let k = 0; k < extra.length; k++) {
    const a = extra[k]!;
    if (a >= 0 && newIndex[a] === -1) newIndex[a] = observed++;
  }
  if (observed >= n - 1) return null;
  const freqs = new Float64Array(observed + 1);
  for (let a = 0; a < n; a++) {
    if (newIndex[a]! >= 0) freqs[newIndex[a]!] = model.freqs[a]!;
    else freqs[observed] = freqs[observed]! + model.freqs[a]!;
  }
  const identity = cachedIdentity(observed + 1);
  const lumpedGenotypes = new Int32Array(genotypes.length);
  for (let k = 0; k < genotypes.length; k++) lumpedGenotypes[k] = genotypes[k]! < 0 ? -1 : newIndex[genotypes[k]!]!;
  const lumpedExtra = new Int32Array(extra.length);
  for (let k = 0; k < extra.length; k++) lumpedExtra[k] = newIndex[extra[k]!]!;
  return {
    model: {
      name: model.name,
      n: observed + 1,
      freqs,
      male: identity,
      female: identity,
      qMale: freqs,
      qFemale: freqs,
      maleIsIdentity: true,
      femaleIsIdentity: true,
    },
    genotypes: lumpedGenotypes,
    extra: lumpedExtra,
  };
}
