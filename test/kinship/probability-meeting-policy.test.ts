import { compileLocusModel, compilePedigree, probabilityMeetingPolicy, unrelatedLrDistribution, type Individual } from '../../src/kinship';

const DUO: Individual[] = [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
];

/** A father-only family typed {0, 1} at two loci of alleles with frequencies 0.1, 0.2, 0.3, 0.4. */
function fatherOnly(): ReturnType<typeof unrelatedLrDistribution> {
  const models = ['D8S1179', 'D21S11'].map((name) => compileLocusModel({ name, frequencies: { 10: 0.1, 11: 0.2, 12: 0.3, 13: 0.4 } }));
  const g = Int32Array.of(0, 1, -1, -1, -1, -1);
  return unrelatedLrDistribution(compilePedigree(DUO), 2, models, [g, g]);
}

describe('probabilityMeetingPolicy', () => {
  it('when the family is compared on enough loci, then it is the exceedance at the threshold', () => {
    const d = fatherOnly();
    expect(probabilityMeetingPolicy(d, { thresholdLr: 5, minLociCompared: 2 })).toBe(d.exceedance(Math.log10(5)));
  });

  it('when the threshold needs the rarest allele at both loci, then it is the hand-computed probability', () => {
    // Father {0, 1}, p0 = 0.1: LR of {0, x} (x ∉ {0, 1}) is 1/(4 p0) = 2.5, of {0, 0} 1/(2 p0) = 5,
    // of {0, 1} (p0 + p1)/(4 p0 p1) = 3.75; every LR at a locus is at most 5. LR >= 25 needs
    // LR 5 at both loci: {0, 0} twice, P = (0.1²)² = 1e-4. On the 0.01 grid the log10 LRs round up
    // to 0.70, 0.58 and 0.40, and only 0.70 + 0.70 reaches log10 25 = 1.398, so the grid is exact here.
    const d = fatherOnly();
    const p = probabilityMeetingPolicy(d, { thresholdLr: 25, minLociCompared: 0 });
    expect(Math.abs(p - 1e-4)).toBeLessThan(1e-16);
  });

  it('when the family cannot be compared on the policy\'s minimum number of loci, then no unrelated person meets it', () => {
    expect(probabilityMeetingPolicy(fatherOnly(), { thresholdLr: 1, minLociCompared: 3 })).toBe(0);
  });

  it('when the threshold is not a positive number, then it throws a RangeError', () => {
    expect(() => probabilityMeetingPolicy(fatherOnly(), { thresholdLr: 0, minLociCompared: 0 })).toThrow(RangeError);
  });
});
