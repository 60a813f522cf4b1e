import fc from 'fast-check';
import type { Match } from '../../../src/domain';
import type { Score } from '../../../src/matching';
import type { MatchEvidence } from '../../../src/services/matches/match-evidence';
import { expectedAdventitious, matchRecord, rescoredMatch } from '../../../src/services/matches/match-record';

const clock = { now: () => new Date('2025-03-01T00:00:00.000Z'), newId: (prefix: string) => `${prefix}_new` };
const policy = { version: 3, thresholdLr: 10_000, maxInconsistentLoci: 2, minLociCompared: 10, alternativeRatio: 100, nonGeneticConflicts: 'flag' as 'flag' | 'exclude' };

function aScore(over: Partial<Score> = {}): Score {
  return {
    LR: 2e6, log10LR: Math.log10(2e6), inconsistentLoci: 0, lociCompared: 15, prior: 0.5, posterior: 0.99, expectedAdventitious: 0,
    loci: [{ locus: 'D8S1179', LR: 4, log10LR: Math.log10(4), status: 'consistent', compared: true }],
    ...over,
  };
}

const pair = (score: Score, evidence: MatchEvidence | null = null, p = policy) => ({
  caseId: 'case_1', foundPersonId: 'fp_1', score, familyShape: 'father+mother', databaseSize: 1000, policy: p, evidence,
});

/** Evidence of a male found person against a missing girl, the claim's best rival 10 times less likely. */
function sexConflict(): MatchEvidence {
  return {
    fields: {
      alternatives: [{ relationship: 'missingChild', log10LR: 6 }, { relationship: 'fullSibling', log10LR: 5 }, { relationship: 'unrelated', log10LR: 0 }],
      mostLikelyRelationship: 'missingChild', indistinguishableRelationships: [], exceedance: 1e-7,
      evidence: [
        { kind: 'sex', conflict: true, reason: 'found person is male; the missing child is female' },
        { kind: 'age', conflict: false, reason: 'not compared' },
        { kind: 'date', conflict: false, reason: 'found later' },
      ],
    },
    alternativeClose: true,
    nonGeneticFlags: ['sexConflict'],
    mutationSteps: new Map([['D8S1179', 1]]),
  };
}

describe('matchRecord', () => {
  it.each([
    ['the LR reaches the threshold with 2 inconsistent loci and 10 compared', true, { LR: 10_000, inconsistentLoci: 2, lociCompared: 10 }],
    ['the LR is just below the threshold', false, { LR: 9_999, inconsistentLoci: 0, lociCompared: 15 }],
    ['3 loci are inconsistent (Chinese practice: excluded)', false, { LR: 1e9, inconsistentLoci: 3, lociCompared: 15 }],
    ['only 9 loci were compared', false, { LR: 1e9, inconsistentLoci: 0, lociCompared: 9 }],
  ])('when %s, then meetsPolicy is %s', (_, meets, over) => {
    expect(matchRecord(clock, pair(aScore(over)), null).meetsPolicy).toBe(meets);
  });

  it('when a new pair is scored, then the record is a candidate under the policy version with N/LR expected false hits', () => {
    const m = matchRecord(clock, pair(aScore({ LR: 2e6 })), null);

    expect(m).toMatchObject({
      id: 'match_new', caseId: 'case_1', foundPersonId: 'fp_1', status: 'candidate', lr: 2e6, policyVersion: 3, databaseSize: 1000,
      familyShape: 'father+mother', version: 1, createdAt: '2025-03-01T00:00:00.000Z', scoredAt: '2025-03-01T00:00:00.000Z',
    });
    expect(m.expectedAdventitious).toBeCloseTo(1000 / 2e6, 12);
    expect(m.loci).toEqual([{ locus: 'D8S1179', LR: 4, log10LR: Math.log10(4), status: 'consistent', compared: true }]);
  });

  it('when the LR is beyond double range, then lr is null and log10Lr 308; when it is 0, log10Lr is -308; E stays within [0, N]', () => {
    const huge = matchRecord(clock, pair(aScore({ LR: Infinity, log10LR: Infinity })), null);
    const zero = matchRecord(clock, pair(aScore({ LR: 0, log10LR: -Infinity })), null);

    expect([huge.lr, huge.log10Lr, huge.expectedAdventitious]).toEqual([null, 308, 0]);
    expect([zero.lr, zero.log10Lr, zero.expectedAdventitious]).toEqual([0, -308, 1000]);
  });

  it('when a stored match is scored again, then it keeps its id, status, shape, database size and createdAt, and its version grows', () => {
    const stored: Match = { ...matchRecord(clock, pair(aScore()), null), id: 'match_old', status: 'retest', version: 4, createdAt: '2024-01-01T00:00:00.000Z' };

    const again = rescoredMatch(clock, stored, aScore({ LR: 50, log10LR: Math.log10(50) }), null, { ...policy, version: 4 });

    expect(again).toMatchObject({
      id: 'match_old', status: 'retest', familyShape: 'father+mother', databaseSize: 1000, createdAt: '2024-01-01T00:00:00.000Z',
      version: 5, lr: 50, meetsPolicy: false, policyVersion: 4,
    });
    expect(again.expectedAdventitious).toBe(20);
  });
});

describe('matchRecord with evidence', () => {
  it('when the policy only flags conflicts, then a sex conflict and a close alternative are flagged and the match still meets the policy', () => {
    const m = matchRecord(clock, pair(aScore(), sexConflict()), null);

    expect(m.flags).toEqual(['alternativeRelationship', 'sexConflict']);
    expect(m.meetsPolicy).toBe(true);
    expect(m.exclusionReason).toBeNull();
    expect(m.alternatives).toHaveLength(3);
    expect(m.exceedance).toBe(1e-7);
    expect(m.loci[0]).toMatchObject({ locus: 'D8S1179', mutationSteps: 1 });
  });

  it('when the policy excludes conflicts, then the match meeting the LR threshold is kept with meetsPolicy false and the reason', () => {
    const m = matchRecord(clock, pair(aScore(), sexConflict(), { ...policy, nonGeneticConflicts: 'exclude' }), null);

    expect(m.meetsPolicy).toBe(false);
    expect(m.flags).toContain('sexConflict');
    expect(m.exclusionReason).toMatch(/found person is male; the missing child is female/);
  });

  it('when the policy excludes conflicts but there is none, then the verdict is the LR rule alone', () => {
    const calm: MatchEvidence = { ...sexConflict(), alternativeClose: false, nonGeneticFlags: [], fields: { evidence: [{ kind: 'sex', conflict: false, reason: 'both female' }] } };

    const m = matchRecord(clock, pair(aScore(), calm, { ...policy, nonGeneticConflicts: 'exclude' }), null);

    expect([m.meetsPolicy, m.flags, m.exclusionReason]).toEqual([true, [], null]);
  });
});

describe('expectedAdventitious', () => {
  it('when N records are searched, then E = N/LR for LR >= 1 and never leaves [0, N] (Slooten & Meester bound)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 0, max: 1e300, noNaN: true }), (n, lr) => {
      const e = expectedAdventitious(n, lr);
      expect(e).toBeGreaterThanOrEqual(0);
      expect(e).toBeLessThanOrEqual(n);
      if (lr >= 1) expect(e).toBeCloseTo(n / lr, 9);
    }));
  });
});
