/**
 * The closed-form likelihood pair (L1, L2 up to a common factor) of one family structure and locus
 * model, as the missing-person scorer calls it (missing-person-scorer.ts): for one POI genotype, for
 * all of them, and optionally the LR of every genotype of the family's only typed member.
 */
export interface ClosedForm {
  /** Fills out[0] = L1, out[1] = L2 for POI {c, d}. */
  pair(genotypes: Int32Array, c: number, d: number, out: Float64Array): void;
  /** L1 and L2 for every POI genotype (θ = 0 forms only). */
  all(genotypes: Int32Array, l1: Float64Array, l2: Float64Array): void;
  /** LR by genotype index of the only typed member, POI {c, d} (see MissingPersonLocusScorer.relativeTable). */
  relative?(c: number, d: number, out: Float64Array): void;
}

/** Genotype index of {c, d} with c <= d (locus-model.ts genotypeIndex without the ordering test, for the hot loops). */
export function pairIndex(c: number, d: number): number {
  return (d * (d + 1)) / 2 + c;
}

/** The family says nothing about the POI: L1 = L2. */
export const UNRELATED: ClosedForm = {
  pair(_g, _c, _d, out) {
    out[0] = 1;
    out[1] = 1;
  },
  all(_g, l1, l2) {
    l1.fill(1);
    l2.fill(1);
  },
};
