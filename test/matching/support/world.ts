/**
 * Random small "national databases" for matching tests, generated from one seed: a frequency table
 * of a few loci with few alleles (so that the exhaustive reference, the peeling engine on every
 * family, stays fast), reference families of random relationship shapes whose relatives are
 * simulated by Mendelian transmission with occasional one-step mutations and untyped loci, and
 * POIs of several kinds (a family's true missing child, an unrelated person, a relative).
 */
import {
  compileLocusModel, missingPersonLr, resolveLocusFrequencies, type CompiledLocusModel, type FrequencyTable, type Individual,
  type MutationSpec, type Sex,
} from '../../../src/kinship';
import { meetsSearchPolicy } from '../../../src/domain';
import type { FamilyInput, ProfileGenotypes, SearchPolicyValues } from '../../../src/matching';
import { buildReferenceFamily, RELATIONSHIPS, type Relationship } from '../../kinship/support/reference-families';

const LOCI = ['D3S1358', 'vWA', 'FGA', 'TH01', 'TPOX', 'CSF1PO', 'D5S818', 'D7S820', 'D8S1179', 'D13S317'];
export const MINIMUM_FREQUENCY = { floor: 0.01, useSampleSize: false } as const;


export interface World {
  readonly table: FrequencyTable;
  readonly mutation: MutationSpec | null;
  readonly policy: SearchPolicyValues;
  readonly families: Map<string, Family>;
  readonly random: () => number;
}

export interface Family {
  readonly input: FamilyInput;
  /** The simulated parents of the missing child (to plant true matches). */
  readonly father: ProfileGenotypes;
  readonly mother: ProfileGenotypes;
}

export function makeTable(random: () => number, loci: number, maxAlleles: number): FrequencyTable {
  const out: Record<string, Record<string, number>> = {};
  for (const name of LOCI.slice(0, loci)) {
    const n = 3 + Math.floor(random() * (maxAlleles - 2));
    const w = Array.from({ length: n }, () => 0.1 + random());
    const sum = w.reduce((a, b) => a + b, 0);
    // About half the loci get one rare allele (frequency 0.004–0.016), as real tables have.
    const rare = random() < 0.5 ? 0.004 + 0.012 * random() : 0;
    out[name] = Object.fromEntries(w.map((x, i) => [String(8 + i), ((1 - rare) * x) / sum]));
    if (rare > 0) out[name]![String(8 + n)] = rare;
  }
  return { name: 'test', population: 'simulated', source: 'test', license_note: '', sampleSize: null, loci: out, notes: [] };
}

function drawAllele(table: FrequencyTable, locus: string, random: () => number): string {
  let u = random();
  const entries = Object.entries(table.loci[locus]!);
  for (const [a, p] of entries) {
    u -= p;
    if (u < 0) return a;
  }
  return entries[entries.length - 1]![0];
}

export function randomPerson(world: Pick<World, 'table' | 'random'>): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const l of Object.keys(world.table.loci)) out[l] = [drawAllele(world.table, l, world.random), drawAllele(world.table, l, world.random)];
  return out;
}

/** Mendelian child with a one-step mutation per transmission at rate `mutationRate` (the allele may leave the table). */
export function childOf(world: Pick<World, 'random'>, father: ProfileGenotypes, mother: ProfileGenotypes, mutationRate = 0.02): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  const pass = (g: readonly string[]): string => {
    const a = g[world.random() < 0.5 ? 0 : 1]!;
    if (world.random() >= mutationRate) return a;
    return String(Number(a) + (world.random() < 0.5 ? -1 : 1));
  };
  for (const l of Object.keys(father)) if (mother[l]) out[l] = [pass(father[l]!), pass(mother[l]!)];
  return out;
}

function dropLoci(world: Pick<World, 'random'>, g: Record<string, [string, string]>, rate: number): Record<string, [string, string]> {
  return Object.fromEntries(Object.entries(g).filter(() => world.random() >= rate));
}

/** Genotypes of every member of a built family, simulated top-down from founders. */
export function simulateFamily(world: Pick<World, 'table' | 'random'>, individuals: readonly Individual[]): Map<string, Record<string, [string, string]>> {
  const g = new Map<string, Record<string, [string, string]>>();
  const byId = new Map(individuals.map((i) => [i.id, i]));
  const genotypeOf = (id: string): Record<string, [string, string]> => {
    const known = g.get(id);
    if (known) return known;
    const ind = byId.get(id)!;
    const made = ind.father && ind.mother ? childOf(world, genotypeOf(ind.father), genotypeOf(ind.mother)) : randomPerson(world);
    g.set(id, made);
    return made;
  };
  for (const ind of individuals) genotypeOf(ind.id);
  return g;
}

export function randomShape(random: () => number, maxRelatives: number): { sex: Sex; relationships: Relationship[] } {
  const count = 1 + Math.floor(random() * maxRelatives);
  const picked: Relationship[] = [];
  for (let i = 0; i < count; i++) {
    // Parents and grandparents often, the rest less: the mix of a real database.
    const r = random() < 0.5 ? (['father', 'mother', 'father', 'mother', 'paternalGrandfather', 'maternalGrandmother'] as const)[Math.floor(random() * 6)]!
      : RELATIONSHIPS[Math.floor(random() * RELATIONSHIPS.length)]!;
    if (['father', 'mother', 'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother'].includes(r) && picked.includes(r)) continue;
    picked.push(r);
  }
  return { sex: random() < 0.5 ? 'male' : 'female', relationships: picked };
}

/** A family of a random shape (up to `maxRelatives` typed relatives), or of the given shape. */
export function makeFamily(
  world: Pick<World, 'table' | 'random'>,
  maxRelatives = 3,
  untypedRate = 0.08,
  shape: { sex: Sex; relationships: Relationship[] } = randomShape(world.random, maxRelatives),
): Family {
  const built = buildReferenceFamily(shape.sex, shape.relationships);
  const g = simulateFamily(world, built.individuals);
  const typed = Object.fromEntries(built.relatives.map((id) => [id, dropLoci(world, g.get(id)!, untypedRate)]));
  const mp = built.individuals.find((i) => i.id === 'MP')!;
  return {
    input: { individuals: built.individuals, missing: 'MP', typed },
    father: mp.father ? g.get(mp.father)! : randomPerson(world),
    mother: mp.mother ? g.get(mp.mother)! : randomPerson(world),
  };
}

/** Models of the search: the table plus every allele met (minimum frequency, renormalised). */
export function referenceModels(world: Pick<World, 'table' | 'mutation'>, met: ReadonlyMap<string, ReadonlySet<string>>): CompiledLocusModel[] {
  return Object.keys(world.table.loci).map((name) => {
    const resolved = resolveLocusFrequencies(world.table, name, [...(met.get(name) ?? [])], MINIMUM_FREQUENCY);
    return compileLocusModel({ name, frequencies: resolved.frequencies, mutation: world.mutation });
  });
}

export function noteAlleles(met: Map<string, Set<string>>, g: ProfileGenotypes): void {
  for (const [l, pair] of Object.entries(g)) {
    const set = met.get(l) ?? new Set<string>();
    for (const a of pair) set.add(a);
    met.set(l, set);
  }
}

export interface ReferenceHit {
  readonly key: string;
  readonly LR: number;
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
}

/** The exhaustive exact scan: the peeling engine (missingPersonLr) on every family, then the policy. */
export function exhaustiveSearch(
  families: ReadonlyMap<string, FamilyInput>,
  poi: ProfileGenotypes,
  models: readonly CompiledLocusModel[],
  policy: SearchPolicyValues,
): ReferenceHit[] {
  const out: ReferenceHit[] = [];
  for (const [key, family] of families) {
    let result;
    try {
      result = missingPersonLr(
        family.individuals,
        family.missing,
        models.map((model) => ({
          model,
          typedByPerson: Object.fromEntries(
            Object.entries(family.typed).flatMap(([id, g]) => (g[model.name] ? [[id, [model.indexOf(g[model.name]![0]!), model.indexOf(g[model.name]![1]!)] as const]] : [])),
          ),
          poi: poi[model.name] ? [model.indexOf(poi[model.name]![0]!), model.indexOf(poi[model.name]![1]!)] : null,
        })),
        { theta: policy.theta },
      );
    } catch {
      continue;
    }
    if (meetsSearchPolicy(result, policy)) {
      out.push({ key, LR: result.LR, inconsistentLoci: result.inconsistentLoci, lociCompared: result.lociCompared });
    }
  }
  return out.sort((a, b) => b.LR - a.LR);
}
