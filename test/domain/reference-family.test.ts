import fc from 'fast-check';
import {
  buildReferencePedigree, RELATIONSHIPS, validatePedigree, type Individual, type Relationship, type TypedRelative,
} from '../../src/domain';

/**
 * Kinship coefficient φ(a, b) by the recursive definition (Lange 2002, Mathematical and
 * Statistical Methods for Genetic Analysis, §5.2): φ(a, a) = ½(1 + φ(father, mother));
 * φ(a, b) = ½(φ(father_a, b) + φ(mother_a, b)) when a is not an ancestor of b; founders unrelated.
 */
function kinship(individuals: readonly Individual[], a: string, b: string): number {
  const byId = new Map(individuals.map((i) => [i.id, i]));
  const depth = (id: string): number => {
    const i = byId.get(id)!;
    return i.father === null ? 0 : 1 + Math.max(depth(i.father), depth(i.mother!));
  };
  const phi = (x: string, y: string): number => {
    if (x === y) {
      const i = byId.get(x)!;
      return i.father === null ? 0.5 : 0.5 * (1 + phi(i.father, i.mother!));
    }
    const [later, other] = depth(x) >= depth(y) ? [x, y] : [y, x];
    const i = byId.get(later)!;
    return i.father === null ? 0 : 0.5 * (phi(i.father, other) + phi(i.mother!, other));
  };
  return phi(a, b);
}

/** Textbook kinship coefficients with the missing child (Thompson 1975; Lange 2002 Table 5.1). */
const EXPECTED_PHI: Readonly<Record<Relationship, number>> = {
  father: 1 / 4, mother: 1 / 4, child: 1 / 4, fullSibling: 1 / 4,
  paternalHalfSibling: 1 / 8, maternalHalfSibling: 1 / 8,
  paternalGrandfather: 1 / 8, paternalGrandmother: 1 / 8, maternalGrandfather: 1 / 8, maternalGrandmother: 1 / 8,
  paternalUncle: 1 / 8, paternalAunt: 1 / 8, maternalUncle: 1 / 8, maternalAunt: 1 / 8,
};

const SINGLE: ReadonlySet<Relationship> = new Set(['father', 'mother', 'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother']);

const rel = (relationship: Relationship, i: number, sex: 'male' | 'female' | null = null): TypedRelative => ({ profileId: `prf_${i}`, relationship, sex });

describe('buildReferencePedigree', () => {
  it.each(RELATIONSHIPS.map((r) => [r]))('when the only relative is a %s, then their kinship coefficient with MP is the textbook value', (relationship) => {
    const built = buildReferencePedigree('female', [rel(relationship, 1)]);

    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const member = built.relatives[0]!.individualId;
    expect(kinship(built.pedigree.individuals, member, 'MP')).toBeCloseTo(EXPECTED_PHI[relationship], 12);
    expect(validatePedigree(built.pedigree)).toEqual([]);
  });

  it('when parents and grandparents are typed, then they get the README ids and founders come before their children', () => {
    const built = buildReferencePedigree('male', [rel('paternalGrandmother', 1), rel('father', 2), rel('paternalGrandfather', 3)]);

    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const order = built.pedigree.individuals.map((i) => i.id);
    expect([...order].sort()).toEqual(['FA', 'MO', 'MP', 'PGF', 'PGM']);
    for (const i of built.pedigree.individuals) {
      for (const parent of [i.father, i.mother]) if (parent) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(i.id));
    }
    expect(built.pedigree.typed).toEqual({ PGM: 'prf_1', FA: 'prf_2', PGF: 'prf_3' });
  });

  it('when a male missing child has a typed child, then MP is its father and the mother is an untyped founder', () => {
    const built = buildReferencePedigree('male', [rel('child', 1, 'female')]);

    expect(built.ok && built.pedigree.individuals).toEqual([
      { id: 'MP', father: null, mother: null, sex: 'male' },
      { id: 'C1_MO', father: null, mother: null, sex: 'female' },
      { id: 'C1', father: 'MP', mother: 'C1_MO', sex: 'female' },
    ]);
  });

  it('when two half siblings on the father\'s side are typed, then each has an own untyped mother', () => {
    const built = buildReferencePedigree('male', [rel('paternalHalfSibling', 1), rel('paternalHalfSibling', 2)]);

    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(kinship(built.pedigree.individuals, 'PHS1', 'PHS2')).toBeCloseTo(1 / 8, 12);
  });

  it('when the relatives conflict, then every conflict is reported and no pedigree is built', () => {
    const built = buildReferencePedigree('male', [rel('father', 1, 'male'), rel('father', 2), rel('mother', 3, 'male'), rel('fullSibling', 1)]);

    expect(built.ok).toBe(false);
    expect(!built.ok && built.conflicts.map((c) => c.index)).toEqual([1, 2, 3]);
  });

  it('when any valid list of relatives is built, then the pedigree validates, lists parents first, and every relative has its textbook kinship with MP', () => {
    const relationships = fc.array(fc.constantFrom(...RELATIONSHIPS), { maxLength: 12 }).map((rs) => {
      const seen = new Set<Relationship>();
      return rs.filter((r) => (SINGLE.has(r) ? !seen.has(r) && seen.add(r) !== undefined : true));
    });
    fc.assert(fc.property(relationships, fc.constantFrom('male' as const, 'female' as const), (rs, sex) => {
      const built = buildReferencePedigree(sex, rs.map((r, i) => rel(r, i)));
      if (!built.ok) return false;
      expect(validatePedigree(built.pedigree)).toEqual([]);
      const order = built.pedigree.individuals.map((i) => i.id);
      for (const i of built.pedigree.individuals) {
        for (const parent of [i.father, i.mother]) if (parent) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(i.id));
      }
      for (const placed of built.relatives) {
        expect(kinship(built.pedigree.individuals, placed.individualId, 'MP')).toBeCloseTo(EXPECTED_PHI[placed.relationship], 12);
      }
      return Object.keys(built.pedigree.typed).length === rs.length;
    }), { numRuns: 200 });
  });
});
