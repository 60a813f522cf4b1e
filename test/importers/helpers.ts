import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ImportedProfile, ImportIssue } from '../../src/importers';

/** Bytes of a file under test/fixtures/formats (the real lab exports described in FORMATS.md). */
export function readFormatFixture(path: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'formats', path));
}

/** Bytes of a file under data-samples (shipped data). */
export function readDataSample(path: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'data-samples', path));
}

/** The reported reported of one code (and optionally severity). */
export function withCode(reported: readonly ImportIssue[], code: ImportIssue['code'], severity?: ImportIssue['severity']): ImportIssue[] {
  return reported.filter((i) => i.code === code && (severity === undefined || i.severity === severity));
}

/** A profile without its `source`, for comparing what was read with what was written. */
export function withoutSource(p: ImportedProfile): Omit<ImportedProfile, 'source'> {
  const { source: _source, ...rest } = p;
  return rest;
}

/** Calls `fn` and returns what it threw (fails the test when it does not throw). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, but the call returned');
}

/** Autosomal loci used by the generators: the CODIS 20 + Penta D/E + SE33 (all in CMF-2017.xsd). */
export const CMF_AUTOSOMAL_LOCI = [
  'CSF1PO', 'D10S1248', 'D12S391', 'D13S317', 'D16S539', 'D18S51', 'D19S433', 'D1S1656', 'D21S11', 'D22S1045',
  'D2S1338', 'D2S441', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'FGA', 'Penta D', 'Penta E', 'SE33', 'TH01', 'TPOX', 'vWA',
];

/** A repeat allele designation: 5..40, sometimes with a .1/.2/.3 microvariant. */
export const arbRepeatAllele: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 5, max: 40 }), fc.constantFrom(0, 0, 0, 1, 2, 3))
  .map(([whole, partial]) => (partial === 0 ? String(whole) : `${whole}.${partial}`));

/** An unordered autosomal genotype in canonical form: two designations sorted by repeat number. */
export const arbGenotype: fc.Arbitrary<string[]> = fc
  .tuple(arbRepeatAllele, arbRepeatAllele)
  .map((pair) => pair.sort((a, b) => Number(a) - Number(b)));

/** Canonical autosomal genotypes at a non-empty subset of `loci`, plus optionally DYS391 (one allele). */
export function arbGenotypes(loci: readonly string[], withY = true): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .tuple(
      fc.subarray([...loci], { minLength: 1 }),
      fc.array(arbGenotype, { minLength: loci.length, maxLength: loci.length }),
      withY ? fc.option(fc.integer({ min: 7, max: 14 }), { nil: undefined }) : fc.constant(undefined),
    )
    .map(([chosen, genotypes, dys391]) => {
      const out: Record<string, string[]> = {};
      chosen.forEach((locus, i) => {
        out[locus] = genotypes[i]!;
      });
      if (dys391 !== undefined) out.DYS391 = [String(dys391)];
      return out;
    });
}
