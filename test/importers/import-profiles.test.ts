import { ImportError, importProfiles } from '../../src/importers';
import { readDataSample, readFormatFixture, thrownBy } from './helpers';

describe('importProfiles', () => {
  it('when GeneMapper, CSV and CMF uploads arrive, then each is read by its parser', () => {
    expect(importProfiles(readFormatFixture('genemapper/euroformix-databaseESX17.txt'))).toMatchObject({ format: 'genemapper' });
    expect(importProfiles(readDataSample('profiles/nist1036-genotypes.csv')).profiles).toHaveLength(1036);
    const cmf = importProfiles(readFormatFixture('cmf/CODIS-32.AppendixAexample.xml'), { contentType: 'application/xml' });
    expect([cmf.format, cmf.profiles.map((p) => p.sampleId)]).toEqual(['cmf', ['IMP_0001A']]);
  });

  it('when the format is given, then detection is skipped', () => {
    const text = 'Sample Name\tFGA\nA\t20/22\n';
    expect(importProfiles(text, { format: 'csv' }).profiles[0]!.genotypes).toEqual({ FGA: ['20', '22'] });
  });

  it('when the upload is a Familias file or unrecognisable, then ImportError UNKNOWN_FORMAT', () => {
    const familias = thrownBy(() => importProfiles(readFormatFixture('familias/paternity.fam')));
    expect(familias).toBeInstanceOf(ImportError);
    expect(familias).toMatchObject({ code: 'UNKNOWN_FORMAT' });
    expect(thrownBy(() => importProfiles('just some text'))).toMatchObject({ code: 'UNKNOWN_FORMAT' });
  });
});
