import { upgradeSearchPolicy, type CandidateListQuery, type Match, type MatchLocus, type MatchPage, type MatchView, type SearchPolicy } from '../../domain';
import { NotFoundError } from '../../lib';
import type { Repositories } from '../../store';
import { findCase, recordAudit, storeContext, type Actor } from '../shared';
import type { MatchingPorts } from './matching-ports';
import { databasePosteriorsOf, databasePosteriorsOverFoundPersonsOf } from './search-posteriors';

/** What reading matches needs: the store and clock, and the index (its family counts and false-hit rates) when it runs. */
export type ReadPorts = Pick<MatchingPorts, 'store' | 'now' | 'newId' | 'search'>;

/**
 * The candidates of a case, highest LR first (GET /v1/cases/:id/candidates), with the alleles of
 * every locus; the read is audited. `expectedFalseCandidates`: the case's family against the M
 * found persons indexed, M · P(an unrelated found person meets the policy against it).
 */
export async function listCaseCandidates(ports: ReadPorts, actor: Actor, caseId: string, query: CandidateListQuery): Promise<MatchPage> {
  await findCase(ports.store, caseId);
  const page = await ports.store.matches.listByCase(caseId, query);
  await auditRead(ports, actor, 'case', caseId);
  const expected = familyExpectedFalseCandidates(ports.search, caseId);
  return { ...page, items: await matchViews(ports, page.items, 'list'), ...(expected === undefined ? {} : { expectedFalseCandidates: expected }) };
}

/**
 * The candidates of a found person, highest LR first (GET /v1/found-persons/:id/candidates).
 * `expectedFalseCandidates`: the found person against the N families indexed, Σ_i P(an unrelated
 * found person meets the policy against family i).
 */
export async function listFoundPersonCandidates(ports: ReadPorts, actor: Actor, foundPersonId: string, query: CandidateListQuery): Promise<MatchPage> {
  if (!(await ports.store.foundPersons.findById(foundPersonId))) throw new NotFoundError(`no found person ${foundPersonId}`);
  const page = await ports.store.matches.listByFoundPerson(foundPersonId, query);
  await auditRead(ports, actor, 'foundPerson', foundPersonId);
  const expected = foundPersonExpectedFalseCandidates(ports.search);
  return { ...page, items: await matchViews(ports, page.items, 'list'), ...(expected === undefined ? {} : { expectedFalseCandidates: expected }) };
}

/** A case's family searched against the M found persons indexed: M · P_family (undefined without an index or when the family is not indexed). */
export function familyExpectedFalseCandidates(search: ReadPorts['search'], caseId: string): number | undefined {
  const rate = search?.falseHitRates.rateOf(caseId);
  return search && rate !== undefined ? search.engine.foundPersonCount * rate : undefined;
}

/** A found person searched against the N families indexed: Σ_i P_i (undefined without an index). */
export function foundPersonExpectedFalseCandidates(search: ReadPorts['search']): number | undefined {
  return search?.falseHitRates.total;
}

/** One match with its full breakdown, the alleles of every locus and the unrelated-LR chart (GET /v1/matches/:id). */
export async function getMatch(ports: ReadPorts, actor: Actor, id: string): Promise<MatchView> {
  const match = await ports.store.matches.findById(id);
  if (!match) throw new NotFoundError(`no match ${id}`);
  await auditRead(ports, actor, 'match', id);
  return (await matchViews(ports, [match], 'single'))[0]!;
}

/** A match read shows the alleles of the found person and the relatives: a read of genetic data, audited as such too. */
async function auditRead(ports: ReadPorts, actor: Actor, targetType: 'case' | 'foundPerson' | 'match', id: string): Promise<void> {
  const ctx = storeContext(ports, actor);
  await recordAudit(ctx, 'match.read', targetType, id);
  await recordAudit(ctx, 'match.alleles.read', targetType, id);
}

/**
 * The investigator's views of stored matches: each with its database posteriors as of now, over
 * the families and over the found persons (search-posteriors.ts), and each locus with the found
 * person's and the typed relatives' alleles.
 */
async function matchViews(ports: ReadPorts, matches: readonly Match[], kind: 'list' | 'single'): Promise<MatchView[]> {
  const policy = await currentPolicy(ports);
  const engine = ports.search?.engine;
  const posteriors = policy ? await databasePosteriorsOf(ports.store, engine?.familyCount ?? null, policy, matches) : new Map<string, number>();
  const reverse = policy ? await databasePosteriorsOverFoundPersonsOf(ports.store, engine?.foundPersonCount ?? null, policy, matches) : new Map<string, number>();
  const views: MatchView[] = [];
  for (const m of matches) {
    const alleles = await allelesOf(ports.store, m);
    const posterior = posteriors.get(m.id);
    const overFoundPersons = reverse.get(m.id);
    const view = toMatchView(m, alleles ?? undefined);
    views.push({
      ...(kind === 'list' ? withoutChart(view) : view),
      ...(posterior === undefined ? {} : { databasePosterior: posterior }),
      ...(overFoundPersons === undefined ? {} : { databasePosteriorOverFoundPersons: overFoundPersons }),
    });
  }
  return views;
}

async function currentPolicy(ports: ReadPorts): Promise<SearchPolicy | null> {
  if (ports.search) return ports.search.policy;
  const stored = await ports.store.searchPolicies.current();
  return stored ? upgradeSearchPolicy(stored) : null;
}

function withoutChart(view: MatchView): MatchView {
  const { unrelatedDistribution: _chart, ...rest } = view;
  return rest;
}

type LocusAlleles = NonNullable<MatchLocus['alleles']>;

/** Per locus, the found person's and each typed relative's alleles as stored now; null when a record is gone. */
async function allelesOf(repos: Repositories, m: Match): Promise<Map<string, LocusAlleles> | null> {
  const person = await repos.foundPersons.findById(m.foundPersonId);
  const profile = person ? await repos.profiles.findById(person.profileId) : null;
  const family = await repos.cases.findFamily(m.caseId);
  if (!profile || !family) return null;
  const out = new Map<string, LocusAlleles>();
  for (const l of m.loci) {
    const relatives: Record<string, string[]> = {};
    for (const t of family.typed) {
      const g = t.genotypes[l.locus];
      if (g && g.length > 0) relatives[t.individualId] = [...g];
    }
    out.set(l.locus, { foundPerson: [...(profile.genotypes[l.locus] ?? [])], relatives });
  }
  return out;
}

export function toMatchView(m: Match, alleles?: ReadonlyMap<string, LocusAlleles>): MatchView {
  return {
    id: m.id, caseId: m.caseId, foundPersonId: m.foundPersonId, status: m.status, LR: m.lr, log10LR: m.log10Lr,
    loci: m.loci.map((l) => {
      const a = alleles?.get(l.locus);
      return a ? { ...l, alleles: a } : { ...l };
    }),
    inconsistentLoci: m.inconsistentLoci, lociCompared: m.lociCompared,
    expectedAdventitious: m.expectedAdventitious, databaseSize: m.databaseSize, meetsPolicy: m.meetsPolicy,
    policyVersion: m.policyVersion, familyShape: m.familyShape, scoredAt: m.scoredAt, createdAt: m.createdAt, updatedAt: m.updatedAt,
    ...evidenceView(m),
  };
}

function evidenceView(m: Match): Partial<MatchView> {
  const { alternatives, mostLikelyRelationship, indistinguishableRelationships, exceedance, unrelatedDistribution, evidence, flags, exclusionReason } = m;
  const present = { alternatives, mostLikelyRelationship, indistinguishableRelationships, exceedance, unrelatedDistribution, evidence, flags, exclusionReason };
  return Object.fromEntries(Object.entries(present).filter(([, v]) => v !== undefined)) as Partial<MatchView>;
}
