import { compilePedigree, genotypeArray, unrelatedLrDistribution } from '../../../src/kinship';
import type { FamilyInput } from '../../../src/matching';
import { FalseHitRates } from '../../../src/services/matches/false-hit-rates';
import { typedAt } from '../../../src/services/matches/typed-at';
import { createMatchingTestApp, nistPerson } from '../../support/matching-app';

/** A father-only family (father typed, the child missing). */
function duo(father: Readonly<Record<string, readonly string[]>>): FamilyInput {
  return {
    individuals: [{ id: 'FA', sex: 'male' }, { id: 'MO', sex: 'female' }, { id: 'CH', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'CH',
    typed: { FA: father },
  };
}

/** An engine stand-in that answers each family's rate from a table, after the caller lets it. */
function deferredEngine(rateOf: (f: FamilyInput) => number) {
  const waiting: Array<() => void> = [];
  return {
    release: () => waiting.splice(0).forEach((go) => go()),
    falseHitRates: (families: readonly FamilyInput[]) =>
      new Promise<Float64Array>((resolve) => waiting.push(() => resolve(Float64Array.from(families, rateOf)))),
  };
}

describe('FalseHitRates', () => {
  it('when families are indexed, replaced and removed, then the total is always the sum of the indexed rates', async () => {
    const engine = deferredEngine((f) => (f.typed.FA === undefined ? 0 : Number(f.typed.FA.vWA![0]) / 1000));
    const rates = new FalseHitRates(engine);

    const first = rates.upsertMany([['a', duo({ vWA: ['12', '12'] })], ['b', duo({ vWA: ['15', '16'] })]]);
    engine.release();
    await first;
    const again = rates.upsertMany([['a', duo({ vWA: ['14', '14'] })]]);
    engine.release();
    await again;

    expect(rates.rateOf('a')).toBe(0.014);
    expect(rates.total).toBeCloseTo(0.014 + 0.015, 15);
    rates.remove('b');
    expect(rates.total).toBeCloseTo(0.014, 15);
    expect(rates.rateOf('b')).toBeUndefined();
    rates.remove('a');
    expect(rates.total).toBe(0);
  });

  it('when a family is removed while its rate is being computed, then the late rate does not bring it back', async () => {
    const engine = deferredEngine(() => 0.5);
    const rates = new FalseHitRates(engine);

    const pending = rates.upsertMany([['a', duo({ vWA: ['12', '12'] })]]);
    rates.remove('a');
    engine.release();
    await pending;

    expect(rates.rateOf('a')).toBeUndefined();
    expect(rates.total).toBe(0);
  });

  it('when a real father-only family on the NIST 1036 loci is calibrated at 10,000 on the pool, then its rate is within 30% of the exact grid tail', async () => {
    const t = await createMatchingTestApp();
    try {
      const engine = t.index.engine;
      const family = duo(nistPerson(5));
      await engine.upsertFamily('nist-5', family);
      const rate = await new FalseHitRates(engine).rateFor(family);

      const models = engine.locusModels();
      const pedigree = compilePedigree(family.individuals, 'duo');
      const law = unrelatedLrDistribution(pedigree, pedigree.indexOf('CH'), models, models.map((m) => genotypeArray(pedigree, typedAt(family.typed, m), m, m.name)));
      const exact = law.exceedance(Math.log10(engine.policy.thresholdLr));
      expect(rate / exact).toBeGreaterThan(0.7);
      expect(rate / exact).toBeLessThan(1.3);
    } finally {
      await t.close();
    }
  });
});
