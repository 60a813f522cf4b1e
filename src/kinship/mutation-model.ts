/**
 * STR mutation models exactly as the kinship case format defines them
 * (test/fixtures/kinship-cases/README.md §3; the models are those of Familias: Egeland, Kling &
 * Mostad 2015, "Relationship Inference with Familias and R", ch. 2.6 and Dawid, Mortera & Pascali
 * 2002). A matrix M[i][j] is the probability that allele i, once passed on, arrives as allele j;
 * it is built over exactly the alleles of the locus' table, in table order, row-major.
 */
import { MutationModelError } from './kinship-error';
import { alleleRepeatValue } from './nomenclature';

export type MutationModelName = 'none' | 'equal' | 'proportional' | 'stepwise' | 'onestep';
export const MUTATION_MODELS: readonly MutationModelName[] = ['none', 'equal', 'proportional', 'stepwise', 'onestep'];

/** Any of the model fields; a sex object may override some of them (README §3 "Per-sex values"). */
export interface MutationParameters {
  readonly model?: MutationModelName;
  readonly rate?: number;
  readonly rate2?: number;
  readonly range?: number;
}

/** The case format's MUTATION object. */
export interface MutationSpec extends MutationParameters {
  readonly female?: MutationParameters;
  readonly male?: MutationParameters;
}

/** The parameters of one sex after resolution; unused fields are 0. */
export interface ResolvedMutation {
  readonly model: MutationModelName;
  readonly rate: number;
  readonly rate2: number;
  readonly range: number;
}

export type ParentSex = 'female' | 'male';

const NO_MUTATION: ResolvedMutation = Object.freeze({ model: 'none', rate: 0, rate2: 0, range: 0 });

/**
 * Parameters for one sex: each field from the sex's object when present there, else from the
 * enclosing object (README §3). An absent spec means no mutation.
 * @throws MutationModelError when the model is missing or a required parameter is absent / out of range.
 */
export function resolveMutation(spec: MutationSpec | null | undefined, sex: ParentSex): ResolvedMutation {
  if (spec === null || spec === undefined) return NO_MUTATION;
  const own = spec[sex] ?? {};
  const model = own.model ?? spec.model;
  if (model === undefined) throw new MutationModelError(`${sex} mutation: "model" is missing`);
  if (!MUTATION_MODELS.includes(model)) throw new MutationModelError(`${sex} mutation: unknown model "${String(model)}"`);
  if (model === 'none') return NO_MUTATION;
  const rate = own.rate ?? spec.rate;
  const rate2 = own.rate2 ?? spec.rate2 ?? 0;
  const range = own.range ?? spec.range;
  if (rate === undefined) throw new MutationModelError(`${sex} mutation: "rate" is required for model ${model}`);
  checkProbability(`${sex} mutation rate`, rate);
  if (model !== 'stepwise') return { model, rate, rate2: 0, range: 0 };
  checkProbability(`${sex} mutation rate2`, rate2);
  if (range === undefined) throw new MutationModelError(`${sex} mutation: "range" is required for model stepwise`);
  if (typeof range !== 'number' || !Number.isFinite(range) || range <= 0) {
    throw new MutationModelError(`${sex} mutation range must be a number > 0, got ${JSON.stringify(range)}`);
  }
  if (rate + rate2 > 1) throw new MutationModelError(`${sex} mutation: rate + rate2 must not exceed 1`);
  return { model, rate, rate2, range };
}

/** True when the resolved model can never change an allele (M = I). */
export function isIdentityMutation(m: ResolvedMutation): boolean {
  return m.model === 'none' || m.rate === 0 && (m.model !== 'stepwise' || m.rate2 === 0);
}

/**
 * The model a locus really gets. The stepwise and onestep models measure a mutation in repeat
 * steps, reading each allele name as its repeat number (Familias' stepwise models; Egeland, Kling
 * & Mostad 2016, "Relationship Inference with Familias and R", ch. 2.6). An allele named otherwise
 * (a fragment length such as "326" at D17S906, whose repeat unit and offset the table does not
 * give, or an unspecified off-ladder "OL") has no step distance to the others, so such a locus
 * gets the equal model with the same total rate instead: the one model of the book that makes no
 * assumption on allele distance. rate2 (jumps between microvariant groups) has no meaning there.
 */
export function effectiveMutation(m: ResolvedMutation, alleles: readonly string[]): ResolvedMutation {
  if ((m.model !== 'stepwise' && m.model !== 'onestep') || alleles.every((a) => alleleRepeatValue(a) !== null)) return m;
  return { model: 'equal', rate: m.rate, rate2: 0, range: 0 };
}

/**
 * The n × n matrix of README §3 over `alleles` (in order) with frequencies `freqs`, row-major,
 * under the {@link effectiveMutation} of `m`. If n = 1, M = [1] for every model.
 * @throws MutationModelError when onestep meets a microvariant, or the proportional rate makes an entry negative.
 */
export function mutationMatrix(resolved: ResolvedMutation, alleles: readonly string[], freqs: ArrayLike<number>, locus = ''): Float64Array {
  const m = effectiveMutation(resolved, alleles);
  const n = alleles.length;
  const out = new Float64Array(n * n);
  if (n === 1 || isIdentityMutation(m)) {
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    return out;
  }
  switch (m.model) {
    case 'equal':
      fillEqual(out, n, m.rate);
      break;
    case 'proportional':
      fillProportional(out, n, m.rate, freqs, locus);
      break;
    case 'stepwise':
      fillStepwise(out, repeatValues(alleles, locus, 'stepwise'), m);
      break;
    case 'onestep':
      fillOnestep(out, repeatValues(alleles, locus, 'onestep'), m.rate, locus);
      break;
    case 'none':
      break;
  }
  return out;
}

/** README §3 equal: M[i][i] = 1 − rate, M[i][j] = rate / (n − 1). */
function fillEqual(out: Float64Array, n: number, rate: number): void {
  const off = rate / (n - 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 - rate : off;
}

/**
 * README §3 proportional: α = rate / Σ_k p_k (1 − p_k); M = (1 − α) I + α 1 pᵀ, so the expected
 * mutation rate Σ_i p_i (1 − M[i][i]) equals `rate`.
 */
function fillProportional(out: Float64Array, n: number, rate: number, p: ArrayLike<number>, locus: string): void {
  let heterozygosity = 0;
  for (let k = 0; k < n; k++) heterozygosity += p[k]! * (1 - p[k]!);
  const alpha = rate / heterozygosity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = (i === j ? 1 - alpha : 0) + alpha * p[j]!;
    if (out[i * n + i]! < 0) {
      throw new MutationModelError(`${locus}: proportional rate ${rate} is too high for this locus (α = ${alpha} makes M[i][i] negative)`);
    }
  }
}

/**
 * README §3 stepwise (Familias "extended stepwise"): within a microvariant group the weights fall
 * by `range` per repeat step and sum to `rate`; jumps to other groups share `rate2` equally.
 * Steps are counted by allele value, not by position in the list.
 */
function fillStepwise(out: Float64Array, v: readonly number[], m: ResolvedMutation): void {
  const n = v.length;
  const group = v.map(microvariantGroup);
  for (let i = 0; i < n; i++) {
    let sameWeight = 0;
    let otherCount = 0;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      if (group[k] === group[i]) sameWeight += m.range ** repeatSteps(v[i]!, v[k]!);
      else otherCount++;
    }
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      out[i * n + j] = group[j] === group[i] ? (m.rate * m.range ** repeatSteps(v[i]!, v[j]!)) / sameWeight : m.rate2 / otherCount;
    }
    const hasSame = sameWeight > 0;
    const hasOther = otherCount > 0;
    out[i * n + i] = hasSame && hasOther ? 1 - m.rate - m.rate2 : hasSame ? 1 - m.rate : hasOther ? 1 - m.rate2 : 1;
  }
}

/** README §3 onestep: M[i][j] = rate / |N_i| for |v_j − v_i| = 1; M[i][i] = 1 − rate, or 1 without neighbours. */
function fillOnestep(out: Float64Array, v: readonly number[], rate: number, locus: string): void {
  const n = v.length;
  for (const value of v) {
    if (!Number.isInteger(value)) throw new MutationModelError(`${locus}: the onestep model takes integer alleles only, got ${value}`);
  }
  for (let i = 0; i < n; i++) {
    let neighbours = 0;
    for (let j = 0; j < n; j++) if (Math.abs(v[j]! - v[i]!) === 1) neighbours++;
    for (let j = 0; j < n; j++) if (Math.abs(v[j]! - v[i]!) === 1) out[i * n + j] = rate / neighbours;
    out[i * n + i] = neighbours > 0 ? 1 - rate : 1;
  }
}

/**
 * Microvariant group of an allele value. README §3 writes g = round(10 (v − round(v))) and notes
 * that for every allele in practice this is the first decimal digit; we use the first decimal
 * digit directly. Both give the same grouping for every allele except x.5 ones, where the
 * README's form depends on how ties round (9.5 and 10.5 could land in different groups); the
 * first digit keeps alleles one whole repeat apart together, which is what the groups mean.
 */
export function microvariantGroup(value: number): number {
  return Math.round(10 * (value - Math.floor(value))) % 10;
}

/** Whole repeat steps between two alleles of one group (rounded: 9.3 − 7.3 is 2.0000000000000004 in binary). */
function repeatSteps(a: number, b: number): number {
  return Math.round(Math.abs(a - b));
}

function repeatValues(alleles: readonly string[], locus: string, model: string): number[] {
  return alleles.map((allele) => {
    const value = alleleRepeatValue(allele);
    if (value === null) throw new MutationModelError(`${locus}: the ${model} model needs numeric alleles; "${allele}" has no repeat number`);
    return value;
  });
}

function checkProbability(what: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new MutationModelError(`${what} must be a number in [0, 1], got ${JSON.stringify(value)}`);
  }
}

/**
 * The text summary of README §4 (`"none"`, `"equal(rate=0.002)"`,
 * `"stepwise(rate=0.003,rate2=1e-06,range=0.5)"`; `"female:<m>;male:<m>"` when the sexes differ).
 * Numbers are printed as the reference results print them: shortest round-trip digits, in
 * scientific notation with a two-digit exponent below 1e-4 ("4e-05", "1e-06"), else fixed ("0.0004").
 */
export function describeMutation(spec: MutationSpec | null | undefined): string {
  return describeMutations(resolveMutation(spec, 'female'), resolveMutation(spec, 'male'));
}

/** {@link describeMutation} of models already resolved per sex (e.g. the {@link effectiveMutation} of a locus). */
export function describeMutations(female: ResolvedMutation, male: ResolvedMutation): string {
  const f = describeResolved(female);
  const m = describeResolved(male);
  return f === m ? f : `female:${f};male:${m}`;
}

function describeResolved(m: ResolvedMutation): string {
  switch (m.model) {
    case 'none':
      return 'none';
    case 'stepwise':
      return `stepwise(rate=${formatNumber(m.rate)},rate2=${formatNumber(m.rate2)},range=${formatNumber(m.range)})`;
    default:
      return `${m.model}(rate=${formatNumber(m.rate)})`;
  }
}

function formatNumber(x: number): string {
  if (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e16)) return String(x);
  return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}
