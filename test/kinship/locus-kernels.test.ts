import fc from 'fast-check';
import { compileLocusModel, locusKernels, siblingJoint, type CompiledLocusModel } from '../../src/kinship';
import { compileSmallLocus } from './support/engine';
import { arbFrequencies, arbSmallLocus, type SmallLocus } from './support/arbitraries';

const modelOf = (locus: SmallLocus): CompiledLocusModel => compileSmallLocus(locus);

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(a), Math.abs(b));

describe('locusKernels', () => {
  it('when two children share an untyped founder, then J is symmetric, sums to 1 and its rows sum to the pass vector q = p·M', () => {
    fc.assert(
      fc.property(arbSmallLocus(2, 5), fc.constantFrom<'male' | 'female'>('male', 'female'), (locus, sex) => {
        const model = modelOf(locus);
        const k = locusKernels(model);
        const n = model.n;
        const j = k.founderSiblingJoint(sex);
        const q = k.founderPass(sex);
        let total = 0;
        for (let x = 0; x < n; x++) {
          let row = 0;
          for (let y = 0; y < n; y++) {
            expect(close(j[x * n + y]!, j[y * n + x]!)).toBe(true);
            row += j[x * n + y]!;
          }
          expect(close(row, q[x]!)).toBe(true);
          total += row;
        }
        expect(close(total, 1)).toBe(true);
      }),
    );
  });

  it('when the parent\'s slots have other allele distributions, then the rows of J sum to the mixture passed on, ½ (d1 + d2)·M', () => {
    fc.assert(
      fc.property(arbSmallLocus(3, 3), arbFrequencies(3), arbFrequencies(3), (locus, d1, d2) => {
        const model = modelOf(locus);
        const n = 3;
        const m = model.male;
        const j = siblingJoint(m, Float64Array.from(d1), Float64Array.from(d2), n);
        for (let x = 0; x < n; x++) {
          let row = 0;
          let expected = 0;
          for (let y = 0; y < n; y++) row += j[x * n + y]!;
          for (let z = 0; z < n; z++) expected += 0.5 * (d1[z]! + d2[z]!) * m[z * n + x]!;
          expect(close(row, expected)).toBe(true);
        }
      }),
    );
  });

  it('when three children copy the same founder slot, then summing T over one child gives K, and K over one child gives q', () => {
    fc.assert(
      fc.property(arbSmallLocus(2, 4), fc.constantFrom<'male' | 'female'>('male', 'female'), (locus, sex) => {
        const model = modelOf(locus);
        const k = locusKernels(model);
        const n = model.n;
        const t = k.sameCopyTriple(sex);
        const kk = k.sameCopyPair(sex);
        const q = k.founderPass(sex);
        for (let x = 0; x < n; x++) {
          let kRow = 0;
          for (let y = 0; y < n; y++) {
            let sum = 0;
            for (let w = 0; w < n; w++) sum += t[(x * n + y) * n + w]!;
            expect(close(sum, kk[x * n + y]!)).toBe(true);
            kRow += kk[x * n + y]!;
          }
          expect(close(kRow, q[x]!)).toBe(true);
        }
      }),
    );
  });

  it('when there is no mutation, then a chain of two transmissions is the identity and J is ½ p_x [x = y] + ½ p_x p_y', () => {
    const model = compileLocusModel({ name: 'TPOX', frequencies: { '8': 0.5, '9': 0.3, '11': 0.2 } });
    const k = locusKernels(model);
    const c = k.chain('male', 'female');
    const j = k.founderSiblingJoint('female');
    const p = [0.5, 0.3, 0.2];
    for (let x = 0; x < 3; x++) {
      for (let y = 0; y < 3; y++) {
        expect(c[x * 3 + y]).toBe(x === y ? 1 : 0);
        expect(close(j[x * 3 + y]!, 0.5 * (x === y ? p[x]! : 0) + 0.5 * p[x]! * p[y]!)).toBe(true);
      }
    }
  });
});
