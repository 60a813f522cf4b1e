import request from 'supertest';
import {
  CASE_STATUSES, CASE_TRANSITIONS, FOUND_PERSON_STATUSES, MATCH_STATUSES, MATCH_TRANSITIONS, type CaseStatus, type FoundPersonStatus,
  type Match, type MatchStatus,
} from '../../../src/domain';
import { createApiKey, SYSTEM_ACTOR } from '../../../src/services';
import { aCase, aFoundPerson, aProfile } from '../../support/builders';
import { aMatch } from '../../support/matching-builders';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * Review API on stored matches (no search index: confirm, reject and the re-test request need none).
 * Re-tests with a re-sampled profile are in reviews-retest.test.ts (they need the matching engine).
 */
describe('match review API', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  interface Stored {
    caseId: string;
    foundPersonId: string;
    match: Match;
  }

  /** A case and a found person in the given statuses with one match between them. */
  async function pair(over: { caseStatus?: CaseStatus; personStatus?: FoundPersonStatus; matchStatus?: MatchStatus; caseId?: string; foundPersonId?: string; log10Lr?: number } = {}): Promise<Stored> {
    let caseId = over.caseId;
    if (!caseId) {
      const c = aCase({ status: over.caseStatus ?? 'candidate', alertId: `TY-${Math.random().toString(36).slice(2, 9)}` });
      await t.store.cases.insert(c);
      caseId = c.id;
    }
    let foundPersonId = over.foundPersonId;
    if (!foundPersonId) {
      const profile = aProfile({ kind: 'found' });
      await t.store.profiles.insert(profile);
      const person = aFoundPerson(profile.id, { status: over.personStatus ?? 'candidate' });
      await t.store.foundPersons.insert(person);
      foundPersonId = person.id;
    }
    const log10Lr = over.log10Lr ?? 7.5;
    const match = await t.store.matches.upsert(aMatch(caseId, foundPersonId, { status: over.matchStatus ?? 'candidate', log10Lr, lr: 10 ** log10Lr }));
    return { caseId, foundPersonId, match };
  }

  const review = (matchId: string, body: Record<string, unknown>, auth = t.auth.investigator) =>
    request(t.app).post(`/v1/matches/${matchId}/reviews`).set(auth).send(body);

  /** Everything a review may write, to compare before and after a refused one. */
  async function snapshot(s: Stored) {
    return {
      match: await t.store.matches.findById(s.match.id),
      c: await t.store.cases.findById(s.caseId),
      person: await t.store.foundPersons.findById(s.foundPersonId),
      reviews: await t.store.reviews.listByMatch(s.match.id),
      changes: [
        ...await t.store.statusChanges.listFor('match', s.match.id),
        ...await t.store.statusChanges.listFor('case', s.caseId),
        ...await t.store.statusChanges.listFor('foundPerson', s.foundPersonId),
      ],
      events: await t.store.outbox.listEventsOfCase(s.caseId),
      audit: (await t.store.audit.list({ action: 'match.review', limit: 50, offset: 0 })).total,
    };
  }

  function expectProblem(res: request.Response, status: number, code: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe(`urn:reunion:${code}`);
  }

  describe('every match transition through a review', () => {
    beforeEach(async () => {
      t = await createTestApp();
    });

    const TARGET = { confirm: 'confirmed', reject: 'rejected', retest: 'retest' } as const;
    const cases = MATCH_STATUSES.flatMap((from) => (['confirm', 'reject', 'retest'] as const).map((decision) => ({ from, decision })));

    it.each(cases)('when a $from match gets a $decision review, then it moves exactly when the match table allows it', async ({ from, decision }) => {
      const s = await pair({ matchStatus: from, caseStatus: from === 'retest' ? 'retestRequested' : 'candidate' });
      const before = await snapshot(s);
      const allowed = (MATCH_TRANSITIONS[from] as readonly string[]).includes(TARGET[decision]);

      const res = await review(s.match.id, { decision, note: 'checked the breakdown' });

      if (allowed) {
        expect(res.status).toBe(201);
        expect(res.body.match.status).toBe(TARGET[decision]);
        expect(res.body.review).toMatchObject({ decision, matchStatusBefore: from, matchStatusAfter: TARGET[decision], note: 'checked the breakdown', org: 'PSB-01' });
        expect(await t.store.statusChanges.listFor('match', s.match.id)).toEqual([expect.objectContaining({ from, to: TARGET[decision] })]);
        expect((await snapshot(s)).audit).toBe(1);
      } else {
        expectProblem(res, 409, 'INVALID_TRANSITION');
        expect(res.body.detail).toContain(`"${from}" to "${TARGET[decision]}"`);
        expect(await snapshot(s)).toEqual(before);
      }
    });
  });

  describe('confirm', () => {
    beforeEach(async () => {
      t = await createTestApp();
    });

    it.each(CASE_STATUSES)('when the case is %s, then a confirmation reunites it only from candidate (the case table), else 409 with nothing stored', async (caseStatus) => {
      const s = await pair({ caseStatus });
      const before = await snapshot(s);

      const res = await review(s.match.id, { decision: 'confirm' });

      if (CASE_TRANSITIONS[caseStatus].includes('reunited')) {
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ caseStatus: 'reunited', foundPersonStatus: 'identified', confirmations: { given: 1, required: 1 } });
      } else {
        expectProblem(res, 409, 'INVALID_TRANSITION');
        expect(await snapshot(s)).toEqual(before);
      }
    });

    it.each(FOUND_PERSON_STATUSES)('when the found person is %s, then only a candidate can become identified', async (personStatus) => {
      const s = await pair({ personStatus });
      const before = await snapshot(s);

      const res = await review(s.match.id, { decision: 'confirm' });

      if (personStatus === 'candidate') expect(res.status).toBe(201);
      else {
        expectProblem(res, 409, personStatus === 'identified' ? 'FOUND_PERSON_IDENTIFIED' : 'INVALID_TRANSITION');
        expect(await snapshot(s)).toEqual(before);
      }
    });

    it('when a match is confirmed, then in one go the case is reunited, the person identified, competitors superseded, statuses recorded and both events written without genetic data', async () => {
      const s = await pair({ log10Lr: 10.2 });
      const sameCase = await pair({ caseId: s.caseId });
      const samePerson = await pair({ foundPersonId: s.foundPersonId });
      const stillOpenElsewhere = await pair({ caseId: samePerson.caseId });
      const closedBefore = await pair({ foundPersonId: s.foundPersonId, matchStatus: 'rejected' });

      const res = await review(s.match.id, { decision: 'confirm', note: 'parents informed after counselling' });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ caseStatus: 'reunited', foundPersonStatus: 'identified', match: { id: s.match.id, status: 'confirmed' } });
      expect([...res.body.superseded].sort()).toEqual([sameCase.match.id, samePerson.match.id].sort());
      expect((await t.store.matches.findById(sameCase.match.id))!.status).toBe('superseded');
      expect((await t.store.matches.findById(samePerson.match.id))!.status).toBe('superseded');
      expect((await t.store.matches.findById(closedBefore.match.id))!.status).toBe('rejected');
      expect((await t.store.matches.findById(stillOpenElsewhere.match.id))!.status).toBe('candidate');
      // The other found person had no other match: back to unidentified; the other case keeps a candidate.
      expect((await t.store.foundPersons.findById(sameCase.foundPersonId))!.status).toBe('unidentified');
      expect((await t.store.cases.findById(samePerson.caseId))!.status).toBe('candidate');
      expect(await t.store.statusChanges.listFor('case', s.caseId)).toEqual([expect.objectContaining({ from: 'candidate', to: 'reunited', reason: 'match.confirmed' })]);
      expect(await t.store.statusChanges.listFor('foundPerson', s.foundPersonId)).toEqual([expect.objectContaining({ from: 'candidate', to: 'identified' })]);
      expect(await t.store.statusChanges.listFor('match', sameCase.match.id)).toEqual([expect.objectContaining({ from: 'candidate', to: 'superseded', reason: 'match.confirmed' })]);
      const c = (await t.store.cases.findById(s.caseId))!;
      const events = await t.store.outbox.listEventsOfCase(s.caseId);
      const ids = { caseId: s.caseId, alertId: c.alertId, foundPersonId: s.foundPersonId, matchId: s.match.id };
      expect(events.map((e) => [e.type, e.caseSeq, e.data])).toEqual([
        ['match.confirmed', 1, { ...ids, lrBand: '>=1e9' }],
        ['case.reunited', 2, ids],
      ]);
      expect(JSON.stringify(events)).not.toMatch(/counselling|D3S1358|"LR"|log10/);
      const audit = await t.store.audit.list({ action: 'match.review', targetId: s.match.id, limit: 5, offset: 0 });
      expect(audit.items).toEqual([expect.objectContaining({ role: 'investigator', org: 'PSB-01', targetType: 'match' })]);
    });

    it('when a found person confirmed for one case is confirmed for a second case, then it is a 409 FOUND_PERSON_IDENTIFIED and nothing changes', async () => {
      const first = await pair();
      const second = await pair({ foundPersonId: first.foundPersonId });
      expect((await review(first.match.id, { decision: 'confirm' })).status).toBe(201);
      const before = await snapshot(second);

      const res = await review(second.match.id, { decision: 'confirm' });

      expectProblem(res, 409, 'FOUND_PERSON_IDENTIFIED');
      expect(await snapshot(second)).toEqual(before);
      expect((await t.store.cases.findById(second.caseId))!.status).toBe('open');
    });

    it('when a completed re-test is required and the match has none, then confirming is a 409 RETEST_REQUIRED and nothing is stored', async () => {
      await t.close();
      t = await createTestApp({ policy: { requireRetestBeforeConfirm: true } });
      const s = await pair();
      const before = await snapshot(s);

      const res = await review(s.match.id, { decision: 'confirm' });

      expectProblem(res, 409, 'RETEST_REQUIRED');
      expect(await snapshot(s)).toEqual(before);
    });
  });

  describe('two-investigator policy', () => {
    let second: { Authorization: string };

    beforeEach(async () => {
      t = await createTestApp({ policy: { requireTwoInvestigators: true } });
      second = { Authorization: `Bearer ${(await createApiKey(t.services, SYSTEM_ACTOR, { role: 'investigator', org: 'PSB-02' })).key}` };
    });

    it('when one investigator confirms, then the confirmation is pending (1 of 2); the same one again is a 409 SAME_INVESTIGATOR; a different one completes it', async () => {
      const s = await pair();

      const first = await review(s.match.id, { decision: 'confirm' });

      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        review: { outcome: 'confirmationPending' }, match: { status: 'candidate' }, caseStatus: 'candidate', confirmations: { given: 1, required: 2 },
      });
      expect(await t.store.outbox.listEventsOfCase(s.caseId)).toEqual([]);
      const afterFirst = await snapshot(s);

      const again = await review(s.match.id, { decision: 'confirm' });

      expectProblem(again, 409, 'SAME_INVESTIGATOR');
      expect(await snapshot(s)).toEqual(afterFirst);

      const done = await review(s.match.id, { decision: 'confirm' }, second);

      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ review: { outcome: 'confirmed', org: 'PSB-02' }, match: { status: 'confirmed' }, caseStatus: 'reunited', confirmations: { given: 2, required: 2 } });
      expect((await t.store.outbox.listEventsOfCase(s.caseId)).map((e) => e.type)).toEqual(['match.confirmed', 'case.reunited']);
      const history = await request(t.app).get(`/v1/matches/${s.match.id}/reviews`).set(t.auth.admin);
      expect(history.body.reviews.map((r: { outcome: string; org: string }) => [r.outcome, r.org])).toEqual([['confirmationPending', 'PSB-01'], ['confirmed', 'PSB-02']]);
      expect(history.body.confirmations).toEqual({ given: 2, required: 2 });
    });

    it('when a reject comes between the two confirmations, then the pending confirmation is void: the match is rejected and cannot be confirmed', async () => {
      const s = await pair();
      await review(s.match.id, { decision: 'confirm' });

      const rejected = await review(s.match.id, { decision: 'reject', note: 'sample mix-up suspected' }, second);
      const late = await review(s.match.id, { decision: 'confirm' }, second);

      expect(rejected.body).toMatchObject({ match: { status: 'rejected' }, caseStatus: 'open', foundPersonStatus: 'unidentified', confirmations: { given: 0 } });
      expectProblem(late, 409, 'INVALID_TRANSITION');
      expect((await request(t.app).get(`/v1/matches/${s.match.id}/reviews`).set(t.auth.investigator)).body.confirmations).toEqual({ given: 0, required: 2 });
    });
  });

  describe('reject and re-test request', () => {
    beforeEach(async () => {
      t = await createTestApp();
    });

    it('when the last open candidate of a case is rejected, then the case goes back to open and the person to unidentified; with another candidate left they stay', async () => {
      const s = await pair();
      const other = await pair({ caseId: s.caseId });

      const firstReject = await review(s.match.id, { decision: 'reject' });

      expect(firstReject.body).toMatchObject({ caseStatus: 'candidate', foundPersonStatus: 'unidentified' });

      const lastReject = await review(other.match.id, { decision: 'reject' });

      expect(lastReject.body).toMatchObject({ caseStatus: 'open', foundPersonStatus: 'unidentified' });
      expect(await t.store.statusChanges.listFor('case', s.caseId)).toEqual([expect.objectContaining({ from: 'candidate', to: 'open', reason: 'match.rejected' })]);
    });

    it('when a re-test is asked for, then the case is retestRequested; rejecting that match then reopens the case', async () => {
      const s = await pair();

      const retest = await review(s.match.id, { decision: 'retest', note: 'ask lab for new buccal swabs' });

      expect(retest.status).toBe(201);
      expect(retest.body).toMatchObject({ review: { outcome: 'retestRequested', retest: null }, match: { status: 'retest' }, caseStatus: 'retestRequested', foundPersonStatus: 'candidate' });

      const rejected = await review(s.match.id, { decision: 'reject' });

      expect(rejected.body).toMatchObject({ match: { status: 'rejected' }, caseStatus: 'open', foundPersonStatus: 'unidentified' });
      expect((await t.store.statusChanges.listFor('case', s.caseId)).map((c) => [c.from, c.to])).toEqual([['candidate', 'retestRequested'], ['retestRequested', 'open']]);
    });

    it('when the case is closed, then its matches are no longer reviewed (409 INVALID_TRANSITION)', async () => {
      const s = await pair({ caseStatus: 'closedNoReunion' });

      expectProblem(await review(s.match.id, { decision: 'reject' }), 409, 'INVALID_TRANSITION');
      expectProblem(await review(s.match.id, { decision: 'retest' }), 409, 'INVALID_TRANSITION');
      expect(await t.store.reviews.listByMatch(s.match.id)).toEqual([]);
    });

    it('when a re-sampled profile is attached without a search index, then it is a 503 and nothing is stored', async () => {
      const s = await pair();
      const before = await snapshot(s);

      const res = await review(s.match.id, { decision: 'retest', retestProfileId: 'prf_x' });

      expect(res.status).toBe(503);
      expect(await snapshot(s)).toEqual(before);
    });
  });

  describe('input, roles and history', () => {
    beforeEach(async () => {
      t = await createTestApp();
    });

    it('when the body is invalid, then it is a 400 naming the field and nothing is stored', async () => {
      const s = await pair();
      const before = await snapshot(s);

      const unknown = await review(s.match.id, { decision: 'approve' });
      const misplaced = await review(s.match.id, { decision: 'confirm', retestProfileId: 'prf_1' });
      const extra = await review(s.match.id, { decision: 'reject', LR: 5 });

      for (const res of [unknown, misplaced, extra]) expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(misplaced.body.errors).toEqual([expect.objectContaining({ path: 'retestProfileId' })]);
      expect(await snapshot(s)).toEqual(before);
    });

    it('when a lab, hub or admin key posts a review, then 403; an unknown match is a 404', async () => {
      const s = await pair();

      for (const auth of [t.auth.lab, t.auth.hub, t.auth.admin]) expect((await review(s.match.id, { decision: 'reject' }, auth)).status).toBe(403);
      expect((await review('match_none', { decision: 'reject' })).status).toBe(404);
      expect((await request(t.app).get('/v1/matches/match_none/reviews').set(t.auth.investigator)).status).toBe(404);
      expect((await request(t.app).get(`/v1/matches/${s.match.id}/reviews`).set(t.auth.lab)).status).toBe(403);
      expect(await t.store.reviews.listByMatch(s.match.id)).toEqual([]);
    });

    it('when the history is read, then every review and status change is listed oldest first and the read is audited', async () => {
      const s = await pair();
      await review(s.match.id, { decision: 'retest', note: 'n1' });
      await review(s.match.id, { decision: 'reject', note: 'n2' });

      const res = await request(t.app).get(`/v1/matches/${s.match.id}/reviews`).set(t.auth.investigator);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ matchId: s.match.id, status: 'rejected' });
      expect(res.body.reviews.map((r: { decision: string; note: string; actor: string }) => [r.decision, r.note, r.actor.startsWith('key_')])).toEqual([
        ['retest', 'n1', true], ['reject', 'n2', true],
      ]);
      expect(res.body.changes.map((c: { from: string; to: string }) => `${c.from}>${c.to}`)).toEqual(['candidate>retest', 'retest>rejected']);
      expect((await t.store.audit.list({ action: 'match.reviews.read', targetId: s.match.id, limit: 5, offset: 0 })).total).toBe(1);
    });
  });
});
