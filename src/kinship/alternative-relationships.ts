/**
 * Alternative relationships: how well the found person's DNA is explained if they are not the
 * missing child but another relative of the child (a full or half sibling, an uncle or aunt, a
 * grandparent, a parent, a child of the missing child), each against "unrelated".
 *
 * A relative of the typed family can score a high LR as "the missing child": a father's full
 * brother shares on average half of the father's alleles, as a son does. Reporting the LR of every
 * competing relationship, computed by the same engine, shows when the claim is not the best
 * explanation (Egeland, Kling & Mostad 2015, "Relationship Inference with Familias and R": every
 * relevant hypothesis is set against the same unrelated baseline).
 *
 * Each relationship is its pedigree drawn explicitly (place-found-person.ts) and scored in kinship
 * mode (kinship-cases README §1.4): per locus
 *   LR = P(family, found person at that position) / P(family drawn the same way, found person an unrelated founder),
 * with the mutation model and θ of the family (in joint mode the found person joins the founder
 * sample under "unrelated"). For "missingChild" the drawing is the family itself, so the value is
 * the missing-person LR of README §1.3. The denominator differs from the claim's only when the
 * drawing gives parents to a member with typed descendants who had none (then that member is a
 * child of untyped founders instead of a Hardy–Weinberg founder, which changes P(family) by a
 * non-stationary mutation model's p·M ≠ p); each hypothesis is then compared with "unrelated" in
 * its own drawing, as Familias does.
 */
import type { CompiledLocusModel } from './locus-model';
import type { MissingPersonLocusData } from './missing-person-lr';
import { compilePedigree, type CompiledPedigree, type Individual, type Sex } from './pedigree';
import { genotypeLikelihoods, pedigreeLikelihood, type LikelihoodOptions } from './pedigree-likelihood';
import type { ThetaMode } from './theta-founders';
import { checkPair, genotypeArray } from './genotype-array';
import { RELATIONSHIP_SEX, FOUND_PERSON_RELATIONSHIPS, placeFoundPerson, type FoundPersonRelationship } from './place-found-person';

/** A scored relationship: the found person as that relative of the missing child, or "unrelated". */
export type AlternativeRelationship = FoundPersonRelationship | 'unrelated';

export interface RelationshipLr {
  readonly relationship: AlternativeRelationship;
  /** Σ over loci of log10 LR against unrelated; −Infinity when a locus excludes it without mutation. */
  readonly log10LR: number;
}

export interface AlternativeRelationshipsInput {
  /** The reference family, with the missing member. */
  readonly pedigree: readonly Individual[];
  readonly missingId: string;
  /** Per locus: the model, the typed relatives and the found person's genotype (null = untyped there). */
  readonly loci: readonly MissingPersonLocusData[];
  /** The found person's sex from Amelogenin; null when unknown (both sexes' relationships are scored). */
  readonly foundSex: Sex | null;
  readonly theta?: number;
  readonly thetaMode?: ThetaMode;
}

export interface AlternativeRelationships {
  /** The claim first, then every relationship that could be drawn, then "unrelated" (log10 LR 0). */
  readonly alternatives: readonly RelationshipLr[];
  /**
   * Relationships this family cannot tell apart from the claim whatever the found person's DNA:
   * without mutation, the found person's genotype has the same distribution at that position as
   * at the missing child's, at every locus (so the LR is the same for every profile). A father
   * alone cannot tell his missing child from his other children or from his own father; both
   * parents cannot tell it from a full sibling. Age and dates decide between them, not DNA.
   */
  readonly indistinguishable: readonly FoundPersonRelationship[];
  /**
   * The highest log10 LR; ties go to the claim, then to "unrelated", then to the earlier
   * relationship. An indistinguishable relationship counts as a tie with the claim (a mutation
   * model can set them apart by a rounding-size amount that says nothing about the relationship).
   */
  readonly mostLikelyRelationship: AlternativeRelationship;
}

/** Policy default: a competing relationship within this factor of the claim's LR is flagged. */
export const DEFAULT_ALTERNATIVE_RATIO = 100;

/**
 * The log10 LR of the claim and of every alternative relationship, each against unrelated.
 * Relationships the found person's sex rules out (an uncle for a woman) are not scored; positions
 * held by a typed member are left out (the found person would be that person).
 * @throws KinshipError for genotypes outside a locus model; KinshipLimitError past the engine's θ
 *   or loop limits; PedigreeError for an invalid pedigree.
 */
export function alternativeRelationships(input: AlternativeRelationshipsInput): AlternativeRelationships {
  const typedIds = new Set(input.loci.flatMap((l) => Object.entries(l.typedByPerson).filter(([, g]) => g).map(([id]) => id)));
  const options: LikelihoodOptions = { theta: input.theta ?? 0, thetaMode: input.thetaMode ?? 'joint' };
  const alternatives: RelationshipLr[] = [];
  const indistinguishable: FoundPersonRelationship[] = [];
  let claimShapes: readonly (Float64Array | null)[] = [];
  for (const relationship of FOUND_PERSON_RELATIONSHIPS) {
    const sex = sexFor(relationship, input.foundSex);
    if (sex === null) continue;
    const placement = placeFoundPerson(input.pedigree, input.missingId, relationship, sex, typedIds);
    if (placement === null) continue;
    const pedigree = compilePedigree(placement.individuals, `${relationship} pedigree`);
    const found = pedigree.indexOf(placement.foundId);
    let log10LR = 0;
    for (const locus of input.loci) log10LR += placedLocusLog10Lr(pedigree, found, locus, options);
    alternatives.push({ relationship, log10LR });
    const shapes = input.loci.map((locus) => genotypeShape(pedigree, found, locus));
    if (relationship === 'missingChild') claimShapes = shapes;
    else if (sameShapes(shapes, claimShapes)) indistinguishable.push(relationship);
  }
  alternatives.push({ relationship: 'unrelated', log10LR: 0 });
  return { alternatives, indistinguishable, mostLikelyRelationship: mostLikely(alternatives, indistinguishable) };
}

/**
 * True when some relationship other than the claim (and other than "unrelated") has an LR at
 * least the claim's LR divided by `alternativeRatio`: this found person's DNA does not tell the
 * claim apart from that relationship by the policy's margin, so a reviewer must see it (flag
 * "alternativeRelationship"). Relationships listed in `indistinguishable` are left out: no profile
 * could ever separate them from the claim in this family, so flagging them would flag every match
 * of the family (every father-only match, for one) and the flag would stop meaning anything; they
 * are a standing property of the family, reported as such.
 */
export function isAlternativeClose(
  alternatives: readonly RelationshipLr[],
  alternativeRatio = DEFAULT_ALTERNATIVE_RATIO,
  indistinguishable: readonly AlternativeRelationship[] = [],
): boolean {
  if (!(alternativeRatio >= 1)) throw new RangeError(`alternativeRatio must be >= 1, got ${alternativeRatio}`);
  const claim = alternatives.find((a) => a.relationship === 'missingChild');
  if (claim === undefined) return false;
  const competing = alternatives.filter((a) => a.relationship !== 'missingChild' && a.relationship !== 'unrelated' && !indistinguishable.includes(a.relationship));
  const best = Math.max(...competing.map((a) => a.log10LR));
  return best > -Infinity && best >= claim.log10LR - Math.log10(alternativeRatio);
}

/** The sex the found person has at `relationship`, or null when their known sex rules it out. */
function sexFor(relationship: FoundPersonRelationship, foundSex: Sex | null): Sex | null {
  const fixed = RELATIONSHIP_SEX[relationship];
  if (fixed === undefined) return foundSex ?? 'female';
  return foundSex === null || foundSex === fixed ? fixed : null;
}

/**
 * log10 of P(data, found person at `found`) / P(data without them, found person an extra founder)
 * at one locus; 0 when the found person is untyped there.
 */
function placedLocusLog10Lr(pedigree: CompiledPedigree, found: number, locus: MissingPersonLocusData, options: LikelihoodOptions): number {
  if (locus.poi === null) return 0;
  const model: CompiledLocusModel = locus.model;
  const family = genotypeArray(pedigree, locus.typedByPerson, model, `locus ${model.name}`);
  checkPair(locus.poi, model, 'found person');
  const poi = Int32Array.of(Math.min(locus.poi[0], locus.poi[1]), Math.max(locus.poi[0], locus.poi[1]));
  const placed = family.slice();
  placed[2 * found] = poi[0]!;
  placed[2 * found + 1] = poi[1]!;
  const l1 = pedigreeLikelihood(pedigree, placed, model, options);
  const l2 = pedigreeLikelihood(pedigree, family, model, { ...options, extraFounders: poi });
  return Math.log10(l1) - Math.log10(l2);
}

/**
 * P(found person = g | family) at one locus without mutation (θ = 0), by genotype index: the
 * position's "shape"; null when the family alone is impossible there without mutation.
 */
function genotypeShape(pedigree: CompiledPedigree, found: number, locus: MissingPersonLocusData): Float64Array | null {
  const model = locus.model.noMutation;
  const weights = genotypeLikelihoods(pedigree, genotypeArray(pedigree, locus.typedByPerson, model, `locus ${model.name}`), found, model);
  let total = 0;
  for (let g = 0; g < weights.length; g++) total += weights[g]!;
  if (!(total > 0)) return null;
  for (let g = 0; g < weights.length; g++) weights[g] = weights[g]! / total;
  return weights;
}

/** Equal shapes at every locus where both exist (relative 1e-9: far below any LR a reviewer reads). */
function sameShapes(a: readonly (Float64Array | null)[], b: readonly (Float64Array | null)[]): boolean {
  return a.every((x, l) => {
    const y = b[l];
    if (!x || !y) return true;
    for (let g = 0; g < x.length; g++) if (Math.abs(x[g]! - y[g]!) > 1e-9 * Math.max(x[g]!, y[g]!)) return false;
    return true;
  });
}

/** Ties go to the claim, then to "unrelated" (no evidence of another relationship), then to the earlier one. */
function mostLikely(alternatives: readonly RelationshipLr[], indistinguishable: readonly AlternativeRelationship[]): AlternativeRelationship {
  const rank = (a: RelationshipLr): number => (a.relationship === 'missingChild' ? 0 : a.relationship === 'unrelated' ? 1 : 2);
  const ordered = [...alternatives].filter((a) => !indistinguishable.includes(a.relationship)).sort((a, b) => rank(a) - rank(b));
  let best = ordered[0]!;
  for (const a of ordered) if (a.log10LR > best.log10LR) best = a;
  return best.relationship;
}
