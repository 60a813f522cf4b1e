import { z } from 'zod';
import { Id, Timestamp } from './common';

export const ProfileKind = z.enum(['reference', 'found']).meta({
  id: 'ProfileKind',
  description: 'reference: a relative of a missing child; found: a found person of unknown origin',
});
export type ProfileKind = z.infer<typeof ProfileKind>;

const AlleleInput = z.union([z.string().max(10), z.number()]);

/**
 * Genotypes as uploaded: locus name -> one or two allele designations. One allele at an
 * autosomal locus means a homozygote (["15"] is stored as ["15", "15"]), as GeneMapper exports
 * write it; Y markers carry one allele. Names and designations are normalised by the service.
 */
export const GenotypesInput = z
  .record(z.string().min(1).max(40), z.array(AlleleInput).min(1, 'no allele given').max(2, 'at most two alleles per locus'))
  .refine((g) => Object.keys(g).length > 0, 'a profile needs at least one typed locus')
  .refine((g) => Object.keys(g).length <= 100, 'at most 100 loci')
  .meta({
    id: 'GenotypesInput',
    description: 'locus -> one or two alleles; a single allele at an autosomal locus is a homozygote',
    example: { D3S1358: ['15', '16'], vWA: ['17'], TH01: ['9.3', '6'], AMEL: ['X', 'Y'] },
  });

/** Canonical genotypes: canonical locus -> sorted canonical alleles (two; one for Y markers). */
export const Genotypes = z
  .record(z.string(), z.array(z.string()))
  .meta({ id: 'Genotypes', example: { D3S1358: ['15', '16'], TH01: ['6', '9.3'], AMEL: ['X', 'Y'] } });
export type Genotypes = Record<string, string[]>;

export const ProfileInput = z
  .object({
    sampleId: z.string().trim().min(1).max(100).meta({ description: "the lab's own sample identifier; unique per lab" }),
    kind: ProfileKind,
    kit: z.string().min(1).max(60).meta({ description: 'a registered kit (GET /v1/kits) or "custom"', example: 'GlobalFiler' }),
    population: z.string().trim().min(1).max(100).optional().meta({ description: 'population label given by the lab' }),
    genotypes: GenotypesInput,
  })
  .strict()
  .meta({ id: 'ProfileInput' });
export type ProfileInput = z.infer<typeof ProfileInput>;

/** A stored profile. The lab comes from the uploading API key, never from the body. */
export interface Profile {
  readonly id: string;
  readonly lab: string;
  readonly sampleId: string;
  readonly kind: ProfileKind;
  readonly kit: string;
  readonly population: string | null;
  /** From Amelogenin when typed: a Y allele means male, X only means female; null without AMEL. */
  readonly sex: 'male' | 'female' | null;
  readonly genotypes: Genotypes;
  readonly autosomalLoci: number;
  /** SHA-256 over the canonical autosomal genotypes; equal hashes flag a possible duplicate person. */
  readonly genotypeHash: string;
  /** SHA-256 over the canonical content (kind, kit, population, genotypes); decides idempotent replays. */
  readonly contentHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const ProfileView = z
  .object({
    id: Id,
    lab: z.string(),
    sampleId: z.string(),
    kind: ProfileKind,
    kit: z.string(),
    population: z.string().nullable(),
    sex: z.enum(['male', 'female']).nullable(),
    genotypes: Genotypes,
    autosomalLoci: z.number().int(),
    possibleDuplicateOf: z.array(Id).meta({
      description: 'other profiles with an identical autosomal genotype: possibly the same person',
    }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Profile' });
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfileSummary = ProfileView.omit({ genotypes: true, possibleDuplicateOf: true }).meta({ id: 'ProfileSummary' });
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const ProfileListQuery = z.object({
  kind: ProfileKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProfileListQuery = z.infer<typeof ProfileListQuery>;

export const ProfileBatchInput = z
  .object({ items: z.array(ProfileInput).min(1) })
  .meta({ id: 'ProfileBatchInput', description: 'each item is validated and stored on its own' });

export const BatchItemResult = z
  .object({
    index: z.number().int(),
    sampleId: z.string().nullable(),
    status: z.number().int().meta({ description: '201 created, 200 identical replay, 400 invalid, 409 conflict' }),
    profile: ProfileView.optional(),
    problem: z
      .object({
        type: z.string(),
        title: z.string(),
        detail: z.string(),
        errors: z.array(z.object({ path: z.string(), locus: z.string().optional(), allele: z.string().optional(), message: z.string() })).optional(),
      })
      .optional(),
  })
  .meta({ id: 'BatchItemResult' });
export type BatchItemResult = z.infer<typeof BatchItemResult>;

export const ProfileBatchResult = z
  .object({
    created: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    results: z.array(BatchItemResult),
  })
  .meta({ id: 'ProfileBatchResult' });
export type ProfileBatchResult = z.infer<typeof ProfileBatchResult>;

/** One thing the importer could not take, or took with a caveat; it goes back to the uploading lab only. */
export const ImportIssueView = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string().meta({ description: 'stable machine-readable code, e.g. UNKNOWN_LOCUS, MIXTURE, OFF_LADDER' }),
    message: z.string(),
    line: z.number().int().optional(),
    element: z.string().optional(),
    sampleId: z.string().optional(),
    locus: z.string().optional(),
    allele: z.string().optional(),
  })
  .meta({ id: 'ImportIssue' });

export const ImportSummary = ProfileBatchResult.extend({
  format: z.enum(['genemapper', 'csv', 'cmf']),
  samples: z.number().int().meta({ description: 'samples read from the file and submitted as profiles' }),
  issues: z.array(ImportIssueView),
}).meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportQuery = z
  .object({
    format: z.enum(['genemapper', 'csv', 'cmf']).optional().meta({ description: 'skip detection' }),
    kind: ProfileKind.optional().meta({ description: 'kind of every profile whose file does not say (GeneMapper, CSV without a kind column)' }),
    kit: z.string().min(1).max(60).optional().meta({ description: 'kit of profiles whose file names none or an unregistered one; default custom' }),
  })
  .strict()
  .meta({ id: 'ImportQuery' });
