/**
 * A strict validator of the kinship case format (test/fixtures/kinship-cases/README.md §1, §3),
 * without zod (src/kinship imports nothing but itself). Unknown fields are errors; every message
 * names the case and, where it applies, the locus, person or allele at fault. Locus names and allele
 * designations are canonicalised with nomenclature.ts.
 */
import { KinshipCaseCache } from './kinship-case-cache';
import { CaseFormatError, KinshipError } from './kinship-error';
import { MUTATION_MODELS, resolveMutation, type MutationParameters, type MutationSpec } from './mutation-model';
import { canonicalAllele, canonicalLocus, isAutosomalLocus, NomenclatureError } from './nomenclature';
import type { Individual, Sex } from './pedigree';
import type { ThetaMode } from './theta-founders';

export interface CaseLocus {
  readonly name: string;
  /** Canonical allele → frequency. (JSON objects list integer-like keys first; the order does not affect any result.) */
  readonly frequencies: Readonly<Record<string, number>>;
  readonly mutation?: MutationSpec;
}

/** person id → canonical locus → canonical allele pair. */
export type CaseGenotypes = Readonly<Record<string, Readonly<Record<string, readonly [string, string]>>>>;

interface CaseBase {
  readonly id: string;
  readonly description?: string;
  readonly loci: readonly CaseLocus[];
  readonly mutation?: MutationSpec;
  readonly theta: number;
  readonly thetaMode: ThetaMode;
  readonly normalizeFrequencies: boolean;
  readonly genotypes: CaseGenotypes;
}

export interface MissingPersonCase extends CaseBase {
  readonly mode: 'missingPerson';
  readonly pedigree: readonly Individual[];
  readonly missing: string;
  readonly poi: { readonly id: string; readonly sex: Sex | null };
}

export interface KinshipModeCase extends CaseBase {
  readonly mode: 'kinship';
  readonly h1: { readonly pedigree: readonly Individual[] };
  readonly h2: { readonly pedigree: readonly Individual[] };
}

export type KinshipCase = MissingPersonCase | KinshipModeCase;

/** Largest accepted |Σ p − 1| of a locus when `normalizeFrequencies` is false (as for frequency tables). */
export const CASE_FREQUENCY_SUM_TOLERANCE = 0.01;

const CASE_FIELDS = ['id', 'description', 'mode', 'loci', 'mutation', 'theta', 'thetaMode', 'normalizeFrequencies', 'genotypes'];
const MISSING_PERSON_FIELDS = ['pedigree', 'missing', 'poi'];
const KINSHIP_FIELDS = ['h1', 'h2'];
const LOCUS_FIELDS = ['name', 'frequencies', 'mutation'];
const MUTATION_FIELDS = ['model', 'rate', 'rate2', 'range'];
const INDIVIDUAL_FIELDS = ['id', 'father', 'mother', 'sex'];

/**
 * The cases of a case file: one case object, an array of cases, or `{"cases": [...]}` (README §1).
 * @throws CaseFormatError when the input is none of these.
 */
export function readCaseList(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (isObject(input)) {
    if ('cases' in input) {
      const extra = Object.keys(input).filter((k) => k !== 'cases');
      if (extra.length > 0) throw new CaseFormatError(`case file: unknown field(s) ${extra.map((k) => `"${k}"`).join(', ')} next to "cases"`);
      if (!Array.isArray(input.cases)) throw new CaseFormatError('case file: "cases" must be an array');
      return input.cases;
    }
    return [input];
  }
  throw new CaseFormatError('case file: expected a case object, an array of cases or {"cases": [...]}');
}

/** The id of a raw case for error reports, or `#position` when it has none. */
export function caseLabel(input: unknown, position: number): string {
  return isObject(input) && typeof input.id === 'string' && input.id !== '' ? input.id : `#${position + 1}`;
}

/**
 * Validates one case and returns it with defaults applied and names canonicalised. With a
 * `cache` shared by the cases of a file, a locus entry, an allele spelling or a pedigree seen
 * before is not read again (kinship-case-cache.ts).
 * @throws CaseFormatError naming the case and the locus / person / allele / field at fault.
 */
export function validateKinshipCase(input: unknown, position = 0, cache = new KinshipCaseCache()): KinshipCase {
  const where = `case "${caseLabel(input, position)}"`;
  const fail = (message: string): never => {
    throw new CaseFormatError(`${where}: ${message}`);
  };
  if (!isObject(input)) return fail('expected an object');
  const mode = input.mode ?? 'missingPerson';
  if (mode !== 'missingPerson' && mode !== 'kinship') return fail(`"mode" must be "missingPerson" or "kinship", got ${show(mode)}`);
  checkFields(input, [...CASE_FIELDS, ...(mode === 'kinship' ? KINSHIP_FIELDS : MISSING_PERSON_FIELDS)], fail, '');
  if (typeof input.id !== 'string' || input.id === '') return fail('"id" must be a non-empty string');
  if (input.description !== undefined && typeof input.description !== 'string') fail('"description" must be a string');
  const theta = input.theta ?? 0;
  if (typeof theta !== 'number' || !Number.isFinite(theta) || theta < 0 || theta >= 1) fail(`"theta" must be a number with 0 <= theta < 1, got ${show(theta)}`);
  const thetaMode = input.thetaMode ?? 'joint';
  if (thetaMode !== 'joint' && thetaMode !== 'separate') fail(`"thetaMode" must be "joint" or "separate", got ${show(thetaMode)}`);
  const normalize = input.normalizeFrequencies ?? false;
  if (typeof normalize !== 'boolean') fail(`"normalizeFrequencies" must be true or false, got ${show(normalize)}`);
  const mutation = input.mutation === undefined ? undefined : readMutation(input.mutation, fail, 'case "mutation"');
  const loci = readLoci(input.loci, normalize as boolean, fail, cache);
  const genotypes = readGenotypes(input.genotypes, loci, fail, cache);
  const base = {
    id: input.id,
    ...(input.description !== undefined ? { description: input.description as string } : {}),
    loci,
    ...(mutation !== undefined ? { mutation } : {}),
    theta: theta as number,
    thetaMode: thetaMode as ThetaMode,
    normalizeFrequencies: normalize as boolean,
    genotypes,
  };
  if (mode === 'kinship') {
    const h1 = readHypothesis(input.h1, 'h1', fail, where, cache);
    const h2 = readHypothesis(input.h2, 'h2', fail, where, cache);
    for (const person of Object.keys(genotypes)) {
      for (const [name, h] of [['h1', h1], ['h2', h2]] as const) {
        if (!h.pedigree.some((ind) => ind.id === person)) fail(`typed person "${person}" is not in the ${name} pedigree`);
      }
    }
    return { ...base, mode: 'kinship', h1, h2 };
  }
  const pedigree = readPedigree(input.pedigree, '"pedigree"', fail, where, cache);
  if (typeof input.missing !== 'string' || input.missing === '') return fail('"missing" must be the id of a pedigree member');
  const missing = pedigree.find((ind) => ind.id === input.missing);
  if (!missing) return fail(`the missing person "${input.missing}" is not in the pedigree`);
  const poi = readPoi(input.poi, fail);
  if (pedigree.some((ind) => ind.id === poi.id)) fail(`the POI id "${poi.id}" is a pedigree member; it must not be`);
  const missingSex = missing.sex ?? null;
  if (poi.sex !== null && missingSex !== null && poi.sex !== missingSex) {
    fail(`the POI is ${poi.sex} but the missing person "${missing.id}" is ${missingSex}`);
  }
  if (genotypes[missing.id] !== undefined) fail(`the missing person "${missing.id}" must not have genotypes`);
  if (genotypes[poi.id] === undefined) fail(`the POI "${poi.id}" has no genotypes`);
  for (const person of Object.keys(genotypes)) {
    if (person !== poi.id && !pedigree.some((ind) => ind.id === person)) fail(`typed person "${person}" is neither the POI nor a pedigree member`);
  }
  return { ...base, mode: 'missingPerson', pedigree, missing: missing.id, poi: { id: poi.id, sex: poi.sex ?? missingSex } };
}

function readLoci(raw: unknown, normalize: boolean, fail: (m: string) => never, cache: KinshipCaseCache): CaseLocus[] {
  if (!Array.isArray(raw) || raw.length === 0) return fail('"loci" must be a non-empty array');
  const seen = new Set<string>();
  return raw.map((entry, k) => {
    const locus = cache.locus(entry, normalize, () => readLocus(entry, k, normalize, fail));
    if (seen.has(locus.name)) fail(`locus ${locus.name} is listed twice`);
    seen.add(locus.name);
    return locus;
  });
}

function readLocus(entry: unknown, k: number, normalize: boolean, fail: (m: string) => never): CaseLocus {
  if (!isObject(entry)) return fail(`loci[${k}] must be an object`);
  checkFields(entry, LOCUS_FIELDS, fail, `loci[${k}]: `);
  if (typeof entry.name !== 'string') return fail(`loci[${k}].name must be a string`);
  const name = nomenclature(() => canonicalLocus(entry.name as string), fail);
  if (!isAutosomalLocus(name)) fail(`locus ${name} is not an autosomal STR`);
  const frequencies = readFrequencies(name, entry.frequencies, normalize, fail);
  const mutation = entry.mutation === undefined ? undefined : readMutation(entry.mutation, fail, `locus ${name}: "mutation"`);
  return { name, frequencies, ...(mutation !== undefined ? { mutation } : {}) };
}

function readFrequencies(locus: string, raw: unknown, normalize: boolean, fail: (m: string) => never): Record<string, number> {
  if (!isObject(raw) || Object.keys(raw).length === 0) return fail(`locus ${locus}: "frequencies" must be a non-empty object of allele → frequency`);
  const out: Record<string, number> = {};
  let sum = 0;
  for (const [rawAllele, value] of Object.entries(raw)) {
    const allele = nomenclature(() => canonicalAllele(locus, rawAllele), fail);
    if (out[allele] !== undefined) fail(`locus ${locus}: allele ${allele} is listed twice`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      fail(`locus ${locus}: allele ${allele} needs a frequency > 0, got ${show(value)}`);
    }
    out[allele] = value as number;
    sum += value as number;
  }
  if (!normalize && !(Math.abs(sum - 1) <= CASE_FREQUENCY_SUM_TOLERANCE)) {
    fail(`locus ${locus}: frequencies sum to ${sum}; they must sum to 1 ± ${CASE_FREQUENCY_SUM_TOLERANCE} unless "normalizeFrequencies" is true`);
  }
  return out;
}

function readMutation(raw: unknown, fail: (m: string) => never, what: string): MutationSpec {
  if (!isObject(raw)) return fail(`${what} must be an object`);
  checkFields(raw, [...MUTATION_FIELDS, 'female', 'male'], fail, `${what}: `);
  const spec: Record<string, unknown> = { ...readMutationParameters(raw, fail, what) };
  for (const sex of ['female', 'male'] as const) {
    if (raw[sex] === undefined) continue;
    if (!isObject(raw[sex])) fail(`${what}.${sex} must be an object`);
    checkFields(raw[sex] as Record<string, unknown>, MUTATION_FIELDS, fail, `${what}.${sex}: `);
    spec[sex] = readMutationParameters(raw[sex] as Record<string, unknown>, fail, `${what}.${sex}`);
  }
  for (const sex of ['female', 'male'] as const) {
    try {
      resolveMutation(spec as MutationSpec, sex);
    } catch (e) {
      if (e instanceof KinshipError) fail(`${what}: ${e.message}`);
      throw e;
    }
  }
  return spec as MutationSpec;
}

function readMutationParameters(raw: Record<string, unknown>, fail: (m: string) => never, what: string): MutationParameters {
  const out: Record<string, unknown> = {};
  if (raw.model !== undefined) {
    if (!MUTATION_MODELS.includes(raw.model as never)) fail(`${what}.model must be one of ${MUTATION_MODELS.join(', ')}, got ${show(raw.model)}`);
    out.model = raw.model;
  }
  for (const field of ['rate', 'rate2', 'range'] as const) {
    if (raw[field] === undefined) continue;
    if (typeof raw[field] !== 'number' || !Number.isFinite(raw[field])) fail(`${what}.${field} must be a number, got ${show(raw[field])}`);
    out[field] = raw[field];
  }
  return out as MutationParameters;
}

function readGenotypes(raw: unknown, loci: readonly CaseLocus[], fail: (m: string) => never, cache: KinshipCaseCache): CaseGenotypes {
  if (!isObject(raw)) return fail('"genotypes" must be an object of person → {locus: [allele, allele]}');
  const byName = new Map(loci.map((l) => [l.name, l]));
  const out: Record<string, Record<string, readonly [string, string]>> = {};
  for (const [person, rawLoci] of Object.entries(raw)) {
    if (!isObject(rawLoci)) return fail(`person "${person}": genotypes must be an object of locus → [allele, allele]`);
    const personOut: Record<string, readonly [string, string]> = {};
    for (const [rawLocus, pair] of Object.entries(rawLoci)) {
      const name = cache.locusName(rawLocus, () => nomenclature(() => canonicalLocus(rawLocus), (m) => fail(`person "${person}": ${m}`)));
      const locus = byName.get(name);
      if (!locus) return fail(`person "${person}": locus ${name} is not one of the case's loci`);
      if (personOut[name] !== undefined) fail(`person "${person}": locus ${name} is given twice`);
      if (!Array.isArray(pair) || pair.length !== 2) return fail(`person "${person}", locus ${name}: a genotype is exactly two alleles`);
      const alleles = pair.map((a: unknown) => {
        if (typeof a !== 'string' && typeof a !== 'number') return fail(`person "${person}", locus ${name}: alleles are strings, got ${show(a)}`);
        const allele = cache.allele(name, a, () => nomenclature(() => canonicalAllele(name, a), (m) => fail(`person "${person}": ${m}`)));
        if (locus.frequencies[allele] === undefined) fail(`person "${person}", locus ${name}: allele ${allele} is not in the locus frequencies`);
        return allele;
      });
      personOut[name] = [alleles[0]!, alleles[1]!];
    }
    out[person] = personOut;
  }
  return out;
}

function readHypothesis(raw: unknown, name: string, fail: (m: string) => never, where: string, cache: KinshipCaseCache): { pedigree: Individual[] } {
  if (!isObject(raw)) return fail(`"${name}" must be an object {"pedigree": [...]}`);
  checkFields(raw, ['pedigree'], fail, `${name}: `);
  return { pedigree: readPedigree(raw.pedigree, `${name} pedigree`, fail, `${where}, ${name}`, cache) };
}

function readPedigree(raw: unknown, what: string, fail: (m: string) => never, where: string, cache: KinshipCaseCache): Individual[] {
  if (!Array.isArray(raw) || raw.length === 0) return fail(`${what} must be a non-empty array of individuals`);
  const individuals = raw.map((entry, k) => {
    if (!isObject(entry)) return fail(`${what}[${k}] must be an object`);
    checkFields(entry, INDIVIDUAL_FIELDS, fail, `${what}[${k}]: `);
    return entry as unknown as Individual;
  });
  try {
    cache.pedigree(individuals, where);
  } catch (e) {
    if (e instanceof KinshipError) throw new CaseFormatError(e.message);
    throw e;
  }
  return individuals.map((ind) => ({ id: ind.id, father: ind.father ?? null, mother: ind.mother ?? null, sex: ind.sex ?? null }));
}

function readPoi(raw: unknown, fail: (m: string) => never): { id: string; sex: Sex | null } {
  if (raw === undefined) return { id: 'POI', sex: null };
  if (!isObject(raw)) return fail('"poi" must be an object {"id", "sex"}');
  checkFields(raw, ['id', 'sex'], fail, 'poi: ');
  const id = raw.id ?? 'POI';
  if (typeof id !== 'string' || id === '') return fail('poi.id must be a non-empty string');
  const sex = raw.sex ?? null;
  if (sex !== null && sex !== 'male' && sex !== 'female') return fail(`poi.sex must be "male" or "female", got ${show(sex)}`);
  return { id, sex };
}

function checkFields(obj: Record<string, unknown>, allowed: readonly string[], fail: (m: string) => never, prefix: string): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) fail(`${prefix}unknown field "${key}"`);
}

function nomenclature<T>(read: () => T, fail: (m: string) => never): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof NomenclatureError) return fail(e.message);
    throw e;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
