/**
 * Evaluation of case files in the kinship case format (test/fixtures/kinship-cases/README.md): the
 * function behind `npm run kinship` and `POST /v1/kinship/evaluate`. Results are JSON-able and
 * follow README §4: one result per case in input order, shortest round-trip numbers, and a
 * non-finite number written as null with a sibling "<name>NonFinite" ("Inf", "-Inf" or "NaN").
 */
import { caseLabel, readCaseList, validateKinshipCase, type KinshipCase } from './case-format';
import { KinshipError } from './kinship-error';
import { combineLocusLrs, type KinshipResult } from './kinship-result';
import { kinshipLocusLr } from './kinship-lr';
import { KinshipCaseCache } from './kinship-case-cache';
import type { CompiledLocusModel } from './locus-model';
import { missingPersonLocusLr } from './missing-person-lr';
import { NomenclatureError } from './nomenclature';
import type { GenotypePair, TypedByPerson } from './genotype-array';

export interface EvaluateOptions {
  /** Prior probability of H1; when given, every result carries `prior` and `posterior`. */
  readonly prior?: number;
  /**
   * Validated loci, compiled models and pedigrees shared across cases (kinship-case-cache.ts);
   * {@link evaluateCases} makes one per call when none is given.
   */
  readonly cache?: KinshipCaseCache;
}

/** A JSON-able result or error of one case. */
export type CaseOutcome = Record<string, unknown> & { readonly id: string };

export interface EvaluatedCase {
  readonly case: KinshipCase;
  readonly result: KinshipResult;
  /** README §4 mutation summary per locus, in the case's locus order. */
  readonly mutationLabels: readonly string[];
}

/**
 * Evaluates every case of a case file (one case, an array, or {"cases": [...]}). A case that
 * cannot be computed (invalid, or past a stated limit) becomes `{"id", "error": "message"}`; the
 * other cases are unaffected.
 * @throws CaseFormatError when the input is not a case file at all.
 */
export function evaluateCases(input: unknown, options: EvaluateOptions = {}): { results: CaseOutcome[] } {
  const raw = readCaseList(input);
  const shared = { ...options, cache: options.cache ?? new KinshipCaseCache() };
  const seen = new Set<string>();
  const results = raw.map((entry, position): CaseOutcome => {
    const id = caseLabel(entry, position);
    try {
      if (seen.has(id)) return { id, error: `case "${id}": the id is used by an earlier case` };
      seen.add(id);
      return caseToJson(evaluateCase(validateKinshipCase(entry, position, shared.cache), shared));
    } catch (e) {
      if (e instanceof KinshipError || e instanceof NomenclatureError) {
        return { id, error: e.message.startsWith('case "') ? e.message : `case "${id}": ${e.message}` };
      }
      throw e;
    }
  });
  return { results };
}

/**
 * Computes one validated case.
 * @throws KinshipError (e.g. KinshipLimitError, MutationModelError) with the locus named.
 */
export function evaluateCase(kc: KinshipCase, options: EvaluateOptions = {}): EvaluatedCase {
  const cache = options.cache ?? new KinshipCaseCache();
  const models = kc.loci.map((locus) => cache.model(locus, locus.mutation ?? kc.mutation ?? null, kc.normalizeFrequencies));
  const typedAt = (model: CompiledLocusModel, exclude: string | null): TypedByPerson => {
    const out: Record<string, GenotypePair> = {};
    for (const [person, loci] of Object.entries(kc.genotypes)) {
      if (person === exclude) continue;
      const pair = loci[model.name];
      if (pair) out[person] = [model.indexOf(pair[0]), model.indexOf(pair[1])];
    }
    return out;
  };
  let loci;
  if (kc.mode === 'missingPerson') {
    const pedigree = cache.pedigree(kc.pedigree, `case "${kc.id}"`);
    loci = models.map((model) => {
      const poiPair = kc.genotypes[kc.poi.id]?.[model.name];
      const poi: GenotypePair | null = poiPair ? [model.indexOf(poiPair[0]), model.indexOf(poiPair[1])] : null;
      return missingPersonLocusLr(pedigree, kc.missing, typedAt(model, kc.poi.id), poi, model, kc.theta, kc.thetaMode);
    });
  } else {
    const h1 = cache.pedigree(kc.h1.pedigree, `case "${kc.id}", h1`);
    const h2 = cache.pedigree(kc.h2.pedigree, `case "${kc.id}", h2`);
    loci = models.map((model) => kinshipLocusLr(h1, h2, typedAt(model, null), model, kc.theta, kc.thetaMode));
  }
  return { case: kc, result: combineLocusLrs(loci, options.prior), mutationLabels: models.map((m) => m.mutationLabel) };
}

/** README §4 JSON of an evaluated case. */
export function caseToJson(evaluated: EvaluatedCase): CaseOutcome {
  const { case: kc, result } = evaluated;
  const out: Record<string, unknown> = { id: kc.id, mode: kc.mode };
  putNumber(out, 'LR', result.LR);
  putNumber(out, 'log10LR', result.log10LR);
  out.theta = kc.theta;
  out.thetaMode = kc.thetaMode;
  out.inconsistentLoci = result.inconsistentLoci;
  out.lociCompared = result.lociCompared;
  if (result.prior !== undefined) {
    out.prior = result.prior;
    putNumber(out, 'posterior', result.posterior!);
  }
  out.loci = result.loci.map((l, k) => {
    const locus: Record<string, unknown> = { locus: l.locus };
    putNumber(locus, 'LR', l.LR);
    putNumber(locus, 'log10LR', l.log10LR);
    putNumber(locus, 'likelihoodH1', l.likelihoodH1);
    putNumber(locus, 'likelihoodH2', l.likelihoodH2);
    locus.status = l.status;
    locus.compared = l.compared;
    locus.mutation = evaluated.mutationLabels[k];
    return locus;
  });
  return out as CaseOutcome;
}

/** README §4: a non-finite number is null with a sibling "<name>NonFinite". */
export function putNumber(target: Record<string, unknown>, name: string, value: number): void {
  if (Number.isFinite(value)) {
    target[name] = value;
    return;
  }
  target[name] = null;
  target[`${name}NonFinite`] = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf';
}
