import { defaultSearchPolicyInput, type SearchPolicy, type SearchPolicyInput, type SearchPolicyView } from '../../domain';
import { ConflictError, ServiceUnavailableError, ValidationError } from '../../lib';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';
import { startRescore } from '../matches';

/** The current search policy; a fresh installation stores version 1 with the defaults first. */
export async function ensureSearchPolicy(deps: ServiceDeps, actor: Actor): Promise<SearchPolicy> {
  const current = await deps.store.searchPolicies.current();
  if (current) return current;
  const first: SearchPolicy = {
    ...defaultSearchPolicyInput(deps.policy.defaultFrequencyTable), version: 1, createdAt: deps.now().toISOString(), createdBy: actor.keyId,
  };
  try {
    await deps.store.searchPolicies.insert(first);
  } catch (e) {
    // Another process stored version 1 at the same moment: use theirs.
    if (!(e instanceof ConflictError)) throw e;
    return (await deps.store.searchPolicies.current())!;
  }
  return first;
}

export async function getSearchPolicy(deps: ServiceDeps): Promise<SearchPolicyView> {
  return toView(await ensureSearchPolicy(deps, { keyId: 'system', role: 'system', org: 'SYSTEM', requestId: null }));
}

/**
 * Stores a new version of the search policy (PUT /v1/search-policy, admin): the index is rebuilt
 * under it, and a background job re-scores every stored match (issue item 7).
 * @throws ValidationError when the frequency table does not exist.
 */
export async function setSearchPolicy(
  deps: ServiceDeps, actor: Actor, input: SearchPolicyInput,
): Promise<{ policy: SearchPolicyView; rescoreJobId: string | null }> {
  if (!(await deps.store.frequencyTables.findById(input.frequencyTable))) {
    throw new ValidationError('VALIDATION_FAILED', `no frequency table "${input.frequencyTable}"`, {
      errors: [{ path: 'frequencyTable', message: `no frequency table "${input.frequencyTable}"` }],
    });
  }
  const stored = await deps.store.transaction(async (tx) => {
    const current = await tx.searchPolicies.current();
    const next: SearchPolicy = { ...input, version: (current?.version ?? 0) + 1, createdAt: deps.now().toISOString(), createdBy: actor.keyId };
    await tx.searchPolicies.insert(next);
    await recordAudit(deps, tx, actor, 'searchPolicy.update', 'searchPolicy', String(next.version));
    return next;
  });
  if (!deps.search) return { policy: toView(stored), rescoreJobId: null };
  try {
    await deps.search.applyPolicy(deps.store, stored);
  } catch (e) {
    throw new ServiceUnavailableError(`search policy v${stored.version} is stored but the index could not be rebuilt: ${(e as Error).message}`, { cause: e });
  }
  const job = await startRescore(deps, `search policy v${stored.version}`);
  return { policy: toView(stored), rescoreJobId: job.id };
}

function toView(p: SearchPolicy): SearchPolicyView {
  return { ...p, mutation: { ...p.mutation } };
}
