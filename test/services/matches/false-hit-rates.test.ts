import fc from 'fast-check';
import { compileLocusModel, compilePedigree, genotypeArray, unrelatedLrDistribution, type CompiledLocusModel } from '../../../src/kinship';
import type { FamilyInput } from '../../../src/matching';
import { FalseHitRates } from '../../../src/services/matches/false-hit-rates';
import { typedAt } from '../../../src/services/matches/typed-at';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

const FREQS: Readonly<Record<string, number>> = { 10: 0.1, 11: 0.2, 12: 0.3, 13: 0.4 };
const models: CompiledLocusModel[] = ['D3S1358', 'vWA', 'FGA'].map((name) => compileLocusModel({ name, frequencies: FREQS }));

/** A father-only family (father typed, the child missing). */
function duo(father: Readonly<Record<string, readonly string[]>>): FamilyInput {
  return {
    individuals: [{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'CH', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'CH',
    typed: { FA: father },
  };
}

const father = { D3S1358: ['10', '11'], vWA: ['12', '12'], FGA: ['10', '13'] };

/**
 * P(LR >= t | unrelated) for a father-only family by exact enumeration: per locus the duo LR of a
 * child genotype g against the father's f without mutation is P(g | f) / P(g) (Evett & Weir 2.0).
 */
function exactExceedance(t: number): number {
  const alleles = Object.keys(FREQS);
  const perLocus = Object.values(father).map(([f0, f1]) => {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < alleles.length; i++) {
      for (let j = i; j < alleles.length; j++) {
        const [a, b] = [alleles[i]!, alleles[j]!];
        const pg = a === b ? FREQS[a]! ** 2 : 2 * FREQS[a]! * FREQS[b]!;
        const fromFather = (x: string) => ((f0 === x ? 0.5 : 0) + (f1 === x ? 0.5 : 0));
        const given = a === b ? fromFather(a) * FREQS[a]! : fromFather(a) * FREQS[b]! + fromFather(b) * FREQS[a]!;
        out.push([given / pg, pg]);
      }
    }
    return out;
  });
  let p = 0;
  for (const [l0, p0] of perLocus[0]!) for (const [l1, p1] of perLocus[1]!) for (const [l2, p2] of perLocus[2]!) if (l0 * l1 * l2 >= t * (1 - 1e-12)) p += p0 * p1 * p2;
  return p;
}

describe('FalseHitRates', () => {
  it('when families are indexed, replaced and removed, then the total is always the sum of the indexed rates', () => {
    const rates = new FalseHitRates(() => models, { thresholdLr: 4, minLociCompared: 0, theta: 0 });

    rates.upsert('a', duo(father));
    rates.upsert('b', duo({ D3S1358: ['12', '13'], vWA: ['10', '11'], FGA: ['11', '11'] }));
    rates.upsert('a', duo(father));

    expect(rates.total).toBeCloseTo(rates.rateOf('a')! + rates.rateOf('b')!, 15);
    rates.remove('b');
    expect(rates.total).toBeCloseTo(rates.rateOf('a')!, 15);
    expect(rates.rateOf('b')).toBeUndefined();
    rates.remove('a');
    expect(rates.total).toBe(0);
  });

  it('when the threshold is 1, then a father-only family\'s rate is the exact enumerated P(LR >= 1 | unrelated)', () => {
    const rate = new FalseHitRates(() => models, { thresholdLr: 1, minLociCompared: 0, theta: 0 }).rateFor(duo(father));

    expect(rate).toBeCloseTo(exactExceedance(1), 9);
  });

  it('when a real father-only family on the NIST 1036 loci is calibrated at 10,000, then its rate is within 30% of the exact grid tail', async () => {
    const t = await createMatchingTestApp();
    try {
      const engineModels = t.index.engine.locusModels();
      const family = duo(nistPerson(5));
      const rate = new FalseHitRates(() => engineModels, { thresholdLr: 10_000, minLociCompared: 0, theta: 0 }).rateFor(family);

      const pedigree = compilePedigree(family.individuals, 'duo');
      const law = unrelatedLrDistribution(pedigree, pedigree.indexOf('CH'), engineModels, engineModels.map((m) => genotypeArray(pedigree, typedAt(family.typed, m), m, m.name)));
      const exact = law.exceedance(4);
      expect(rate / exact).toBeGreaterThan(0.7);
      expect(rate / exact).toBeLessThan(1.3);
    } finally {
      await t.close();
    }
  });

  it('when the family cannot be compared on enough loci, then its rate is 0', () => {
    const rates = new FalseHitRates(() => models, { thresholdLr: 1, minLociCompared: 4, theta: 0 });

    expect(rates.rateFor(duo(father))).toBe(0);
  });

  it('when any threshold is set, then the rate is a probability within Turing\'s bound 1/threshold', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 1e4, noNaN: true }), (t) => {
      const rate = new FalseHitRates(() => models, { thresholdLr: t, minLociCompared: 0, theta: 0 }).rateFor(duo(father));
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(Math.min(1, 1 / t) + 1e-12);
    }), { numRuns: 50 });
  });
});
