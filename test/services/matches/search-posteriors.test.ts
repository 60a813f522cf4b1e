import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ageWeightedPriorSharesOverFoundPersons } from '../../../src/domain';
import {
  databasePosteriorsOverFoundPersonsOf, log10UnreportedLrBound, searchPosteriors, UNREPORTED_BOUND_RISK,
} from '../../../src/services/matches/search-posteriors';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store';
import { aCase, aFoundPerson, aProfile } from '../../support/builders';
import { aMatch, aSearchPolicy } from '../../support/matching-builders';

const policy = { thresholdLr: 10_000, priorInDatabase: 0.5, maxCandidates: 50 };

describe('log10UnreportedLrBound', () => {
  it('when few records are unreported, then the sure bound m·T is used; when many, the Cantelli bound T + N + √(N T (1 − α)/α)', () => {
    expect(10 ** log10UnreportedLrBound(1, 3, 10_000)).toBeCloseTo(10_000, 6);
    const n = 1_000_000;
    const cantelli = 10_000 + n + Math.sqrt((n * 10_000 * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK);
    expect(10 ** log10UnreportedLrBound(n - 5, n, 10_000)).toBeCloseTo(cantelli, 0);
    expect(log10UnreportedLrBound(0, 10, 10_000)).toBe(-Infinity);
  });

  it('when N unrelated LRs with E[LR] = 1 are capped below T, then none of 200 simulated sums exceeds the bound (its risk α is 1 in 1,000)', () => {
    // A log-normal LR with mean 1 (μ = −σ²/2), as a log10 LR sum over loci roughly is.
    let seed = 7;
    const uniform = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const sigma = 3;
    const n = 2000;
    const t = 10_000;
    const bound = 10 ** log10UnreportedLrBound(n, n, t);
    let over = 0;
    for (let run = 0; run < 200; run++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const lr = Math.exp(-sigma * sigma / 2 + sigma * normal());
        if (lr < t) sum += lr;
      }
      if (sum > bound) over++;
    }
    expect(over).toBe(0);
  });
});

describe('searchPosteriors', () => {
  it('when two records compete and none is unreported, then P(i) = π LR_i / (π0 + Σ π LR_j), by hand', () => {
    const p = searchPosteriors({ log10Lrs: [6, 5] }, 2, policy);

    const pi = 0.25;
    const d = 0.5 + pi * 1e6 + pi * 1e5;
    expect(p[0]).toBeCloseTo((pi * 1e6) / d, 12);
    expect(p[1]).toBeCloseTo((pi * 1e5) / d, 12);
  });

  it('when the list was cut at maxCandidates, then the unreported records are bounded by its lowest LR, not the threshold', () => {
    const cut = searchPosteriors({ log10Lrs: [9, 8] }, 5, { ...policy, maxCandidates: 2 });

    const pi = 0.5 / 5;
    const unreported = Math.min(3 * 1e8, 1e8 + 5 + Math.sqrt((5 * 1e8 * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK));
    const d = 0.5 + pi * (1e9 + 1e8) + pi * unreported;
    expect(cut[0]).toBeCloseTo((pi * 1e9) / d, 12);
  });

  it('when a reported family weighs twice the average, then its share of the prior doubles', () => {
    const p = searchPosteriors({ log10Lrs: [6], weights: [2] }, 1, policy);

    expect(p[0]).toBeCloseTo((0.5 * 1e6) / (0.5 + 0.5 * 1e6), 12);
    const weighted = searchPosteriors({ log10Lrs: [6, 6], weights: [2, 1] }, 2, policy);
    expect(weighted[0]! / weighted[1]!).toBeCloseTo(2, 12);
  });

  it('when records are searched, then posteriors lie in [0, 1], sum to at most 1, and fall as the database grows (a lower bound)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -5, max: 40, noNaN: true }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (log10Lrs, extra, prior) => {
        const n = log10Lrs.length;
        const p = searchPosteriors({ log10Lrs }, n + extra, { ...policy, priorInDatabase: prior });
        const bigger = searchPosteriors({ log10Lrs }, n + extra + 1000, { ...policy, priorInDatabase: prior });
        const sum = p.reduce((s, x) => s + x, 0);
        expect(sum).toBeLessThanOrEqual(1 + 1e-12);
        p.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(bigger[i]).toBeLessThanOrEqual(x * (1 + 1e-12));
        });
      },
    ));
  });
});

describe('databasePosteriorsOverFoundPersonsOf', () => {
  let dir: string;
  let store: EmbeddedStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-reverse-posterior-'));
    store = EmbeddedStore.open({ dataDir: dir });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A stored found person with his own profile; returns his id. */
  async function foundPerson(estimatedBirthYear: number | null = 2014): Promise<string> {
    const profile = aProfile({ kind: 'found' });
    await store.profiles.insert(profile);
    const person = aFoundPerson(profile.id, { estimatedBirthYear });
    await store.foundPersons.insert(person);
    return person.id;
  }

  /** A stored match of the case with the found person at the given log10 LR. */
  async function match(caseId: string, foundPersonId: string, log10Lr: number) {
    return store.matches.upsert(aMatch(caseId, foundPersonId, { log10Lr, lr: 10 ** log10Lr, databaseSize: 7 }));
  }

  it('when one family matches two found persons among three, then each posterior is π·LR / (π0 + Σ π·LR + π·bound of the third), by hand', async () => {
    const c = aCase();
    await store.cases.insert(c);
    const strong = await match(c.id, await foundPerson(), 6);
    const weak = await match(c.id, await foundPerson(), 5);

    const posteriors = await databasePosteriorsOverFoundPersonsOf(store, 3, aSearchPolicy(1), [strong]);

    // M = 3 found persons, priorInDatabase 0.5 shared uniformly: π = 0.5 / 3 = 1/6, π0 = 0.5. The third
    // found person is unreported, below the threshold T = 10,000: the sure bound 1 · T is below the
    // probable T + M + √(M T · 999) ≈ 15,477. Denominator 0.5 + (10^6 + 10^5 + 10^4) / 6 = 185,000.5, so
    // P(strong) = (10^6 / 6) / 185,000.5 = 10^6 / 1,110,003 ≈ 0.90090 and P(weak) = 10^5 / 1,110,003 ≈ 0.09009.
    expect(posteriors.get(strong.id)).toBeCloseTo(1e6 / 1_110_003, 12);
    expect(posteriors.get(weak.id)).toBeCloseTo(1e5 / 1_110_003, 12);
    expect(posteriors.get(strong.id)).toBeCloseTo(0.9009, 4);
  });

  it('when no index gives M, then the store\'s count of found persons is used, not the stored databaseSize', async () => {
    const c = aCase();
    await store.cases.insert(c);
    const only = await match(c.id, await foundPerson(), 6);
    await foundPerson();
    await foundPerson();

    const posteriors = await databasePosteriorsOverFoundPersonsOf(store, null, aSearchPolicy(1), [only]);

    // M = 3 (the store's found persons), not the match's databaseSize 7: π = 1/6; the two unreported are bounded by
    // min(2 · T, T + M + √(M T (1 − α) / α)) = T + 3 + √(3 · 10^4 · 999) ≈ 15,477.6, the probable bound.
    const pi = 0.5 / 3;
    const unreported = 1e4 + 3 + Math.sqrt((3 * 1e4 * (1 - UNREPORTED_BOUND_RISK)) / UNREPORTED_BOUND_RISK);
    expect(posteriors.get(only.id)).toBeCloseTo((pi * 1e6) / (0.5 + pi * 1e6 + pi * unreported), 12);
  });

  it('when another case also matches the found person, then its match does not enter this family\'s posterior', async () => {
    const c = aCase();
    const other = aCase();
    await store.cases.insert(c);
    await store.cases.insert(other);
    const person = await foundPerson();
    const mine = await match(c.id, person, 6);
    await match(other.id, person, 9);

    const posteriors = await databasePosteriorsOverFoundPersonsOf(store, 1, aSearchPolicy(1), [mine]);

    expect(posteriors.get(mine.id)).toBeCloseTo((0.5 * 1e6) / (0.5 + 0.5 * 1e6), 12);
  });

  it('when the policy weights the prior by age, then each found person\'s share follows his estimated birth year against the child\'s, by hand', async () => {
    const c = aCase({ child: { ...aCase().child, birthDate: '2014-02-03' } });
    await store.cases.insert(c);
    const near = await match(c.id, await foundPerson(2014), 6);
    const far = await match(c.id, await foundPerson(2010), 6);

    const posteriors = await databasePosteriorsOverFoundPersonsOf(store, 2, aSearchPolicy(1, { ageWeightedPrior: true }), [near, far]);

    // Equal LRs, so the posteriors stand in the ratio of the shares: K(0) : K(4) = 1 : exp(−16 / 8) with σ = 2.
    const [wNear, wFar, wAverage] = ageWeightedPriorSharesOverFoundPersons([2014, 2010, null], '2014-02-03');
    const pi = 0.5 / 2;
    const denominator = 0.5 + pi * ((wNear! + wFar!) / wAverage!) * 1e6;
    expect(posteriors.get(near.id)).toBeCloseTo((pi * (wNear! / wAverage!) * 1e6) / denominator, 12);
    expect(posteriors.get(far.id)! / posteriors.get(near.id)!).toBeCloseTo(Math.exp(-2), 12);
  });
});
