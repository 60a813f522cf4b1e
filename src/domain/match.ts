import { z } from 'zod';
import { Id, Timestamp } from './common';
import { NON_GENETIC_FLAGS, NonGeneticEvidenceItem } from './non-genetic-evidence';

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
    mutationSteps: z.number().optional().meta({
      description: 'for a "mutation" locus: repeat units between the found person\'s alleles and the nearest alleles the typed parents or children could transmit (the most likely mutation; README "Matching")',
    }),
    alleles: z
      .object({
        foundPerson: z.array(z.string()),
        relatives: z.record(z.string(), z.array(z.string())).meta({ description: 'pedigree individual id -> alleles; typed relatives only' }),
      })
      .optional()
      .meta({ description: 'investigator views only (an audited read of genetic data)' }),
  })
  .meta({ id: 'MatchLocus' });
export type MatchLocus = z.infer<typeof MatchLocus>;

export const MATCH_FLAGS = ['alternativeRelationship', ...NON_GENETIC_FLAGS] as const;
export type MatchFlag = (typeof MATCH_FLAGS)[number];

export const RelationshipLog10Lr = z
  .object({
    relationship: z.string().meta({ description: '"missingChild" (the claim), a relationship of the found person to the missing child (e.g. "paternalUncle"), or "unrelated"' }),
    log10LR: z.number().nullable().meta({ description: 'log10 LR against unrelated; null for LR 0 (excluded without mutation)' }),
  })
  .meta({ id: 'RelationshipLog10Lr' });
export type RelationshipLog10Lr = z.infer<typeof RelationshipLog10Lr>;

export const UnrelatedDistribution = z
  .object({ log10LR: z.array(z.number()), exceedance: z.array(z.number()) })
  .meta({ id: 'UnrelatedDistribution', description: 'points of P(LR >= 10^log10LR | the found person is unrelated to this family), log10LR ascending, for a chart' });
export type UnrelatedDistribution = z.infer<typeof UnrelatedDistribution>;

/**
 * What a match shows beyond the DNA score, computed when it is stored or re-scored: the competing
 * relationships, the family's false-hit calibration at this LR, and the non-genetic facts.
 * Absent on matches stored before these were computed (until the next re-score).
 */
export interface MatchEvidenceFields {
  readonly alternatives?: readonly RelationshipLog10Lr[];
  readonly mostLikelyRelationship?: string;
  readonly indistinguishableRelationships?: readonly string[];
  readonly exceedance?: number;
  readonly unrelatedDistribution?: UnrelatedDistribution;
  readonly evidence?: readonly NonGeneticEvidenceItem[];
  readonly flags?: readonly MatchFlag[];
  /** Why a match that meets the LR threshold does not meet the policy (a conflict the policy excludes); null otherwise. */
  readonly exclusionReason?: string | null;
}

export interface Match extends MatchEvidenceFields {
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
    expectedAdventitious: z.number().meta({ description: 'N / LR: expected unrelated records at or above this LR among the N searched (Turing bound)' }),
    databaseSize: z.number().int(),
    meetsPolicy: z.boolean(),
    exclusionReason: z.string().nullable().optional().meta({ description: 'why a match meeting the LR threshold does not meet the policy (a non-genetic conflict the policy excludes)' }),
    databasePosterior: z.number().optional().meta({
      description: 'P(this family is the found person\'s | all data) over every family in the database now, with the policy\'s priorInDatabase (Slooten & Meester 2012); a lower bound (README "Matching")',
    }),
    databasePosteriorOverFoundPersons: z.number().optional().meta({
      description: 'P(this found person is the family\'s missing child | all data) over every found person in the database now, with the policy\'s priorInDatabase as the probability that the child is among them (Slooten & Meester 2012, the reverse direction); a lower bound (README "Matching")',
    }),
    alternatives: z.array(RelationshipLog10Lr).optional().meta({ description: 'the claim, each competing relationship and "unrelated", each against unrelated' }),
    mostLikelyRelationship: z.string().optional(),
    indistinguishableRelationships: z.array(z.string()).optional().meta({
      description: 'relationships this family cannot tell from the missing child whatever the DNA (e.g. the father\'s other children when only the father is typed); age and dates decide',
    }),
    exceedance: z.number().optional().meta({ description: 'P(LR >= this LR | the found person is unrelated to this family), from the family\'s exact LR distribution (an upper bound)' }),
    unrelatedDistribution: UnrelatedDistribution.optional().meta({ description: 'single-match view only' }),
    flags: z.array(z.enum(MATCH_FLAGS)).optional(),
    evidence: z.array(NonGeneticEvidenceItem).optional(),
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
    expectedAdventitious: z.number(),
    databasePosterior: z.number().meta({ description: 'P(this record is the one sought | all data) over the records searched (Slooten & Meester 2012); a lower bound' }),
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
    expectedFalseCandidates: z.number().meta({ description: 'expected candidates among the records searched if none were related: the sum of P(meets the policy | unrelated)' }),
  })
  .meta({ id: 'AdHocSearchResult' });
export type AdHocSearchResult = z.infer<typeof AdHocSearchResult>;

export const MatchPage = z
  .object({
    items: z.array(MatchView),
    total: z.number().int().min(0).meta({ description: 'number of records matching the filters' }),
    limit: z.number().int(),
    offset: z.number().int(),
    expectedFalseCandidates: z.number().optional().meta({
      description: 'expected candidates among the records searched if none were related: the sum of P(meets the policy | unrelated) (absent without a running index)',
    }),
  })
  .meta({ id: 'MatchPage' });
export type MatchPage = z.infer<typeof MatchPage>;

/** Simulated children of a power estimate: the standard error of a probability p is √(p(1 − p)/n), at most 0.035 at 200. */
export const DEFAULT_POWER_SIMULATIONS = 200;

export const FamilyPowerQuery = z.object({
  simulations: z.coerce.number().int().min(20).max(5000).default(DEFAULT_POWER_SIMULATIONS).meta({ description: 'simulated true children (precision against time)' }),
});
export type FamilyPowerQuery = z.infer<typeof FamilyPowerQuery>;

export const FamilyPowerView = z
  .object({
    caseId: Id,
    policyVersion: z.number().int(),
    simulations: z.number().int().meta({ description: 'true children simulated from the typed family (the same ones for every relative: common random numbers)' }),
    probabilityMeetsPolicy: z.number().meta({ description: 'P(the true missing child, once found and typed, meets the search policy | the family as typed now), with the mutation model on' }),
    expectedFalseCandidates: z.number().meta({ description: 'the family searched against every found person in the database now: expected unrelated candidates' }),
    relatives: z
      .array(z.object({
        individualId: z.string().meta({ description: 'an untyped member of the pedigree, or a new full sibling (isNew)' }),
        relationship: z.string().nullable().meta({ description: 'its relationship to the missing child, when it has a name' }),
        isNew: z.boolean(),
        probabilityMeetsPolicy: z.number().meta({ description: 'the same probability with this relative typed too' }),
        gain: z.number().meta({ description: 'probabilityMeetsPolicy minus the family\'s current one: what typing this relative would add' }),
      }))
      .meta({ description: 'relatives that could be typed next, the largest gain first' }),
  })
  .meta({ id: 'FamilyPower' });
export type FamilyPowerView = z.infer<typeof FamilyPowerView>;
