/**
 * A synthetic national database from one seed: reference families of the shapes seen in practice,
 * found children who truly belong to some of them, hard decoys, and unrelated found persons.
 *
 * - Founders (people without simulated parents): either real genotypes, resampled per locus from
 *   the NIST 1036 individuals (data-samples/profiles/nist1036-genotypes.csv; each locus from an
 *   independently chosen individual, so every founder is new while every single-locus genotype is
 *   a real one), or Hardy–Weinberg draws from a frequency table.
 * - Transmission: Mendel's law of segregation (each parental allele with probability ½); then a
 *   one-step mutation (±1 repeat, equally likely) with the locus' sex-specific rate per meiosis
 *   (data-samples/mutation-rates.json: female/male rates of NorskDB 2023; Ohta & Kimura 1973 for
 *   the stepwise mutation of microsatellites). Microvariants keep their fraction (9.3 -> 10.3).
 * - Family shapes follow src/domain/reference-family.ts (the relationship-built pedigrees).
 * - Decoys, for some planted children: a "father only" family whose typed man is really the
 *   child's paternal uncle, a first cousin, or a full sibling of the child.
 *
 * The random generator is mulberry32 (src/matching/mulberry32.ts), so one seed gives one database.
 */
import type { Individual, Sex } from '../kinship';
import { mulberry32, type FamilyInput, type ProfileGenotypes } from '../matching';

export type SimulatedShape =
  | 'trio' | 'father' | 'mother' | 'fullSibling' | 'fullSiblings' | 'paternalGrandparents' | 'maternalGrandparents'
  | 'paternalUncle' | 'maternalAunt' | 'paternalHalfSibling' | 'motherAndSibling';

/** The bench's mix: 40% trios, 20% father only, 20% mother only, 20% other shapes. */
export const DEFAULT_SHAPE_WEIGHTS: Readonly<Record<SimulatedShape, number>> = {
  trio: 40, father: 20, mother: 20,
  fullSibling: 4, fullSiblings: 4, paternalGrandparents: 3, maternalGrandparents: 2,
  paternalUncle: 2, maternalAunt: 1, paternalHalfSibling: 2, motherAndSibling: 2,
};

export interface MutationRates {
  readonly [locus: string]: { readonly female: number; readonly male: number } | undefined;
}

export interface SimulationOptions {
  readonly seed: number;
  readonly families: number;
  /** Found children planted in families (true matches), spread evenly over the families. */
  readonly planted: number;
  /** Unrelated found persons. */
  readonly unrelatedFound: number;
  /** Share of planted children that also get the three decoy families. */
  readonly decoyShare: number;
  readonly loci: readonly string[];
  /** Founder source: real per-locus genotypes, or allele frequencies. */
  readonly founders: { readonly genotypes: ReadonlyArray<ProfileGenotypes> } | { readonly frequencies: Readonly<Record<string, Readonly<Record<string, number>>>> };
  readonly mutationRates: MutationRates;
  readonly shapeWeights?: Readonly<Partial<Record<SimulatedShape, number>>>;
  /** Case id prefix; ids look like the service's (`case_<uuid>`). */
  readonly idPrefix?: string;
}

/** Relationship of each typed member to the missing child, in the service's words (src/domain/reference-family.ts). */
export const MEMBER_RELATIONSHIPS: Readonly<Record<string, string>> = {
  FA: 'father', MO: 'mother', S1: 'fullSibling', S2: 'fullSibling', PGF: 'paternalGrandfather', PGM: 'paternalGrandmother',
  MGF: 'maternalGrandfather', MGM: 'maternalGrandmother', PU1: 'paternalUncle', MA1: 'maternalAunt', PHS1: 'paternalHalfSibling',
};

export type SimulatedRecord =
  | {
      readonly type: 'family';
      readonly key: string;
      readonly shape: SimulatedShape | 'decoy';
      readonly family: FamilyInput;
      /** Sex of the missing child. */
      readonly childSex: Sex;
    }
  | {
      readonly type: 'found';
      readonly key: string;
      readonly genotypes: ProfileGenotypes;
      /** The family the person truly belongs to (planted), else null. */
      readonly trueFamily: string | null;
      readonly shape: SimulatedShape | null;
    };

type Genotypes = Record<string, [string, string]>;

/** A deterministic UUID-shaped id from a counter (not random: the same seed gives the same ids). */
function simulatedId(prefix: string, seed: number, n: number): string {
  const hex = (x: number, len: number) => (x >>> 0).toString(16).padStart(len, '0').slice(-len);
  const h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ n;
  return `${prefix}_${hex(h, 8)}-${hex(n >>> 16, 4)}-4${hex(n, 3)}-8${hex(seed, 3)}-${hex(n, 12)}`;
}

class Simulator {
  readonly random: () => number;
  private readonly picks: ReadonlyArray<readonly [SimulatedShape, number]>;
  private readonly total: number;

  /** Real genotypes by locus (founder resampling), or null for frequency draws. */
  private readonly byLocus: ReadonlyArray<ReadonlyArray<readonly [string, string]>> | null;

  constructor(private readonly o: SimulationOptions) {
    this.random = mulberry32(o.seed);
    const src = o.founders;
    this.byLocus = 'genotypes' in src
      ? o.loci.map((locus) => src.genotypes.flatMap((g) => (g[locus]?.length === 2 ? [[g[locus]![0]!, g[locus]![1]!] as const] : [])))
      : null;
    const weights = { ...DEFAULT_SHAPE_WEIGHTS, ...(o.shapeWeights ?? {}) };
    this.picks = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as Array<[SimulatedShape, number]>;
    this.total = this.picks.reduce((s, [, w]) => s + w, 0);
  }

  shape(): SimulatedShape {
    let u = this.random() * this.total;
    for (const [shape, w] of this.picks) {
      u -= w;
      if (u < 0) return shape;
    }
    return this.picks[this.picks.length - 1]![0];
  }

  founder(): Genotypes {
    const out: Genotypes = {};
    const src = this.o.founders;
    const loci = this.o.loci;
    for (let l = 0; l < loci.length; l++) {
      const locus = loci[l]!;
      if (this.byLocus) {
        // Per-locus resampling: the genotype of a random real individual typed at this locus.
        const pool = this.byLocus[l]!;
        if (pool.length === 0) continue;
        const g = pool[Math.floor(this.random() * pool.length)]!;
        out[locus] = [g[0], g[1]];
      } else if (!('genotypes' in src)) {
        const f = src.frequencies[locus];
        if (f) out[locus] = [this.drawAllele(f), this.drawAllele(f)];
      }
    }
    return out;
  }

  child(father: Genotypes, mother: Genotypes): Genotypes {
    const out: Genotypes = {};
    for (const locus of this.o.loci) {
      const f = father[locus];
      const m = mother[locus];
      if (!f || !m) continue;
      const rates = this.o.mutationRates[locus];
      out[locus] = [this.transmit(f, rates?.male ?? 0), this.transmit(m, rates?.female ?? 0)];
    }
    return out;
  }

  private transmit(g: readonly [string, string], rate: number): string {
    const a = g[this.random() < 0.5 ? 0 : 1];
    if (rate === 0 || this.random() >= rate) return a;
    return stepAllele(a, this.random() < 0.5 ? -1 : 1);
  }

  private drawAllele(f: Readonly<Record<string, number>>): string {
    let u = this.random();
    let last = '';
    for (const [a, p] of Object.entries(f)) {
      last = a;
      u -= p;
      if (u < 0) return a;
    }
    return last;
  }
}

/** One repeat more or less; microvariants keep their fraction; non-numeric alleles do not mutate. */
export function stepAllele(allele: string, step: number): string {
  const v = Number(allele);
  if (!Number.isFinite(v)) return allele;
  const next = v + step;
  if (next < 1) return allele;
  const dot = allele.indexOf('.');
  return dot < 0 ? String(next) : next.toFixed(allele.length - dot - 1);
}

const ind = (id: string, father: string | null, mother: string | null, sex: Sex): Individual => ({ id, father, mother, sex });

interface Built {
  readonly family: FamilyInput;
  /** The missing child's own genotypes (what a found child would show). */
  readonly child: Genotypes;
  readonly father: Genotypes;
  readonly mother: Genotypes;
  readonly sex: Sex;
}

function buildFamily(sim: Simulator, shape: SimulatedShape): Built {
  const sex: Sex = sim.random() < 0.5 ? 'male' : 'female';
  const paternal = shape === 'paternalGrandparents' || shape === 'paternalUncle';
  const maternal = shape === 'maternalGrandparents' || shape === 'maternalAunt';
  const none: Genotypes = {};
  const pgf = paternal ? sim.founder() : none;
  const pgm = paternal ? sim.founder() : none;
  const mgf = maternal ? sim.founder() : none;
  const mgm = maternal ? sim.founder() : none;
  const fa = paternal ? sim.child(pgf, pgm) : sim.founder();
  const mo = maternal ? sim.child(mgf, mgm) : sim.founder();
  const child = sim.child(fa, mo);
  const people: Individual[] = [];
  if (paternal) people.push(ind('PGF', null, null, 'male'), ind('PGM', null, null, 'female'));
  if (maternal) people.push(ind('MGF', null, null, 'male'), ind('MGM', null, null, 'female'));
  people.push(ind('FA', paternal ? 'PGF' : null, paternal ? 'PGM' : null, 'male'), ind('MO', maternal ? 'MGF' : null, maternal ? 'MGM' : null, 'female'));
  people.push(ind('MP', 'FA', 'MO', sex));
  const typed: Record<string, Genotypes> = {};
  switch (shape) {
    case 'trio':
      typed.FA = fa;
      typed.MO = mo;
      break;
    case 'father':
      typed.FA = fa;
      break;
    case 'mother':
      typed.MO = mo;
      break;
    case 'fullSibling':
      people.push(ind('S1', 'FA', 'MO', 'female'));
      typed.S1 = sim.child(fa, mo);
      break;
    case 'fullSiblings':
      people.push(ind('S1', 'FA', 'MO', 'female'), ind('S2', 'FA', 'MO', 'male'));
      typed.S1 = sim.child(fa, mo);
      typed.S2 = sim.child(fa, mo);
      break;
    case 'paternalGrandparents':
      typed.PGF = pgf;
      typed.PGM = pgm;
      break;
    case 'maternalGrandparents':
      typed.MGF = mgf;
      typed.MGM = mgm;
      break;
    case 'paternalUncle':
      people.push(ind('PU1', 'PGF', 'PGM', 'male'));
      typed.PU1 = sim.child(pgf, pgm);
      break;
    case 'maternalAunt':
      people.push(ind('MA1', 'MGF', 'MGM', 'female'));
      typed.MA1 = sim.child(mgf, mgm);
      break;
    case 'paternalHalfSibling': {
      const other = sim.founder();
      people.push(ind('PHS1_MO', null, null, 'female'), ind('PHS1', 'FA', 'PHS1_MO', 'male'));
      typed.PHS1 = sim.child(fa, other);
      break;
    }
    case 'motherAndSibling':
      people.push(ind('S1', 'FA', 'MO', 'male'));
      typed.MO = mo;
      typed.S1 = sim.child(fa, mo);
      break;
  }
  return { family: { individuals: people, missing: 'MP', typed }, child, father: fa, mother: mo, sex };
}

/** The three decoy families of a planted child: its father's brother, a first cousin, a sibling, each typed as "father". */
function decoys(sim: Simulator, built: Built): FamilyInput[] {
  const duo = (man: Genotypes): FamilyInput => ({
    individuals: [ind('FA', null, null, 'male'), ind('MO', null, null, 'female'), ind('MP', 'FA', 'MO', built.sex)],
    missing: 'MP',
    typed: { FA: man },
  });
  // The father's parents are not simulated for every shape; a brother is a child of two new
  // founders only in distribution, so draw the father's parents consistently: the uncle shares
  // one allele with the father per locus with probability ½ through each grandparent.
  const grandfather = withOneAlleleOf(sim, built.father, 0);
  const grandmother = withOneAlleleOf(sim, built.father, 1);
  const uncle = sim.child(grandfather, grandmother);
  const cousin = sim.child(uncle, sim.founder());
  const sibling = sim.child(built.father, built.mother);
  return [duo(uncle), duo(cousin), duo(sibling)];
}

/** A founder carrying the father's allele `slot` at every locus (so the father is truly his child). */
function withOneAlleleOf(sim: Simulator, person: Genotypes, slot: 0 | 1): Genotypes {
  const other = sim.founder();
  const out: Genotypes = {};
  for (const [locus, g] of Object.entries(person)) out[locus] = [g[slot], other[locus]?.[0] ?? g[slot]];
  return out;
}

/**
 * Generates the database as a stream: families first (decoys right after their planted family),
 * then the found persons (the planted children, then the unrelated ones).
 */
export function* simulateDatabase(o: SimulationOptions): Generator<SimulatedRecord> {
  const sim = new Simulator(o);
  const prefix = o.idPrefix ?? 'case';
  const plantEvery = o.planted > 0 ? Math.max(1, Math.floor(o.families / o.planted)) : Infinity;
  const planted: Array<{ key: string; child: Genotypes; shape: SimulatedShape }> = [];
  let n = 0;
  for (let i = 0; i < o.families; i++) {
    const shape = sim.shape();
    const built = buildFamily(sim, shape);
    const key = simulatedId(prefix, o.seed, n++);
    yield { type: 'family', key, shape, family: built.family, childSex: built.sex };
    if (planted.length < o.planted && i % plantEvery === 0) {
      planted.push({ key, child: built.child, shape });
      if (sim.random() < o.decoyShare) {
        for (const family of decoys(sim, built)) {
          yield { type: 'family', key: simulatedId(prefix, o.seed, n++), shape: 'decoy', family, childSex: built.sex };
        }
      }
    }
  }
  let f = 0;
  for (const p of planted) yield { type: 'found', key: simulatedId('fp', o.seed, f++), genotypes: p.child, trueFamily: p.key, shape: p.shape };
  for (let i = 0; i < o.unrelatedFound; i++) yield { type: 'found', key: simulatedId('fp', o.seed, f++), genotypes: sim.founder(), trueFamily: null, shape: null };
}
