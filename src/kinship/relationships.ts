/**
 * Named pairwise relationships: their IBD coefficients κ = (κ0, κ1, κ2) (Thompson 1975, Ann Hum
 * Genet 39:173; Egeland, Kling & Mostad 2015, Table 2.3) and the pedigree that defines each one for
 * the general engine, with the two persons of interest called "A" and "B".
 */
import type { Individual } from './pedigree';

export type PairwiseRelationship =
  | 'parentChild'
  | 'fullSiblings'
  | 'halfSiblings'
  | 'grandparent'
  | 'avuncular'
  | 'firstCousins'
  | 'unrelated';

export type Kappa = readonly [k0: number, k1: number, k2: number];

/** Probabilities that A and B share 0, 1 or 2 alleles identical by descent (non-inbred relatives). */
export const KAPPA: Readonly<Record<PairwiseRelationship, Kappa>> = Object.freeze({
  parentChild: [0, 1, 0],
  fullSiblings: [0.25, 0.5, 0.25],
  halfSiblings: [0.5, 0.5, 0],
  grandparent: [0.5, 0.5, 0],
  avuncular: [0.5, 0.5, 0],
  firstCousins: [0.75, 0.25, 0],
  unrelated: [1, 0, 0],
});

const founder = (id: string, sex: 'male' | 'female'): Individual => ({ id, father: null, mother: null, sex });
const child = (id: string, father: string, mother: string, sex: 'male' | 'female'): Individual => ({ id, father, mother, sex });

/**
 * The pedigree of a relationship: A and B are the persons to type, everybody else is untyped.
 * Paternal lines are used where a line has to be chosen (half siblings share their father; the
 * grandparent is the paternal grandfather; the uncle is the father's brother).
 */
export function relationshipPedigree(relationship: PairwiseRelationship): Individual[] {
  switch (relationship) {
    case 'parentChild':
      return [founder('A', 'male'), founder('M', 'female'), child('B', 'A', 'M', 'male')];
    case 'fullSiblings':
      return [founder('F', 'male'), founder('M', 'female'), child('A', 'F', 'M', 'male'), child('B', 'F', 'M', 'male')];
    case 'halfSiblings':
      return [
        founder('F', 'male'), founder('M1', 'female'), founder('M2', 'female'),
        child('A', 'F', 'M1', 'male'), child('B', 'F', 'M2', 'male'),
      ];
    case 'grandparent':
      return [
        founder('A', 'male'), founder('GM', 'female'), child('P', 'A', 'GM', 'male'), founder('PM', 'female'),
        child('B', 'P', 'PM', 'male'),
      ];
    case 'avuncular':
      return [
        founder('GF', 'male'), founder('GM', 'female'), child('A', 'GF', 'GM', 'male'), child('P', 'GF', 'GM', 'male'),
        founder('PM', 'female'), child('B', 'P', 'PM', 'male'),
      ];
    case 'firstCousins':
      return [
        founder('GF', 'male'), founder('GM', 'female'), child('P1', 'GF', 'GM', 'male'), child('P2', 'GF', 'GM', 'male'),
        founder('S1', 'female'), founder('S2', 'female'), child('A', 'P1', 'S1', 'male'), child('B', 'P2', 'S2', 'male'),
      ];
    case 'unrelated':
      return [founder('A', 'male'), founder('B', 'male')];
  }
}
