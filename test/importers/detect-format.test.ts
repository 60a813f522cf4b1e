import { detectFormat } from '../../src/importers';
import { readDataSample, readFormatFixture } from './helpers';

describe('detectFormat', () => {
  it.each([
    ['genemapper/test.genemapper', 'genemapper'],
    ['genemapper/euroformix-stain.txt', 'genemapper'],
    ['genemapper/euroformix-databaseESX17.txt', 'genemapper'],
    ['cmf/CODIS-32.AppendixAexample.xml', 'cmf'],
    ['familias/paternity.fam', 'familias'],
    ['familias/NorskDB_2023.fam', 'familias'],
    ['familias/NorskDB_v2023.txt', 'frequency-list'],
  ])('when the upload is the fixture %s, then the format is %s whatever the content type says', (path, format) => {
    const bytes = readFormatFixture(path);
    expect(detectFormat(undefined, bytes)).toBe(format);
    expect(detectFormat('application/octet-stream', bytes.toString('utf8'))).toBe(format);
  });

  it('when the upload is the NIST 1036 genotype CSV, then it is csv', () => {
    expect(detectFormat('text/plain', readDataSample('profiles/nist1036-genotypes.csv'))).toBe('csv');
  });

  it('when the upload starts with a BOM and blank lines, then they do not hide the format', () => {
    expect(detectFormat(undefined, '\uFEFF\n\n{"sampleId": "A"}')).toBe('json');
    expect(detectFormat(undefined, '\uFEFF"Sample Name";"FGA"\nA;20/22')).toBe('csv');
  });

  it('when the content is not recognised, then the content type decides, and without one the answer is undefined', () => {
    expect(detectFormat('text/csv; charset=utf-8', 'x,y\n1,2\n')).toBe('csv');
    expect(detectFormat('application/xml', '<other/>')).toBe('cmf');
    expect(detectFormat('application/problem+json', 'x')).toBe('json');
    expect(detectFormat(undefined, 'x,y\n1,2\n')).toBeUndefined();
    expect(detectFormat('text/plain', '<other/>')).toBeUndefined();
  });
});
