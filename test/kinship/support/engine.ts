/** The general engine on the fixed pedigrees the fast kernels stand for (reference for kernel properties). */
import {
  compileLocusModel, kinshipLocusLr, missingPersonLocusLr, relationshipPedigree, type CompiledLocusModel, type CompiledPedigree,
  type GenotypePair,
  type Individual, type PairwiseRelationship, type Sex,
} from '../../../src/kinship';
import type { SmallLocus } from './arbitraries';

export const DUO_PEDIGREE = (childSex: Sex): Individual[] => [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: childSex },
];

export function compileSmallLocus(locus: SmallLocus, withMutation = true): CompiledLocusModel {
  return compileLocusModel({
    name: 'D3S1358',
    frequencies: locus.alleles.map((a, i) => [a, locus.weights[i]!] as const),
    mutation: withMutation ? locus.mutation ?? null : null,
  });
}

export function engineDuoLr(model: CompiledLocusModel, parentSex: Sex, parent: [number, number], child: [number, number], theta: number): number {
  return missingPersonLocusLr(DUO_PEDIGREE('male'), 'MP', { [parentSex === 'male' ? 'FA' : 'MO']: parent }, child, model, theta).LR;
}

export function engineTrioLr(model: CompiledLocusModel, father: [number, number], mother: [number, number], child: [number, number], theta: number): number {
  return missingPersonLocusLr(DUO_PEDIGREE('male'), 'MP', { FA: father, MO: mother }, child, model, theta).LR;
}

export function enginePairLr(model: CompiledLocusModel, relationship: PairwiseRelationship, a: [number, number], b: [number, number], theta: number): number {
  return kinshipLocusLr(relationshipPedigree(relationship), relationshipPedigree('unrelated'), { A: a, B: b }, model, theta).LR;
}

/** A per-member genotype array (two slots per member, -1 untyped, each pair in order) from genotypes by member id. */
export function genotypeArray(ped: CompiledPedigree, typed: ReadonlyMap<string, GenotypePair>): Int32Array {
  const g = new Int32Array(2 * ped.size).fill(-1);
  for (const [id, pair] of typed) {
    const i = ped.indexOf(id);
    g[2 * i] = Math.min(pair[0], pair[1]);
    g[2 * i + 1] = Math.max(pair[0], pair[1]);
  }
  return g;
}
