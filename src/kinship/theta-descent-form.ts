/**
 * θ > 0 closed form of a small loop-free family (siblings, sibships, half siblings, uncles and aunts,
 * grandparents, children, and their combinations): the same model as the general engine in joint
 * θ mode (kinship-cases README §2.3), without its sum over every untyped founder's alleles.
 *
 * Founder alleles form one Balding–Nichols sample (Balding & Nichols 1994, FSI 64:125), a Pólya urn:
 * the next allele copies each earlier draw with probability θ / (1 + (m − 1) θ) or is new, drawn
 * from p, with probability (1 − θ) / (1 + (m − 1) θ) (Blackwell & MacQueen 1973, Ann Stat 1:353).
 * Summing the copy choices, the probability of k draws a_1…a_k is a sum over set partitions π of
 * the draws (the blocks of draws that copy each other):
 *
 *   P(a_1…a_k) = Σ_π W(π) Π_{B ∈ π} p_{a_B} [all a_i of B equal],
 *   W(π) = (1 − θ)^{|π| − 1} θ^{k − |π|} Π_B (|B| − 1)! / Π_{m=1}^{k−1} (1 + (m − 1) θ),
 *
 * so Σ over the alleles of Π_i f_i(a_i) is Σ_π W(π) Π_B Σ_a p_a Π_{i ∈ B} f_i(a): one sum over one
 * allele per block. With the inheritance vector (which parental slot every meiosis copies, ½ each:
 * Thompson 1975), every typed person's ordered allele y traces back through untyped non-founders to
 * a founder slot, mutating on the way with the product of the transmitters' sex-specific matrices
 * (chain C): the slot of an untyped founder is a draw with factor C[a][y]; a typed founder's slot
 * or a typed non-founder's slot is a known allele z with factor C[z][y]. A slot no typed person
 * traces to is left out (the sample is exchangeable, so an unseen draw sums to 1). Typed founders'
 * alleles (and the POI's under H2, an extra founder) are draws with known alleles; a heterozygous
 * one counts both orders, a typed non-founder sums over its two orderings (README §2.1).
 *
 *   L = Σ_orderings Σ_v 2^{−meioses} Π(known factors) Σ_π W(π) Π_B Φ(B),
 *   Φ(B) = p_z Π_{y ∈ B} C[z][y] if B holds known alleles (all equal to z; else 0), Σ_a p_a Π_{y ∈ B} C[a][y] otherwise.
 *
 * The terms (v, π) are compiled once per family shape and θ and merged by their factors; the sums
 * Φ with one or two mutated alleles are tabled per locus (p·C and Σ_a p_a C[a][x] C'[a][y]). Past
 * the enumeration limits of theta-descent-terms.ts (meioses, partitions), or with an untyped
 * non-founder who has two kept children (his one allele feeds two chains, which are then not
 * independent), the family is left to the peeling engine. The agreement with it is a property test (test/kinship/theta-descent-form.test.ts).
 */
import type { ClosedForm } from './closed-form';
import type { CompiledLocusModel } from './locus-model';
import type { CompiledPedigree } from './pedigree';
import { Evaluator } from './theta-descent-evaluator';
import { compileHypothesis, type CompiledHypothesis } from './theta-descent-terms';

/**
 * The closed form of a family at θ > 0, or null when it is beyond the enumeration limits (or has a
 * loop: the caller has checked the kept pedigree is a forest).
 * @param typed typed[i] when member i is typed (the missing member never).
 */
export function thetaDescentForm(
  ped: CompiledPedigree,
  missing: number,
  typed: ArrayLike<boolean>,
  model: CompiledLocusModel,
  theta: number,
): ClosedForm | null {
  const compiled = compiledPair(ped, missing, typed, theta);
  if (!compiled) return null;
  const size = ped.size;
  const h1 = new Evaluator(compiled.h1, model, size, theta);
  const h2 = new Evaluator(compiled.h2, model, size, theta);
  const alleles = new Int32Array(2 * (size + 1)).fill(-1);
  const pairOf = (g: Int32Array, c: number, d: number, out: Float64Array): void => {
    alleles.set(g.subarray(0, 2 * size));
    alleles[2 * missing] = c;
    alleles[2 * missing + 1] = d;
    out[0] = h1.likelihood(alleles);
    alleles[2 * missing] = -1;
    alleles[2 * missing + 1] = -1;
    alleles[2 * size] = c;
    alleles[2 * size + 1] = d;
    out[1] = h2.likelihood(alleles);
  };
  const typedMembers: number[] = [];
  for (let i = 0; i < size; i++) if (typed[i] && i !== missing) typedMembers.push(i);
  const form: ClosedForm = {
    pair: pairOf,
    all(g, l1, l2) {
      alleles.set(g.subarray(0, 2 * size));
      alleles[2 * size] = -1;
      alleles[2 * size + 1] = -1;
      h1.likelihoodsOver(missing, alleles, l1);
      h2.likelihoodsOver(size, alleles, l2);
    },
  };
  if (typedMembers.length === 1) {
    const member = typedMembers[0]!;
    const l1 = new Float64Array(model.genotypeCount);
    const l2 = new Float64Array(model.genotypeCount);
    form.relative = (c, d, out) => {
      alleles.fill(-1);
      alleles[2 * missing] = c;
      alleles[2 * missing + 1] = d;
      h1.likelihoodsOver(member, alleles, l1);
      alleles[2 * missing] = -1;
      alleles[2 * missing + 1] = -1;
      alleles[2 * size] = c;
      alleles[2 * size + 1] = d;
      h2.likelihoodsOver(member, alleles, l2);
      for (let g = 0; g < l1.length; g++) out[g] = l1[g]! / l2[g]!;
    };
  }
  return form;
}

const compiledCache = new WeakMap<CompiledPedigree, Map<string, { h1: CompiledHypothesis; h2: CompiledHypothesis } | null>>();

function compiledPair(ped: CompiledPedigree, missing: number, typed: ArrayLike<boolean>, theta: number): { h1: CompiledHypothesis; h2: CompiledHypothesis } | null {
  const flags = Array.from({ length: ped.size }, (_, i) => !!typed[i] && i !== missing);
  const key = `${missing}|${theta}|${flags.map(Number).join('')}`;
  let byKey = compiledCache.get(ped);
  if (!byKey) {
    byKey = new Map();
    compiledCache.set(ped, byKey);
  }
  if (byKey.has(key)) return byKey.get(key)!;
  const withMissing = flags.slice();
  withMissing[missing] = true;
  const h1 = compileHypothesis({ ped, typed: withMissing, extraFounder: false, theta });
  const h2 = h1 && compileHypothesis({ ped, typed: flags, extraFounder: true, theta });
  const result = h1 && h2 ? { h1, h2 } : null;
  byKey.set(key, result);
  return result;
}
