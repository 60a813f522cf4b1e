import { createHash } from 'node:crypto';

/** The genotypes of a profile as stored: canonical locus -> canonical alleles in the one allele order. */
type StoredGenotypes = Readonly<Record<string, readonly string[]>>;

/**
 * SHA-256 (hex) over the autosomal loci and their alleles: equal for identical autosomal
 * genotypes, so that a person sampled twice is found as a possible duplicate. Depends on the
 * stored allele order, which is why re-ordering stored genotypes recomputes it.
 */
export function genotypeHash(genotypes: StoredGenotypes, autosomalLoci: readonly string[]): string {
  const text = [...autosomalLoci].sort().map((l) => `${l}=${genotypes[l]!.join('/')}`).join(';');
  return createHash('sha256').update(text).digest('hex');
}

/**
 * SHA-256 (hex) of an upload's normalised content: the same body uploaded again under the same
 * sampleId is an idempotent replay, a different one a conflict.
 */
export function profileContentHash(content: {
  readonly kind: string; readonly kit: string; readonly population: string | null; readonly genotypes: StoredGenotypes;
}): string {
  const { kind, kit, population, genotypes } = content;
  return createHash('sha256').update(JSON.stringify({ kind, kit, population, genotypes })).digest('hex');
}
