/**
 * `npm run simulate:evidence`: does the evidence on a match warn where it should? Father-only
 * families (the father typed at the 20 CODIS core loci, founders drawn locus by locus from the real
 * NIST 1036 genotypes, no mutation), each with the father's full brother AND the true child planted
 * as found persons, plus unrelated found persons — all through the use cases on an embedded store
 * in a temporary directory, so the automatic searches store the matches with their evidence.
 *
 *   npm run --silent simulate:evidence -- --families 1000 --unrelated 3000 --seed 7 [--json]
 *
 * Reports: the share of uncles reaching the threshold as "the child", and of those the share flagged
 * "alternativeRelationship" or whose most likely relationship is not the claim; the share of true
 * children flagged; and the false candidates observed among the unrelated found persons against the
 * sum of their lists' expectedFalseCandidates (a Poisson count: its 95% range is printed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import type { Genotypes, MatchView } from '../src/domain';
import { compilePedigree, unrelatedLrDistribution } from '../src/kinship';
import { mulberry32 } from '../src/matching';
import { readMutationRates, readNistGenotypes, readShippedFrequencyTables } from '../src/main';
import {
  addRelative, createServiceDeps, ensureSearchPolicy, familyInput, genotypesFromNistRow, listFoundPersonCandidates, mendelianChild, openCase,
  registerFoundPerson, registerProfile, SearchIndex, seedFrequencyTables, SYSTEM_ACTOR, type Actor, type ServiceDeps,
} from '../src/services';
import { genotypeArrays } from '../src/services/matches/typed-at';
import { EmbeddedStore } from '../src/store/embedded/embedded-store';

/** The 20 CODIS core loci (FBI 2017). */
const CODIS_20 = [
  'CSF1PO', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'FGA', 'TH01', 'TPOX', 'vWA',
  'D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045',
];

const opts = new Command()
  .option('--families <n>', 'father-only families (each with its uncle and its child planted)', (v) => Number(v), 1000)
  .option('--unrelated <n>', 'unrelated found persons', (v) => Number(v), 3000)
  .option('--seed <n>', 'seed', (v) => Number(v), 7)
  .option('--json', 'print the numbers as JSON')
  .parse()
  .opts<{ families: number; unrelated: number; seed: number; json?: boolean }>();

const lab: Actor = { keyId: 'simulator', role: 'lab', org: 'SIM-LAB', requestId: null };
const psb: Actor = { keyId: 'simulator', role: 'investigator', org: 'SIM-PSB', requestId: null };

async function main(): Promise<void> {
  const started = performance.now();
  const random = mulberry32(opts.seed);
  const nist = readNistGenotypes().map(genotypesFromNistRow);
  // A founder's genotype at each locus is a random NIST 1036 person's there (one who is typed at it).
  const typedAt = CODIS_20.map((l) => nist.filter((g) => g[l]?.length === 2));
  const loci = CODIS_20;
  const founder = (): Genotypes => Object.fromEntries(loci.map((l, k) => [l, [...typedAt[k]![Math.floor(random() * typedAt[k]!.length)]![l]!]]));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-evidence-'));
  const store = EmbeddedStore.open({ dataDir: dir });
  const policyValues = { maxMissingKitLoci: 2, minCustomLoci: 10, maxBatchItems: 50, defaultFrequencyTable: 'nist1036-all' };
  const base = createServiceDeps(store, policyValues);
  await seedFrequencyTables(base, SYSTEM_ACTOR, readShippedFrequencyTables());
  const policy = { ...(await ensureSearchPolicy(base, SYSTEM_ACTOR)), mutation: { model: 'none' as const } };
  const index = await SearchIndex.build(store, policy, { workers: 0, mutationRates: readMutationRates() });
  const deps = createServiceDeps(store, policyValues, { search: index });
  try {
    const planted: Array<{ caseId: string; uncle: Genotypes; child: Genotypes }> = [];
    for (let f = 0; f < opts.families; f++) {
      const [grandfather, grandmother, mother] = [founder(), founder(), founder()];
      const father = mendelianChild(grandfather, grandmother, random);
      const c = await openCase(deps, psb, { child: { sex: 'male', birthDate: null, missingSince: '2015-01-01', place: 'simulated' } });
      await addRelative(deps, psb, c.id, { profileId: await upload(deps, `F${f}-FA`, 'reference', father), relationship: 'father' });
      planted.push({ caseId: c.id, uncle: mendelianChild(grandfather, grandmother, random), child: mendelianChild(father, mother, random) });
    }
    const familiesMs = performance.now() - started;
    const uncles = await register(deps, planted.map((p, i) => [`U${i}`, p.uncle]));
    const children = await register(deps, planted.map((p, i) => [`C${i}`, p.child]));
    const unrelated = await register(deps, Array.from({ length: opts.unrelated }, (_, i) => [`X${i}`, founder()] as const));

    const own = (lists: MatchView[][]) => lists.map((items, i) => items.find((m) => m.caseId === planted[i]!.caseId) ?? null);
    const uncleHits = own(await lists(deps, uncles)).filter((m): m is MatchView => m !== null && m.meetsPolicy);
    const childHits = own(await lists(deps, children)).filter((m): m is MatchView => m !== null && m.meetsPolicy);
    const warned = (m: MatchView) => m.flags?.includes('alternativeRelationship') === true || m.mostLikelyRelationship !== 'missingChild';
    const unrelatedLists = await pages(deps, unrelated);
    const observed = unrelatedLists.reduce((s, p) => s + p.items.length, 0);
    const expected = unrelatedLists.reduce((s, p) => s + (p.expectedFalseCandidates ?? 0), 0);
    const bound = unrelatedLists.reduce((s, p) => s + p.items.reduce((t, m) => t + m.expectedAdventitious, 0), 0);
    const gridPerSearch = await gridFalseCandidates(deps, index, planted.map((p) => p.caseId));
    const report = {
      families: opts.families, unrelatedFoundPersons: opts.unrelated, loci: loci.length, seed: opts.seed,
      uncles: {
        meetingThreshold: uncleHits.length, share: uncleHits.length / opts.families,
        flaggedOrRankedBelow: uncleHits.filter(warned).length,
        shareFlaggedOrRankedBelow: uncleHits.length ? uncleHits.filter(warned).length / uncleHits.length : null,
        mostLikely: tally(uncleHits.map((m) => m.mostLikelyRelationship ?? 'none')),
      },
      children: {
        meetingThreshold: childHits.length, share: childHits.length / opts.families,
        flagged: childHits.filter((m) => m.flags?.includes('alternativeRelationship')).length,
        shareFlagged: childHits.length ? childHits.filter((m) => m.flags?.includes('alternativeRelationship')).length / childHits.length : null,
        rankedBelowAnAlternative: childHits.filter((m) => m.mostLikelyRelationship !== 'missingChild').length,
        closestCompetitorOfFlagged: tally(childHits.filter((m) => m.flags?.includes('alternativeRelationship')).map(closestCompetitor)),
      },
      falseCandidates: {
        observedAmongUnrelated: observed, expectedFalseCandidatesSum: expected, poisson95: poissonRange(expected),
        perPairRate: expected / (opts.unrelated * opts.families), sumOfExpectedAdventitiousOfTheObserved: bound,
        exactGridSum: gridPerSearch * opts.unrelated,
      },
      seconds: { families: familiesMs / 1000, total: (performance.now() - started) / 1000 },
    };
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  } finally {
    await deps.jobs.idle();
    await index.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Σ over the families of the exact grid tail P(LR >= threshold | unrelated) (kinship
 * unrelated-lr-distribution.ts, an upper bound up to the grid rounding): the same expected count
 * as expectedFalseCandidates, computed the slow exact way, to check the index's estimate.
 */
async function gridFalseCandidates(deps: ServiceDeps, index: SearchIndex, caseIds: readonly string[]): Promise<number> {
  const models = index.engine.locusModels();
  const log10Threshold = Math.log10(index.policy.thresholdLr);
  let sum = 0;
  for (const caseId of caseIds) {
    const family = familyInput((await deps.store.cases.findFamily(caseId))!);
    const pedigree = compilePedigree(family.individuals, 'family');
    sum += unrelatedLrDistribution(pedigree, pedigree.indexOf(family.missing), models, genotypeArrays(pedigree, family.typed, models)).exceedance(log10Threshold);
  }
  return sum;
}

async function upload(deps: ServiceDeps, sampleId: string, kind: 'reference' | 'found', genotypes: Genotypes): Promise<string> {
  return (await registerProfile(deps, lab, { sampleId, kind, kit: 'custom', genotypes: { ...genotypes, AMEL: ['X', 'Y'] } })).profile.id;
}

async function register(deps: ServiceDeps, people: ReadonlyArray<readonly [string, Genotypes]>): Promise<string[]> {
  const ids: string[] = [];
  for (const [key, genotypes] of people) {
    ids.push((await registerFoundPerson(deps, psb, { profileId: await upload(deps, key, 'found', genotypes), foundAt: '2024-06-01', place: 'simulated' })).id);
  }
  return ids;
}

async function pages(deps: ServiceDeps, foundPersonIds: readonly string[]) {
  return Promise.all(foundPersonIds.map((id) => listFoundPersonCandidates(deps, psb, id, { limit: 200, offset: 0 })));
}

async function lists(deps: ServiceDeps, foundPersonIds: readonly string[]): Promise<MatchView[][]> {
  return (await pages(deps, foundPersonIds)).map((p) => p.items);
}

/** The competing relationship with the highest LR (not the claim, "unrelated" or an indistinguishable one). */
function closestCompetitor(m: MatchView): string {
  const excluded = new Set(['missingChild', 'unrelated', ...(m.indistinguishableRelationships ?? [])]);
  const rivals = (m.alternatives ?? []).filter((a) => !excluded.has(a.relationship) && a.log10LR !== null);
  return rivals.reduce<{ relationship: string; log10LR: number | null } | null>((b, a) => (b === null || a.log10LR! > b.log10LR! ? a : b), null)?.relationship ?? 'none';
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The central 95% range of a Poisson count with this mean (normal approximation with continuity, floor 0). */
function poissonRange(mean: number): [number, number] {
  const half = 1.96 * Math.sqrt(mean);
  return [Math.max(0, Math.floor(mean - half)), Math.ceil(mean + half)];
}

function describe(r: {
  families: number; unrelatedFoundPersons: number; loci: number;
  uncles: { meetingThreshold: number; share: number; flaggedOrRankedBelow: number; shareFlaggedOrRankedBelow: number | null; mostLikely: Record<string, number> };
  children: { meetingThreshold: number; share: number; flagged: number; shareFlagged: number | null; rankedBelowAnAlternative: number; closestCompetitorOfFlagged: Record<string, number> };
  falseCandidates: { observedAmongUnrelated: number; expectedFalseCandidatesSum: number; poisson95: [number, number]; exactGridSum: number };
  seconds: { total: number };
}): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
  return [
    `${r.families} father-only families at ${r.loci} CODIS loci, no mutation; ${r.unrelatedFoundPersons} unrelated found persons (${r.seconds.total.toFixed(0)} s)`,
    `uncles meeting LR >= 10,000 as the child: ${r.uncles.meetingThreshold} (${pct(r.uncles.share)}); flagged or ranked below an alternative: ${r.uncles.flaggedOrRankedBelow} (${pct(r.uncles.shareFlaggedOrRankedBelow)}); most likely: ${JSON.stringify(r.uncles.mostLikely)}`,
    `true children meeting the threshold: ${r.children.meetingThreshold} (${pct(r.children.share)}); flagged: ${r.children.flagged} (${pct(r.children.shareFlagged)}), closest rival ${JSON.stringify(r.children.closestCompetitorOfFlagged)}; ranked below an alternative: ${r.children.rankedBelowAnAlternative}`,
    `false candidates among unrelated found persons: observed ${r.falseCandidates.observedAmongUnrelated}, expected ${r.falseCandidates.expectedFalseCandidatesSum.toFixed(2)} (Poisson 95%: ${r.falseCandidates.poisson95.join('-')}; exact grid: ${r.falseCandidates.exactGridSum.toFixed(2)})`,
    '',
  ].join('\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
