import {
  buildReferencePedigree, validatePedigree, type Family, type MissingCase, type PedigreeInput, type PedigreeView,
  type Profile, type RelativeInput, type Sex, type TypedRelative, type CaseView,
} from '../../domain';
import { ConflictError, ValidationError } from '../../lib';
import type { Repositories } from '../../store';
import { autosomalGenotypes } from '../profiles';
import { searchFoundPersonsForCase, type MatchingPorts } from '../matches';
import { toCaseView } from './case-views';
import { findCase, recordAudit, runTransaction, type Actor, type StoreAccess, type TxContext } from '../shared';

/**
 * Adds a typed relative by relationship (POST /v1/cases/:id/relatives) and rebuilds the pedigree
 * around the missing child. The profile must be a reference profile of the family's lab (the lab
 * of the first relative: one chain of custody per family); impossible families are 409s.
 */
export async function addRelative(ports: MatchingPorts, actor: Actor, caseId: string, input: RelativeInput): Promise<CaseView> {
  const saved = await runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    if (c.family.mode === 'pedigree') {
      throw new ConflictError('FAMILY_MODE_CONFLICT', `case ${caseId} has a raw pedigree; change it with POST /v1/cases/${caseId}/pedigree`);
    }
    const profile = await findReferenceProfile(tx, input.profileId, 'profileId');
    assertSameLab(c.family.lab, profile, 'profileId');
    const known = await profilesById(tx, c.family.relatives.map((r) => r.profileId));
    const relatives: TypedRelative[] = [
      ...c.family.relatives.map((r) => ({ profileId: r.profileId, relationship: r.relationship, sex: known.get(r.profileId)?.sex ?? null })),
      { profileId: profile.id, relationship: input.relationship, sex: profile.sex },
    ];
    const built = buildReferencePedigree(c.child.sex, relatives);
    if (!built.ok) {
      throw new ConflictError('RELATIVE_CONFLICT', built.conflicts.map((x) => x.message).join('; '), {
        errors: built.conflicts.map((x) => ({ path: x.index === relatives.length - 1 ? 'relationship' : `family.relatives.${x.index}`, message: x.message })),
      });
    }
    const family: Family = { mode: 'relationships', lab: profile.lab, relatives: built.relatives, pedigree: built.pedigree };
    return saveFamily(ctx, c, family, 'case.relative.add');
  });
  return searchChangedFamily(ports, actor, saved);
}

/**
 * The changed family is searched against every found person at once, so that a new relative can
 * bring a candidate without waiting for the next found person; returns the case as it is afterwards.
 */
async function searchChangedFamily(ports: MatchingPorts, actor: Actor, saved: CaseView): Promise<CaseView> {
  const matches = await searchFoundPersonsForCase(ports, actor, saved.id);
  if (matches.length === 0) return saved;
  const c = await ports.store.cases.findById(saved.id);
  return c ? toCaseView(c) : saved;
}

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

/**
 * The family with the typed members' autosomal genotypes (GET /v1/cases/:id/pedigree): the
 * `pedigree`, `missing` and `genotypes` of a kinship-engine missingPerson case. The read is audited.
 */
export async function getPedigree(access: StoreAccess, actor: Actor, caseId: string): Promise<PedigreeView> {
  return runTransaction(access, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    const profiles = await profilesById(tx, Object.values(c.family.pedigree.typed));
    const genotypes = Object.fromEntries(Object.entries(c.family.pedigree.typed).map(([individualId, profileId]) =>
      [individualId, autosomalGenotypes(profiles.get(profileId)?.genotypes ?? {})]));
    await recordAudit(ctx, 'case.pedigree.read', 'case', c.id);
    return {
      caseId: c.id, mode: c.family.mode, population: c.population, missing: c.family.pedigree.missing,
      individuals: c.family.pedigree.individuals.map((i) => ({ ...i })), typed: { ...c.family.pedigree.typed },
      relatives: c.family.relatives.map((r) => ({ ...r })), genotypes,
    };
  });
}

async function saveFamily(ctx: TxContext, c: MissingCase, family: Family, action: 'case.relative.add' | 'case.pedigree.set'): Promise<CaseView> {
  const next: MissingCase = { ...c, family, version: c.version + 1, updatedAt: ctx.now().toISOString() };
  await ctx.tx.cases.update(next);
  await recordAudit(ctx, action, 'case', c.id);
  return toCaseView(next);
}

async function findReferenceProfile(tx: Repositories, profileId: string, path: string): Promise<Profile> {
  const profile = await tx.profiles.findById(profileId);
  if (!profile) throw new ValidationError('VALIDATION_FAILED', `no profile ${profileId}`, { errors: [{ path, message: `no profile ${profileId}` }] });
  if (profile.kind !== 'reference') {
    throw new ConflictError('RELATIVE_CONFLICT', `profile ${profileId} is a found-person profile, not a relative's reference profile`, {
      errors: [{ path, message: 'not a reference profile' }],
    });
  }
  return profile;
}

function assertSameLab(familyLab: string | null, profile: Profile, path: string): void {
  if (familyLab === null || familyLab === profile.lab) return;
  throw new ConflictError('RELATIVE_CONFLICT', `profile ${profile.id} is from lab ${profile.lab}; this family's relatives are typed by lab ${familyLab}`, {
    errors: [{ path, message: `relative profile of another lab (${profile.lab})` }],
  });
}

function assertSex(memberSex: Sex, profile: Profile, path: string): void {
  if (profile.sex === null || profile.sex === memberSex) return;
  throw new ConflictError('RELATIVE_CONFLICT', `profile ${profile.id} is ${profile.sex} by Amelogenin but types a ${memberSex} member`, {
    errors: [{ path, message: `Amelogenin says ${profile.sex}` }],
  });
}

async function profilesById(tx: Repositories, ids: readonly string[]): Promise<Map<string, Profile>> {
  return new Map((await tx.profiles.findByIds(ids)).map((p) => [p.id, p]));
}
