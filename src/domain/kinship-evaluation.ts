import { z } from 'zod';

/**
 * The kinship case format (test/fixtures/kinship-cases/README.md): one case, an array of cases, or
 * {"cases": [...]}. The kinship engine validates it field by field and names the case, locus,
 * person or allele at fault; the schema here only documents the envelope.
 */
export const KinshipCaseFile = z
  .union([z.object({ cases: z.array(z.record(z.string(), z.unknown())) }), z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())])
  .meta({ id: 'KinshipCaseFile', description: 'one case, an array of cases, or {"cases": [...]} in the kinship case format' });

export const KinshipLocusResultView = z
  .looseObject({
    locus: z.string(),
    LR: z.number().nullable(),
    log10LR: z.number().nullable(),
    likelihoodH1: z.number().nullable(),
    likelihoodH2: z.number().nullable(),
    status: z.enum(['consistent', 'mutation', 'excluded']),
    compared: z.boolean(),
    mutation: z.string(),
  })
  .meta({ id: 'KinshipLocusResult' });

export const KinshipCaseResultView = z
  .looseObject({
    id: z.string(),
    error: z.string().optional().meta({ description: 'present instead of the numbers when the case cannot be computed' }),
    mode: z.enum(['missingPerson', 'kinship']).optional(),
    LR: z.number().nullable().optional(),
    log10LR: z.number().nullable().optional().meta({ description: 'null with log10LRNonFinite "-Inf" when a locus excludes' }),
    inconsistentLoci: z.number().int().optional(),
    lociCompared: z.number().int().optional(),
    posterior: z.number().optional(),
    loci: z.array(KinshipLocusResultView).optional(),
  })
  .meta({ id: 'KinshipCaseResult' });

export const KinshipEvaluationView = z.object({ results: z.array(KinshipCaseResultView) }).meta({ id: 'KinshipEvaluation' });

export const KinshipEvaluateQuery = z
  .object({ prior: z.coerce.number().gt(0).lt(1).optional().meta({ description: 'prior probability of H1; adds prior and posterior' }) })
  .strict();
