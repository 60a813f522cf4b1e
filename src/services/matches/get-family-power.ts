import type { FamilyPowerQuery, FamilyPowerView } from '../../domain';
import { familyPower } from '../../kinship';
import { ConflictError, ServiceUnavailableError } from '../../lib';
import { mulberry32 } from '../../matching';
import { findCase, recordAudit, storeContext, type Actor } from '../shared';
import type { MatchingPorts } from './matching-ports';
import { familyInput, isSearchedFamily } from './index-build';
import { typedAt } from './typed-at';

/**
 * Each untyped relative is drawn from a pool of this many exact draws a locus (kinship
 * family-power.ts `relativeDraws`): it caps the child tables per relative and locus, which is
 * what took a three-generation family on the 29 NIST loci about 5 s (a founder drawn 200 times at
 * SE33 meets over 100 genotypes); with 24 it takes under 2 s, the estimate still unbiased.
 */
const RELATIVE_DRAWS = 24;

/**
 * The power of a case's family and whom to type next (GET /v1/cases/:id/power, investigator):
 * the probability that the true missing child would meet the search policy, simulated from the
 * typed family under the policy's models and θ (kinship family-power.ts, after Vigeland et al.
 * 2020), the gain of typing each untyped relative, and the family's expected false candidates
 * against the found persons in the database now (false-hit-rates.ts). The simulation is seeded by
 * the case id and version, so the same family gives the same answer. The read is audited (it
 * reads the relatives' genotypes).
 * @throws NotFoundError for an unknown case; ConflictError when no member is typed or the typed
 *   family is impossible under the model; ServiceUnavailableError without the search index.
 */
export async function getFamilyPower(ports: MatchingPorts, actor: Actor, caseId: string, query: FamilyPowerQuery): Promise<FamilyPowerView> {
  const search = ports.search;
  if (!search) throw new ServiceUnavailableError('the power of a family needs the matching index');
  const c = await findCase(ports.store, caseId);
  const record = await ports.store.cases.findFamily(caseId);
  if (!record || record.typed.length === 0) throw new ConflictError('FAMILY_NOT_SEARCHABLE', `case ${caseId} has no typed relative yet`);
  const family = familyInput(record);
  const policy = search.policy;
  const models = search.engine.locusModels();
  await recordAudit(storeContext(ports, actor), 'case.pedigree.read', 'case', caseId);
  let power;
  try {
    power = familyPower({
      pedigree: family.individuals, missingId: family.missing,
      loci: models.map((model) => ({ model, typedByPerson: typedAt(family.typed, model) })),
      policy, theta: policy.theta, thetaMode: 'joint', simulations: query.simulations, relativeDraws: RELATIVE_DRAWS, random: mulberry32(seedOf(`${caseId}@${c.version}`)),
    });
  } catch (e) {
    throw new ConflictError('FAMILY_NOT_SEARCHABLE', `the typed family of case ${caseId} cannot be simulated: ${(e as Error).message}`, { cause: e });
  }
  const rate = (isSearchedFamily(record) ? search.falseHitRates.rateOf(caseId) : undefined) ?? (await search.falseHitRates.rateFor(family));
  return {
    caseId, policyVersion: policy.version, simulations: power.simulations, probabilityMeetsPolicy: power.probabilityMeetsPolicy,
    expectedFalseCandidates: search.engine.foundPersonCount * rate,
    relatives: power.candidates.map((r) => ({ individualId: r.individualId, relationship: r.relationship, isNew: r.isNew, probabilityMeetsPolicy: r.probabilityMeetsPolicy, gain: r.gain })),
  };
}

/** A 32-bit seed from text (FNV-1a). */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
