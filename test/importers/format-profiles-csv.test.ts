import fc from 'fast-check';
import { formatProfilesCsv, parseProfilesCsv, RELATIONSHIP_HINTS, type CsvProfile } from '../../src/importers';
import { CMF_AUTOSOMAL_LOCI, arbGenotypes, withoutSource } from './helpers';

/** Free text as a lab might type it: any characters (quotes, commas, newlines, "=" ...), trimmed, non-empty. */
const arbText = fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }).filter((s) => s === s.trim() && s !== '' && !s.includes('\0'));

const arbProfile: fc.Arbitrary<CsvProfile> = fc
  .record({
    sampleId: arbText,
    genotypes: arbGenotypes([...CMF_AUTOSOMAL_LOCI, 'D6S1043', 'Penta C', 'F13A01']),
    kind: fc.option(fc.constantFrom('reference' as const, 'found' as const), { nil: undefined }),
    relationship: fc.option(fc.constantFrom(...RELATIONSHIP_HINTS), { nil: undefined }),
    kit: fc.option(arbText, { nil: undefined }),
    population: fc.option(arbText, { nil: undefined }),
    amelogenin: fc.option(fc.constantFrom('XX' as const, 'XY' as const), { nil: undefined }),
    sex: fc.option(fc.constantFrom('male' as const, 'female' as const), { nil: undefined }),
  })
  .map((p) => {
    const profile: CsvProfile = { ...p };
    // Amelogenin decides sex on import; a profile without it may carry a declared sex.
    if (p.amelogenin) profile.sex = p.amelogenin === 'XY' ? 'male' : 'female';
    for (const key of Object.keys(profile) as (keyof CsvProfile)[]) if (profile[key] === undefined) delete profile[key];
    return profile;
  });

describe('formatProfilesCsv', () => {
  it('when profiles are written, then the header and rows follow the documented layout with CRLF', () => {
    const csv = formatProfilesCsv([
      { sampleId: 'A', kind: 'found', genotypes: { TH01: ['6', '9.3'], DYS391: ['10'] }, amelogenin: 'XY', sex: 'male' },
      { sampleId: 'B, "junior"', genotypes: { FGA: ['20', '20'] } },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'sampleId,kind,relationship,kit,population,sex,FGA_1,FGA_2,TH01_1,TH01_2,AMEL_1,AMEL_2,DYS391_1,DYS391_2',
      'A,found,,,,male,,,6,9.3,X,Y,10,',
      '"B, ""junior""",,,,,,20,20,,,,,,',
      '',
    ]);
  });

  it('when a value starts like a formula, then it is escaped with one quote', () => {
    expect(formatProfilesCsv([{ sampleId: '=HYPERLINK("x")', genotypes: { FGA: ['20', '21'] } }])).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('when arbitrary profiles are written and read back, then they are equal and nothing is reported', () => {
    fc.assert(fc.property(fc.uniqueArray(arbProfile, { minLength: 1, maxLength: 5, selector: (p) => p.sampleId }), (profiles) => {
      const { profiles: read, issues: reported } = parseProfilesCsv(formatProfilesCsv(profiles));
      expect(reported).toEqual([]);
      expect(read.map(withoutSource)).toEqual(profiles);
    }), {
      numRuns: 200,
      examples: [[[
        { sampleId: 'a,"b"\nc', kit: '=SUM(A1)', population: "'@x", genotypes: { 'Penta C': ['9', '12.1'] } },
        { sampleId: '-5', kind: 'found', genotypes: { DYS391: ['11'], FGA: ['30.2', '30.2'] }, amelogenin: 'XX', sex: 'female' },
      ]]],
    });
  });
});
