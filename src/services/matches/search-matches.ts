import type { FoundPerson, Match, MatchLocus, MissingCase, Profile } from '../../domain';
import { lrBand, publishEvent } from '../../hub';
import type { Candidate, Score } from '../../matching';
import type { FamilyRecord, Repositories } from '../../store';
import { changeCaseStatus, changeFoundPersonStatus } from '../shared';
import type { Actor } from '../shared';
import type { ServiceDeps } from '../service-deps';
import { recordAudit } from '../shared';
import { autosomalGenotypes } from '../profiles';
import { rescoreIfModelChanged } from './rescore-matches';
import { familyInput } from './search-index';

/**
 * Automatic search both ways (issue 4 item 5): a new found person against every family, a new or
 * changed family against every found person. Every candidate that meets the policy is stored as
 * one match per (case, found person) — updated when scored again — in its own transaction with
 * its consequences: the case open -> candidate, the found person unidentified -> candidate, and a
 * `candidate.found` event for the alert hub (ids and an LR band only, never genotypes).
 */
export async function searchFamiliesForFoundPerson(deps: ServiceDeps, actor: Actor, foundPersonId: string): Promise<Match[]> {
  const search = deps.search;
  if (!search) return [];
  const person = await deps.store.foundPersons.findById(foundPersonId);
  const profile = person ? await deps.store.profiles.findById(person.profileId) : null;
  if (!person || !profile) return [];
  await search.refreshFoundPerson(person.id, person.status, profile.genotypes);
  if (person.status === 'identified') return [];
  const policy = search.policy;
  const result = await search.engine.searchFamilies(autosomalGenotypes(profile.genotypes));
  const stored: Match[] = [];
  for (const candidate of result.candidates) {
    const match = await storeCandidate(deps, actor, candidate.key, person.id, candidate, candidate.shape, result.searched, policy.version);
    if (match) stored.push(match);
  }
  await rescoreIfModelChanged(deps);
  return stored;
}

/** The reverse search of {@link searchFamiliesForFoundPerson}, after a family was added or changed. */
export async function searchFoundPersonsForCase(deps: ServiceDeps, actor: Actor, caseId: string): Promise<Match[]> {
  const search = deps.search;
  if (!search) return [];
  const c = await deps.store.cases.findById(caseId);
  const record = c ? await familyRecordOf(deps, caseId) : null;
  if (!c || !record) return [];
  await search.refreshFamily(record);
  if (!['open', 'candidate', 'retestRequested'].includes(record.status) || record.typed.length === 0) return [];
  const policy = search.policy;
  const result = await search.engine.searchFoundPersons(familyInput(record));
  const shape = describeFamily(c);
  const stored: Match[] = [];
  for (const candidate of result.candidates) {
    const match = await storeCandidate(deps, actor, caseId, candidate.key, candidate, shape, result.searched, policy.version);
    if (match) stored.push(match);
  }
  await rescoreIfModelChanged(deps);
  return stored;
}

/** The case's family with the typed members' genotypes (null without a case). */
export async function familyRecordOf(deps: ServiceDeps, caseId: string, repos: Repositories = deps.store): Promise<FamilyRecord | null> {
  const c = await repos.cases.findById(caseId);
  if (!c) return null;
  const profiles = new Map((await repos.profiles.findByIds(Object.values(c.family.pedigree.typed))).map((p) => [p.id, p]));
  return recordOf(c, profiles);
}

function recordOf(c: MissingCase, profiles: ReadonlyMap<string, Profile>): FamilyRecord {
  return {
    caseId: c.id, status: c.status, population: c.population, missing: c.family.pedigree.missing, individuals: c.family.pedigree.individuals,
    typed: Object.entries(c.family.pedigree.typed).flatMap(([individualId, profileId]) => {
      const p = profiles.get(profileId);
      return p ? [{ individualId, profileId, sex: p.sex, genotypes: p.genotypes }] : [];
    }),
    version: c.version,
  };
}

/** "father+mother" etc.: the relationships of the typed relatives, or "pedigree" for a raw one. */
function describeFamily(c: MissingCase): string {
  return c.family.mode === 'pedigree' ? 'pedigree' : c.family.relatives.map((r) => r.relationship).sort().join('+');
}

/**
 * Stores one candidate (insert, or update of the pair's match) with its consequences. Returns
 * null when the case no longer searches or the found person is identified (it changed meanwhile).
 */
export async function storeCandidate(
  deps: ServiceDeps, actor: Actor, caseId: string, foundPersonId: string, score: Score, shape: string, databaseSize: number,
  policyVersion: number,
): Promise<Match | null> {
  return deps.store.transaction(async (tx) => {
    const c = await tx.cases.findById(caseId);
    const person = await tx.foundPersons.findById(foundPersonId);
    if (!c || !person || !['open', 'candidate', 'retestRequested'].includes(c.status) || person.status === 'identified') return null;
    const existing = await tx.matches.findByPair(caseId, foundPersonId);
    const now = deps.now().toISOString();
    const match = await tx.matches.upsert(matchOf(deps, caseId, foundPersonId, score, shape, databaseSize, policyVersion, true, now, existing));
    if (existing) return match;
    await recordAudit(deps, tx, actor, 'match.create', 'match', match.id);
    if (c.status === 'open') await changeCaseStatus(deps, tx, actor, c, 'candidate', { reason: 'candidate.found' });
    if (person.status === 'unidentified') await moveFoundPerson(deps, tx, actor, person);
    await publishEvent(deps, tx, {
      type: 'candidate.found', caseId,
      data: { caseId, alertId: c.alertId, foundPersonId, matchId: match.id, lrBand: lrBand(match.log10Lr) },
    });
    return match;
  });
}

async function moveFoundPerson(deps: ServiceDeps, tx: Repositories, actor: Actor, person: FoundPerson): Promise<void> {
  await changeFoundPersonStatus(deps, tx, actor, person, 'candidate', { reason: 'candidate.found' });
}

/** A match record from an engine score (non-finite numbers become null, or the finite bound for E). */
export function matchOf(
  deps: ServiceDeps, caseId: string, foundPersonId: string, score: Score | Candidate, shape: string, databaseSize: number,
  policyVersion: number, meetsPolicy: boolean, now: string, existing: Match | null,
): Match {
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const loci: MatchLocus[] = score.loci.map((l) => ({ locus: l.locus, LR: finite(l.LR), log10LR: finite(l.log10LR), status: l.status, compared: l.compared }));
  return {
    id: existing?.id ?? deps.newId('match'),
    caseId,
    foundPersonId,
    status: existing?.status ?? 'candidate',
    lr: finite(score.LR),
    // Stored and sorted finite: ±308 stands for an LR beyond double range (or 0) in a re-scored match.
    log10Lr: Number.isFinite(score.log10LR) ? score.log10LR : score.log10LR > 0 ? 308 : -308,
    loci,
    inconsistentLoci: score.inconsistentLoci,
    lociCompared: score.lociCompared,
    prior: score.prior,
    posterior: Number.isFinite(score.posterior) ? score.posterior : 0,
    // E <= N / LR, and never more than the N records searched.
    expectedAdventitious: Math.min(databaseSize, Number.isFinite(score.expectedAdventitious) ? score.expectedAdventitious : databaseSize),
    databaseSize,
    meetsPolicy,
    policyVersion,
    familyShape: shape,
    scoredAt: now,
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}
