import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseFormatError, evaluateCases, putNumber } from '../../src/kinship';

const FIXTURES = join(__dirname, '..', 'fixtures', 'kinship-cases');
const readJson = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** |a − b| / |b|, with exact zeros (README §4: "LRs and likelihoods that are exactly 0 are exact") equal only to zero. */
function expectRelative(actual: unknown, expected: number | null, tolerance: number, what: string): void {
  if (expected === null || expected === 0) {
    expect({ what, actual }).toEqual({ what, actual: expected });
    return;
  }
  expect(typeof actual).toBe('number');
  const rel = Math.abs((actual as number) - expected) / Math.abs(expected);
  if (!(rel <= tolerance)) throw new Error(`${what}: ${String(actual)} vs reference ${expected} (relative ${rel})`);
}

/** README §4 comparison of one result with its reference: LR, log10 LR, per-locus LR and likelihoods to a relative 1e-8. */
function expectResultMatches(got: any, ref: any): void {
  expectRelative(got.LR, ref.LR, 1e-8, `${ref.id} LR`);
  expect(got.LRNonFinite).toBe(ref.LRNonFinite);
  // log10 LR near 0 (e.g. 0.0016) is compared absolutely: its relative error is not meaningful.
  if (ref.log10LR === null) expect([got.log10LR, got.log10LRNonFinite]).toEqual([null, ref.log10LRNonFinite]);
  else expect(Math.abs(got.log10LR - ref.log10LR)).toBeLessThan(1e-9);
  expect([got.mode, got.theta, got.thetaMode]).toEqual([ref.mode, ref.theta, ref.thetaMode]);
  expect(got.loci.map((l: any) => l.locus)).toEqual(ref.loci.map((l: any) => l.locus));
  ref.loci.forEach((rl: any, i: number) => {
    const gl = got.loci[i];
    expectRelative(gl.LR, rl.LR, 1e-8, `${ref.id} ${rl.locus} LR`);
    expectRelative(gl.likelihoodH1, rl.likelihoodH1, 1e-8, `${ref.id} ${rl.locus} likelihoodH1`);
    expectRelative(gl.likelihoodH2, rl.likelihoodH2, 1e-8, `${ref.id} ${rl.locus} likelihoodH2`);
    expect(gl.mutation).toBe(rl.mutation);
  });
}

describe('evaluateCases on the Norwegian 35-locus three-generation cases (norwegian-35.json)', () => {
  const expected = readJson('norwegian-35.expected.json').results as any[];
  const actual = evaluateCases(readJson('norwegian-35.json')).results as any[];

  it.each(expected.map((e, k) => [e.id as string, k] as const))(
    'when case %s is evaluated, then it runs on all 35 loci, fragment-length ones included, and matches the independent exhaustive sum to a relative 1e-8',
    (_id, k) => {
      expect(actual[k].lociCompared).toBe(35);
      expectResultMatches(actual[k], expected[k]);
    },
  );
});

describe('evaluateCases', () => {
  const cases = readJson('examples.json');
  const expected = readJson('examples.expected.json').results as any[];
  const actual = evaluateCases(cases).results as any[];

  it('when the 20 reference cases are evaluated, then every result is in input order with the same id and no error', () => {
    expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(actual.filter((r) => 'error' in r)).toEqual([]);
  });

  it.each(expected.map((e, k) => [e.id as string, k] as const))(
    'when case %s is evaluated, then LR, per-locus LR and likelihoods match the reference to a relative 1e-8',
    (_id, k) => expectResultMatches(actual[k], expected[k]),
  );

  it('when a case has a locus inconsistent without mutation, then the locus is excluded, LR is 0 and log10LR is null with "-Inf"', () => {
    const result = actual.find((r) => r.id === 'p-duo-father-incons1-none');
    const locus = result.loci.find((l: any) => l.locus === 'D22S1045');
    expect([locus.status, locus.LR, result.LR, result.log10LR, result.log10LRNonFinite]).toEqual(['excluded', 0, 0, null, '-Inf']);
    expect(result.inconsistentLoci).toBe(1);
  });

  it('when the same inconsistency meets a stepwise model, then the locus needs a mutation and still counts as inconsistent', () => {
    const result = actual.find((r) => r.id === 'p-duo-father-incons1-stepwise');
    const locus = result.loci.find((l: any) => l.locus === 'D22S1045');
    expect(locus.status).toBe('mutation');
    expect(result.inconsistentLoci).toBe(1);
    expect(result.loci.filter((l: any) => l.status !== 'consistent')).toHaveLength(1);
  });

  it('when the POI is untyped at a locus, then that locus has LR 1, is not compared, and the other loci are', () => {
    const result = actual.find((r) => r.id === 'p-edge-homozygous-missing-locus-none');
    const locus = result.loci.find((l: any) => l.locus === 'D8S1179');
    expect([locus.LR, locus.compared]).toEqual([1, false]);
    expect(result.lociCompared).toBe(result.loci.length - 1);
  });

  it('when a prior is given, then each result carries the posterior P = LR·π / (LR·π + 1 − π)', () => {
    const one = cases.cases[0];
    const [result] = evaluateCases(one, { prior: 0.001 }).results as any[];
    expect(result.prior).toBe(0.001);
    expect(result.posterior).toBeCloseTo((result.LR * 0.001) / (result.LR * 0.001 + 0.999), 12);
  });

  it('when one case of three is invalid, then only that case gets {id, error} and the others are computed in order', () => {
    const [a, b] = cases.cases;
    const broken = { ...b, id: 'broken', genotypes: { ...b.genotypes, POI: { D3S1358: ['15', '99'] } } };
    const results = evaluateCases({ cases: [a, broken, b] }).results as any[];
    expect(results.map((r) => r.id)).toEqual([a.id, 'broken', b.id]);
    expect(results[1].error).toMatch(/case "broken".*POI.*D3S1358.*99/);
    expect(results[0].LR).toBeGreaterThan(0);
    expect(results[2].LR).toBeGreaterThan(0);
  });

  it('when two cases share an id, then the second one is an error naming the id', () => {
    const [a] = cases.cases;
    const results = evaluateCases([a, a]).results as any[];
    expect(results[1]).toEqual({ id: a.id, error: `case "${a.id}": the id is used by an earlier case` });
  });

  it('when the input is a single case object, an array or {"cases": [...]}, then all three are read', () => {
    const [a] = cases.cases;
    const lr = (input: unknown) => (evaluateCases(input).results[0] as any).LR;
    expect(lr(a)).toBe(lr([a]));
    expect(lr({ cases: [a] })).toBe(lr(a));
  });

  it('when the input is not a case file, then a CaseFormatError is thrown', () => {
    expect(() => evaluateCases(42)).toThrow(CaseFormatError);
    expect(() => evaluateCases({ cases: 'x' })).toThrow(/"cases" must be an array/);
  });
});

describe('putNumber', () => {
  it.each([
    [Infinity, null, 'Inf'], [-Infinity, null, '-Inf'], [NaN, null, 'NaN'],
  ])('when the value is %p, then it is written as null with a NonFinite sibling', (value, json, marker) => {
    const target: Record<string, unknown> = {};
    putNumber(target, 'LR', value);
    expect(target).toEqual({ LR: json, LRNonFinite: marker });
  });

  it('when the value is finite, then it is written as is and has no sibling', () => {
    const target: Record<string, unknown> = {};
    putNumber(target, 'LR', 1.5);
    expect(target).toEqual({ LR: 1.5 });
  });
});
