import { z } from 'zod';
import { Timestamp } from './common';

/**
 * The admin-set search policy, versioned: every stored match records the
 * version it was scored under. Defaults follow Chinese practice for database kinship hits:
 * a combined LR of at least 10,000 to report, at most 2 Mendelian-inconsistent loci (3 or more
 * excludes) — policy values, not constants in code (DESIGN.md "Matching").
 */
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
    prior: z.number().gt(0).lt(1).meta({ description: 'prior probability that a compared family is the found person\'s, for the posterior' }),
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
    prior: 0.5,
    minimumAlleleFrequency: 0.001,
    maxCandidates: 50,
  };
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
