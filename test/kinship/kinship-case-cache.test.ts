import fc from 'fast-check';
import { evaluateCases, KinshipCaseCache, validateKinshipCase, type MissingPersonCase } from '../../src/kinship';

/** A father–child duo at one locus, with the frequencies and mutation given. */
function duo(id: string, frequencies: Record<string, number>, mutation?: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    loci: [{ name: 'D18S51', frequencies, ...(mutation ? { mutation } : {}) }],
    pedigree: [{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'MP',
    genotypes: { FA: { D18S51: ['13', '15'] }, POI: { D18S51: ['15', '17'] } },
  };
}

describe('KinshipCaseCache', () => {
  it('when two cases spell the same locus, mutation model and pedigree, then they share one compiled model and one compiled pedigree', () => {
    const cache = new KinshipCaseCache();
    const a = validateKinshipCase(duo('a', { 13: 0.3, 15: 0.2, 17: 0.5 }, { model: 'equal', rate: 0.002 }), 0, cache) as MissingPersonCase;
    const b = validateKinshipCase(duo('b', { 13: 0.3, 15: 0.2, 17: 0.5 }, { model: 'equal', rate: 0.002 }), 1, cache) as MissingPersonCase;

    expect(b.loci[0]).toBe(a.loci[0]);
    expect(cache.model(b.loci[0]!, b.loci[0]!.mutation!, false)).toBe(cache.model(a.loci[0]!, a.loci[0]!.mutation!, false));
    expect(cache.pedigree(b.pedigree, 'b')).toBe(cache.pedigree(a.pedigree, 'a'));
  });

  it('when a locus differs in one frequency or in its mutation model, then it gets its own model', () => {
    const cache = new KinshipCaseCache();
    const a = validateKinshipCase(duo('a', { 13: 0.3, 15: 0.2, 17: 0.5 }), 0, cache);
    const b = validateKinshipCase(duo('b', { 13: 0.3, 15: 0.25, 17: 0.45 }), 1, cache);

    expect(b.loci[0]).not.toBe(a.loci[0]);
    expect(cache.model(a.loci[0]!, { model: 'equal', rate: 0.002 }, false)).not.toBe(cache.model(a.loci[0]!, { model: 'equal', rate: 0.003 }, false));
  });

  it('when an invalid locus is met twice, then both cases get the error (failures are not cached)', () => {
    const bad = duo('bad', { 13: 0.3, 15: -0.2, 17: 0.9 });

    const { results } = evaluateCases({ cases: [bad, { ...bad, id: 'bad2' }] });

    expect(results.map((r) => typeof r.error)).toEqual(['string', 'string']);
  });

  it('when random files of duos are evaluated with one shared cache or a fresh cache per case, then every result is the same', () => {
    const arbCase = fc.record({
      p15: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
      mutation: fc.constantFrom(undefined, { model: 'equal', rate: 0.002 }, { model: 'stepwise', rate: 0.003, rate2: 1e-6, range: 0.5 }),
    });
    fc.assert(fc.property(fc.array(arbCase, { minLength: 1, maxLength: 8 }), (specs) => {
      const cases = specs.map((s, k) => duo(`c${k}`, { 13: 0.3, 15: s.p15, 17: 0.7 - s.p15 }, s.mutation));

      const shared = evaluateCases({ cases }).results;
      const fresh = cases.map((c) => evaluateCases([c]).results[0]);

      expect(shared).toEqual(fresh);
    }), { numRuns: 40 });
  });
});
