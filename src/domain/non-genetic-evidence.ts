import { z } from 'zod';
import { CalendarDate, Sex } from './common';

/**
 * Non-genetic evidence on a match: does what is known about the found person (sex from the
 * profile's Amelogenin, an estimated birth year, the date they were found) agree with the missing
 * child (sex, birth date, the date they went missing)? A conflict never removes a match by itself:
 * it is reported with a readable reason and a flag, and the search policy decides whether a flag
 * excludes. These are pure rules over already validated records, so they live with the entities.
 */
export const NON_GENETIC_EVIDENCE_KINDS = ['sex', 'age', 'date'] as const;
export const NON_GENETIC_FLAGS = ['sexConflict', 'ageConflict', 'dateConflict'] as const;
export type NonGeneticFlag = (typeof NON_GENETIC_FLAGS)[number];

/** Policy default: an estimated birth year more than 3 years from the child's is a conflict. */
export const DEFAULT_AGE_TOLERANCE_YEARS = 3;

export const NonGeneticEvidenceItem = z
  .object({
    kind: z.enum(NON_GENETIC_EVIDENCE_KINDS),
    conflict: z.boolean(),
    reason: z.string().meta({ description: 'one sentence an investigator can read, e.g. "found person is male; the missing child is female"' }),
  })
  .meta({ description: 'one comparison of non-genetic facts between the found person and the missing child' });
export type NonGeneticEvidenceItem = z.infer<typeof NonGeneticEvidenceItem>;

export const NonGeneticEvidenceInput = z.object({
  missingChild: z.object({
    sex: Sex,
    birthDate: CalendarDate.nullable(),
    missingSince: CalendarDate,
  }),
  foundPerson: z.object({
    sex: Sex.nullable().meta({ description: "from the profile's Amelogenin; null when there is no call" }),
    estimatedBirthYear: z.number().int().nullable(),
    foundAt: CalendarDate.meta({ description: 'the date the person was found' }),
  }),
  ageToleranceYears: z.number().min(0).max(50).default(DEFAULT_AGE_TOLERANCE_YEARS),
});
export type NonGeneticEvidenceInput = z.input<typeof NonGeneticEvidenceInput>;

export interface NonGeneticEvidence {
  /** One item per kind, in the order sex, age, date; conflict false when a fact is unknown. */
  readonly evidence: readonly NonGeneticEvidenceItem[];
  /** The flags of the conflicting items. */
  readonly flags: readonly NonGeneticFlag[];
}

/**
 * Compares sex, age and dates.
 * - sex: a conflict when the found person's Amelogenin sex differs from the child's.
 * - age: a conflict when |estimated birth year − the child's birth year| > ageToleranceYears
 *   (exactly the tolerance is no conflict); not compared when either is unknown.
 * - date: a conflict when the person was found before the child went missing (the same day is not).
 * @throws ZodError for a malformed date, sex or tolerance.
 */
export function assessNonGeneticEvidence(input: NonGeneticEvidenceInput): NonGeneticEvidence {
  const { missingChild, foundPerson, ageToleranceYears } = NonGeneticEvidenceInput.parse(input);
  const evidence: NonGeneticEvidenceItem[] = [
    sexEvidence(missingChild.sex, foundPerson.sex),
    ageEvidence(missingChild.birthDate, foundPerson.estimatedBirthYear, ageToleranceYears),
    dateEvidence(missingChild.missingSince, foundPerson.foundAt),
  ];
  const flags = evidence.filter((e) => e.conflict).map((e) => `${e.kind}Conflict` as NonGeneticFlag);
  return { evidence, flags };
}

function sexEvidence(childSex: Sex, foundSex: Sex | null): NonGeneticEvidenceItem {
  if (foundSex === null) return { kind: 'sex', conflict: false, reason: "the found person's sex is unknown (no Amelogenin call); not compared" };
  if (foundSex === childSex) return { kind: 'sex', conflict: false, reason: `found person and missing child are both ${childSex}` };
  return { kind: 'sex', conflict: true, reason: `found person is ${foundSex}; the missing child is ${childSex}` };
}

function ageEvidence(birthDate: string | null, estimatedBirthYear: number | null, toleranceYears: number): NonGeneticEvidenceItem {
  if (birthDate === null) return { kind: 'age', conflict: false, reason: "the missing child's birth date is unknown; not compared" };
  if (estimatedBirthYear === null) return { kind: 'age', conflict: false, reason: "the found person's birth year is not estimated; not compared" };
  const birthYear = birthYearOf(birthDate);
  const years = Math.abs(estimatedBirthYear - birthYear);
  const span = `estimated birth year ${estimatedBirthYear} is ${years} year${years === 1 ? '' : 's'} from the missing child's birth year ${birthYear}`;
  if (years > toleranceYears) return { kind: 'age', conflict: true, reason: `${span}, more than the tolerance of ${toleranceYears}` };
  return { kind: 'age', conflict: false, reason: `${span}, within the tolerance of ${toleranceYears}` };
}

function dateEvidence(missingSince: string, foundAt: string): NonGeneticEvidenceItem {
  // ISO calendar dates (YYYY-MM-DD) order as text.
  if (foundAt < missingSince) return { kind: 'date', conflict: true, reason: `found on ${foundAt}, before the child went missing on ${missingSince}` };
  return { kind: 'date', conflict: false, reason: `found on ${foundAt}, on or after the child went missing on ${missingSince}` };
}

function birthYearOf(birthDate: string): number {
  return Number(birthDate.slice(0, 4));
}

/** Default standard deviation of a found child's estimated birth year, in years. */
export const DEFAULT_AGE_ESTIMATE_SD_YEARS = 2;

/**
 * Shares of the database prior over the families searched, reweighted by the found person's
 * estimated birth year (the optional "age reweighting" of the database posterior).
 *
 * Reasoning (Bayes' rule on the non-genetic evidence E, the age estimate, with the same structure
 * as the database posterior of Slooten & Meester, where family i's share of the prior is π_i):
 *   π_i ∝ P(E | the found person is family i's child)
 * and with a normal error model for the estimate (estimated year = true year + ε, ε ~ N(0, σ²)),
 *   P(E | family i) ∝ K(d_i) = exp(−d_i² / (2σ²)),   d_i = |estimated birth year − birth year of i|.
 * A family whose child has no birth date gives no age evidence: its weight is P(E) under the
 * families with a date, the mean of their K(d_j), so it neither gains nor loses against the average
 * family. The weights are normalised to sum to 1 over the families searched; multiplied by
 * priorInDatabase they give each family's π_i. Without an estimate, or when no family has a birth
 * date, every family gets 1/N (the uniform prior).
 *
 * σ is a policy value: the standard error of the method that estimated the age (dental and
 * skeletal methods for children are typically quoted at one to two years; more for adults). The
 * kernel is computed in log space, so a distant family gets a tiny weight, never a NaN.
 *
 * @param birthDates the missing child's birth date (YYYY-MM-DD) of each family searched, or null.
 * @returns one weight per family, each >= 0, summing to 1.
 * @throws RangeError for an empty list or a non-positive σ.
 */
export function ageWeightedPriorShares(
  birthDates: readonly (string | null)[],
  estimatedBirthYear: number | null,
  ageEstimateSdYears = DEFAULT_AGE_ESTIMATE_SD_YEARS,
): number[] {
  if (birthDates.length === 0) throw new RangeError('no families to share the prior over');
  return ageKernelShares(birthDates.map((b) => (b === null ? null : birthYearOf(b))), estimatedBirthYear, ageEstimateSdYears);
}

/**
 * Shares of the database prior over the found persons searched for one family's missing child
 * (the reverse direction of {@link ageWeightedPriorShares}), reweighted by each found person's
 * estimated birth year against the child's.
 *
 * The same kernel: π_j ∝ P(the estimates | found person j is the child) / P(the estimates | none
 * is) = φ(d_j) / f(estimate_j), with φ the normal error density of the estimate and f the density
 * of estimated birth years among found persons. Taking f flat over the few years a kernel of σ
 * spans leaves π_j ∝ K(d_j) = exp(−d_j² / (2σ²)), d_j = |estimate of j − the child's birth year|.
 * A found person without an estimate gets the mean of the others' K (no age evidence); without
 * the child's birth date, or when no found person has an estimate, every one gets 1/M.
 *
 * @param estimatedBirthYears each found person's estimated birth year, or null.
 * @returns one weight per found person, each >= 0, summing to 1.
 * @throws RangeError for an empty list or a non-positive σ.
 */
export function ageWeightedPriorSharesOverFoundPersons(
  estimatedBirthYears: readonly (number | null)[],
  childBirthDate: string | null,
  ageEstimateSdYears = DEFAULT_AGE_ESTIMATE_SD_YEARS,
): number[] {
  if (estimatedBirthYears.length === 0) throw new RangeError('no found persons to share the prior over');
  return ageKernelShares(estimatedBirthYears, childBirthDate === null ? null : birthYearOf(childBirthDate), ageEstimateSdYears);
}

/** Normalised K(|year_j − target|) with the mean of the known K for a null year; uniform without a target or any known year. */
function ageKernelShares(years: readonly (number | null)[], target: number | null, ageEstimateSdYears: number): number[] {
  if (!(ageEstimateSdYears > 0)) throw new RangeError(`ageEstimateSdYears must be > 0, got ${ageEstimateSdYears}`);
  const uniform = (): number[] => years.map(() => 1 / years.length);
  if (target === null) return uniform();
  const logK = years.map((y) => (y === null ? null : -((target - y) ** 2) / (2 * ageEstimateSdYears ** 2)));
  const known = logK.filter((k): k is number => k !== null);
  if (known.length === 0) return uniform();
  const top = Math.max(...known);
  const scaled = logK.map((k) => (k === null ? null : Math.exp(k - top)));
  const mean = known.reduce((s, k) => s + Math.exp(k - top), 0) / known.length;
  const weights = scaled.map((w) => w ?? mean);
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}
