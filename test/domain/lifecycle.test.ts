import fc from 'fast-check';
import {
  CASE_STATUSES, CASE_TRANSITIONS, FOUND_PERSON_STATUSES, FOUND_PERSON_TRANSITIONS, isAllowedTransition, LIFECYCLES, MATCH_STATUSES,
} from '../../src/domain';

describe('lifecycle transition tables', () => {
  it('when the tables are read, then every status has a row and every target is a status of the same entity', () => {
    for (const { statuses, transitions } of Object.values(LIFECYCLES)) {
      expect(Object.keys(transitions).sort()).toEqual([...statuses].sort());
      for (const targets of Object.values(transitions) as string[][]) {
        for (const to of targets) expect(statuses as readonly string[]).toContain(to);
      }
    }
  });

  it('when the case table is read, then it follows the issue: open -> candidate -> retestRequested -> reunited -> closed, and closedNoReunion only before a reunion', () => {
    expect(isAllowedTransition('case', 'open', 'candidate')).toBe(true);
    expect(isAllowedTransition('case', 'candidate', 'retestRequested')).toBe(true);
    expect(isAllowedTransition('case', 'retestRequested', 'candidate')).toBe(true);
    expect(isAllowedTransition('case', 'candidate', 'reunited')).toBe(true);
    expect(isAllowedTransition('case', 'reunited', 'closed')).toBe(true);
    for (const s of CASE_STATUSES) {
      expect(isAllowedTransition('case', s, 'closedNoReunion')).toBe(['open', 'candidate', 'retestRequested'].includes(s));
      expect(isAllowedTransition('case', s, 'closed')).toBe(s === 'reunited');
    }
    expect(CASE_TRANSITIONS.closed).toEqual([]);
    expect(CASE_TRANSITIONS.closedNoReunion).toEqual([]);
  });

  it('when the found-person table is read, then identified is final and reachable only from candidate', () => {
    expect(FOUND_PERSON_TRANSITIONS.identified).toEqual([]);
    for (const s of FOUND_PERSON_STATUSES) expect(isAllowedTransition('foundPerson', s, 'identified')).toBe(s === 'candidate');
  });

  it('when the match table is read, then review leads from candidate to confirmed, rejected or retest, a re-test returns to candidate, and only open matches are superseded', () => {
    expect(isAllowedTransition('match', 'candidate', 'confirmed')).toBe(true);
    expect(isAllowedTransition('match', 'retest', 'candidate')).toBe(true);
    expect(isAllowedTransition('match', 'retest', 'confirmed')).toBe(false);
    for (const s of MATCH_STATUSES) {
      expect(isAllowedTransition('match', s, 'superseded')).toBe(['candidate', 'retest'].includes(s));
      if (['confirmed', 'rejected', 'superseded'].includes(s)) expect(LIFECYCLES.match.transitions[s]).toEqual([]);
    }
  });

  it('when any pair of strings is asked for, then it is allowed exactly when the table lists it (no self-loops, unknown statuses refused)', () => {
    fc.assert(fc.property(fc.constantFrom('case' as const, 'foundPerson' as const, 'match' as const), fc.string(), fc.string(), (entity, from, to) => {
      const table = LIFECYCLES[entity].transitions as Record<string, readonly string[]>;
      expect(isAllowedTransition(entity, from, to)).toBe(Object.hasOwn(table, from) && table[from]!.includes(to));
    }));
    // fast-check counterexample (seed -151541802): an inherited key is not a status.
    expect(isAllowedTransition('case', 'toString', '')).toBe(false);
    for (const [entity, { statuses }] of Object.entries(LIFECYCLES) as Array<[keyof typeof LIFECYCLES, (typeof LIFECYCLES)[keyof typeof LIFECYCLES]]>) {
      for (const s of statuses) expect(isAllowedTransition(entity, s, s)).toBe(false);
    }
  });
});
