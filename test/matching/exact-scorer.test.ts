import { compilePedigree, missingPersonLocusLr } from '../../src/kinship';
import { ExactScorer } from '../../src/matching/exact-scorer';
import { LocusPanel } from '../../src/matching/locus-panel';

const table = {
  name: 'test', population: 'test', source: 'test', license_note: '', sampleSize: 100, notes: [],
  loci: {
    TH01: { 6: 0.2, 7: 0.3, 8: 0.5 },
    vWA: { 14: 0.1, 15: 0.2, 16: 0.3, 17: 0.4 },
    FGA: { 20: 0.25, 21: 0.25, 22: 0.5 },
  },
};

describe('ExactScorer.setPanel', () => {
  it('when the panel learns an allele at one locus, then only that locus gets a new model, and a sibling pair scored after it equals the peeling engine', () => {
    const panel = new LocusPanel({ table, mutation: () => ({ model: 'stepwise', rate: 0.005, range: 0.1, rate2: 1e-6 }), minimumFrequency: { floor: 0.01, useSampleSize: false } });
    const scorer = new ExactScorer();
    expect(scorer.setPanel(panel.spec()).size).toBe(3);
    const before = [...scorer.models];
    const individuals = [
      { id: 'FA', father: null, mother: null, sex: 'male' as const }, { id: 'MO', father: null, mother: null, sex: 'female' as const },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' as const }, { id: 'S1', father: 'FA', mother: 'MO', sex: 'female' as const },
      { id: 'S2', father: 'FA', mother: 'MO', sex: 'male' as const },
    ];
    const template = scorer.templateState({ id: 0, key: 'sibling pair', individuals, missing: 2, slots: [3, 4], kind: 'bound', screen: null, classes: 0, label: '' });
    const vWA = panel.names().indexOf('vWA');
    scorer.scorer(template, vWA, 3);

    const changed = scorer.setPanel((panel.addAlleles([[vWA, '18']]), panel.spec()));

    expect([...changed]).toEqual([vWA]);
    scorer.models.forEach((model, l) => (l === vWA ? expect(model).not.toBe(before[l]) : expect(model).toBe(before[l])));
    const model = scorer.models[vWA]!;
    const [a, b, c, d] = ['15', '18', '18', '16'].map((x) => model.indexOf(x));
    const genotypes = new Int32Array(2 * individuals.length).fill(-1);
    genotypes.set([Math.min(a!, b!), Math.max(a!, b!)], 2 * template.ped.indexOf('S1'));
    genotypes.set([Math.min(c!, d!), Math.max(c!, d!)], 2 * template.ped.indexOf('S2'));
    const lr = scorer.scorer(template, vWA, 3).lr(genotypes, model.indexOf('18'), model.indexOf('16'));
    const expected = missingPersonLocusLr(compilePedigree(individuals), 'MP', { S1: [a!, b!], S2: [c!, d!] }, [model.indexOf('18'), model.indexOf('16')], model).LR;
    expect(Math.abs(lr - expected) / expected).toBeLessThan(1e-12);
  });
});
