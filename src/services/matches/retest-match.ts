import type { Family, Match, MissingCase, Profile, ReviewInput } from '../../domain';
import { ConflictError, ServiceUnavailableError, ValidationError } from '../../lib';
import type { FamilyRecord, Repositories } from '../../store';
import { assertTransition, changeMatchStatus, recordAudit, runTransaction, type Actor, type TxContext } from '../shared';
import { autosomalGenotypes } from '../profiles';
import { rescoreOpenMatchesOf } from './rescore-matches';
import { assertCaseUnderReview, loadReviewContext, scoringOf, storeReview, type ReviewContext, type ReviewOutcomeRecord } from './review-records';
import { familyInput } from './index-build';
import { loadMatchEvidence } from './match-evidence';
import { rescoredMatch } from './match-record';
import type { MatchingPorts } from './matching-ports';
import { searchFamiliesForFoundPerson, searchFoundPersonsForCase } from './search-matches';
import { settleCaseStatus, settleFoundPersonStatus } from './settle-statuses';

/** Who the re-sampled profile re-types: the found person, or one typed member of the family. */
type Resample =
  | { readonly subject: 'foundPerson'; readonly individualId: null; readonly replacedProfileId: string }
  | { readonly subject: 'relative'; readonly individualId: string; readonly replacedProfileId: string };

/**
 * A re-test with its re-sampled profile (a retest review carrying `retestProfileId`). Chinese
 * practice re-samples and re-types a database hit before the family is told; here the new profile
 * replaces the one it re-samples (the found person's, or a relative's in the family; the old one
 * stays stored and is named in the review), the match is scored again by the matching engine
 * under the current policy, and in one transaction: match (candidate ->) retest -> candidate when
 * the new score still meets the policy, else -> rejected; the case and found person follow their
 * open matches; the review keeps the previous and the new scoring. Afterwards the changed side is
 * searched like any new profile, and its other open matches are scored again with the new profile.
 * @throws ValidationError for an unknown profile; ConflictError RETEST_PROFILE_CONFLICT, INVALID_TRANSITION, STALE_VERSION.
 */
export async function attachRetestProfile(ports: MatchingPorts, actor: Actor, matchId: string, input: ReviewInput): Promise<ReviewOutcomeRecord> {
  const search = ports.search;
  if (!search) throw new ServiceUnavailableError('re-scoring a match needs the search index');
  const read = await loadReviewContext(ports.store, matchId);
  assertCaseUnderReview(read.c);
  if (read.match.status !== 'retest') assertTransition('match', read.match.id, read.match.status, 'retest');
  const profile = await ports.store.profiles.findById(input.retestProfileId ?? '');
  if (!profile) {
    throw new ValidationError('VALIDATION_FAILED', `no profile ${input.retestProfileId}`, { errors: [{ path: 'retestProfileId', message: 'no such profile' }] });
  }
  const resample = await resolveResample(ports.store, read, profile, input.retestIndividualId);
  const family = await ports.store.cases.findFamily(read.c.id);
  const foundProfile = resample.subject === 'foundPerson' ? profile : await ports.store.profiles.findById(read.person.profileId);
  if (!family || !foundProfile) throw new ConflictError('STALE_VERSION', `match ${matchId} changed while it was re-tested; retry`);
  const policy = search.policy;
  const scoredFamily = withResample(family, resample, profile);
  const score = await search.engine.score(familyInput(scoredFamily), autosomalGenotypes(foundProfile.genotypes));
  if (!score) {
    throw new ConflictError('RETEST_PROFILE_CONFLICT', `profile ${profile.id} cannot be scored against this family (no comparable loci)`, {
      errors: [{ path: 'retestProfileId', message: 'not scorable' }],
    });
  }
  const evidence = await loadMatchEvidence(ports.store, search, read.c.id, read.person.id, score, { family: scoredFamily, foundProfile });

  const done = await runTransaction(ports, actor, async (ctx) => {
    const now = await loadReviewContext(ctx.tx, matchId);
    if (now.match.version !== read.match.version || now.c.version !== read.c.version || now.person.version !== read.person.version) {
      throw new ConflictError('STALE_VERSION', `match ${matchId}, its case or its found person changed while it was re-tested; retry`);
    }
    await applyResample(ctx, now, resample, profile);
    let m: Match = now.match;
    if (m.status === 'candidate') m = await changeMatchStatus(ctx, m, 'retest', { reason: 'review.retest', note: input.note ?? null });
    const rescored = rescoredMatch(ctx, m, score, evidence, policy);
    const meets = rescored.meetsPolicy;
    await ctx.tx.matches.update(rescored);
    const after = await changeMatchStatus(ctx, rescored, meets ? 'candidate' : 'rejected', {
      reason: meets ? 'retest.passed' : 'retest.excluded',
    });
    const c = (await settleCaseStatus(ctx, m.caseId, 'match.retested')) as MissingCase;
    const person = (await settleFoundPersonStatus(ctx, m.foundPersonId, 'match.retested')) ?? now.person;
    await recordAudit(ctx, 'match.review', 'match', matchId);
    const review = await storeReview(ctx, now.match, after, 'retest', meets ? 'retestPassed' : 'retestExcluded', input.note, {
      profileId: profile.id, replacedProfileId: resample.replacedProfileId, subject: resample.subject, individualId: resample.individualId,
      previous: scoringOf(now.match), rescored: scoringOf(after),
    });
    return { review, match: after, c, person, confirmationsGiven: 0, superseded: [] };
  });
  // The new profile is searched like any other (this also re-indexes the changed side), and the
  // changed side's other open matches, scored with the replaced profile, are scored again.
  if (resample.subject === 'foundPerson') {
    await searchFamiliesForFoundPerson(ports, actor, read.person.id);
    await rescoreOpenMatchesOf(ports, { foundPersonId: read.person.id }, matchId);
  } else {
    await searchFoundPersonsForCase(ports, actor, read.c.id);
    await rescoreOpenMatchesOf(ports, { caseId: read.c.id }, matchId);
  }
  return done;
}

async function resolveResample(repos: Repositories, read: ReviewContext, profile: Profile, individualId: string | undefined): Promise<Resample> {
  const conflict = (message: string) => new ConflictError('RETEST_PROFILE_CONFLICT', `profile ${profile.id}: ${message}`, {
    errors: [{ path: individualId === undefined ? 'retestProfileId' : 'retestIndividualId', message }],
  });
  if (profile.kind === 'found') {
    if (individualId !== undefined) throw conflict('a found-person profile re-samples the found person; retestIndividualId is for a relative\'s profile');
    if (profile.id === read.person.profileId) throw conflict('is the found person\'s profile already; upload the re-sample as a new profile');
    const owner = await repos.foundPersons.findByProfileId(profile.id);
    if (owner) throw conflict(`types found person ${owner.id}`);
    const previous = await repos.profiles.findById(read.person.profileId);
    if (previous?.sex && profile.sex && previous.sex !== profile.sex) throw conflict(`is ${profile.sex} by Amelogenin, the found person's profile ${previous.sex}`);
    return { subject: 'foundPerson', individualId: null, replacedProfileId: read.person.profileId };
  }
  const typed = read.c.family.pedigree.typed;
  const members = Object.keys(typed);
  const member = individualId ?? (members.length === 1 ? members[0] : undefined);
  if (member === undefined) throw conflict(`name the re-sampled relative with retestIndividualId (typed members: ${members.join(', ') || 'none'})`);
  const replaced = Object.hasOwn(typed, member) ? typed[member] : undefined;
  if (replaced === undefined) throw conflict(`"${member}" is not a typed member of case ${read.c.id}'s family`);
  if (Object.values(typed).includes(profile.id)) throw conflict('types this family already; upload the re-sample as a new profile');
  const sex = read.c.family.pedigree.individuals.find((i) => i.id === member)?.sex;
  if (profile.sex && sex && profile.sex !== sex) throw conflict(`is ${profile.sex} by Amelogenin but "${member}" is ${sex}`);
  // One chain of custody per family (as for a new relative, cases/family-steps.ts): the family's lab types its members.
  if (read.c.family.lab !== null && profile.lab !== read.c.family.lab) throw conflict(`is from lab ${profile.lab}; this family's relatives are typed by lab ${read.c.family.lab}`);
  return { subject: 'relative', individualId: member, replacedProfileId: replaced };
}

/** The family as scored after the re-sample (the relative's genotypes replaced), unchanged for a found-person re-sample. */
function withResample(family: FamilyRecord, resample: Resample, profile: Profile): FamilyRecord {
  if (resample.subject === 'foundPerson') return family;
  return {
    ...family,
    typed: family.typed.map((m) => (m.individualId === resample.individualId
      ? { individualId: m.individualId, profileId: profile.id, sex: profile.sex, genotypes: profile.genotypes }
      : m)),
  };
}

/** Stores the replacement: the found person's profile, or the relative's in the family (pedigree and relative list). */
async function applyResample(ctx: TxContext, read: ReviewContext, resample: Resample, profile: Profile): Promise<void> {
  const updatedAt = ctx.now().toISOString();
  if (resample.subject === 'foundPerson') {
    await ctx.tx.foundPersons.update({ ...read.person, profileId: profile.id, version: read.person.version + 1, updatedAt });
    return;
  }
  const { family } = read.c;
  const next: Family = {
    ...family,
    relatives: family.relatives.map((r) => (r.individualId === resample.individualId ? { ...r, profileId: profile.id } : r)),
    pedigree: { ...family.pedigree, typed: { ...family.pedigree.typed, [resample.individualId]: profile.id } },
  };
  await ctx.tx.cases.update({ ...read.c, family: next, version: read.c.version + 1, updatedAt });
}
