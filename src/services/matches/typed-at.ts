import type { CompiledLocusModel, GenotypePair, TypedByPerson } from '../../kinship';
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

