import type { AdHocSearchInput, AdHocSearchResult } from '../../domain';
import { ServiceUnavailableError, ValidationError, type FieldError } from '../../lib';
import type { Candidate } from '../../matching';
import { autosomalGenotypes, normaliseGenotypes } from '../profiles';
import { recordAudit, storeContext, type Actor } from '../shared';
import { finiteOrNull, matchLoci } from './match-record';
import type { MatchingPorts } from './matching-ports';
import { searchPosteriors } from './search-posteriors';

/**
 * An investigator's ad hoc search (POST /v1/search): a person against every family, or a family
 * against every found person, under the current policy. Nothing is stored but the audit record.
 * Each candidate's database posterior is over the records of this search (families, or found
 * persons for a family: the same formula in the reverse direction, search-posteriors.ts).
 * @throws ValidationError for unknown loci, invalid alleles or an invalid pedigree.
 */
export async function adHocSearch(ports: MatchingPorts, actor: Actor, input: AdHocSearchInput): Promise<AdHocSearchResult> {
  const search = ports.search;
  if (!search) throw new ServiceUnavailableError('the matching index is not running');
  const limit = input.limit ?? search.policy.maxCandidates;
  let result;
  let direction: AdHocSearchResult['direction'];
  let expectedFalseCandidates: number;
  if ('genotypes' in input) {
    direction = 'families';
    const g = normaliseGenotypes(input.genotypes);
    result = await search.engine.searchFamilies(autosomalGenotypes(g.genotypes), { maxCandidates: limit });
    expectedFalseCandidates = search.falseHitRates.total;
  } else {
    direction = 'foundPersons';
    const { individuals, missing, genotypes } = input.family;
    const ids = new Set(individuals.map((i) => i.id));
    const errors: FieldError[] = [];
    if (!ids.has(missing)) errors.push({ path: 'family.missing', message: `"${missing}" is not in the pedigree` });
    if (genotypes[missing]) errors.push({ path: `family.genotypes.${missing}`, message: 'the missing member cannot be typed' });
    for (const id of Object.keys(genotypes)) if (!ids.has(id)) errors.push({ path: `family.genotypes.${id}`, message: `"${id}" is not in the pedigree` });
    if (errors.length > 0) throw new ValidationError('INVALID_PEDIGREE', errors.map((e) => e.message).join('; '), { errors });
    const typed = Object.fromEntries(Object.entries(genotypes).map(([id, g]) => [id, autosomalGenotypes(normaliseGenotypes(g, `family.genotypes.${id}`).genotypes)]));
    result = await search.engine.searchFoundPersons({ individuals, missing, typed }, { maxCandidates: limit });
    expectedFalseCandidates = result.searched * (await search.falseHitRates.rateFor({ individuals, missing, typed }));
  }
  await recordAudit(storeContext(ports, actor), 'search.adhoc', 'search', direction);
  const posteriors = searchPosteriors({ log10Lrs: result.candidates.map((c) => c.log10LR) }, result.searched, { ...search.policy, maxCandidates: limit });
  return {
    direction, searched: result.searched, policyVersion: search.policy.version, elapsedMs: result.elapsedMs,
    candidates: result.candidates.map((c, i) => view(c, direction, posteriors[i]!)),
    expectedFalseCandidates,
  };
}

function view(c: Candidate, direction: AdHocSearchResult['direction'], databasePosterior: number) {
  return {
    ...(direction === 'families' ? { caseId: c.key, familyShape: c.shape } : { foundPersonId: c.key }),
    LR: finiteOrNull(c.LR), log10LR: c.log10LR,
    loci: matchLoci(c),
    inconsistentLoci: c.inconsistentLoci, lociCompared: c.lociCompared, expectedAdventitious: c.expectedAdventitious, databasePosterior,
  };
}
