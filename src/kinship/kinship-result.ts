/**
 * The result of a kinship comparison, with what a kinship report states (ISFG recommendations on
 * biostatistics in paternity testing, Gjertson et al. 2007, FSI:Genetics 1:223): LR and log10 LR
 * accumulated in log space, the per-locus LR and status, the number of Mendelian-inconsistent loci,
 * the loci compared and the posterior probability for a given prior.
 */

/**
 * 'consistent': L1 > 0 without mutation; 'mutation': L1 = 0 without mutation but > 0 with the
 * model; 'excluded': L1 = 0 even with the model.
 */
export type LocusStatus = 'consistent' | 'mutation' | 'excluded';

export interface LocusLr {
  readonly locus: string;
  /** likelihoodH1 / likelihoodH2. */
  readonly LR: number;
  /** log10(likelihoodH1) − log10(likelihoodH2): finite even when the ratio itself would not be. */
  readonly log10LR: number;
  readonly likelihoodH1: number;
  readonly likelihoodH2: number;
  readonly status: LocusStatus;
  /** True when the locus carries information: the person of interest and a relative are typed. */
  readonly compared: boolean;
}

export interface KinshipResult {
  readonly LR: number;
  readonly log10LR: number;
  readonly loci: readonly LocusLr[];
  /** Loci whose likelihood under H1 without mutation is 0 (Mendelian inconsistencies). */
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
  /** Present when a prior was given: P(H1 | data) = LR·π / (LR·π + 1 − π). */
  readonly prior?: number;
  readonly posterior?: number;
}

/** Status of a locus from its H1 likelihood with and without the mutation model. */
export function locusStatus(likelihoodH1: number, likelihoodH1NoMutation: number): LocusStatus {
  if (likelihoodH1NoMutation > 0) return 'consistent';
  return likelihoodH1 > 0 ? 'mutation' : 'excluded';
}

/** One locus' result from its two likelihoods. */
export function locusLr(
  locus: string,
  likelihoodH1: number,
  likelihoodH2: number,
  likelihoodH1NoMutation: number,
  compared: boolean,
): LocusLr {
  return {
    locus,
    LR: likelihoodH1 / likelihoodH2,
    log10LR: Math.log10(likelihoodH1) - Math.log10(likelihoodH2),
    likelihoodH1,
    likelihoodH2,
    status: locusStatus(likelihoodH1, likelihoodH1NoMutation),
    compared,
  };
}

/**
 * Multi-locus result: loci are unlinked, so LR = Π LR_l and log10 LR = Σ log10 LR_l (README §2.2).
 * The log is summed per locus, so 40 loci with huge or tiny LRs neither overflow nor underflow; the
 * LR itself is the direct product when that is representable without loss, else 10^log10LR
 * (Infinity or 0 only when the true value is beyond double range).
 */
export function combineLocusLrs(loci: readonly LocusLr[], prior?: number): KinshipResult {
  let log10 = 0;
  let product = 1;
  let inconsistent = 0;
  let compared = 0;
  for (const l of loci) {
    log10 += l.log10LR;
    product *= l.LR;
    if (l.status !== 'consistent') inconsistent++;
    if (l.compared) compared++;
  }
  let lr = product;
  if (Number.isFinite(log10)) {
    const exact = Number.isFinite(product) && product > 0 && Math.abs(Math.log10(product) - log10) <= 1e-9 * Math.max(1, Math.abs(log10));
    if (!exact) lr = 10 ** log10;
  } else if (Number.isNaN(log10)) lr = NaN;
  else lr = log10 > 0 ? Infinity : 0;
  const result: KinshipResult = { LR: lr, log10LR: log10, loci, inconsistentLoci: inconsistent, lociCompared: compared };
  if (prior === undefined) return result;
  return { ...result, prior, posterior: posteriorProbability(log10, prior) };
}

/**
 * Posterior probability of H1 for a prior probability π (0 < π < 1), through log10 posterior odds
 * log10 LR + log10(π / (1 − π)) so that any LR gives a number in [0, 1] (Bayes' theorem in odds
 * form; Evett & Weir 1998 ch. 2).
 */
export function posteriorProbability(log10LR: number, prior: number): number {
  if (!(prior > 0 && prior < 1)) throw new RangeError(`prior must be in (0, 1), got ${prior}`);
  const log10Odds = log10LR + Math.log10(prior) - Math.log10(1 - prior);
  if (Number.isNaN(log10Odds)) return NaN;
  if (log10Odds === Infinity) return 1;
  if (log10Odds === -Infinity) return 0;
  return 1 / (1 + 10 ** -log10Odds);
}
