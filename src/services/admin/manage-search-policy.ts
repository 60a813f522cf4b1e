import { defaultSearchPolicyInput, upgradeSearchPolicy, type SearchPolicy, type SearchPolicyInput, type SearchPolicyView } from '../../domain';
import { ConflictError, ServiceUnavailableError, ValidationError } from '../../lib';
import { startRescore, type MatchingPorts } from '../matches';
import { recordAudit, runTransaction, SYSTEM_ACTOR, type Actor } from '../shared';
import type { TablePorts } from './manage-frequency-tables';

/** What changing the search policy needs: the matching ports (the index is rebuilt, matches re-scored) and the default table. */
export type PolicyPorts = MatchingPorts & TablePorts;

/** The current search policy; a fresh installation stores version 1 with the defaults first. */
export async function ensureSearchPolicy(ports: TablePorts, actor: Actor): Promise<SearchPolicy> {
  const current = await ports.store.searchPolicies.current();
  if (current) return upgradeSearchPolicy(current);
  const first: SearchPolicy = {
    ...defaultSearchPolicyInput(ports.policy.defaultFrequencyTable), version: 1, createdAt: ports.now().toISOString(), createdBy: actor.keyId,
  };
  try {
    await ports.store.searchPolicies.insert(first);
  } catch (e) {
    // Another process stored version 1 at the same moment: use theirs.
    if (!(e instanceof ConflictError)) throw e;
    return upgradeSearchPolicy((await ports.store.searchPolicies.current())!);
  }
  return first;
}

export async function getSearchPolicy(ports: TablePorts): Promise<SearchPolicyView> {
  return toView(await ensureSearchPolicy(ports, SYSTEM_ACTOR));
}

/**
 * Stores a new version of the search policy (PUT /v1/search-policy, admin): the index is rebuilt
 * under it, and a background job re-scores every stored match, so that no stored match keeps a
 * verdict of the old policy.
 * @throws ValidationError when the frequency table does not exist.
 */
export async function setSearchPolicy(
  ports: PolicyPorts, actor: Actor, input: SearchPolicyInput,
): Promise<{ policy: SearchPolicyView; rescoreJobId: string | null }> {
  if (!(await ports.store.frequencyTables.findById(input.frequencyTable))) {
    throw new ValidationError('VALIDATION_FAILED', `no frequency table "${input.frequencyTable}"`, {
      errors: [{ path: 'frequencyTable', message: `no frequency table "${input.frequencyTable}"` }],
    });
  }
  const stored = await runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const current = await tx.searchPolicies.current();
    const next: SearchPolicy = { ...input, version: (current?.version ?? 0) + 1, createdAt: ctx.now().toISOString(), createdBy: actor.keyId };
    await tx.searchPolicies.insert(next);
    await recordAudit(ctx, 'searchPolicy.update', 'searchPolicy', String(next.version));
    return next;
  });
  if (!ports.search) return { policy: toView(stored), rescoreJobId: null };
  try {
    await ports.search.applyPolicy(ports.store, stored);
  } catch (e) {
    throw new ServiceUnavailableError(`search policy v${stored.version} is stored but the index could not be rebuilt: ${(e as Error).message}`, { cause: e });
  }
  const job = await startRescore(ports, `search policy v${stored.version}`);
  return { policy: toView(stored), rescoreJobId: job.id };
}

function toView(p: SearchPolicy): SearchPolicyView {
  return { ...p, mutation: { ...p.mutation } };
}
