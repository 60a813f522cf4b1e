/**
 * Posterior probabilities over a whole database search (Slooten & Meester 2012, "Forensic
 * identification: database likelihood ratios and familial DNA searching", arXiv:1201.4261;
 * published as Meester & Slooten 2014, "Probabilistic strategies for familial DNA searching",
 * J. R. Stat. Soc. C 63(3):361). With at most one true relative among N records, a prior π_0 that
 * it is in none of them and π_j that it is record j (Σ π_j = 1 − π_0), and LR_j each record's LR
 * against "unrelated", every other record's likelihood cancels and
 *
 *   P(record i | all data) = π_i LR_i / (π_0 + Σ_{j=1..N} π_j LR_j).
 *
 * The sum runs over all N records, the ones the screen dropped included: they enter through an
 * upper bound on their LR. An upper bound on the denominator makes every posterior a LOWER bound,
 * the safe side for telling a family "we found your child". A valid bound is any number at least
 * every dropped record's exact LR:
 * - a record dropped because a product of per-locus LR upper bounds is below the threshold (the
 *   search's bound screen) has LR < thresholdLr, so thresholdLr is valid for all of them;
 * - a record dropped for Mendelian inconsistencies has LR 0 when no mutation model is used (an
 *   inconsistent locus has L1 = 0, kinship-cases README §2.2), so 0 (log10 −Infinity) is valid;
 *   with a mutation model use the product of its per-locus upper bounds, or the largest such
 *   product over the dropped records.
 * A per-record bound is simple but loose: with N_s dropped records at thresholdLr the posterior
 * of record i is at least about LR_i / (N_s · thresholdLr). A bound on the dropped records' SUM
 * (`log10LrSum`) is much tighter: the bound screen computes a per-record bound product to drop a
 * record, and the sum of those products is a valid bound of Σ LR_j.
 *
 * Computed on log10 LRs with a log-sum-exp, so LRs of 1e30 or 1e300 neither overflow nor lose
 * the others. The same function serves a family searched against N found persons.
 */

/**
 * The dropped records, with an upper bound either on each one's log10 LR (`maxLog10Lr`) or on
 * log10 of Σ w_j LR_j over them (`log10LrSum`, w_j their prior weights, 1 by default).
 * −Infinity stands for LR 0.
 */
export type ScreenedOutRecords =
  | { readonly count: number; readonly maxLog10Lr: number; readonly weight?: number }
  | { readonly count: number; readonly log10LrSum: number; readonly weight?: number };

export interface DatabasePosteriorInput {
  /** log10 LR of every scored record (−Infinity for LR 0). */
  readonly log10Lrs: ArrayLike<number>;
  /** P(the relative is in the database at all): the policy's priorInDatabase, in [0, 1]. */
  readonly priorInDatabase: number;
  /** Records the screen dropped without scoring them exactly. */
  readonly screenedOut?: ScreenedOutRecords;
  /** Prior weight of each scored record (default 1 each): π_j = priorInDatabase · w_j / Σ w. */
  readonly weights?: ArrayLike<number>;
}

export interface DatabasePosterior {
  /** By scored record: P(it is the relative | all data), a lower bound when records were screened out. */
  readonly posteriors: Float64Array;
  /** P(the relative is in none of the records | all data), a lower bound as above. */
  readonly notInDatabase: number;
  /** The screened-out records' share at their bound (an upper bound on their total posterior). */
  readonly screenedOut: number;
  /** log10 of the denominator π_0 + Σ π_j LR_j. */
  readonly log10Denominator: number;
}

/**
 * The database posterior of every scored record.
 * @throws RangeError for priorInDatabase outside [0, 1], a negative or non-finite weight or count,
 *   no records at all, a NaN log10 LR, or data that every hypothesis excludes (all LRs 0 and
 *   priorInDatabase 1).
 */
export function databasePosterior(input: DatabasePosteriorInput): DatabasePosterior {
  const { log10Lrs, priorInDatabase } = input;
  if (!(priorInDatabase >= 0 && priorInDatabase <= 1)) throw new RangeError(`priorInDatabase must be in [0, 1], got ${priorInDatabase}`);
  const n = log10Lrs.length;
  const screened = input.screenedOut ?? { count: 0, maxLog10Lr: -Infinity };
  if (!(Number.isInteger(screened.count) && screened.count >= 0)) throw new RangeError(`screenedOut.count must be a non-negative integer, got ${screened.count}`);
  const screenedWeight = screened.weight ?? screened.count;
  if (!(screenedWeight >= 0 && Number.isFinite(screenedWeight))) throw new RangeError(`screenedOut.weight must be finite and >= 0, got ${screenedWeight}`);
  const screenedLog10Sum = 'log10LrSum' in screened ? screened.log10LrSum : Math.log10(screenedWeight) + screened.maxLog10Lr;
  if (Number.isNaN(screenedLog10Sum)) throw new RangeError('the screened-out bound must not be NaN');
  if (input.weights && input.weights.length !== n) throw new RangeError(`weights has ${input.weights.length} entries for ${n} records`);
  let totalWeight = screenedWeight;
  for (let j = 0; j < n; j++) {
    const w = input.weights ? input.weights[j]! : 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`weight of record ${j} must be finite and >= 0, got ${w}`);
    if (Number.isNaN(log10Lrs[j]!)) throw new RangeError(`log10 LR of record ${j} is NaN`);
    totalWeight += w;
  }
  if (!(totalWeight > 0)) throw new RangeError('the database posterior needs at least one record of positive weight');

  // Terms in log10: π_0, π_j LR_j, and the screened records' total at their bound.
  const log10Share = Math.log10(priorInDatabase) - Math.log10(totalWeight);
  const terms = new Float64Array(n);
  for (let j = 0; j < n; j++) terms[j] = log10Share + Math.log10(input.weights ? input.weights[j]! : 1) + log10Lrs[j]!;
  const log10Prior0 = Math.log10(1 - priorInDatabase);
  const log10Screened = screened.count > 0 ? log10Share + screenedLog10Sum : -Infinity;
  let top = Math.max(log10Prior0, log10Screened);
  for (let j = 0; j < n; j++) if (terms[j]! > top) top = terms[j]!;
  if (top === -Infinity) throw new RangeError('every record has LR 0 and priorInDatabase is 1: the data exclude every hypothesis');
  if (top === Infinity) throw new RangeError('an LR (or the screened-out bound) is infinite');
  let sum = 10 ** (log10Prior0 - top) + 10 ** (log10Screened - top);
  for (let j = 0; j < n; j++) sum += 10 ** (terms[j]! - top);
  const log10Denominator = top + Math.log10(sum);
  const posteriors = new Float64Array(n);
  for (let j = 0; j < n; j++) posteriors[j] = 10 ** (terms[j]! - log10Denominator);
  return {
    posteriors,
    notInDatabase: 10 ** (log10Prior0 - log10Denominator),
    screenedOut: 10 ** (log10Screened - log10Denominator),
    log10Denominator,
  };
}
