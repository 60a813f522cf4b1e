import {
  assessNonGeneticEvidence, type FoundPerson, type MatchEvidenceFields, type MissingChild, type NonGeneticFlag,
  type Profile, type RelationshipLog10Lr, type SearchPolicy,
} from '../../domain';
import {
  alleleRepeatValue, alternativeRelationships, compilePedigree, genotypeArray, isAlternativeClose, unrelatedLrDistribution,
  type CompiledLocusModel, type MissingPersonLocusData,
} from '../../kinship';
import type { ProfileGenotypes, Score } from '../../matching';
import type { FamilyRecord, Repositories } from '../../store';
import { autosomalGenotypes } from '../profiles';
import { pairAt, typedAt } from './typed-at';

/** Points of the unrelated-LR chart kept on a match (about 0.15 log10 apart over a typical 0–9 span). */
const CHART_POINTS = 61;

/** The facts of one (family, found person) pair the evidence is computed from. */
export interface EvidenceSubjects {
  readonly family: Pick<FamilyRecord, 'individuals' | 'missing' | 'typed'>;
  readonly foundProfile: Pick<Profile, 'genotypes' | 'sex'>;
  readonly foundPerson: Pick<FoundPerson, 'estimatedBirthYear' | 'foundAt'>;
  readonly child: Pick<MissingChild, 'sex' | 'birthDate' | 'missingSince'>;
}

/**
 * The evidence of a match beyond its LR (what match-record.ts turns into fields, flags and the
 * verdict): the competing relationships, the exceedance and chart, the non-genetic comparison and
 * the step count of each mutation locus.
 */
export interface MatchEvidence {
  readonly fields: Omit<MatchEvidenceFields, 'flags' | 'exclusionReason'>;
  /** A competing relationship comes within the policy's alternativeRatio of the claim. */
  readonly alternativeClose: boolean;
  readonly nonGeneticFlags: readonly NonGeneticFlag[];
  /** Locus name -> repeat steps of the most likely mutation (only "mutation" loci with a typed parent or child). */
  readonly mutationSteps: ReadonlyMap<string, number>;
}

/** What the evidence is computed under: the index's locus models and the search policy (a SearchIndex is one). */
export interface EvidenceModels {
  readonly engine: { locusModels(): readonly CompiledLocusModel[] };
  readonly policy: SearchPolicy;
}

/**
 * Reads the pair's records and computes its evidence (see {@link matchEvidence}); `replaced`
 * stands in for the stored family or found profile (a re-test scores a re-sample before storing it).
 * Null when a record is gone (the caller stores nothing for a vanished pair anyway).
 */
export async function loadMatchEvidence(
  repos: Repositories, search: EvidenceModels, caseId: string, foundPersonId: string, score: Score,
  replaced: { family?: FamilyRecord; foundProfile?: Profile } = {},
): Promise<MatchEvidence | null> {
  const c = await repos.cases.findById(caseId);
  const family = replaced.family ?? (await repos.cases.findFamily(caseId));
  const foundPerson = await repos.foundPersons.findById(foundPersonId);
  const foundProfile = replaced.foundProfile ?? (foundPerson ? await repos.profiles.findById(foundPerson.profileId) : null);
  if (!c || !family || !foundPerson || !foundProfile) return null;
  return matchEvidence(search.engine.locusModels(), search.policy, { family, foundProfile, foundPerson, child: c.child }, score);
}

/**
 * The evidence of one scored pair, under the search policy's models (the index's locus models,
 * with its mutation model) and θ (joint mode, as the search):
 * - alternatives: kinship alternative-relationships.ts (each relationship drawn as a pedigree);
 *   a part the kinship engine cannot compute (its θ or loop limits) is left out, never guessed;
 * - exceedance: the family's exact unrelated-LR law over the loci the found person is typed at
 *   (kinship unrelated-lr-distribution.ts), read at this score's LR;
 * - non-genetic evidence: domain non-genetic-evidence.ts with the policy's ageToleranceYears;
 * - mutation steps: {@link mutationSteps}.
 */
export function matchEvidence(models: readonly CompiledLocusModel[], policy: SearchPolicy, subjects: EvidenceSubjects, score: Score): MatchEvidence {
  const { family, foundProfile } = subjects;
  const found = autosomalGenotypes(foundProfile.genotypes);
  const typed = Object.fromEntries(family.typed.map((m) => [m.individualId, m.genotypes]));
  const loci = models.map((model): MissingPersonLocusData => ({ model, typedByPerson: typedAt(typed, model), poi: pairAt(found, model) }));
  const { evidence, flags } = assessNonGeneticEvidence({
    missingChild: subjects.child,
    foundPerson: { sex: foundProfile.sex, estimatedBirthYear: subjects.foundPerson.estimatedBirthYear, foundAt: subjects.foundPerson.foundAt },
    ageToleranceYears: policy.ageToleranceYears,
  });
  const relationships = alternativesOf(family, loci, foundProfile.sex, policy);
  const calibration = exceedanceOf(family, loci, policy.theta, score.log10LR);
  return {
    fields: { ...relationships?.fields, ...calibration, evidence },
    alternativeClose: relationships?.close ?? false,
    nonGeneticFlags: flags,
    mutationSteps: mutationStepsByLocus(family, found, score),
  };
}

function alternativesOf(
  family: EvidenceSubjects['family'], loci: readonly MissingPersonLocusData[], foundSex: Profile['sex'], policy: SearchPolicy,
): { fields: Pick<MatchEvidenceFields, 'alternatives' | 'mostLikelyRelationship' | 'indistinguishableRelationships'>; close: boolean } | null {
  try {
    const r = alternativeRelationships({ pedigree: family.individuals, missingId: family.missing, loci, foundSex, theta: policy.theta, thetaMode: 'joint' });
    const alternatives: RelationshipLog10Lr[] = r.alternatives.map((a) => ({ relationship: a.relationship, log10LR: Number.isFinite(a.log10LR) ? a.log10LR : null }));
    return {
      fields: { alternatives, mostLikelyRelationship: r.mostLikelyRelationship, indistinguishableRelationships: [...r.indistinguishable] },
      close: isAlternativeClose(r.alternatives, policy.alternativeRatio, r.indistinguishable),
    };
  } catch {
    return null;
  }
}

function exceedanceOf(
  family: EvidenceSubjects['family'], loci: readonly MissingPersonLocusData[], theta: number, log10Lr: number,
): Pick<MatchEvidenceFields, 'exceedance' | 'unrelatedDistribution'> {
  try {
    const pedigree = compilePedigree(family.individuals, 'family');
    const typedLoci = loci.filter((l) => l.poi !== null);
    const genotypes = typedLoci.map((l) => genotypeArray(pedigree, l.typedByPerson, l.model, `locus ${l.model.name}`));
    const law = unrelatedLrDistribution(pedigree, pedigree.indexOf(family.missing), typedLoci.map((l) => l.model), genotypes, { theta });
    const points = law.points(CHART_POINTS);
    // Grid points are multiples of the step; rounding drops the binary noise (20.240000000000002).
    return { exceedance: law.exceedance(log10Lr), unrelatedDistribution: { ...points, log10LR: points.log10LR.map((x) => Number(x.toFixed(6))) } };
  } catch {
    return {};
  }
}

function mutationStepsByLocus(family: EvidenceSubjects['family'], found: ProfileGenotypes, score: Score): Map<string, number> {
  const missing = family.individuals.find((i) => i.id === family.missing);
  const parentIds = [missing?.father, missing?.mother].filter((id): id is string => !!id);
  const childIds = family.individuals.filter((i) => i.father === family.missing || i.mother === family.missing).map((i) => i.id);
  const genotypesOf = (id: string) => family.typed.find((m) => m.individualId === id)?.genotypes;
  const out = new Map<string, number>();
  for (const l of score.loci) {
    if (l.status !== 'mutation') continue;
    const alleles = (ids: readonly string[]) => ids.flatMap((id) => {
      const g = genotypesOf(id)?.[l.locus];
      return g && g.length > 0 ? [[...g]] : [];
    });
    const steps = mutationSteps(found[l.locus] ?? [], alleles(parentIds), alleles(childIds));
    if (steps !== null) out.set(l.locus, steps);
  }
  return out;
}

/**
 * The step count of the most likely mutation at a locus where the found person is inconsistent
 * with the typed parents or children of the missing child: single-step mutations are by far the
 * most frequent (stepwise model; about 90% of observed STR mutations change one repeat, NRC II
 * 1996 and AABB annual reports), so the most likely explanation is the one with the fewest repeat
 * units. With d(a, R) = min over R's alleles b of |repeat(a) − repeat(b)| (designations read as
 * repeat numbers, so 9.3 against 10 is 0.7):
 * - two typed parents: each transmits one of the found person's alleles, so the fewest steps over
 *   the two assignments, d(a1, father) + d(a2, mother) or d(a2, father) + d(a1, mother);
 * - one typed parent, or each typed child: one allele is shared, min over a of d(a, R);
 * and the total over them. Null when no parent or child is typed there, an allele has no repeat
 * number, or the total is 0 (the inconsistency lies with a more distant relative, where no single
 * transmission can be named).
 */
export function mutationSteps(found: readonly string[], parents: readonly (readonly string[])[], children: readonly (readonly string[])[]): number | null {
  if (found.length === 0 || parents.length + children.length === 0) return null;
  const own = (found.length === 1 ? [found[0]!, found[0]!] : found).map(alleleRepeatValue);
  const relatives = [...parents, ...children].map((g) => g.map(alleleRepeatValue));
  if (own.some((v) => v === null) || relatives.some((g) => g.some((v) => v === null))) return null;
  const [a1, a2] = own as [number, number];
  const d = (a: number, r: readonly (number | null)[]): number => Math.min(...r.map((b) => Math.abs(a - b!)));
  const [p0, p1] = parents.map((_, i) => relatives[i]!);
  let total = p1 ? Math.min(d(a1, p0!) + d(a2, p1), d(a2, p0!) + d(a1, p1)) : p0 ? Math.min(d(a1, p0), d(a2, p0)) : 0;
  for (const c of relatives.slice(parents.length)) total += Math.min(d(a1, c), d(a2, c));
  const steps = Math.round(total * 10) / 10;
  return steps > 0 ? steps : null;
}
