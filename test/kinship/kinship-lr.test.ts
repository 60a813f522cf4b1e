import { compileLocusModel, kinshipLocusLr, kinshipLr, relationshipPedigree, type Individual } from '../../src/kinship';
import { relativeError } from './support/brute-force';

const model = compileLocusModel({ name: 'vWA', frequencies: { '14': 0.1, '16': 0.2, '17': 0.3, '18': 0.4 } });
const [p14, p16] = [0.1, 0.2];
const FULL: Individual[] = relationshipPedigree('fullSiblings');
const HALF: Individual[] = relationshipPedigree('halfSiblings');
const UNRELATED: Individual[] = relationshipPedigree('unrelated');

describe('kinshipLocusLr', () => {
  it('when A and B are both 14/16, then full siblings vs half siblings gives [(1+p14+p16+2p14p16)/(8p14p16)] / [(p14+p16+4p14p16)/(8p14p16)]', () => {
    const r = kinshipLocusLr(FULL, HALF, { A: [0, 1], B: [0, 1] }, model);
    const full = (1 + p14 + p16 + 2 * p14 * p16) / (8 * p14 * p16);
    const half = (p14 + p16 + 4 * p14 * p16) / (8 * p14 * p16);
    expect(relativeError(r.LR, full / half)).toBeLessThan(1e-13);
    expect(r.compared).toBe(true);
  });

  it('when h2 is two unconnected singletons, then its likelihood is the product of the two Hardy–Weinberg probabilities', () => {
    const r = kinshipLocusLr(FULL, UNRELATED, { A: [0, 1], B: [1, 1] }, model);
    expect(relativeError(r.likelihoodH2, 2 * p14 * p16 * p16 * p16)).toBeLessThan(1e-15);
  });

  it('when nobody is typed at a locus, then the LR is 1 and the locus is not compared', () => {
    const r = kinshipLocusLr(FULL, UNRELATED, {}, model);
    expect([r.LR, r.compared]).toEqual([1, false]);
  });

  it('when a typed person is not in a hypothesis pedigree, then the error names the person and the hypothesis', () => {
    expect(() => kinshipLocusLr(FULL, [{ id: 'A' }], { A: [0, 1], B: [0, 1] }, model)).toThrow(/h2, locus vWA: typed person "B" is not in the pedigree/);
  });

  it('when θ > 0 in separate mode with unrelated singletons, then each singleton is its own sample: P = p_a (θ + (1 − θ) p_a) for a homozygote', () => {
    const theta = 0.05;
    const r = kinshipLocusLr(FULL, UNRELATED, { A: [1, 1], B: [1, 1] }, model, theta, 'separate');
    const single = p16 * (theta + (1 - theta) * p16);
    expect(relativeError(r.likelihoodH2, single * single)).toBeLessThan(1e-14);
  });
});

describe('kinshipLr', () => {
  it('when two loci are combined, then LR is the product and log10 LR the sum', () => {
    const r = kinshipLr(FULL, UNRELATED, [
      { model, typedByPerson: { A: [0, 1], B: [0, 1] } },
      { model, typedByPerson: { A: [2, 3], B: [2, 2] } },
    ]);
    expect(relativeError(r.LR, r.loci[0]!.LR * r.loci[1]!.LR)).toBeLessThan(1e-14);
    expect(r.log10LR).toBeCloseTo(r.loci[0]!.log10LR + r.loci[1]!.log10LR, 14);
  });
});
