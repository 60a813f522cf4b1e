import request from 'supertest';
import { CASE_STATUSES, CASE_TRANSITIONS, type CaseStatus } from '../../../src/domain';
import { aFoundPerson, aProfile } from '../../support/builders';
import { createTestApp, type TestApp } from '../../support/test-app';

describe('case lifecycle API: close, history, statistics', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  const child = { sex: 'male', birthDate: '2012-01-09', missingSince: '2016-05-30', place: 'Kunming, Yunnan' };

  /** A case stored in `status` (set directly: the transitions into it belong to other use cases). */
  async function caseIn(status: CaseStatus, alertId = `TY-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
    const res = await request(t.app).post('/v1/cases').set(t.auth.investigator).send({ alertId, child });
    const c = (await t.store.cases.findById(res.body.id))!;
    if (status !== 'open') await t.store.cases.update({ ...c, status, version: 2 });
    return c.id;
  }

  const close = (id: string, body: Record<string, unknown>) => request(t.app).post(`/v1/cases/${id}/close`).set(t.auth.investigator).send(body);
  const bodies = { closed: { status: 'closed' }, closedNoReunion: { status: 'closedNoReunion', reason: 'familyWithdrew' } } as const;

  describe.each(CASE_STATUSES.flatMap((from) => (['closed', 'closedNoReunion'] as const).map((to) => ({ from, to }))))('from $from to $to', ({ from, to }) => {
    const allowed = CASE_TRANSITIONS[from].includes(to);

    it(allowed
      ? 'when the case is closed so, then it is stored with history, audit and a case.closed event'
      : 'when the case is closed so, then it is a 409 INVALID_TRANSITION problem and nothing changes', async () => {
      const id = await caseIn(from);
      const before = (await t.store.cases.findById(id))!;

      const res = await close(id, { ...bodies[to], note: 'internal note' });

      if (allowed) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id, status: to, version: before.version + 1 });
        expect(await t.store.statusChanges.listFor('case', id)).toEqual([expect.objectContaining({
          from, to, reason: to === 'closedNoReunion' ? 'familyWithdrew' : null, note: 'internal note',
        })]);
        const [event] = await t.store.outbox.listEventsOfCase(id);
        expect(event).toMatchObject({
          type: 'case.closed', caseSeq: 1,
          data: to === 'closed'
            ? { caseId: id, alertId: before.alertId, outcome: 'reunited' }
            : { caseId: id, alertId: before.alertId, outcome: 'noReunion', reason: 'familyWithdrew' },
        });
        expect((await t.store.audit.list({ action: 'case.close', targetId: id, limit: 5, offset: 0 })).total).toBe(1);
      } else {
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({ type: 'urn:reunion:INVALID_TRANSITION', status: 409, detail: expect.stringContaining(`"${from}" to "${to}"`) });
        expect(await t.store.cases.findById(id)).toEqual(before);
        expect(await t.store.outbox.listEventsOfCase(id)).toEqual([]);
        expect(await t.store.statusChanges.listFor('case', id)).toEqual([]);
      }
    });
  });

  it('when closedNoReunion has no reason or an unknown one, then it is a 400 and the case stays open', async () => {
    const id = await caseIn('open');

    expect((await close(id, { status: 'closedNoReunion' })).status).toBe(400);
    expect((await close(id, { status: 'closedNoReunion', reason: 'bored' })).status).toBe(400);
    expect((await close(id, { status: 'open' })).status).toBe(400);
    expect((await t.store.cases.findById(id))!.status).toBe('open');
  });

  it('when an unknown case is closed, then 404; when a hub or lab key tries, then 403', async () => {
    expect((await close('case_none', bodies.closedNoReunion)).status).toBe(404);
    const id = await caseIn('open');
    expect((await request(t.app).post(`/v1/cases/${id}/close`).set(t.auth.hub).send(bodies.closedNoReunion)).status).toBe(403);
    expect((await request(t.app).post(`/v1/cases/${id}/close`).set(t.auth.lab).send(bodies.closedNoReunion)).status).toBe(403);
  });

  it('when a reunited case is closed, then its history lists the change and the event with its sequence number', async () => {
    const id = await caseIn('reunited');
    await close(id, bodies.closed);

    const res = await request(t.app).get(`/v1/cases/${id}/history`).set(t.auth.investigator);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      caseId: id, status: 'closed',
      changes: [{ entityType: 'case', entityId: id, from: 'reunited', to: 'closed', actor: expect.stringMatching(/^key_/) }],
      events: [{ type: 'case.closed', caseSeq: 1 }],
    });
  });

  describe('statistics', () => {
    const HOUR = 3_600_000;

    it('when nothing is stored, then counts are zero and medians null', async () => {
      const res = await request(t.app).get('/v1/stats').set(t.auth.hub);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        alertsRegistered: 0, cases: { total: 0, open: 0 }, foundPersons: { total: 0 }, candidates: 0, reunions: 0,
        medianUploadToCandidateMs: null, medianCandidateToReunionMs: null, deliveries: { pending: 0, delivered: 0, dead: 0, cancelled: 0 },
      });
    });

    it('when cases, alerts, found persons and transitions exist, then counts and medians follow from them', async () => {
      await request(t.app).post('/v1/hub/alerts').set(t.auth.hub).send({ alertId: 'TY-S1', missingChild: child });
      await request(t.app).post('/v1/hub/alerts').set(t.auth.hub).send({ alertId: 'TY-S2', missingChild: child });
      for (const s of ['candidate', 'retestRequested', 'reunited', 'closed', 'closedNoReunion'] as const) await caseIn(s);
      // Found persons uploaded at t0 that became candidates 1 h, 4 h and 2 h later (median 2 h).
      const t0 = Date.parse('2025-03-01T00:00:00.000Z');
      for (const [i, hours] of [1, 4, 2].entries()) {
        const profile = aProfile({ kind: 'found', createdAt: new Date(t0).toISOString() });
        await t.store.profiles.insert(profile);
        const person = aFoundPerson(profile.id, { status: 'candidate' });
        await t.store.foundPersons.insert(person);
        await t.store.statusChanges.append({
          id: `sc_fp_${i}`, entityType: 'foundPerson', entityId: person.id, from: 'unidentified', to: 'candidate',
          at: new Date(t0 + hours * HOUR).toISOString(), actor: 'system', reason: null, note: null,
        });
      }
      // Cases whose candidate-to-reunion times are 10 h, 30 h, 20 h and 50 h (median 25 h); a later
      // second candidate phase of one case does not count, only the first.
      for (const [i, hours] of [10, 30, 20, 50].entries()) {
        const at = (h: number) => new Date(t0 + h * HOUR).toISOString();
        const change = (n: number, from: string, to: string, h: number) => t.store.statusChanges.append({
          id: `sc_c${i}_${n}`, entityType: 'case', entityId: `case_${i}`, from, to, at: at(h), actor: 'system', reason: null, note: null,
        });
        await change(1, 'open', 'candidate', 0);
        if (i === 0) await change(2, 'candidate', 'open', 1);
        if (i === 0) await change(3, 'open', 'candidate', 2);
        await change(4, 'candidate', 'reunited', hours);
      }

      const res = await request(t.app).get('/v1/stats').set(t.auth.investigator);

      expect(res.body).toMatchObject({
        alertsRegistered: 2,
        cases: { total: 7, open: 4, byStatus: { open: 2, candidate: 1, retestRequested: 1, reunited: 1, closed: 1, closedNoReunion: 1 } },
        foundPersons: { total: 3, byStatus: { unidentified: 0, candidate: 3, identified: 0 } },
        candidates: 2,
        reunions: 4,
        medianUploadToCandidateMs: 2 * HOUR,
        medianCandidateToReunionMs: 25 * HOUR,
      });
      expect((await request(t.app).get('/v1/stats').set(t.auth.lab)).status).toBe(403);
    });
  });
});
