import { lrBand } from '../../src/hub';

describe('lrBand', () => {
  it('when an LR is at or just around a band edge, then it falls in the band whose lower edge it reaches', () => {
    expect(lrBand(Math.log10(9_999))).toBe('<1e4');
    expect(lrBand(4)).toBe('1e4-1e6');
    expect(lrBand(Math.log10(999_999))).toBe('1e4-1e6');
    expect(lrBand(6)).toBe('1e6-1e9');
    expect(lrBand(9)).toBe('>=1e9');
    expect(lrBand(42)).toBe('>=1e9');
  });

  it('when the LR is not a number or favours unrelatedness, then the lowest band is reported', () => {
    expect(lrBand(Number.NaN)).toBe('<1e4');
    expect(lrBand(-3)).toBe('<1e4');
    expect(lrBand(Number.NEGATIVE_INFINITY)).toBe('<1e4');
  });
});
