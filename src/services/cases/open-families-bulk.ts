import type { CaseInput, CaseView, Relationship } from '../../domain';
import { ValidationError } from '../../lib';
import { checkSamples, storeCheckedSamples, type BulkSampleOutcome, type LabFileSample, type ProfilePorts } from '../profiles';
import { runTransaction, type Actor } from '../shared';
import type { CasePorts } from './open-case';
import { openCasesInTransaction } from './open-cases-bulk';

/** A family of a bulk load: its case, and each typed member as the lab's sample with the member's relationship to the missing child. */
export interface FamilyWithSamples {
  readonly case: CaseInput;
  readonly members: ReadonlyArray<{ readonly sample: LabFileSample; readonly relationship: Relationship }>;
}

/**
 * Stores many families in one transaction: the members' samples under the rules of the bulk
 * import, by the lab that typed them (importProfilesBulk: validation, idempotency by sample id,
 * one `profile.create` audit record each), then each case opened with its members as relatives
 * under the rules of openCasesBulk, by the investigator. The relatives are the profiles this same
 * transaction stored or found stored, so none is read back, and a family's profiles and its case
 * commit together or not at all. All or nothing for the batch: a refused sample or a broken case
 * rule stores nothing. The caller searches the new families once for the batch (searchAfterBulkWrite).
 * @throws ValidationError naming the first refused sample, or the error of the first case that breaks a rule.
 */
export async function openFamiliesBulk(
  ports: CasePorts & Pick<ProfilePorts, 'policy'>, lab: Actor, investigator: Actor, families: readonly FamilyWithSamples[],
): Promise<CaseView[]> {
  const samples = families.flatMap((f) => f.members.map((m) => m.sample));
  const checked = checkSamples(ports, samples);
  return runTransaction(ports, investigator, async (ctx) => {
    const stored = await storeCheckedSamples({ ...ctx, actor: lab }, samples, checked);
    const profileIds = profileIdsOf(checked.outcomes);
    let k = 0;
    const cases = families.map((f) => ({ case: f.case, relatives: f.members.map((m) => ({ profileId: profileIds[k++]!, relationship: m.relationship })) }));
    return openCasesInTransaction(ctx, ports.policy, cases, stored);
  });
}

/** The profile id of every sample, in order. @throws ValidationError naming the first refused sample. */
function profileIdsOf(outcomes: readonly BulkSampleOutcome[]): string[] {
  return outcomes.map((o) => {
    if (o.status !== 'rejected') return o.profileId;
    throw new ValidationError('VALIDATION_FAILED', `sample ${o.sampleId ?? '(no sample id)'} (${o.at}) refused: ${o.code}: ${o.reason}`, { errors: o.errors });
  });
}
