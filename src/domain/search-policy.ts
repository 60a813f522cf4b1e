import { z } from 'zod';
import { Timestamp } from './common';
import { DEFAULT_AGE_TOLERANCE_YEARS } from './non-genetic-evidence';

/**
 * The admin-set search policy, versioned: every stored match records the
 * version it was scored under. Defaults follow Chinese practice for database kinship hits:
 * a combined LR of at least 10,000 to report, at most 2 Mendelian-inconsistent loci (3 or more
 * excludes) — policy values, not constants in code (DESIGN.md "Matching").
 */
/** Policy default: P(the found person's family is in the database) before the DNA is compared. */
export const DEFAULT_PRIOR_IN_DATABASE = 0.5;
/** Policy default: a competing relationship within this factor of the claim's LR is flagged (kinship DEFAULT_ALTERNATIVE_RATIO). */
export const DEFAULT_ALTERNATIVE_RATIO = 100;

export const NON_GENETIC_CONFLICT_RULES = ['flag', 'exclude'] as const;

export const MUTATION_POLICY_MODELS = ['perLocus', 'none', 'equal', 'proportional', 'stepwise', 'onestep'] as const;

export const SearchMutationPolicy = z
  .object({
    model: z.enum(MUTATION_POLICY_MODELS).meta({
      description: 'perLocus: sex-specific per-locus rates and models of data-samples/mutation-rates.json (NorskDB 2023); otherwise one kinship-case-format model for every locus',
    }),
    femaleRate: z.number().min(0).max(0.5).optional().meta({ description: 'per maternal meiosis (not for perLocus / none)' }),
    maleRate: z.number().min(0).max(0.5).optional().meta({ description: 'per paternal meiosis (not for perLocus / none)' }),
    range: z.number().gt(0).max(1).optional().meta({ description: 'stepwise: relative probability of each extra step' }),
    rate2: z.number().min(0).max(0.1).optional().meta({ description: 'stepwise: rate of changes to another microvariant group' }),
  })
  .strict()
  .refine((m) => ['perLocus', 'none'].includes(m.model) || (m.femaleRate !== undefined && m.maleRate !== undefined), {
    message: 'femaleRate and maleRate are required for this model',
    path: ['femaleRate'],
  })
  .refine((m) => m.model !== 'stepwise' || m.range !== undefined, { message: 'range is required for stepwise', path: ['range'] })
  .meta({ id: 'SearchMutationPolicy' });
export type SearchMutationPolicy = z.infer<typeof SearchMutationPolicy>;

export const SearchPolicyInput = z
  .object({
    frequencyTable: z.string().min(1).max(80).meta({ description: 'id of the population frequency table every search uses' }),
    mutation: SearchMutationPolicy,
    theta: z.number().min(0).max(0.25).meta({ description: 'Balding–Nichols θ (joint mode). Keep 0 for national databases: > 0 scores every family without a typed parent or child exactly, about 0.5 s per sibling family and query (README "Matching", Limits)' }),
    thresholdLr: z.number().gt(0).meta({ description: 'candidates need LR >= this (Chinese practice: 10,000)' }),
    maxInconsistentLoci: z.number().int().min(0).max(6).meta({ description: 'Mendelian-inconsistent loci allowed (Chinese practice: 2; 3 or more excludes)' }),
    minLociCompared: z.number().int().min(0).max(100).meta({ description: 'loci typed in both the found person and a relative' }),
    priorInDatabase: z.number().gt(0).lt(1).default(DEFAULT_PRIOR_IN_DATABASE).meta({
      description: 'P(the found person\'s family is in the database at all), shared over the records searched, for the database posterior (Slooten & Meester 2012)',
    }),
    ageWeightedPrior: z.boolean().default(false).meta({
      description: 'share priorInDatabase over the families by the found person\'s estimated birth year against each missing child\'s (README "Matching"); else uniformly',
    }),
    alternativeRatio: z.number().min(1).default(DEFAULT_ALTERNATIVE_RATIO).meta({
      description: 'flag "alternativeRelationship" when another relationship\'s LR is at least the claim\'s divided by this',
    }),
    nonGeneticConflicts: z.enum(NON_GENETIC_CONFLICT_RULES).default('flag').meta({
      description: 'flag: a sex, age or date conflict is shown on the match; exclude: the match is stored with meetsPolicy false and its exclusionReason',
    }),
    ageToleranceYears: z.number().min(0).max(50).default(DEFAULT_AGE_TOLERANCE_YEARS).meta({
      description: 'an estimated birth year further than this from the missing child\'s is an age conflict',
    }),
    minimumAlleleFrequency: z.number().gt(0).lt(0.1).meta({ description: 'frequency of an allele the table lacks when the table states no sample size (else 5/2N, NRC II)' }),
    maxCandidates: z.number().int().min(1).max(1000).meta({ description: 'most candidates one search stores or returns' }),
  })
  .strict()
  .meta({ id: 'SearchPolicyInput' });
export type SearchPolicyInput = z.infer<typeof SearchPolicyInput>;


export interface SearchPolicy extends SearchPolicyInput {
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const SearchPolicyView = SearchPolicyInput.extend({
  version: z.number().int().min(1),
  createdAt: Timestamp,
  createdBy: z.string(),
}).meta({ id: 'SearchPolicy' });
export type SearchPolicyView = z.infer<typeof SearchPolicyView>;

/** The policy a fresh installation starts with (version 1), for the deployment's default table. */
export function defaultSearchPolicyInput(frequencyTable: string): SearchPolicyInput {
  return {
    frequencyTable,
    mutation: { model: 'perLocus' },
    theta: 0,
    thresholdLr: 10_000,
    maxInconsistentLoci: 2,
    minLociCompared: 10,
    priorInDatabase: DEFAULT_PRIOR_IN_DATABASE,
    ageWeightedPrior: false,
    alternativeRatio: DEFAULT_ALTERNATIVE_RATIO,
    nonGeneticConflicts: 'flag',
    ageToleranceYears: DEFAULT_AGE_TOLERANCE_YEARS,
    minimumAlleleFrequency: 0.001,
    maxCandidates: 50,
  };
}

/**
 * A stored policy as the current code reads it: versions stored before the database posterior
 * carry the per-pair `prior` (read as priorInDatabase) and lack the evidence settings (their
 * defaults). The stores keep policies as JSON, so this is the one place old versions are read.
 */
export function upgradeSearchPolicy(stored: SearchPolicy | (Omit<SearchPolicy, 'priorInDatabase'> & { prior?: number })): SearchPolicy {
  const { prior, ...rest } = stored as Partial<SearchPolicy> & { prior?: number } & Omit<SearchPolicy, keyof SearchPolicyInput>;
  const defaults = defaultSearchPolicyInput(rest.frequencyTable!);
  return { ...defaults, ...(prior === undefined ? {} : { priorInDatabase: prior }), ...rest } as SearchPolicy;
}

/**
 * The search policy's verdict on a score: a candidate is reported when its LR reaches the
 * threshold, it has no more Mendelian-inconsistent loci than allowed, and enough loci were
 * compared (Chinese practice for database kinship hits: LR >= 10,000 and at most 2 inconsistent
 * loci; the values are the policy's, see {@link SearchPolicyInput}).
 */
export function meetsSearchPolicy(
  score: { LR: number; inconsistentLoci: number; lociCompared: number },
  policy: { thresholdLr: number; maxInconsistentLoci: number; minLociCompared: number },
): boolean {
  return score.LR >= policy.thresholdLr && score.inconsistentLoci <= policy.maxInconsistentLoci && score.lociCompared >= policy.minLociCompared;
}
