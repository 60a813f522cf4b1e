/**
 * Reference families as the service builds them from relationships to the missing child (the
 * rules of src/domain/reference-family.ts, restated here so that kinship tests depend on nothing
 * but src/kinship): a paternal line (PGF, PGM) exists when a paternal grandparent, uncle or aunt is
 * named; full siblings are children of FA and MO; half siblings have a founder as their other
 * parent; children have a founder partner; with children only, the missing child MP is a founder.
 */
import fc from 'fast-check';
import type { Individual, Sex } from '../../../src/kinship';
import { arbGenotype, arbSmallLocus, type SmallLocus } from './arbitraries';

export const RELATIONSHIPS = [
  'father', 'mother', 'fullSibling', 'paternalHalfSibling', 'maternalHalfSibling',
  'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother',
  'paternalUncle', 'paternalAunt', 'maternalUncle', 'maternalAunt', 'child',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface ReferenceFamily {
  readonly individuals: Individual[];
  /** Ids of the typed relatives, in the order of the relationships. */
  readonly relatives: string[];
}

const SINGLE: Partial<Record<Relationship, string>> = {
  father: 'FA', mother: 'MO', paternalGrandfather: 'PGF', paternalGrandmother: 'PGM', maternalGrandfather: 'MGF', maternalGrandmother: 'MGM',
};

export function buildReferenceFamily(missingSex: Sex, relationships: readonly Relationship[]): ReferenceFamily {
  const members = new Map<string, Individual>();
  const add = (ind: Individual): void => {
    if (!members.has(ind.id)) members.set(ind.id, ind);
  };
  const founder = (id: string, sex: Sex): Individual => ({ id, father: null, mother: null, sex });
  const has = (rs: readonly Relationship[]): boolean => relationships.some((r) => rs.includes(r));
  const paternal = has(['paternalGrandfather', 'paternalGrandmother', 'paternalUncle', 'paternalAunt']);
  const maternal = has(['maternalGrandfather', 'maternalGrandmother', 'maternalUncle', 'maternalAunt']);
  const parents = relationships.some((r) => r !== 'child');
  if (paternal) {
    add(founder('PGF', 'male'));
    add(founder('PGM', 'female'));
  }
  if (maternal) {
    add(founder('MGF', 'male'));
    add(founder('MGM', 'female'));
  }
  if (parents) {
    add({ id: 'FA', father: paternal ? 'PGF' : null, mother: paternal ? 'PGM' : null, sex: 'male' });
    add({ id: 'MO', father: maternal ? 'MGF' : null, mother: maternal ? 'MGM' : null, sex: 'female' });
  }
  add({ id: 'MP', father: parents ? 'FA' : null, mother: parents ? 'MO' : null, sex: missingSex });
  const relatives: string[] = [];
  relationships.forEach((r, k) => {
    const fixed = SINGLE[r];
    if (fixed) {
      relatives.push(fixed);
      return;
    }
    const id = `${r}${k}`;
    switch (r) {
      case 'fullSibling':
        add({ id, father: 'FA', mother: 'MO', sex: k % 2 ? 'male' : 'female' });
        break;
      case 'paternalHalfSibling':
        add(founder(`${id}_MO`, 'female'));
        add({ id, father: 'FA', mother: `${id}_MO`, sex: 'male' });
        break;
      case 'maternalHalfSibling':
        add(founder(`${id}_FA`, 'male'));
        add({ id, father: `${id}_FA`, mother: 'MO', sex: 'female' });
        break;
      case 'paternalUncle':
      case 'paternalAunt':
        add({ id, father: 'PGF', mother: 'PGM', sex: r === 'paternalUncle' ? 'male' : 'female' });
        break;
      case 'maternalUncle':
      case 'maternalAunt':
        add({ id, father: 'MGF', mother: 'MGM', sex: r === 'maternalUncle' ? 'male' : 'female' });
        break;
      case 'child': {
        const partner = missingSex === 'male' ? `${id}_MO` : `${id}_FA`;
        add(founder(partner, missingSex === 'male' ? 'female' : 'male'));
        add(missingSex === 'male' ? { id, father: 'MP', mother: partner, sex: 'male' } : { id, father: partner, mother: 'MP', sex: 'male' });
        break;
      }
      default:
        throw new Error(`unplaced relationship ${r}`);
    }
    relatives.push(id);
  });
  return { individuals: [...members.values()], relatives: [...new Set(relatives)] };
}

/** A family of 1–4 relationships (single-occurrence ones at most once). */
export function arbReferenceFamily(maxRelatives = 4): fc.Arbitrary<ReferenceFamily> {
  return fc
    .record({
      sex: fc.constantFrom<Sex>('male', 'female'),
      relationships: fc.array(fc.constantFrom(...RELATIONSHIPS), { minLength: 1, maxLength: maxRelatives }),
    })
    .map(({ sex, relationships }) => {
      const seen = new Set<Relationship>();
      const unique = relationships.filter((r) => {
        if (SINGLE[r] === undefined) return true;
        if (seen.has(r)) return false;
        seen.add(r);
        return true;
      });
      return buildReferenceFamily(sex, unique);
    });
}

/** A reference family of up to `maxRelatives` relatives, a small locus, and each relative typed there or not (about 4 in 5 are). */
export function arbTypedReferenceFamily(maxRelatives: number): fc.Arbitrary<{ family: ReferenceFamily; locus: SmallLocus; genotypes: Array<[number, number] | undefined> }> {
  return fc
    .record({ family: arbReferenceFamily(maxRelatives), locus: arbSmallLocus(2, 5) })
    .chain(({ family, locus }) =>
      fc.record({
        family: fc.constant(family),
        locus: fc.constant(locus),
        genotypes: fc.array(fc.option(arbGenotype(locus.alleles.length), { nil: undefined, freq: 4 }), {
          minLength: family.relatives.length,
          maxLength: family.relatives.length,
        }),
      }),
    );
}
