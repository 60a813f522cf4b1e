import { isSearchedCase, isSearchedFoundPerson, type FoundPerson, type Match } from '../../domain';
import { lrBand, publishEvent } from '../../hub';
import { changeCaseStatus, changeFoundPersonStatus, recordAudit, runTransaction, type Actor, type TxContext } from '../shared';
import { autosomalGenotypes } from '../profiles';
import { describeFamily } from './describe-family';
import { loadMatchEvidence } from './match-evidence';
import { matchRecord, type ScoredPair } from './match-record';
import type { MatchingPorts } from './matching-ports';
import { rescoreIfModelChanged } from './rescore-matches';
import { familyInput, isSearchedFamily } from './index-build';

/**
 * Automatic search both ways, so that a match is found whichever side arrives second: a new found
 * person against every family, a new or changed family against every found person. Every
 * candidate that meets the policy is stored as one match per (case, found person) — updated when
 * scored again — in its own transaction with its consequences: the case open -> candidate, the
 * found person unidentified -> candidate, and a `candidate.found` event for the alert hub (ids and
 * an LR band only, never genotypes).
 */
export async function searchFamiliesForFoundPerson(ports: MatchingPorts, actor: Actor, foundPersonId: string): Promise<Match[]> {
  const search = ports.search;
  if (!search) return [];
  const person = await ports.store.foundPersons.findById(foundPersonId);
  const profile = person ? await ports.store.profiles.findById(person.profileId) : null;
  if (!person || !profile || !isSearchedFoundPerson(person.status)) return [];
  const policy = search.policy;
  const result = await search.engine.searchFamilies(autosomalGenotypes(profile.genotypes));
  const stored: Match[] = [];
  for (const candidate of result.candidates) {
    const evidence = await loadMatchEvidence(ports.store, search, candidate.key, person.id, candidate, { foundProfile: profile });
    const pair = { caseId: candidate.key, foundPersonId: person.id, score: candidate, familyShape: candidate.shape, databaseSize: result.searched, policy, evidence };
    const match = await storeCandidate(ports, actor, pair);
    if (match) stored.push(match);
  }
  await rescoreIfModelChanged(ports);
  return stored;
}

/** The reverse search of {@link searchFamiliesForFoundPerson}, after a family was added or changed. */
export async function searchFoundPersonsForCase(ports: MatchingPorts, actor: Actor, caseId: string): Promise<Match[]> {
  const search = ports.search;
  if (!search) return [];
  const c = await ports.store.cases.findById(caseId);
  const record = c ? await ports.store.cases.findFamily(caseId) : null;
  if (!c || !record || !isSearchedFamily(record)) return [];
  const policy = search.policy;
  const result = await search.engine.searchFoundPersons(familyInput(record));
  const familyShape = describeFamily(c);
  const stored: Match[] = [];
  for (const candidate of result.candidates) {
    const evidence = await loadMatchEvidence(ports.store, search, caseId, candidate.key, candidate, { family: record });
    const pair = { caseId, foundPersonId: candidate.key, score: candidate, familyShape, databaseSize: result.searched, policy, evidence };
    const match = await storeCandidate(ports, actor, pair);
    if (match) stored.push(match);
  }
  await rescoreIfModelChanged(ports);
  return stored;
}

/**
 * Stores one candidate (insert, or update of the pair's match) with its consequences. Returns
 * null when the case no longer searches or the found person is identified (it changed meanwhile).
 */
async function storeCandidate(ports: MatchingPorts, actor: Actor, pair: ScoredPair): Promise<Match | null> {
  const { caseId, foundPersonId } = pair;
  return runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await tx.cases.findById(caseId);
    const person = await tx.foundPersons.findById(foundPersonId);
    if (!c || !person || !isSearchedCase(c.status) || !isSearchedFoundPerson(person.status)) return null;
    const existing = await tx.matches.findByPair(caseId, foundPersonId);
    const match = await tx.matches.upsert(matchRecord(ctx, pair, existing));
    if (existing) return match;
    await recordAudit(ctx, 'match.create', 'match', match.id);
    if (c.status === 'open') await changeCaseStatus(ctx, c, 'candidate', { reason: 'candidate.found' });
    if (person.status === 'unidentified') await moveFoundPerson(ctx, person);
    await publishEvent(ctx, tx, {
      type: 'candidate.found', caseId,
      data: { caseId, alertId: c.alertId, foundPersonId, matchId: match.id, lrBand: lrBand(match.log10Lr) },
    });
    return match;
  });
}

async function moveFoundPerson(ctx: TxContext, person: FoundPerson): Promise<void> {
  await changeFoundPersonStatus(ctx, person, 'candidate', { reason: 'candidate.found' });
}
