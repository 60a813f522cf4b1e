import { CaseFormatError, evaluateCases } from '../kinship';
import { ValidationError } from '../lib';
import type { Actor, ServiceDeps } from './context';
import { recordAudit } from './record-audit';

/**
 * Evaluates kinship case files with the exact engine (POST /v1/kinship/evaluate): one case, an
 * array, or `{"cases": [...]}` in the format of test/fixtures/kinship-cases/README.md; one result
 * (or error) per case. Audited, since the cases hold genotypes; nothing is stored.
 * @throws ValidationError when the body is not a case file at all.
 */
export async function evaluateKinship(deps: ServiceDeps, actor: Actor, body: unknown, prior?: number): Promise<{ results: Array<Record<string, unknown>> }> {
  let out;
  try {
    out = evaluateCases(body, prior === undefined ? {} : { prior });
  } catch (e) {
    if (e instanceof CaseFormatError) throw new ValidationError('VALIDATION_FAILED', e.message, { errors: [{ path: '', message: e.message }] });
    throw e;
  }
  await recordAudit(deps, deps.store, actor, 'kinship.evaluate', 'search', 'kinship');
  return out;
}
