import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * A candidate match: one (case, found person) pair whose exact LR met the search policy, with
 * the full breakdown. One per pair, updated when re-scored. The matching engine only creates
 * `candidate` matches; investigator review (confirm, reject, re-test) moves them on.
 */
export const MATCH_STATUSES = ['candidate', 'confirmed', 'rejected', 'retest', 'superseded'] as const;
export const MatchStatus = z.enum(MATCH_STATUSES).meta({ id: 'MatchStatus' });
export type MatchStatus = z.infer<typeof MatchStatus>;

export const LOCUS_STATUSES = ['consistent', 'mutation', 'excluded'] as const;

export const MatchLocus = z
  .object({
    locus: z.string(),
    LR: z.number().nullable().meta({ description: 'null when not finite (0 is possible)' }),
    log10LR: z.number().nullable().meta({ description: 'null for log10 0 = −∞' }),
    status: z.enum(LOCUS_STATUSES).meta({ description: 'consistent; mutation: inconsistent without mutation, explained by the model; excluded' }),
    compared: z.boolean().meta({ description: 'the found person and a relative are both typed here' }),
  })
  .meta({ id: 'MatchLocus' });
export type MatchLocus = z.infer<typeof MatchLocus>;

export interface Match {
  readonly id: string;
  readonly caseId: string;
  readonly foundPersonId: string;
  readonly status: MatchStatus;
  /** LR (null when not finite), log10 LR (always finite for a stored match). */
  readonly lr: number | null;
  readonly log10Lr: number;
  readonly loci: readonly MatchLocus[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
  readonly prior: number;
  readonly posterior: number;
  /** Expected number of unrelated records with an LR this high among those searched: N / LR. */
  readonly expectedAdventitious: number;
  /** N: the records the search covered (families for a found person's search, found persons for a family's). */
  readonly databaseSize: number;
  /** Whether the last scoring still met the policy (a re-score under a stricter policy can say no). */
  readonly meetsPolicy: boolean;
  readonly policyVersion: number;
  /** Relationships of the family's typed members when scored (e.g. "father+mother"). */
  readonly familyShape: string;
  readonly scoredAt: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const MatchView = z
  .object({
    id: Id,
    caseId: Id,
    foundPersonId: Id,
    status: MatchStatus,
    LR: z.number().nullable(),
    log10LR: z.number(),
    loci: z.array(MatchLocus),
    inconsistentLoci: z.number().int(),
    lociCompared: z.number().int(),
    prior: z.number(),
    posterior: z.number(),
    expectedAdventitious: z.number().meta({ description: 'N / LR: expected unrelated records at or above this LR among the N searched (Turing bound)' }),
    databaseSize: z.number().int(),
    meetsPolicy: z.boolean(),
    policyVersion: z.number().int(),
    familyShape: z.string(),
    scoredAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Match' });
export type MatchView = z.infer<typeof MatchView>;

export const CandidateListQuery = z.object({
  status: MatchStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CandidateListQuery = z.infer<typeof CandidateListQuery>;

const GenotypesBody = z
  .record(z.string().min(1).max(40), z.array(z.union([z.string().max(10), z.number()])).min(1).max(2))
  .refine((g) => Object.keys(g).length > 0, 'at least one typed locus')
  .meta({ id: 'SearchGenotypes', description: 'locus -> one or two alleles (a single allele is a homozygote)' });

export const AdHocSearchInput = z
  .union([
    z.object({ genotypes: GenotypesBody, limit: z.number().int().min(1).max(200).optional() }).strict(),
    z.object({
      family: z.object({
        individuals: z.array(z.object({
          id: z.string().min(1).max(40),
          father: z.string().min(1).nullable().default(null),
          mother: z.string().min(1).nullable().default(null),
          sex: z.enum(['male', 'female']),
        }).strict()).min(2).max(60),
        missing: z.string().min(1),
        genotypes: z.record(z.string(), GenotypesBody),
      }).strict(),
      limit: z.number().int().min(1).max(200).optional(),
    }).strict(),
  ])
  .meta({
    id: 'AdHocSearchInput',
    description: '`genotypes`: a person searched against every family; `family`: a pedigree with typed members searched against every found person. Nothing is stored.',
  });
export type AdHocSearchInput = z.infer<typeof AdHocSearchInput>;

export const AdHocCandidate = z
  .object({
    caseId: Id.optional(),
    foundPersonId: Id.optional(),
    LR: z.number().nullable(),
    log10LR: z.number(),
    loci: z.array(MatchLocus),
    inconsistentLoci: z.number().int(),
    lociCompared: z.number().int(),
    posterior: z.number(),
    expectedAdventitious: z.number(),
    familyShape: z.string().optional(),
  })
  .meta({ id: 'AdHocCandidate' });

export const AdHocSearchResult = z
  .object({
    direction: z.enum(['families', 'foundPersons']),
    searched: z.number().int(),
    policyVersion: z.number().int(),
    elapsedMs: z.number(),
    candidates: z.array(AdHocCandidate),
  })
  .meta({ id: 'AdHocSearchResult' });
export type AdHocSearchResult = z.infer<typeof AdHocSearchResult>;
