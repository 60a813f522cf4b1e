import { parseFamiliasCase } from '../../importers';
import { PayloadTooLargeError, ValidationError } from '../../lib';
import { runKinshipTask, type KinshipTaskResult } from '../../matching';
import { assertUploadComplete, readUpload, recordAudit, runTransaction, type Actor } from '../shared';
import type { MatchingPorts } from '../matches';

/** Cases per request: the engine runs exact sums, so one request must not hold the service for long. */
export const MAX_KINSHIP_CASES = 50;

export interface KinshipEvaluation {
  readonly results: ReadonlyArray<Record<string, unknown> & { readonly id: string }>;
}

/**
 * Evaluates a kinship case file (POST /v1/kinship/evaluate): the same computation and output as
 * `npm run kinship`, on a thread of the search pool when there is one, so that a slow pedigree
 * does not hold the thread that answers requests. Nothing is stored but one audit record per case
 * (the caller submitted genotypes and read likelihood ratios computed from them).
 * @throws ValidationError `INVALID_KINSHIP_CASE` when the body is not a case file; a single bad
 * case only gets `{"id", "error"}` in its result.
 * @throws PayloadTooLargeError with more than {@link MAX_KINSHIP_CASES} cases.
 */
export async function evaluateKinship(ports: Pick<MatchingPorts, 'store' | 'now' | 'newId' | 'search'>, actor: Actor, input: unknown, prior?: number): Promise<KinshipEvaluation> {
  assertCaseCount(input);
  const evaluation = assertCaseFile(await runEvaluation(ports.search, input, prior));
  await runTransaction(ports, actor, async (ctx) => {
    for (const result of evaluation.results) await recordAudit(ctx, 'kinship.evaluate', 'kinshipCase', result.id);
  });
  return evaluation;
}

/**
 * Evaluates a Familias .fam case file (POST /v1/kinship/evaluate as application/x-familias), so a
 * case computed in Familias can be cross-checked here: each pedigree of the file against the last
 * one (parseFamiliasCase), with the file's frequencies, mutation models and theta.
 * @throws ValidationError naming the line, locus and allele of every marker or genotype the file
 *   cannot give whole: a cross-check on fewer loci than the file holds would mislead.
 */
export async function evaluateFamiliasFile(
  ports: Pick<MatchingPorts, 'store' | 'now' | 'newId' | 'search'>, actor: Actor, text: string, prior?: number,
): Promise<KinshipEvaluation> {
  const parsed = readUpload(() => parseFamiliasCase(text));
  assertUploadComplete(parsed.issues);
  return evaluateKinship(ports, actor, { cases: parsed.cases }, prior);
}

function assertCaseCount(input: unknown): void {
  const cases = Array.isArray(input) ? input : (input as { cases?: unknown } | null)?.cases;
  if (Array.isArray(cases) && cases.length > MAX_KINSHIP_CASES) {
    throw new PayloadTooLargeError('BATCH_TOO_LARGE', `at most ${MAX_KINSHIP_CASES} cases per request; this file has ${cases.length}`, {
      errors: [{ path: 'cases', message: `at most ${MAX_KINSHIP_CASES} cases` }],
    });
  }
}

function runEvaluation(search: MatchingPorts['search'], input: unknown, prior: number | undefined): Promise<KinshipTaskResult> | KinshipTaskResult {
  if (search?.isOpen) return search.engine.evaluateKinshipCases(input, prior);
  return runKinshipTask(prior === undefined ? { kind: 'kinship', input } : { kind: 'kinship', input, prior });
}

function assertCaseFile(outcome: KinshipTaskResult): KinshipEvaluation {
  if (outcome.ok) return { results: outcome.results };
  throw new ValidationError('INVALID_KINSHIP_CASE', outcome.formatError, { errors: [{ path: '', message: outcome.formatError }] });
}
