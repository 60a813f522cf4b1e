/**
 * A compiled per-locus model: everything the likelihood engine and the kernels need, precomputed
 * once per (frequency table, minimum-frequency policy, mutation model) and then used with allele
 * INDICES only, so the search hot path never touches strings.
 *
 * Genotypes are unordered pairs of allele indices; the flat genotype index of {a, b} with a <= b is
 * b (b + 1) / 2 + a ({@link genotypeIndex}), so a locus with n alleles has n (n + 1) / 2 genotypes.
 */
import { FrequencyTableError } from './kinship-error';
import { resolveLocusFrequencies, type FrequencyTable, type MinimumFrequencyPolicy } from './frequency-table';
import { describeMutations, effectiveMutation, isIdentityMutation, mutationMatrix, resolveMutation, type MutationSpec, type ResolvedMutation } from './mutation-model';
import { canonicalAllele, canonicalLocus, compareAlleles } from './nomenclature';

export interface LocusModelInput {
  /** Locus name; canonicalised with nomenclature.ts. */
  readonly name: string;
  /** Allele → frequency (> 0), in the order that defines the allele indices; or [allele, freq] pairs. */
  readonly frequencies: Readonly<Record<string, number>> | readonly (readonly [string, number])[];
  /** Case-format MUTATION; absent means no mutation. */
  readonly mutation?: MutationSpec | null;
  /** Divide the frequencies by their sum first (case format `normalizeFrequencies`). */
  readonly normalize?: boolean;
}

export interface CompiledLocusModel {
  readonly name: string;
  /** Canonical designations; position = allele index. */
  readonly alleles: readonly string[];
  /** Number of alleles n. */
  readonly n: number;
  /** n (n + 1) / 2. */
  readonly genotypeCount: number;
  /** Allele frequencies p (after optional normalisation). */
  readonly freqs: Float64Array;
  /** Female (maternal) transmission matrix, n × n row-major. */
  readonly female: Float64Array;
  /** Male (paternal) transmission matrix, n × n row-major. */
  readonly male: Float64Array;
  readonly femaleIsIdentity: boolean;
  readonly maleIsIdentity: boolean;
  /**
   * Pass probabilities of an untyped founder, q[x] = Σ_i p_i M[i][x] (README §2.1: the matrices need
   * not be stationary, so q ≠ p in general), per sex.
   */
  readonly qFemale: Float64Array;
  readonly qMale: Float64Array;
  /** Hardy–Weinberg genotype probabilities by genotype index: p_a² or 2 p_a p_b. */
  readonly genotypeFreqs: Float64Array;
  /** Resolved mutation parameters per sex and the README §4 summary text. */
  readonly femaleMutation: ResolvedMutation;
  readonly maleMutation: ResolvedMutation;
  readonly mutationLabel: string;
  /** The same locus with M = I for both sexes (itself when there is no mutation). */
  readonly noMutation: CompiledLocusModel;
  /** Allele index of a designation (canonicalised when not found verbatim), or -1. */
  indexOf(designation: string): number;
}

/**
 * Compiles one locus.
 * @throws FrequencyTableError for a missing, duplicate, non-positive or non-finite frequency.
 * @throws MutationModelError for an invalid mutation model (see mutation-model.ts).
 * @throws NomenclatureError for an unknown locus name or unreadable allele.
 */
export function compileLocusModel(input: LocusModelInput): CompiledLocusModel {
  const name = canonicalLocus(input.name);
  const entries = Array.isArray(input.frequencies)
    ? (input.frequencies as readonly (readonly [string, number])[])
    : Object.entries(input.frequencies as Record<string, number>);
  if (entries.length === 0) throw new FrequencyTableError(`${name}: no allele frequencies`);
  const alleles: string[] = [];
  const index = new Map<string, number>();
  const freqs = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([raw, p], i) => {
    const allele = canonicalAllele(name, raw);
    if (index.has(allele)) throw new FrequencyTableError(`${name}: allele ${allele} is listed twice`);
    if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0) {
      throw new FrequencyTableError(`${name}, allele ${allele}: frequency must be a finite number > 0, got ${JSON.stringify(p)}`);
    }
    index.set(allele, i);
    alleles.push(allele);
    freqs[i] = p;
    sum += p;
  });
  if (input.normalize) for (let i = 0; i < freqs.length; i++) freqs[i] = freqs[i]! / sum;
  const femaleMutation = effectiveMutation(resolveMutation(input.mutation, 'female'), alleles);
  const maleMutation = effectiveMutation(resolveMutation(input.mutation, 'male'), alleles);
  const female = mutationMatrix(femaleMutation, alleles, freqs, name);
  const male = mutationMatrix(maleMutation, alleles, freqs, name);
  const indexOf = (designation: string): number => {
    const direct = index.get(designation);
    if (direct !== undefined) return direct;
    try {
      return index.get(canonicalAllele(name, designation)) ?? -1;
    } catch {
      return -1;
    }
  };
  return buildModel(name, alleles, freqs, female, male, femaleMutation, maleMutation, describeMutations(femaleMutation, maleMutation), indexOf);
}

export interface TableLocusOptions {
  readonly mutation?: MutationSpec | null;
  /** Alleles the profiles carry; those missing from the table are added by `policy` (NRC II 5/2N). */
  readonly requiredAlleles?: Iterable<string>;
  /** Required when some required allele is missing from the table. */
  readonly policy?: MinimumFrequencyPolicy;
}

/**
 * Compiles one locus of a population table: the table's frequencies, extended with every required
 * allele the table lacks at the minimum allele frequency of the policy and renormalised
 * (frequency-table.ts `resolveLocusFrequencies`), then {@link compileLocusModel} with the alleles
 * in increasing repeat order.
 * @throws FrequencyTableError when the table lacks the locus, or an allele is missing and no policy is given.
 */
export function compileTableLocus(table: FrequencyTable, locus: string, options: TableLocusOptions = {}): CompiledLocusModel {
  const required = [...(options.requiredAlleles ?? [])];
  const resolved = resolveLocusFrequencies(table, locus, options.policy ? required : [], options.policy ?? { floor: 0.5 });
  if (!options.policy) {
    const missing = required.filter((a) => {
      try {
        return resolved.frequencies[canonicalAllele(resolved.locus, a)] === undefined;
      } catch {
        return true;
      }
    });
    if (missing.length > 0) {
      throw new FrequencyTableError(`table "${table.name}", locus ${resolved.locus}: allele(s) ${missing.join(', ')} missing and no minimum-frequency policy given`);
    }
  }
  // Allele indices in the one allele order (compareAlleles), whatever the table's key order.
  const entries = Object.entries(resolved.frequencies).sort(([a], [b]) => compareAlleles(a, b));
  return compileLocusModel({ name: resolved.locus, frequencies: entries, mutation: options.mutation ?? null });
}

/** Assembles a model from already built parts, with its q vectors, HW table and no-mutation twin. */
function buildModel(
  name: string,
  alleles: readonly string[],
  freqs: Float64Array,
  female: Float64Array,
  male: Float64Array,
  femaleMutation: ResolvedMutation,
  maleMutation: ResolvedMutation,
  mutationLabel: string,
  indexOf: (designation: string) => number,
): CompiledLocusModel {
  const n = alleles.length;
  const femaleIsIdentity = isIdentityMutation(femaleMutation) || isIdentityMatrix(female, n);
  const maleIsIdentity = isIdentityMutation(maleMutation) || isIdentityMatrix(male, n);
  const model: { -readonly [K in keyof CompiledLocusModel]: CompiledLocusModel[K] } = {
    name,
    alleles,
    n,
    genotypeCount: (n * (n + 1)) / 2,
    freqs,
    female,
    male,
    femaleIsIdentity,
    maleIsIdentity,
    qFemale: femaleIsIdentity ? freqs : passProbabilities(freqs, female, n),
    qMale: maleIsIdentity ? freqs : passProbabilities(freqs, male, n),
    genotypeFreqs: hardyWeinberg(freqs, n),
    femaleMutation,
    maleMutation,
    mutationLabel,
    noMutation: undefined as unknown as CompiledLocusModel,
    indexOf,
  };
  if (femaleIsIdentity && maleIsIdentity) {
    model.noMutation = model;
  } else {
    const identity = identityMatrix(n);
    const none: ResolvedMutation = { model: 'none', rate: 0, rate2: 0, range: 0 };
    model.noMutation = buildModel(name, alleles, freqs, identity, identity, none, none, 'none', indexOf);
  }
  return Object.freeze(model);
}

/** Flat index of the unordered genotype {a, b}. */
export function genotypeIndex(a: number, b: number): number {
  return a <= b ? (b * (b + 1)) / 2 + a : (a * (a + 1)) / 2 + b;
}

/** q[x] = Σ_i p_i M[i][x]. */
function passProbabilities(p: Float64Array, m: Float64Array, n: number): Float64Array {
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    for (let x = 0; x < n; x++) q[x] = q[x]! + pi * m[i * n + x]!;
  }
  return q;
}

/** README §2.1: P({a,a}) = p_a², P({a,b}) = 2 p_a p_b. */
function hardyWeinberg(p: Float64Array, n: number): Float64Array {
  const out = new Float64Array((n * (n + 1)) / 2);
  for (let b = 0; b < n; b++) {
    for (let a = 0; a <= b; a++) out[(b * (b + 1)) / 2 + a] = a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;
  }
  return out;
}

export function identityMatrix(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function isIdentityMatrix(m: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (m[i * n + j] !== (i === j ? 1 : 0)) return false;
  return true;
}
