import { ProfileInput, type BatchItemResult, type ProfileBatchResult } from '../../domain';
import { AppError, PayloadTooLargeError, problemTitle, validationErrorFromZod } from '../../lib';
import { prepareProfile, storeProfile, type PreparedProfile, type ProfilePorts } from './register-profile';
import { runTransaction, type Actor } from '../shared';

/**
 * Registers many profiles (POST /v1/profiles/batch), each validated and stored on its own terms:
 * invalid items and conflicts are reported per item and store nothing; the valid ones are
 * stored in one transaction (one commit instead of one per item).
 * @throws PayloadTooLargeError when there are more items than the policy allows; nothing is stored.
 */
export async function registerProfilesBatch(ports: ProfilePorts, actor: Actor, items: readonly unknown[]): Promise<ProfileBatchResult> {
  if (items.length > ports.policy.maxBatchItems) {
    throw new PayloadTooLargeError('BATCH_TOO_LARGE', `a batch holds at most ${ports.policy.maxBatchItems} items; this one has ${items.length}`, {
      errors: [{ path: 'items', message: `at most ${ports.policy.maxBatchItems} items` }],
    });
  }
  const results: BatchItemResult[] = new Array(items.length);
  const ready: Array<{ index: number; prepared: PreparedProfile }> = [];
  items.forEach((item, index) => {
    const sampleId = sampleIdOf(item);
    const parsed = ProfileInput.safeParse(item);
    try {
      if (!parsed.success) throw validationErrorFromZod(parsed.error, ['items', index]);
      ready.push({ index, prepared: prepareProfile(ports.policy, parsed.data) });
    } catch (e) {
      results[index] = failure(index, sampleId, e, index);
    }
  });
  await runTransaction(ports, actor, async (ctx) => {
    for (const { index, prepared } of ready) {
      try {
        const stored = await storeProfile(ctx, prepared);
        results[index] = { index, sampleId: prepared.sampleId, status: stored.created ? 201 : 200, profile: stored.profile };
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'PROFILE_EXISTS') throw e;
        results[index] = failure(index, prepared.sampleId, e, index);
      }
    }
  });
  return {
    created: results.filter((r) => r.status === 201).length,
    unchanged: results.filter((r) => r.status === 200).length,
    failed: results.filter((r) => r.status >= 400).length,
    results,
  };
}

function sampleIdOf(item: unknown): string | null {
  const id = (item as { sampleId?: unknown } | null)?.sampleId;
  return typeof id === 'string' ? id : null;
}

function failure(index: number, sampleId: string | null, e: unknown, at: number): BatchItemResult {
  if (!(e instanceof AppError)) throw e;
  const prefix = `items.${at}.`;
  return {
    index, sampleId, status: e.httpStatus,
    problem: {
      type: `urn:reunion:${e.code}`, title: problemTitle(e.code), detail: e.detail,
      errors: e.errors.map((f) => ({ ...f, path: f.path.startsWith(prefix) ? f.path : `${prefix}${f.path}` })),
    },
  };
}
