import type { CompiledLocusModel, CompiledPedigree, GenotypePair, TypedByPerson } from '../../kinship';
import type { ProfileGenotypes } from '../../matching';

/** Typed members' allele-index pairs at one locus (a member typed with an allele the model lacks counts as untyped there). */
export function typedAt(typed: Readonly<Record<string, ProfileGenotypes>>, model: CompiledLocusModel): TypedByPerson {
  const out: Record<string, GenotypePair> = {};
  for (const [id, genotypes] of Object.entries(typed)) {
    const pair = pairAt(genotypes, model);
    if (pair) out[id] = pair;
  }
  return out;
}

/** A profile's allele-index pair at one locus; null when untyped there or an allele is not in the model. */
export function pairAt(genotypes: ProfileGenotypes, model: CompiledLocusModel): GenotypePair | null {
  const g = genotypes[model.name];
  if (!g || g.length === 0) return null;
  const a = model.indexOf(g[0]!);
  const b = model.indexOf(g[1] ?? g[0]!);
  return a < 0 || b < 0 ? null : [a, b];
}


/**
 * The typed members' genotypes at every locus as the kinship calibrator takes them (two allele
 * indices per pedigree member, -1 untyped), in one buffer: the index build converts every family,
 * so this avoids the per-locus objects of {@link typedAt} (a member or allele the pedigree or model
 * lacks counts as untyped).
 */
export function genotypeArrays(pedigree: CompiledPedigree, typed: Readonly<Record<string, ProfileGenotypes>>, models: readonly CompiledLocusModel[]): Int32Array[] {
  const width = 2 * pedigree.size;
  const buffer = new Int32Array(models.length * width).fill(-1);
  const members = Object.entries(typed).map(([id, g]) => [pedigree.indexOf(id), g] as const).filter(([i]) => i >= 0);
  return models.map((model, l) => {
    const out = buffer.subarray(l * width, (l + 1) * width);
    for (const [i, genotypes] of members) {
      const pair = pairAt(genotypes, model);
      if (pair === null) continue;
      out[2 * i] = Math.min(pair[0], pair[1]);
      out[2 * i + 1] = Math.max(pair[0], pair[1]);
    }
    return out;
  });
}
