import fc from 'fast-check';
import { compileLocusModel, type CompiledLocusModel } from '../../src/kinship';
import { FalseHitRateCalculator, type GenotypeFill } from '../../src/matching/false-hit-rate-calculator';
import { FalseHitRateRunner, falseHitRateTask, type TypedFamily } from '../../src/matching/false-hit-rate-task';
import { genotypeCode, type PanelSpec } from '../../src/matching/locus-panel';

const FREQS: Readonly<Record<string, number>> = { 10: 0.1, 11: 0.2, 12: 0.3, 13: 0.4 };
const LOCI = ['D3S1358', 'vWA', 'FGA'];
const ALLELES = Object.keys(FREQS);
const models: CompiledLocusModel[] = LOCI.map((name) => compileLocusModel({ name, frequencies: FREQS }));
const panel: PanelSpec = {
  generation: 1,
  loci: LOCI.map((name) => ({ name, alleles: ALLELES, frequencies: ALLELES.map((a) => FREQS[a]!), mutation: null, tableAlleles: ALLELES.length })),
};

/** A father-only family (father typed, the child missing). */
function duo(father: Readonly<Record<string, readonly string[]>>): TypedFamily {
  return {
    individuals: [{ id: 'FA', father: null, mother: null, sex: 'male' }, { id: 'MO', father: null, mother: null, sex: 'female' }, { id: 'CH', father: 'FA', mother: 'MO', sex: 'male' }],
    missing: 'CH',
    typed: { FA: father },
  };
}

/** Both parents typed, the child missing. */
function trio(fa: Readonly<Record<string, readonly string[]>>, mo: Readonly<Record<string, readonly string[]>>): TypedFamily {
  return { ...duo(fa), typed: { FA: fa, MO: mo } };
}

/** The typed members' allele indices at each locus, read from the designations. */
function fillOf(family: TypedFamily): GenotypeFill {
  return (pedigree, l, out) => {
    for (const [id, g] of Object.entries(family.typed)) {
      const pair = g[LOCI[l]!];
      if (!pair) continue;
      const [a, b] = [models[l]!.indexOf(pair[0]!), models[l]!.indexOf(pair[1]!)];
      out[2 * pedigree.indexOf(id)] = Math.min(a, b);
      out[2 * pedigree.indexOf(id) + 1] = Math.max(a, b);
    }
  };
}

const father = { D3S1358: ['10', '11'], vWA: ['12', '12'], FGA: ['10', '13'] };

/**
 * P(LR >= t | unrelated) for a father-only family by exact enumeration: per locus the duo LR of a
 * child genotype g against the father's f without mutation is P(g | f) / P(g) (Evett & Weir 2.0).
 */
function exactExceedance(t: number): number {
  const perLocus = Object.values(father).map(([f0, f1]) => {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < ALLELES.length; i++) {
      for (let j = i; j < ALLELES.length; j++) {
        const [a, b] = [ALLELES[i]!, ALLELES[j]!];
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

const genotype = fc.tuple(fc.constantFrom(...ALLELES), fc.constantFrom(...ALLELES)).map(([a, b]) => (FREQS[a]! <= FREQS[b]! ? [a, b] : [b, a]));
const profile = fc.tuple(genotype, genotype, genotype).map(([a, b, c]) => ({ D3S1358: a, vWA: b, FGA: c }));

describe('FalseHitRateCalculator', () => {
  it('when the threshold is 1, then a father-only family\'s rate is the exact enumerated P(LR >= 1 | unrelated)', () => {
    const rate = new FalseHitRateCalculator({ thresholdLr: 1, minLociCompared: 0 }).rateOf(duo(father), models, fillOf(duo(father)));

    expect(rate).toBeCloseTo(exactExceedance(1), 9);
  });

  it('when the family cannot be compared on enough loci, then its rate is 0', () => {
    const rate = new FalseHitRateCalculator({ thresholdLr: 1, minLociCompared: 4 }).rateOf(duo(father), models, fillOf(duo(father)));

    expect(rate).toBe(0);
  });

  it('when any threshold is set, then the rate is a probability within Turing\'s bound 1/threshold', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 1e4, noNaN: true }), profile, (t, fa) => {
      const rate = new FalseHitRateCalculator({ thresholdLr: t, minLociCompared: 0 }).rateOf(duo(fa), models, fillOf(duo(fa)));
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(Math.min(1, 1 / t) + 1e-12);
    }), { numRuns: 50 });
  });

  it('when one locus gets a new model, then the rates equal a fresh calculator\'s on the new models', () => {
    const calculator = new FalseHitRateCalculator({ thresholdLr: 10, minLociCompared: 0 });
    const family = trio(father, { D3S1358: ['12', '13'], vWA: ['10', '11'], FGA: ['11', '11'] });
    calculator.rateOf(family, models, fillOf(family));
    const learned = [models[0]!, compileLocusModel({ name: 'vWA', frequencies: { 10: 0.05, 11: 0.1, 12: 0.2, 13: 0.3, 14: 0.35 } }), models[2]!];

    const kept = calculator.rateOf(family, learned, fillOf(family));
    const fresh = new FalseHitRateCalculator(calculator.policy).rateOf(family, learned, fillOf(family));

    expect(kept).toBe(fresh);
    expect(kept).not.toBe(calculator.rateOf(family, models, fillOf(family)));
  });
});

describe('falseHitRateTask', () => {
  it('when a batch of duos and trios is packed and run, then each rate equals the calculator\'s for that family', () => {
    fc.assert(fc.property(fc.array(fc.tuple(profile, fc.option(profile, { nil: undefined })), { minLength: 1, maxLength: 8 }), (drawn) => {
      const families = drawn.map(([fa, mo]) => (mo ? trio(fa, mo) : duo(fa)));
      const policy = { thresholdLr: 10, minLociCompared: 0 };
      const codes = (f: TypedFamily, id: string) =>
        Uint16Array.from(LOCI, (l) => genotypeCode(ALLELES.indexOf(f.typed[id]![l]![0]!), ALLELES.indexOf(f.typed[id]![l]![1]!)));

      const rates = new FalseHitRateRunner().run(falseHitRateTask(panel, policy, families, codes));

      const direct = new FalseHitRateCalculator(policy);
      families.forEach((f, i) => expect(rates[i]).toBeCloseTo(direct.rateOf(f, models, fillOf(f)), 14));
    }), { numRuns: 30 });
  });
});
