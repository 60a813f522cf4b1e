import { validatePedigree, type CaseView, type Family, type PedigreeInput } from '../../domain';
import { ConflictError, ValidationError } from '../../lib';
import type { MatchingPorts } from '../matches';
import { findCase, runTransaction, type Actor } from '../shared';
import { assertSameLab, assertSex, findReferenceProfile, saveFamily, searchChangedFamily } from './family-steps';

/**
 * Replaces the family by a raw pedigree (POST /v1/cases/:id/pedigree) for families the
 * relationship list cannot express. Checked for structure (validatePedigree) and for its typed
 * members: reference profiles of one lab, whose Amelogenin sex agrees with the member's sex.
 */
export async function setPedigree(ports: MatchingPorts, actor: Actor, caseId: string, input: PedigreeInput): Promise<CaseView> {
  const problems = validatePedigree(input);
  if (problems.length > 0) {
    throw new ValidationError('INVALID_PEDIGREE', problems.map((i) => i.message).join('; '), { errors: problems });
  }
  const missing = input.individuals.find((i) => i.id === input.missing)!;
  const saved = await runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    if (missing.sex !== c.child.sex) {
      throw new ConflictError('RELATIVE_CONFLICT', `the missing member "${input.missing}" must have the child's sex (${c.child.sex})`, {
        errors: [{ path: 'individuals', message: `sex of "${input.missing}" differs from the case` }],
      });
    }
    let lab: string | null = null;
    for (const [individualId, profileId] of Object.entries(input.typed)) {
      const profile = await findReferenceProfile(tx, profileId, `typed.${individualId}`);
      assertSameLab(lab, profile, `typed.${individualId}`);
      lab = profile.lab;
      const member = input.individuals.find((i) => i.id === individualId)!;
      assertSex(member.sex, profile, `typed.${individualId}`);
    }
    const family: Family = {
      mode: 'pedigree', lab, relatives: [],
      pedigree: { missing: input.missing, individuals: input.individuals, typed: input.typed },
    };
    return saveFamily(ctx, c, family, 'case.pedigree.set');
  });
  return searchChangedFamily(ports, actor, saved);
}
