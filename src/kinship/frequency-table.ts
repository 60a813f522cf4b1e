/**
 * Population allele-frequency tables in the JSON shape of `data-samples/frequencies/*.json`
 * (`{name, population, source, license_note, sampleSize, loci: {locus: {allele: freq}}, notes}`;
 * see data-samples/SOURCES.md): validation, normalisation, the minimum-allele-frequency policy for
 * alleles missing from a table, and a catalog holding several populations side by side.
 */
import { FrequencyTableError } from './kinship-error';
import { canonicalAllele, canonicalLocus, isAutosomalLocus, NomenclatureError } from './nomenclature';

/** Allele designation → frequency, in the table's order. */
export type LocusFrequencies = Readonly<Record<string, number>>;

export interface FrequencyTable {
  readonly name: string;
  readonly population: string;
  readonly source: string;
  readonly license_note: string;
  /** Number of individuals typed (2N alleles), or null when the source does not state it. */
  readonly sampleSize: number | null;
  readonly loci: Readonly<Record<string, LocusFrequencies>>;
  readonly notes: readonly string[];
}

export interface FrequencyValidationOptions {
  /**
   * Largest accepted |Σ p − 1| per locus. Default 0.01: data-samples/SOURCES.md reports sums of
   * 0.998-1.003 for rounded published tables (pop.STR) and ±1e-9 for tables computed from counts.
   */
  readonly sumTolerance?: number;
  /** Divide every locus by its sum after validation (default false). */
  readonly normalize?: boolean;
}

const DEFAULT_SUM_TOLERANCE = 0.01;
const MAX_REPORTED_PROBLEMS = 10;

/**
 * Checks a frequency table read from JSON and returns it with canonical locus names and allele
 * designations (nomenclature.ts). Every problem is collected; the error lists them all.
 * @throws FrequencyTableError naming the locus and allele at fault (negative or non-finite
 *   frequency, duplicate allele after canonicalisation, sum outside the tolerance, unknown or
 *   non-autosomal locus, bad sampleSize).
 */
export function validateFrequencyTable(input: unknown, options: FrequencyValidationOptions = {}): FrequencyTable {
  const tolerance = options.sumTolerance ?? DEFAULT_SUM_TOLERANCE;
  const problems: string[] = [];
  if (!isPlainObject(input)) throw new FrequencyTableError('frequency table: expected a JSON object');
  const name = typeof input.name === 'string' && input.name.trim() !== '' ? input.name : undefined;
  const label = name ?? '(unnamed table)';
  if (name === undefined) problems.push('"name" must be a non-empty string');
  const sampleSize = input.sampleSize ?? null;
  if (sampleSize !== null && !(typeof sampleSize === 'number' && Number.isInteger(sampleSize) && sampleSize > 0)) {
    problems.push('"sampleSize" must be a positive integer (individuals) or null');
  }
  const notes = Array.isArray(input.notes) ? input.notes.filter((n): n is string => typeof n === 'string') : [];
  const loci: Record<string, Record<string, number>> = {};
  if (!isPlainObject(input.loci) || Object.keys(input.loci).length === 0) {
    problems.push('"loci" must be a non-empty object of locus → {allele: frequency}');
  } else {
    for (const [rawLocus, rawAlleles] of Object.entries(input.loci)) {
      const locus = readLocusName(rawLocus, problems);
      if (locus === undefined) continue;
      if (loci[locus] !== undefined) {
        problems.push(`locus ${locus}: listed twice (as "${rawLocus}" and an earlier spelling)`);
        continue;
      }
      const freqs = readLocusFrequencies(locus, rawAlleles, problems);
      if (freqs === undefined) continue;
      const sum = sumValues(freqs);
      if (!(Math.abs(sum - 1) <= tolerance)) {
        problems.push(`locus ${locus}: frequencies sum to ${sum}, outside 1 ± ${tolerance}`);
        continue;
      }
      loci[locus] = options.normalize ? normalizeLocusFrequencies(freqs) : freqs;
    }
  }
  if (problems.length > 0) throw tableError(label, problems);
  return {
    name: name!,
    population: typeof input.population === 'string' ? input.population : '',
    source: typeof input.source === 'string' ? input.source : '',
    license_note: typeof input.license_note === 'string' ? input.license_note : '',
    sampleSize: sampleSize as number | null,
    loci,
    notes,
  };
}

/** Divides each frequency by the locus sum (scale invariance: any positive multiple gives the same result). */
export function normalizeLocusFrequencies(freqs: LocusFrequencies): Record<string, number> {
  const sum = sumValues(freqs);
  if (!(sum > 0) || !Number.isFinite(sum)) throw new FrequencyTableError(`cannot normalise frequencies summing to ${sum}`);
  const out: Record<string, number> = {};
  for (const [allele, p] of Object.entries(freqs)) out[allele] = p / sum;
  return out;
}

/** A table with every locus divided by its sum. */
export function normalizeFrequencyTable(table: FrequencyTable): FrequencyTable {
  const loci: Record<string, Record<string, number>> = {};
  for (const [locus, freqs] of Object.entries(table.loci)) loci[locus] = normalizeLocusFrequencies(freqs);
  return { ...table, loci };
}

/**
 * How to price an allele that a profile carries but the table lacks. NRC II (National Research
 * Council 1996, "The Evaluation of Forensic DNA Evidence", ch. 5) recommends a minimum allele
 * frequency of 5/2N for a database of N individuals; when N is unknown, `floor` is used.
 */
export interface MinimumFrequencyPolicy {
  /** Frequency given to a missing allele when the table has no sample size (e.g. 0.001). */
  readonly floor: number;
  /** Use 5/2N when the table states N (default true). */
  readonly useSampleSize?: boolean;
}

/** 5/(2N) when the sample size is known and the policy allows it, else the policy's floor. */
export function minimumAlleleFrequency(sampleSize: number | null, policy: MinimumFrequencyPolicy): number {
  if (!(policy.floor > 0 && policy.floor < 1)) throw new FrequencyTableError(`minimum frequency floor must be in (0, 1), got ${policy.floor}`);
  if ((policy.useSampleSize ?? true) && sampleSize !== null && sampleSize > 0) return 5 / (2 * sampleSize);
  return policy.floor;
}

export interface ResolvedLocusFrequencies {
  readonly locus: string;
  /** Allele → frequency (a plain object: JavaScript lists integer-like keys such as "15" before "9.3"). */
  readonly frequencies: Record<string, number>;
  /** Designations added by the minimum-frequency policy. */
  readonly added: readonly string[];
}

/**
 * The frequencies of one locus, extended with every requested allele the table lacks (or lists at
 * frequency 0): each such allele gets {@link minimumAlleleFrequency} and the locus is renormalised
 * to sum 1, as NRC II prescribes. Without missing alleles the table values are returned unchanged.
 * @throws FrequencyTableError when the table has no such locus.
 */
export function resolveLocusFrequencies(
  table: FrequencyTable,
  locus: string,
  requiredAlleles: Iterable<string>,
  policy: MinimumFrequencyPolicy,
): ResolvedLocusFrequencies {
  const name = canonicalLocus(locus);
  const freqs = table.loci[name];
  if (freqs === undefined) throw new FrequencyTableError(`table "${table.name}" has no locus ${name}`);
  const out: Record<string, number> = {};
  for (const [allele, p] of Object.entries(freqs)) if (p > 0) out[allele] = p;
  const added: string[] = [];
  const minimum = minimumAlleleFrequency(table.sampleSize, policy);
  for (const raw of requiredAlleles) {
    const allele = canonicalAllele(name, raw);
    if (out[allele] !== undefined) continue;
    out[allele] = minimum;
    added.push(allele);
  }
  return { locus: name, frequencies: added.length > 0 ? normalizeLocusFrequencies(out) : out, added };
}

/** Several population tables side by side, looked up by a short id (e.g. "nist1036-asian"). */
export interface FrequencyCatalog {
  ids(): string[];
  has(id: string): boolean;
  /** @throws FrequencyTableError naming the id and the ids that exist. */
  get(id: string): FrequencyTable;
}

/** Builds a catalog from already validated tables. */
export function createFrequencyCatalog(tables: Readonly<Record<string, FrequencyTable>>): FrequencyCatalog {
  const byId = new Map(Object.entries(tables));
  return {
    ids: () => [...byId.keys()],
    has: (id) => byId.has(id),
    get(id) {
      const table = byId.get(id);
      if (!table) throw new FrequencyTableError(`unknown frequency table "${id}"; known: ${[...byId.keys()].join(', ')}`);
      return table;
    },
  };
}

function readLocusName(raw: string, problems: string[]): string | undefined {
  try {
    const locus = canonicalLocus(raw);
    if (!isAutosomalLocus(locus)) {
      problems.push(`locus ${locus}: not an autosomal STR`);
      return undefined;
    }
    return locus;
  } catch (e) {
    if (e instanceof NomenclatureError) {
      problems.push(e.message);
      return undefined;
    }
    throw e;
  }
}

function readLocusFrequencies(locus: string, raw: unknown, problems: string[]): Record<string, number> | undefined {
  if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
    problems.push(`locus ${locus}: expected a non-empty object of allele → frequency`);
    return undefined;
  }
  const out: Record<string, number> = {};
  let ok = true;
  for (const [rawAllele, value] of Object.entries(raw)) {
    let allele: string;
    try {
      allele = canonicalAllele(locus, rawAllele);
    } catch (e) {
      if (!(e instanceof NomenclatureError)) throw e;
      problems.push(e.message);
      ok = false;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`locus ${locus}, allele ${allele}: frequency must be a finite number >= 0, got ${JSON.stringify(value)}`);
      ok = false;
      continue;
    }
    if (out[allele] !== undefined) {
      problems.push(`locus ${locus}, allele ${allele}: listed twice (as "${rawAllele}" and an earlier spelling)`);
      ok = false;
      continue;
    }
    out[allele] = value;
  }
  return ok ? out : undefined;
}

function tableError(label: string, problems: string[]): FrequencyTableError {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return new FrequencyTableError(`frequency table "${label}": ${shown.join('; ')}${more}`);
}

function sumValues(freqs: LocusFrequencies): number {
  let sum = 0;
  for (const p of Object.values(freqs)) sum += p;
  return sum;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
