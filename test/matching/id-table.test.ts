import fc from 'fast-check';
import { IdTable } from '../../src/matching/id-table';

describe('IdTable', () => {
  it('when ids of any form are added, then each gets one dense number that finds it back and maps back to it', () => {
    const uuidLike = fc.uuid().map((u) => `case_${u}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(uuidLike, fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('fp_X', 'Case_ABC')), { maxLength: 300 }), (ids) => {
        const table = new IdTable();
        const numbers = ids.map((id) => table.add(id));
        const distinct = [...new Set(ids)];
        expect(table.size).toBe(distinct.length);
        ids.forEach((id, i) => {
          expect(table.find(id)).toBe(numbers[i]);
          expect(table.get(numbers[i]!)).toBe(id);
        });
        expect(new Set(numbers).size).toBe(distinct.length);
        expect(Math.max(-1, ...numbers)).toBe(distinct.length - 1);
      }),
    );
  });

  it('when 50,000 service ids are added, then they stay findable across rehashes and pages and take about 17 bytes each plus the hash slots', () => {
    const table = new IdTable();
    const id = (i: number) => `case_${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    for (let i = 0; i < 50_000; i++) table.add(id(i));
    for (let i = 0; i < 50_000; i += 997) expect(table.find(id(i))).toBe(i);
    expect(table.find('case_missing')).toBe(-1);
    expect(table.byteLength / 50_000).toBeLessThan(17 + 4 / 0.4 + 1);
  });
});
