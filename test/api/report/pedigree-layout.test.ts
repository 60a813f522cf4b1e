import fc from 'fast-check';
import { layoutPedigree, type PedigreeLike } from '../../../src/api/report/pedigree-layout';

type Member = PedigreeLike['individuals'][number];
const founder = (id: string, sex: Member['sex']): Member => ({ id, father: null, mother: null, sex });
const child = (id: string, father: string, mother: string, sex: Member['sex']): Member => ({ id, father, mother, sex });

/** Random valid pedigrees: founders first, then members whose parents are a man and a woman drawn among those before them. */
const arbPedigree = fc.record({
  founders: fc.array(fc.constantFrom<Member['sex']>('male', 'female'), { minLength: 0, maxLength: 6 }),
  children: fc.array(fc.record({ father: fc.nat(), mother: fc.nat(), sex: fc.constantFrom<Member['sex']>('male', 'female') }), { minLength: 1, maxLength: 10 }),
}).map(({ founders, children }): PedigreeLike => {
  const individuals: Member[] = [founder('M0', 'male'), founder('F0', 'female'), ...founders.map((sex, i) => founder(`X${i}`, sex))];
  for (const [i, c] of children.entries()) {
    const men = individuals.filter((m) => m.sex === 'male');
    const women = individuals.filter((m) => m.sex === 'female');
    individuals.push(child(`C${i}`, men[c.father % men.length]!.id, women[c.mother % women.length]!.id, c.sex));
  }
  return { individuals, missing: individuals[individuals.length - 1]!.id, typed: { M0: 'prf_1' } };
});

describe('layoutPedigree', () => {
  it('when a three-generation family is laid out, then grandparents, parents and the missing child take one row each and the married-in mother sits beside the father', () => {
    const drawing = layoutPedigree({
      missing: 'MP', typed: { PGF: 'p1', PGM: 'p2', AU: 'p3' },
      individuals: [founder('PGF', 'male'), founder('PGM', 'female'), child('FA', 'PGF', 'PGM', 'male'), founder('MO', 'female'),
        child('AU', 'PGF', 'PGM', 'female'), child('MP', 'FA', 'MO', 'male')],
    }, { PGF: 'paternalGrandfather', AU: 'paternalAunt' });
    const at = Object.fromEntries(drawing.members.map((m) => [m.id, m]));

    expect([at.PGF!.y, at.PGM!.y, at.FA!.y, at.MO!.y, at.AU!.y, at.MP!.y]).toEqual([0, 0, 1, 1, 1, 2]);
    expect(Math.abs(at.MO!.x - at.FA!.x)).toBe(1);
    expect(at.MP!.x).toBeCloseTo((at.FA!.x + at.MO!.x) / 2);
    expect(at.MP).toMatchObject({ missing: true, typed: false });
    expect(at.AU).toMatchObject({ typed: true, relationship: 'paternalAunt' });
    expect(drawing.height).toBe(3);
  });

  it('when any valid pedigree is laid out, then children sit below both parents, a partner who married in (once) shares the row of the other, no two members overlap and every member fits the grid', () => {
    fc.assert(fc.property(arbPedigree, (p) => {
      const drawing = layoutPedigree(p);
      const at = new Map(drawing.members.map((m) => [m.id, m]));
      for (const ind of p.individuals) {
        if (ind.father === null || ind.mother === null) continue;
        const [me, fa, mo] = [at.get(ind.id)!, at.get(ind.father)!, at.get(ind.mother)!];
        const partnersOf = (id: string) => new Set(p.individuals.filter((q) => q.father === id || q.mother === id).map((q) => (q.father === id ? q.mother : q.father)));
        const marriedIn = [ind.father, ind.mother].some((id) => p.individuals.find((q) => q.id === id)!.father === null && partnersOf(id).size === 1);
        if (!(me.y > fa.y && me.y > mo.y) || (marriedIn && fa.y !== mo.y)) return false;
      }
      const members = drawing.members;
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          if (members[i]!.y === members[j]!.y && Math.abs(members[i]!.x - members[j]!.x) < 1 - 1e-9) return false;
        }
      }
      return members.every((m) => m.x >= 0 && m.x <= drawing.width - 1 && m.y >= 0 && m.y < drawing.height);
    }), { numRuns: 200 });
  });
});
