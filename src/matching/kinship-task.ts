import { CaseFormatError, evaluateCases } from '../kinship';

/**
 * A kinship case file evaluated in a search worker (POST /v1/kinship/evaluate): exact pedigree
 * sums can take seconds for a large pedigree with theta, so they run beside the searches in the
 * pool rather than on the thread that answers HTTP requests. The kinship core is pure functions
 * over plain data, so the task and its result cross the thread boundary by structured clone.
 */
export interface KinshipTask {
  readonly kind: 'kinship';
  readonly input: unknown;
  readonly prior?: number;
}

/** Per-case results in input order, or why the input is not a case file at all. */
export type KinshipTaskResult =
  | { readonly ok: true; readonly results: ReadonlyArray<Record<string, unknown> & { readonly id: string }> }
  | { readonly ok: false; readonly formatError: string };

/**
 * Runs a kinship task. A CaseFormatError becomes a value: an Error subclass does not survive the
 * structured clone out of a worker with its class.
 */
export function runKinshipTask(task: KinshipTask): KinshipTaskResult {
  try {
    const { results } = evaluateCases(task.input, task.prior === undefined ? {} : { prior: task.prior });
    return { ok: true, results };
  } catch (e) {
    if (e instanceof CaseFormatError) return { ok: false, formatError: e.message };
    throw e;
  }
}
