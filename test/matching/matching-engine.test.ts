import fc from 'fast-check';
import { MatchingEngine, mulberry32, type FamilyInput, type ProfileGenotypes, type SearchPolicyValues } from '../../src/matching';
import { FalseHitRateCalculator } from '../../src/matching/false-hit-rate-calculator';
import { arbMutation } from '../kinship/support/arbitraries';
import { relativeError } from '../kinship/support/brute-force';
import { buildReferenceFamily } from '../kinship/support/reference-families';
import {
  childOf, exhaustiveSearch, makeFamily, makeTable, MINIMUM_FREQUENCY, noteAlleles, randomPerson, referenceModels, type World,
} from './support/world';

function newEngine(world: Pick<World, 'table' | 'mutation' | 'policy'>, workers = 0): Promise<MatchingEngine> {
  return MatchingEngine.create({ table: world.table, policy: world.policy, mutation: () => world.mutation, minimumFrequency: MINIMUM_FREQUENCY, workers });
}

function expectSameCandidates(actual: Awaited<ReturnType<MatchingEngine['searchFamilies']>>, expected: ReturnType<typeof exhaustiveSearch>): void {
  expect(actual.candidates.map((c) => c.key).sort()).toEqual(expected.map((e) => e.key).sort());
  const byKey = new Map(expected.map((e) => [e.key, e]));
  for (const c of actual.candidates) {
    const e = byKey.get(c.key)!;
    expect(relativeError(c.LR, e.LR)).toBeLessThan(1e-9);
    expect(c.inconsistentLoci).toBe(e.inconsistentLoci);
    expect(c.lociCompared).toBe(e.lociCompared);
  }
}

/**
 * Builds a world and indexes it the ways the service does — half in one start-up batch, half one
 * write at a time, then some removals and replacements — and returns what the test needs.
 */
async function indexWorld(seed: number, size: number, mutationSpec: World['mutation'], workers = 0, theta = 0, maxRelatives = 3, maxAlleles = 6) {
  const random = mulberry32(seed);
  const table = makeTable(random, 6 + Math.floor(random() * 3), maxAlleles);
  const policy: SearchPolicyValues = {
    thresholdLr: [0, 1, 10, 100][Math.floor(random() * 4)]!,
    maxInconsistentLoci: Math.floor(random() * 4),
    minLociCompared: Math.floor(random() * 5),
    theta,
    prior: 0.5,
    maxCandidates: 100_000,
  };
  const world: World = { table, mutation: mutationSpec, policy, families: new Map(), random };
  const engine = await newEngine(world, workers);
  const met = new Map<string, Set<string>>();
  const live = new Map<string, FamilyInput>();
  const batch: Array<[string, FamilyInput]> = [];
  for (let i = 0; i < size; i++) {
    const family = makeFamily(world, maxRelatives);
    world.families.set(`case_${i}`, family);
    for (const g of Object.values(family.input.typed)) noteAlleles(met, g);
    if (i < size / 2) batch.push([`case_${i}`, family.input]);
    else await engine.upsertFamily(`case_${i}`, family.input);
    live.set(`case_${i}`, family.input);
  }
  await engine.upsertFamilies(batch);
  // Writes after the build: removals, and families replaced by another shape.
  for (let i = 0; i < size; i += 37) {
    await engine.removeFamily(`case_${i}`);
    live.delete(`case_${i}`);
  }
  for (let i = 5; i < size; i += 41) {
    const family = makeFamily(world, Math.min(2, maxRelatives));
    for (const g of Object.values(family.input.typed)) noteAlleles(met, g);
    world.families.set(`case_${i}`, family);
    await engine.upsertFamily(`case_${i}`, family.input);
    live.set(`case_${i}`, family.input);
  }
  return { world, engine, met, live };
}

describe('MatchingEngine.searchFamilies', () => {
  const searchEqualsExhaustiveScan = async (seed: number, size: number, mutation: World['mutation'], theta: number, maxRelatives = 3, maxAlleles = 6): Promise<void> => {
    const { world, engine, met, live } = await indexWorld(seed, size, mutation, 0, theta, maxRelatives, maxAlleles);
    try {
      const keys = [...live.keys()];
      const queries: ProfileGenotypes[] = [];
      for (let q = 0; q < 2; q++) {
        const family = world.families.get(keys[Math.floor(world.random() * keys.length)]!)!;
        queries.push(childOf(world, family.father, family.mother));
      }
      queries.push(randomPerson(world));
      for (const poi of queries) {
        noteAlleles(met, poi);
        const actual = await engine.searchFamilies(poi);
        expectSameCandidates(actual, exhaustiveSearch(live, poi, referenceModels(world, met), world.policy));
      }
    } finally {
      await engine.close();
    }
  };

  it('when random databases of a few hundred families are searched (θ = 0, any mutation model), then the screened search returns exactly the candidates and LRs of an exhaustive exact scan', async () => {
    // Every θ = 0 template kind (screened, table, bound) appears at this size, most segments within
    // one 32-row word (segments of many words: the next test); the same check on tens of
    // thousands of simulated families is `npm run bench -- --verify`.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), arbMutation(true, 6), (seed, mutation) => searchEqualsExhaustiveScan(seed, 400, mutation ?? null, 0)),
      { numRuns: 5 },
    );
  });

  it.each([
    ['screened', 'trio', ['father', 'mother'], 0], ['screened', 'single', ['mother'], 0], ['screened', 'union', ['paternalGrandfather', 'paternalGrandmother'], 0],
    ['screened', 'generic', ['father', 'maternalGrandfather', 'maternalGrandmother'], 0], ['table', 'one-relative', ['paternalUncle'], 0],
    ['bound', 'two-relative', ['fullSibling', 'maternalAunt'], 0],
    ['table', 'one-relative', ['fullSibling'], 0.02], ['table', 'one-relative', ['maternalHalfSibling'], 0.02],
    ['bound', 'two-relative', ['fullSibling', 'fullSibling'], 0.02],
  ] as const)('when one %s segment (%s, θ = %d) spans several 32-row words with removed rows, then the search equals the exhaustive scan', async (kind, _shape, relationships, theta) => {
    const random = mulberry32(31337);
    const world: World = {
      table: makeTable(random, 6, 5), mutation: { model: 'stepwise', rate: 0.01, rate2: 1e-5, range: 0.5 },
      policy: { thresholdLr: 1, maxInconsistentLoci: 1, minLociCompared: 3, theta, prior: 0.5, maxCandidates: 100_000 },
      families: new Map(), random,
    };
    const engine = await newEngine(world);
    try {
      const met = new Map<string, Set<string>>();
      const live = new Map<string, FamilyInput>();
      const families = Array.from({ length: 110 }, () => makeFamily(world, 3, 0.08, { sex: 'female', relationships: [...relationships] }));
      families.forEach((f, i) => {
        for (const g of Object.values(f.input.typed)) noteAlleles(met, g);
        live.set(`case_${i}`, f.input);
      });
      await engine.upsertFamilies([...live]);
      for (let i = 3; i < families.length; i += 7) {
        await engine.removeFamily(`case_${i}`);
        live.delete(`case_${i}`);
      }
      expect(engine.stats().templates.map((t) => t.kind)).toEqual([kind]);
      let found = 0;
      for (const poi of [childOf(world, families[40]!.father, families[40]!.mother), childOf(world, families[100]!.father, families[100]!.mother), randomPerson(world)]) {
        noteAlleles(met, poi);
        const actual = await engine.searchFamilies(poi);
        expectSameCandidates(actual, exhaustiveSearch(live, poi, referenceModels(world, met), world.policy));
        found += actual.candidates.length;
      }
      expect(found).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('when θ > 0 (single relatives tabled at θ, sibships pruned by their inconsistency flags), then the search still equals the exhaustive scan', async () => {
    // The exhaustive scan runs the peeling engine, which sums untyped founders' alleles jointly
    // (Balding–Nichols) at θ > 0, so the worlds are smaller and their loci have fewer alleles;
    // forty families of one or two relatives already hold both a tabled single and a sibship.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom<World['mutation']>(null, { model: 'proportional', rate: 0.002 }),
        fc.double({ min: 0.005, max: 0.05, noNaN: true }),
        (seed, mutation, theta) => searchEqualsExhaustiveScan(seed, 40, mutation, theta, 2, 4),
      ),
      { numRuns: 3 },
    );
  });

  it('when the threshold is set to the exact LR of any one family and POI, then the search returns that family (no bound or screen may drop it)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), arbMutation(true, 7), async (seed, mutation) => {
        const random = mulberry32(seed);
        const world: World = {
          table: makeTable(random, 5, 6), mutation: mutation ?? null,
          policy: { thresholdLr: 1, maxInconsistentLoci: 3, minLociCompared: 0, theta: 0, prior: 0.5, maxCandidates: 100_000 },
          families: new Map(), random,
        };
        const engine = await newEngine(world);
        try {
          const families = Array.from({ length: 40 }, () => makeFamily(world, 3, 0.1));
          for (const [i, f] of families.entries()) await engine.upsertFamily(`case_${i}`, f.input);
          for (let q = 0; q < 12; q++) {
            const i = Math.floor(random() * families.length);
            const f = families[i]!;
            const poi = q % 2 === 0 ? childOf(world, f.father, f.mother, 0.1) : randomPerson(world);
            const exact = (await engine.score(f.input, poi))!;
            if (!(exact.LR > 0) || exact.inconsistentLoci > 3) continue;
            const found = await engine.searchFamilies(poi, { thresholdLr: exact.LR });
            expect(found.candidates.map((c) => c.key)).toContain(`case_${i}`);
          }
        } finally {
          await engine.close();
        }
      }),
      { numRuns: 10 },
    );
  });

  it.each([
    [['fullSibling', 'fullSibling']], [['paternalAunt', 'paternalUncle']], [['paternalGrandfather', 'paternalAunt']], [['fullSibling', 'maternalGrandfather']],
  ] as const)('when families %j are searched with the threshold at the exact LR of each POI genotype (rare alleles, strong mutation), then the bound never drops them', async (relationships) => {
    for (const mutation of [{ model: 'stepwise', rate: 0.3, rate2: 0.01, range: 0.5 }, { model: 'onestep', rate: 0.2 }, null] as const) {
      const table = { name: 't', population: '', source: '', license_note: '', sampleSize: null, notes: [], loci: { TH01: { '6': 0.3, '7': 0.3, '8': 0.005, '9': 0.385, '10': 0.01 } } };
      const world: World = { table, mutation, policy: { thresholdLr: 1, maxInconsistentLoci: 1, minLociCompared: 0, theta: 0, prior: 0.5, maxCandidates: 10 }, families: new Map(), random: mulberry32(5) };
      const engine = await newEngine(world);
      try {
        const relatives = [['6', '9'], ['7', '9'], ['6', '7']] as const;
        const family = buildReferenceFamily('male', [...relationships]);
        const input: FamilyInput = { individuals: family.individuals, missing: 'MP', typed: Object.fromEntries(family.relatives.map((id, k) => [id, { TH01: [...relatives[k]!] }])) };
        await engine.upsertFamily('case_b', input);
        const alleles = Object.keys(table.loci.TH01);
        for (const x of alleles) {
          for (const y of alleles) {
            const exact = (await engine.score(input, { TH01: [x, y] }))!;
            if (!(exact.LR > 0) || exact.inconsistentLoci > 1) continue;
            const found = await engine.searchFamilies({ TH01: [x, y] }, { thresholdLr: exact.LR });
            expect(found.candidates.map((c) => c.key)).toEqual(['case_b']);
          }
        }
      } finally {
        await engine.close();
      }
    }
  });

  it.each([0, 1, 2, 3])('when a trio child differs from its parents at exactly %i loci, then it is a candidate only if that many inconsistencies are allowed', async (k) => {
    const random = mulberry32(77 + k);
    const table = makeTable(random, 10, 7);
    const world: World = { table, mutation: { model: 'stepwise', rate: 0.01, rate2: 1e-5, range: 0.5 }, policy: { thresholdLr: 1e-30, maxInconsistentLoci: k, minLociCompared: 0, theta: 0, prior: 0.5, maxCandidates: 10 }, families: new Map(), random };
    const engine = await newEngine(world);
    try {
      const fa = randomPerson(world);
      const mo = randomPerson(world);
      const child = childOf(world, fa, mo, 0);
      // k loci where the paternal allele is one no parent carries (a step beyond the largest).
      Object.keys(child).slice(0, k).forEach((l) => {
        const top = Math.max(...[...fa[l]!, ...mo[l]!].map(Number));
        child[l] = [String(top + 1), child[l]![1]];
      });
      await engine.upsertFamily('case_trio', { individuals: [
        { id: 'FA', father: null, mother: null, sex: 'male' }, { id: 'MO', father: null, mother: null, sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
      ], missing: 'MP', typed: { FA: fa, MO: mo } });
      const allowed = await engine.searchFamilies(child);
      expect(allowed.candidates.map((c) => c.inconsistentLoci)).toEqual([k]);
      if (k > 0) expect((await engine.searchFamilies(child, { maxInconsistentLoci: k - 1 })).candidates).toHaveLength(0);
    } finally {
      await engine.close();
    }
  });

  it('when a worker pool of two threads runs the search, then the candidates equal those of the inline search, and a closed pool refuses work', async () => {
    const inline = await indexWorld(424242, 300, { model: 'stepwise', rate: 0.01, rate2: 1e-5, range: 0.5 }, 0);
    const pooled = await indexWorld(424242, 300, { model: 'stepwise', rate: 0.01, rate2: 1e-5, range: 0.5 }, 2);
    try {
      const family = inline.world.families.get('case_3')!;
      const poi = childOf(inline.world, family.father, family.mother);
      const a = await inline.engine.searchFamilies(poi);
      const b = await pooled.engine.searchFamilies(poi);
      expect(b.candidates.map((c) => [c.key, c.LR])).toEqual(a.candidates.map((c) => [c.key, c.LR]));
      expect(b.stats.rows).toBe(a.stats.rows);
      expect(pooled.engine.stats().workers).toBe(2);
    } finally {
      await inline.engine.close();
      await pooled.engine.close();
    }
    await expect(pooled.engine.searchFamilies({})).rejects.toThrow(/closed/);
  });
});

describe('MatchingEngine.searchFoundPersons', () => {
  it('when random families are searched against a few hundred found persons, then the result equals an exhaustive exact scan of the found persons', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), arbMutation(true, 6), async (seed, mutation) => {
        const random = mulberry32(seed);
        const table = makeTable(random, 6 + Math.floor(random() * 3), 6);
        const policy: SearchPolicyValues = {
          thresholdLr: [1, 10, 100][Math.floor(random() * 3)]!, maxInconsistentLoci: Math.floor(random() * 4), minLociCompared: Math.floor(random() * 5),
          theta: 0, prior: 0.5, maxCandidates: 100_000,
        };
        const world: World = { table, mutation: mutation ?? null, policy, families: new Map(), random };
        const engine = await newEngine(world);
        try {
          const met = new Map<string, Set<string>>();
          const found = new Map<string, ProfileGenotypes>();
          const families = Array.from({ length: 4 }, () => makeFamily(world, 3));
          for (let i = 0; i < 400; i++) {
            const family = families[i % 4]!;
            const person = i % 10 === 0 ? childOf(world, family.father, family.mother) : randomPerson(world);
            noteAlleles(met, person);
            found.set(`fp_${i}`, person);
            await engine.upsertFoundPerson(`fp_${i}`, person);
          }
          for (let i = 0; i < 400; i += 53) {
            await engine.removeFoundPerson(`fp_${i}`);
            found.delete(`fp_${i}`);
          }
          for (const family of families) {
            for (const g of Object.values(family.input.typed)) noteAlleles(met, g);
            const actual = await engine.searchFoundPersons(family.input);
            const models = referenceModels(world, met);
            const expected = [...found].flatMap(([key, person]) =>
              exhaustiveSearch(new Map([[key, family.input]]), person, models, policy));
            expectSameCandidates(actual, expected);
          }
        } finally {
          await engine.close();
        }
      }),
      { numRuns: 3 },
    );
  });
});

describe('MatchingEngine growth across chunks', () => {
  it('when a segment grows past its first chunks while a pool serves searches, then every worker sees the new rows at once and agrees with an inline engine', async () => {
    const random = mulberry32(2024);
    const world: World = {
      table: makeTable(random, 8, 6), mutation: { model: 'stepwise', rate: 0.005, rate2: 1e-6, range: 0.5 },
      policy: { thresholdLr: 10, maxInconsistentLoci: 1, minLociCompared: 4, theta: 0, prior: 0.5, maxCandidates: 100_000 },
      families: new Map(), random,
    };
    const pooled = await newEngine(world, 2);
    const inline = await newEngine(world, 0);
    try {
      const trio = (fa: ProfileGenotypes, mo: ProfileGenotypes): FamilyInput => ({
        individuals: [
          { id: 'FA', father: null, mother: null, sex: 'male' }, { id: 'MO', father: null, mother: null, sex: 'female' },
          { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
        ],
        missing: 'MP', typed: { FA: fa, MO: mo },
      });
      const parents: Array<[ProfileGenotypes, ProfileGenotypes]> = [];
      const add = async (count: number) => {
        const batch: Array<[string, FamilyInput]> = [];
        for (let i = 0; i < count; i++) {
          const pair: [ProfileGenotypes, ProfileGenotypes] = [randomPerson(world), randomPerson(world)];
          parents.push(pair);
          batch.push([`case_${parents.length}`, trio(...pair)]);
        }
        await pooled.upsertFamilies(batch);
        await inline.upsertFamilies(batch);
      };
      await add(900);
      const early = childOf(world, ...parents[5]!, 0);
      expect((await pooled.searchFamilies(early)).candidates.map((c) => c.key)).toContain('case_6');
      await add(2600);
      const late = childOf(world, ...parents[3300]!, 0);
      const a = await pooled.searchFamilies(late);
      const b = await inline.searchFamilies(late);
      expect(a.candidates.map((c) => c.key)).toContain('case_3301');
      expect(a.candidates.map((c) => [c.key, c.LR])).toEqual(b.candidates.map((c) => [c.key, c.LR]));
      expect(a.stats.rows).toBe(3500);
      expect(pooled.familyCount).toBe(3500);
    } finally {
      await pooled.close();
      await inline.close();
    }
  });
});

describe('MatchingEngine index writes', () => {
  const world: World = (() => {
    const random = mulberry32(99);
    return {
      table: makeTable(random, 8, 6),
      mutation: { model: 'equal', rate: 0.005 },
      policy: { thresholdLr: 10, maxInconsistentLoci: 1, minLociCompared: 4, theta: 0, prior: 0.01, maxCandidates: 50 },
      families: new Map(),
      random,
    };
  })();
  const trio = (fa: ProfileGenotypes, mo: ProfileGenotypes): FamilyInput => ({
    individuals: [
      { id: 'FA', father: null, mother: null, sex: 'male' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
    ],
    missing: 'MP',
    typed: { FA: fa, MO: mo },
  });

  it('when a family is added, replaced and removed, then the next search finds it, finds the new version, and then no longer finds it', async () => {
    const engine = await newEngine(world);
    try {
      const fa = randomPerson(world);
      const mo = randomPerson(world);
      const child = childOf(world, fa, mo, 0);
      expect((await engine.searchFamilies(child)).candidates).toHaveLength(0);
      await engine.upsertFamily('case_a', { ...trio(fa, mo), typed: { FA: fa } });
      const first = await engine.searchFamilies(child);
      expect(first.candidates.map((c) => c.key)).toEqual(['case_a']);
      expect(first.candidates[0]!.shape).toBe('father');
      await engine.upsertFamily('case_a', trio(fa, mo));
      const second = await engine.searchFamilies(child);
      expect(second.candidates.map((c) => [c.key, c.shape])).toEqual([['case_a', 'father+mother']]);
      expect(second.candidates[0]!.LR).toBeGreaterThan(first.candidates[0]!.LR);
      expect(engine.familyCount).toBe(1);
      await engine.removeFamily('case_a');
      expect((await engine.searchFamilies(child)).candidates).toHaveLength(0);
      expect(engine.familyCount).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('when found persons are added and a family is searched against them, then its true child is the top candidate with the posterior and expected adventitious count of the policy', async () => {
    const engine = await newEngine(world);
    try {
      const fa = randomPerson(world);
      const mo = randomPerson(world);
      for (let i = 0; i < 300; i++) await engine.upsertFoundPerson(`fp_${i}`, randomPerson(world));
      await engine.upsertFoundPerson('fp_true', childOf(world, fa, mo, 0));
      const result = await engine.searchFoundPersons(trio(fa, mo));
      const top = result.candidates[0]!;
      expect(top.key).toBe('fp_true');
      expect(result.searched).toBe(301);
      expect(top.expectedAdventitious).toBeCloseTo(301 / top.LR, 12);
      const odds = top.LR * (0.01 / 0.99);
      expect(top.posterior).toBeCloseTo(odds / (1 + odds), 12);
      expect(top.lociCompared).toBe(8);
      await engine.removeFoundPerson('fp_true');
      expect((await engine.searchFoundPersons(trio(fa, mo))).candidates.map((c) => c.key)).not.toContain('fp_true');
    } finally {
      await engine.close();
    }
  });

  it('when a found person carries an allele the table lacks, then the panel grows (minimum frequency) and the search still equals the exhaustive scan', async () => {
    const engine = await newEngine(world);
    try {
      const met = new Map<string, Set<string>>();
      const live = new Map<string, FamilyInput>();
      for (let i = 0; i < 200; i++) {
        const family = makeFamily(world, 3, 0);
        for (const g of Object.values(family.input.typed)) noteAlleles(met, g);
        live.set(`case_${i}`, family.input);
        await engine.upsertFamily(`case_${i}`, family.input);
      }
      const before = engine.stats().panelGeneration;
      const family = makeFamily(world, 3, 0);
      const poi = { ...childOf(world, family.father, family.mother, 0), D3S1358: ['21', '8'] };
      live.set('case_new', family.input);
      for (const g of Object.values(family.input.typed)) noteAlleles(met, g);
      await engine.upsertFamily('case_new', family.input);
      noteAlleles(met, poi);
      const actual = await engine.searchFamilies(poi);
      expect(engine.stats().panelGeneration).toBeGreaterThan(before);
      expectSameCandidates(actual, exhaustiveSearch(live, poi, referenceModels(world, met), world.policy));
    } finally {
      await engine.close();
    }
  });
});

describe('MatchingEngine.falseHitRates', () => {
  it('when random families are indexed and their false-hit rates are computed on a pool of two workers, then each equals the calculator\'s rate in this thread on the engine\'s models', async () => {
    const { world, engine, live } = await indexWorld(11, 80, { model: 'stepwise', rate: 0.005, range: 0.1, rate2: 1e-6 }, 2);
    try {
      const families = [...live.values()];
      const rates = await engine.falseHitRates(families);

      const models = engine.locusModels();
      const calculator = new FalseHitRateCalculator(world.policy);
      families.forEach((family, i) => {
        const expected = calculator.rateOf(family, models, (pedigree, l, out) => {
          for (const [id, g] of Object.entries(family.typed)) {
            const pair = g[models[l]!.name];
            if (!pair) continue;
            const [a, b] = [models[l]!.indexOf(pair[0]!), models[l]!.indexOf(pair[1] ?? pair[0]!)];
            out[2 * pedigree.indexOf(id)] = Math.min(a, b);
            out[2 * pedigree.indexOf(id) + 1] = Math.max(a, b);
          }
        });
        expect(rates[i]).toBeGreaterThanOrEqual(0);
        if (expected === 0) expect(rates[i]).toBe(0);
        else expect(relativeError(rates[i]!, expected)).toBeLessThan(1e-12);
      });
      expect(rates.some((r) => r > 0)).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
