/**
 * Genotypes by person as allele-index pairs (the compiled form the engine takes): conversion from
 * a plain {personId: [a, b]} record, with checks that name the person and locus at fault.
 */
import { KinshipError } from './kinship-error';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledPedigree } from './pedigree';

/** An unordered genotype as two allele indices of a compiled locus model. */
export type GenotypePair = readonly [number, number];

/** Typed persons of one locus: person id → allele-index pair (absent or null = untyped). */
export type TypedByPerson = Readonly<Record<string, GenotypePair | null | undefined>>;

/**
 * Two entries per pedigree member (-1 = untyped).
 * @throws KinshipError INVALID_GENOTYPE for an unknown person or an allele index outside the model.
 */
export function genotypeArray(pedigree: CompiledPedigree, typed: TypedByPerson, model: CompiledLocusModel, label: string): Int32Array {
  const out = new Int32Array(2 * pedigree.size).fill(-1);
  for (const [id, pair] of Object.entries(typed)) {
    if (pair === null || pair === undefined) continue;
    const i = pedigree.indexOf(id);
    if (i < 0) throw new KinshipError('INVALID_GENOTYPE', `${label}: typed person "${id}" is not in the pedigree`);
    checkPair(pair, model, `${label}, person "${id}"`);
    out[2 * i] = Math.min(pair[0], pair[1]);
    out[2 * i + 1] = Math.max(pair[0], pair[1]);
  }
  return out;
}

/** @throws KinshipError INVALID_GENOTYPE unless both entries are allele indices of the model. */
export function checkPair(pair: GenotypePair, model: CompiledLocusModel, label: string): void {
  for (const a of pair) {
    if (!Number.isInteger(a) || a < 0 || a >= model.n) {
      throw new KinshipError('INVALID_GENOTYPE', `${label}, locus ${model.name}: allele index ${a} is not one of the ${model.n} alleles`);
    }
  }
}
