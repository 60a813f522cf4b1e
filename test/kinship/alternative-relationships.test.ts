import fc from 'fast-check';
import {
  KAPPA, alternativeRelationships, compileLocusModel, compilePedigree, fastMissingPersonLr, isAlternativeClose, kappaLr,
  kinshipLr, type CompiledLocusModel, type GenotypePair, type Individual, type MissingPersonLocusData, type MutationSpec,
  type RelationshipLr, type Sex,
} from '../../src/kinship';
import { arbGenotype, arbSmallLocus } from './support/arbitraries';
import { caseLoci, drawChild, drawFounder, seeded } from './support/case-loci';
import { arbReferenceFamily } from './support/reference-families';

const I = (id: string, father: string | null, mother: string | null, sex: Sex): Individual => ({ id, father, mother, sex });
const FA = I('FA', null, null, 'male');
const MO = I('MO', null, null, 'female');
const MP = I('MP', 'FA', 'MO', 'male');
const FATHER_ONLY = [FA, MO, MP];
const POI = (sex: Sex, father: string | null = null, mother: string | null = null): Individual => I('POI', father, mother, sex);
const SEX_SPECIFIC_STEPWISE: MutationSpec = { model: 'stepwise', rate2: 1e-6, range: 0.5, female: { rate: 0.001 }, male: { rate: 0.004 } };

type Drawn = { h1: Individual[]; h2: Individual[] };

/** The father-only family with the found person drawn by hand at each relationship (h2: the same drawing, found person unrelated). */
function fatherOnlyDrawings(sex: Sex): Record<string, Drawn> {
  const plain = [...FATHER_ONLY, POI(sex)];
  const paternalParents = [I('GF', null, null, 'male'), I('GM', null, null, 'female'), I('FA', 'GF', 'GM', 'male'), MO, MP];
  const maternalParents = [FA, I('GF', null, null, 'male'), I('GM', null, null, 'female'), I('MO', 'GF', 'GM', 'female'), MP];
  const common: Record<string, Drawn> = {
    missingChild: { h1: [FA, MO, I('POI', 'FA', 'MO', 'male')], h2: plain },
    fullSibling: { h1: [...FATHER_ONLY, POI(sex, 'FA', 'MO')], h2: plain },
    paternalHalfSibling: { h1: [...FATHER_ONLY, I('X', null, null, 'female'), POI(sex, 'FA', 'X')], h2: plain },
    maternalHalfSibling: { h1: [...FATHER_ONLY, I('X', null, null, 'male'), POI(sex, 'X', 'MO')], h2: plain },
    child: { h1: [...FATHER_ONLY, I('W', null, null, 'female'), POI(sex, 'MP', 'W')], h2: plain },
  };
  if (sex === 'male') {
    return {
      ...common,
      paternalGrandfather: {
        h1: [POI('male'), I('G', null, null, 'female'), I('FA', 'POI', 'G', 'male'), MO, MP],
        h2: [...paternalParents, POI('male')],
      },
      maternalGrandfather: {
        h1: [FA, POI('male'), I('G', null, null, 'female'), I('MO', 'POI', 'G', 'female'), MP],
        h2: [...maternalParents, POI('male')],
      },
      paternalUncle: { h1: [...paternalParents, POI('male', 'GF', 'GM')], h2: [...paternalParents, POI('male')] },
      maternalUncle: { h1: [...maternalParents, POI('male', 'GF', 'GM')], h2: [...maternalParents, POI('male')] },
    };
  }
  return {
    ...common,
    mother: { h1: [FA, POI('female'), I('MP', 'FA', 'POI', 'male')], h2: plain },
    paternalGrandmother: {
      h1: [I('G', null, null, 'male'), POI('female'), I('FA', 'G', 'POI', 'male'), MO, MP],
      h2: [...paternalParents, POI('female')],
    },
    maternalGrandmother: {
      h1: [FA, I('G', null, null, 'male'), POI('female'), I('MO', 'G', 'POI', 'female'), MP],
      h2: [...maternalParents, POI('female')],
    },
    paternalAunt: { h1: [...paternalParents, POI('female', 'GF', 'GM')], h2: [...paternalParents, POI('female')] },
    maternalAunt: { h1: [...maternalParents, POI('female', 'GF', 'GM')], h2: [...maternalParents, POI('female')] },
  };
}

/** The general engine's log10 LR of two hand-drawn pedigrees over all loci. */
function handLog10Lr(drawn: Drawn, typed: readonly Record<string, GenotypePair>[], models: readonly CompiledLocusModel[], theta = 0): number {
  return kinshipLr(drawn.h1, drawn.h2, models.map((model, l) => ({ model, typedByPerson: typed[l]! })), { theta }).log10LR;
}

function locusData(models: readonly CompiledLocusModel[], family: readonly Record<string, GenotypePair>[], poi: readonly GenotypePair[]): MissingPersonLocusData[] {
  return models.map((model, l) => ({ model, typedByPerson: family[l]!, poi: poi[l]! }));
}

/** The father and his full brother, simulated on `models` (the brother is the found person). */
function fatherAndBrother(models: readonly CompiledLocusModel[], seed: number): { father: GenotypePair[]; brother: GenotypePair[] } {
  const random = seeded(seed);
  const father: GenotypePair[] = [];
  const brother: GenotypePair[] = [];
  for (const model of models) {
    const gf = drawFounder(model, random);
    const gm = drawFounder(model, random);
    father.push(drawChild(gf, gm, random));
    brother.push(drawChild(gf, gm, random));
  }
  return { father, brother };
}

function expectSameLog10(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThan(1e-10);
}

function log10Of(alternatives: readonly RelationshipLr[], relationship: string): number {
  const found = alternatives.find((a) => a.relationship === relationship);
  if (!found) throw new Error(`no ${relationship} in ${alternatives.map((a) => a.relationship).join(', ')}`);
  return found.log10LR;
}

describe('alternativeRelationships', () => {
  it.each(['male', 'female'] as const)('when the found person (%s) is scored against a father-only family with a sex-specific mutation model, then every relationship equals the engine on the pedigree drawn by hand', (sex) => {
    const models = caseLoci(20, SEX_SPECIFIC_STEPWISE);
    const { father, brother } = fatherAndBrother(models, 7);
    const typed = models.map((_, l) => ({ FA: father[l]!, POI: brother[l]! }));
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: locusData(models, typed.map((t) => ({ FA: t.FA })), brother), foundSex: sex });

    const drawings = fatherOnlyDrawings(sex);
    expect(result.alternatives.map((a) => a.relationship).sort()).toEqual([...Object.keys(drawings), 'unrelated'].sort());
    for (const [relationship, drawn] of Object.entries(drawings)) {
      expectSameLog10(log10Of(result.alternatives, relationship), handLog10Lr(drawn, typed, models));
    }
    expect(log10Of(result.alternatives, 'unrelated')).toBe(0);
  });

  it('when θ > 0 (joint), then the uncle and the claim still equal the engine on the hand-drawn pedigrees with the same θ', () => {
    const models = caseLoci(6);
    const { father, brother } = fatherAndBrother(models, 11);
    const typed = models.map((_, l) => ({ FA: father[l]!, POI: brother[l]! }));
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: locusData(models, typed.map((t) => ({ FA: t.FA })), brother), foundSex: 'male', theta: 0.03 });
    const drawings = fatherOnlyDrawings('male');
    for (const relationship of ['missingChild', 'paternalUncle', 'paternalHalfSibling', 'child']) {
      expectSameLog10(log10Of(result.alternatives, relationship), handLog10Lr(drawings[relationship]!, typed, models, 0.03));
    }
  });

  it('when the family has a typed paternal grandfather and an untyped father, then the grandfather is re-used (no grandfather alternative), the father and grandmother positions take the found person, and the uncle is a child of the grandparents', () => {
    const models = caseLoci(20, { model: 'equal', rate: 0.002 });
    const random = seeded(3);
    const family = [I('PGF', null, null, 'male'), I('PGM', null, null, 'female'), I('FA', 'PGF', 'PGM', 'male'), MO, MP];
    const pgf = models.map((m) => drawFounder(m, random));
    const poi = models.map((m) => drawFounder(m, random));
    const typed = models.map((_, l) => ({ PGF: pgf[l]!, POI: poi[l]! }));
    const loci = locusData(models, typed.map((t) => ({ PGF: t.PGF })), poi);
    const male = alternativeRelationships({ pedigree: family, missingId: 'MP', loci, foundSex: 'male' });
    const female = alternativeRelationships({ pedigree: family, missingId: 'MP', loci, foundSex: 'female' });

    expect(male.alternatives.some((a) => a.relationship === 'paternalGrandfather')).toBe(false);
    const plain = [...family, POI('male')];
    const asFather = { h1: [family[0]!, family[1]!, POI('male', 'PGF', 'PGM'), MO, I('MP', 'POI', 'MO', 'male')], h2: plain };
    const asUncle = { h1: [...family, POI('male', 'PGF', 'PGM')], h2: plain };
    const asGrandmother = { h1: [family[0]!, POI('female'), I('FA', 'PGF', 'POI', 'male'), MO, MP], h2: [...family, POI('female')] };
    expectSameLog10(log10Of(male.alternatives, 'father'), handLog10Lr(asFather, typed, models));
    expectSameLog10(log10Of(male.alternatives, 'paternalUncle'), handLog10Lr(asUncle, typed, models));
    expectSameLog10(log10Of(female.alternatives, 'paternalGrandmother'), handLog10Lr(asGrandmother, typed, models));
  });

  it('when the missing child is a founder with a typed child, then the sibling alternative gives the missing child untyped founder parents in both hypotheses', () => {
    const models = caseLoci(20, { model: 'proportional', rate: 0.002 });
    const random = seeded(5);
    const family = [I('MP', null, null, 'female'), I('C1_FA', null, null, 'male'), I('C1', 'C1_FA', 'MP', 'male')];
    const child = models.map((m) => drawFounder(m, random));
    const poi = models.map((m) => drawFounder(m, random));
    const typed = models.map((_, l) => ({ C1: child[l]!, POI: poi[l]! }));
    const result = alternativeRelationships({ pedigree: family, missingId: 'MP', loci: locusData(models, typed.map((t) => ({ C1: t.C1 })), poi), foundSex: 'female' });
    const withParents = [I('F', null, null, 'male'), I('M', null, null, 'female'), I('MP', 'F', 'M', 'female'), family[1]!, family[2]!];
    const asSibling = { h1: [...withParents, POI('female', 'F', 'M')], h2: [...withParents, POI('female')] };
    expectSameLog10(log10Of(result.alternatives, 'fullSibling'), handLog10Lr(asSibling, typed, models));
  });

  it('when the found person is the father\'s brother at one locus without mutation, then the uncle LR is ¼ + ½·LR(child) + ¼·[same genotype]/HW and the child-of-the-missing-child LR is ½ + ½·LR(child)', () => {
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.2, '7': 0.3, '8': 0.1, '9.3': 0.4 } });
    // Father {6, 7} and found person {6, 8}: one allele, 6, can be identical by descent.
    const loci = [{ model, typedByPerson: { FA: [0, 1] as GenotypePair }, poi: [0, 2] as GenotypePair }];
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci, foundSex: 'male' });

    const claim = 1 / (4 * 0.2);
    expect(10 ** log10Of(result.alternatives, 'missingChild')).toBeCloseTo(claim, 12);
    expect(10 ** log10Of(result.alternatives, 'paternalUncle')).toBeCloseTo(0.25 + 0.5 * claim, 12);
    expect(10 ** log10Of(result.alternatives, 'child')).toBeCloseTo(0.5 + 0.5 * claim, 12);
    // A found person {6, 7} like the father: LR(child) = (p6 + p7) / (4 p6 p7), two alleles IBD: 1 / (2 p6 p7).
    const same = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: [{ ...loci[0]!, poi: [0, 1] }], foundSex: 'male' });
    const sameChild = (0.2 + 0.3) / (4 * 0.2 * 0.3);
    expect(10 ** log10Of(same.alternatives, 'missingChild')).toBeCloseTo(sameChild, 12);
    expect(10 ** log10Of(same.alternatives, 'paternalUncle')).toBeCloseTo(0.25 + 0.5 * sameChild + 0.25 / (2 * 0.2 * 0.3), 12);
  });

  it('when the family is the father alone and there is no mutation, then half sibling, full sibling and paternal grandfather coincide with the claim (parent and child of the father), and the child of the missing child is the father\'s grandchild (κ = ½, ½, 0)', () => {
    const models = caseLoci(20);
    const { father, brother } = fatherAndBrother(models, 19);
    const loci = locusData(models, father.map((g) => ({ FA: g })), brother);
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci, foundSex: 'male' });

    const claim = log10Of(result.alternatives, 'missingChild');
    for (const r of ['paternalHalfSibling', 'fullSibling', 'paternalGrandfather']) expectSameLog10(log10Of(result.alternatives, r), claim);
    const byKappa = (kappa: readonly [number, number, number]): number =>
      models.reduce((s, m, l) => s + Math.log10(kappaLr(m, kappa, father[l]![0], father[l]![1], brother[l]![0], brother[l]![1])), 0);
    expectSameLog10(claim, byKappa(KAPPA.parentChild));
    expectSameLog10(log10Of(result.alternatives, 'child'), byKappa(KAPPA.grandparent));
    expectSameLog10(log10Of(result.alternatives, 'paternalUncle'), byKappa(KAPPA.fullSiblings));
    for (const r of ['maternalHalfSibling', 'maternalGrandfather', 'maternalUncle']) expect(log10Of(result.alternatives, r)).toBeCloseTo(0, 12);
  });

  it('when the family is the father alone, then his other children and his father are indistinguishable from the claim, and the uncle, the grandchild and the maternal side are not', () => {
    const models = caseLoci(20, SEX_SPECIFIC_STEPWISE);
    const { father, brother } = fatherAndBrother(models, 23);
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: locusData(models, father.map((g) => ({ FA: g })), brother), foundSex: 'male' });
    expect([...result.indistinguishable].sort()).toEqual(['fullSibling', 'paternalGrandfather', 'paternalHalfSibling']);
    expect(result.mostLikelyRelationship).not.toBe('paternalGrandfather');
  });

  it('when both parents are typed, then only a full sibling is indistinguishable from the claim', () => {
    const models = caseLoci(20, SEX_SPECIFIC_STEPWISE);
    const random = seeded(29);
    const family = models.map((m) => ({ FA: drawFounder(m, random), MO: drawFounder(m, random) }));
    const poi = models.map((m) => drawFounder(m, random));
    const result = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: locusData(models, family, poi), foundSex: 'female' });
    expect(result.indistinguishable).toEqual(['fullSibling']);
  });

  it('when the found person\'s sex is unknown, then both the uncle and the aunt (and every parent and grandparent) are scored', () => {
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.2, '7': 0.3, '8': 0.5 } });
    const result = alternativeRelationships({ pedigree: [FA, I('MO', null, null, 'female'), MP], missingId: 'MP', loci: [{ model, typedByPerson: { FA: [0, 1] }, poi: [0, 2] }], foundSex: null });
    const names = result.alternatives.map((a) => a.relationship);
    for (const r of ['paternalUncle', 'paternalAunt', 'maternalUncle', 'maternalAunt', 'paternalGrandfather', 'paternalGrandmother', 'mother']) expect(names).toContain(r);
    expect(names).not.toContain('father');
  });

  it('when scores tie, then the claim is the most likely relationship; when no relationship beats 1, then "unrelated" is', () => {
    const model = compileLocusModel({ name: 'TH01', frequencies: { '6': 0.2, '7': 0.3, '8': 0.5 } });
    const tie = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: [{ model, typedByPerson: { FA: [0, 1] }, poi: [0, 2] }], foundSex: 'male' });
    expect(tie.mostLikelyRelationship).toBe('missingChild');
    const excluded = alternativeRelationships({ pedigree: FATHER_ONLY, missingId: 'MP', loci: [{ model, typedByPerson: { FA: [0, 0] }, poi: [2, 2] }], foundSex: 'male' });
    expect(log10Of(excluded.alternatives, 'missingChild')).toBe(-Infinity);
    expect(excluded.mostLikelyRelationship).toBe('unrelated');
  });

  it('when a relationship-built family and a found person are random (any mutation model), then the claim\'s log10 LR equals the scorer\'s missing-person log10 LR', () => {
    const arbCase = fc
      .record({ family: arbReferenceFamily(3), locus: arbSmallLocus(2, 4), sex: fc.constantFrom<Sex>('male', 'female') })
      .chain(({ family, locus, sex }) =>
        fc.record({
          family: fc.constant(family),
          locus: fc.constant(locus),
          sex: fc.constant(sex),
          genotypes: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 4 }), { minLength: family.relatives.length, maxLength: family.relatives.length }),
          poi: arbGenotype(locus.alleles.length),
        }),
      );
    fc.assert(
      fc.property(arbCase, ({ family, locus, sex, genotypes, poi }) => {
        const model = compileLocusModel({ name: 'D8S1179', frequencies: locus.alleles.map((a, i) => [a, locus.weights[i]!] as const), mutation: locus.mutation ?? null });
        const typedByPerson = Object.fromEntries(family.relatives.flatMap((id, k) => (genotypes[k] ? [[id, genotypes[k]] as const] : [])));
        const result = alternativeRelationships({ pedigree: family.individuals, missingId: 'MP', loci: [{ model, typedByPerson, poi }], foundSex: sex });
        const ped = compilePedigree(family.individuals);
        const g = new Int32Array(2 * ped.size).fill(-1);
        for (const [id, pair] of Object.entries(typedByPerson)) {
          g[2 * ped.indexOf(id)] = Math.min(pair[0], pair[1]);
          g[2 * ped.indexOf(id) + 1] = Math.max(pair[0], pair[1]);
        }
        const expected = fastMissingPersonLr(ped, ped.indexOf('MP'), [model], [g], [poi]).log10LR;
        const actual = log10Of(result.alternatives, 'missingChild');
        if (!Number.isFinite(expected)) expect(actual).toBe(expected);
        else expect(Math.abs(actual - expected)).toBeLessThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isAlternativeClose', () => {
  const list = (claim: number, best: number): RelationshipLr[] => [
    { relationship: 'missingChild', log10LR: claim },
    { relationship: 'paternalUncle', log10LR: best },
    { relationship: 'child', log10LR: best - 3 },
    { relationship: 'unrelated', log10LR: 0 },
  ];

  it('when the best alternative is exactly the ratio below the claim, then it is close; just beyond, it is not', () => {
    expect(isAlternativeClose(list(6, 4), 100)).toBe(true);
    expect(isAlternativeClose(list(6, 3.999), 100)).toBe(false);
    expect(isAlternativeClose(list(6, 7), 100)).toBe(true);
  });

  it('when no ratio is given, then the default is 100; "unrelated" never counts as an alternative', () => {
    expect(isAlternativeClose(list(2.5, 0.6))).toBe(true);
    expect(isAlternativeClose(list(2.5, 0.4))).toBe(false);
    expect(isAlternativeClose([{ relationship: 'missingChild', log10LR: 1 }, { relationship: 'unrelated', log10LR: 0 }])).toBe(false);
  });

  it('when the only close alternative is indistinguishable from the claim in this family, then it does not raise the flag', () => {
    const alternatives: RelationshipLr[] = [
      { relationship: 'missingChild', log10LR: 6 },
      { relationship: 'paternalHalfSibling', log10LR: 6 },
      { relationship: 'paternalUncle', log10LR: 3 },
      { relationship: 'unrelated', log10LR: 0 },
    ];
    expect(isAlternativeClose(alternatives, 100)).toBe(true);
    expect(isAlternativeClose(alternatives, 100, ['paternalHalfSibling'])).toBe(false);
  });

  it('when the ratio is below 1, then it is refused', () => {
    expect(() => isAlternativeClose(list(6, 4), 0.5)).toThrow(RangeError);
  });
});
