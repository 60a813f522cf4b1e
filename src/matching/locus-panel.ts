/**
 * The locus panel of a search index: the loci of the policy's frequency table, in the order the
 * screens visit them (most discriminating first), each with its allele list — the table's alleles
 * in table order, then every allele the index has met that the table lacks, appended in order of
 * first appearance. An appended allele gets the minimum allele frequency (NRC II 1996 ch. 5:
 * 5/2N, kinship frequency-table.ts) and the locus is renormalised, so the locus model changes; the
 * index bumps the panel generation and rebuilds what depends on that locus. Allele indices only
 * grow, so every stored genotype code stays valid.
 *
 * A genotype is stored as a Uint16 code: 0 = untyped, else 1 + b (b + 1) / 2 + a for allele
 * indices a <= b (kinship locus-model.ts genotypeIndex + 1).
 */
import {
  canonicalAllele, compileLocusModel, resolveLocusFrequencies, type CompiledLocusModel, type FrequencyTable,
  type MinimumFrequencyPolicy, type MutationSpec,
} from '../kinship';

/** Largest allele count per locus that fits a Uint16 genotype code. */
export const MAX_ALLELES_PER_LOCUS = 361;

export interface PanelLocus {
  readonly name: string;
  /** Canonical designations; position = allele index. */
  readonly alleles: readonly string[];
  /** Frequencies after the minimum-frequency policy (renormalised when alleles were appended). */
  readonly frequencies: readonly number[];
  readonly mutation: MutationSpec | null;
  /** How many leading alleles come from the table. */
  readonly tableAlleles: number;
}

/** Everything a worker needs to compile the same models (JSON-able). */
export interface PanelSpec {
  readonly generation: number;
  readonly loci: readonly PanelLocus[];
}

export interface PanelOptions {
  readonly table: FrequencyTable;
  readonly mutation: (locus: string) => MutationSpec | null;
  readonly minimumFrequency: MinimumFrequencyPolicy;
}

/** Canonical genotypes of one profile: locus -> two allele designations (one for Y markers). */
export type ProfileGenotypes = Readonly<Record<string, readonly string[]>>;

/** The flat code of the unordered genotype {a, b}. */
export function genotypeCode(a: number, b: number): number {
  return a <= b ? 1 + (b * (b + 1)) / 2 + a : 1 + (a * (a + 1)) / 2 + b;
}

/** Decode tables: alleles of every code up to `count` codes (code 0 = untyped gives -1, -1). */
export function decodeTables(maxAlleles: number): { first: Int16Array; second: Int16Array } {
  const codes = 1 + (maxAlleles * (maxAlleles + 1)) / 2;
  const first = new Int16Array(codes).fill(-1);
  const second = new Int16Array(codes).fill(-1);
  for (let b = 0; b < maxAlleles; b++) {
    for (let a = 0; a <= b; a++) {
      const c = genotypeCode(a, b);
      first[c] = a;
      second[c] = b;
    }
  }
  return { first, second };
}

/** Expected heterozygosity 1 − Σ p² (Nei 1973): the screens visit high-diversity loci first. */
function heterozygosity(freqs: readonly number[]): number {
  let s = 0;
  for (const p of freqs) s += p * p;
  return 1 - s;
}

export class LocusPanel {
  private loci: PanelLocus[];
  private index: Map<string, number>[];
  private generationNumber = 1;
  private compiled: { generation: number; models: CompiledLocusModel[] } | undefined;
  /** Compiled models by locus spec: a new generation recompiles only the loci that learned an allele. */
  private readonly compiledLoci = new WeakMap<PanelLocus, CompiledLocusModel>();

  constructor(private readonly options: PanelOptions) {
    const names = Object.keys(options.table.loci);
    const built = names.map((name) => this.buildLocus(name, []));
    built.sort((a, b) => heterozygosity(b.frequencies) - heterozygosity(a.frequencies) || (a.name < b.name ? -1 : 1));
    this.loci = built;
    this.index = built.map((l) => new Map(l.alleles.map((a, i) => [a, i])));
  }

  get generation(): number {
    return this.generationNumber;
  }

  get size(): number {
    return this.loci.length;
  }

  names(): string[] {
    return this.loci.map((l) => l.name);
  }

  spec(): PanelSpec {
    return { generation: this.generationNumber, loci: this.loci };
  }

  alleleCount(l: number): number {
    return this.loci[l]!.alleles.length;
  }

  /**
   * The compiled models of the current generation (cached). A locus whose spec did not change
   * keeps its model object, so caches keyed by model (the false-hit calibration's) stay valid.
   */
  models(): CompiledLocusModel[] {
    if (this.compiled?.generation !== this.generationNumber) {
      const models = this.loci.map((locus) => {
        let model = this.compiledLoci.get(locus);
        if (!model) {
          model = compilePanelLocus(locus);
          this.compiledLoci.set(locus, model);
        }
        return model;
      });
      this.compiled = { generation: this.generationNumber, models };
    }
    return this.compiled.models;
  }

  /**
   * Alleles of `genotypes` at panel loci that the panel does not know yet, as [locus index, designation].
   * @throws NomenclatureError for an unreadable allele.
   */
  unknownAlleles(genotypes: ProfileGenotypes): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    this.loci.forEach((locus, l) => {
      const pair = genotypes[locus.name];
      if (!pair || pair.length === 0) return;
      for (const raw of pair) {
        if (this.index[l]!.has(raw)) continue;
        const allele = canonicalAllele(locus.name, raw);
        if (!this.index[l]!.has(allele) && !out.some(([k, a]) => k === l && a === allele)) out.push([l, allele]);
      }
    });
    return out;
  }

  /** Appends alleles (minimum frequency, locus renormalised); returns the loci that changed. */
  addAlleles(alleles: ReadonlyArray<readonly [number, string]>): number[] {
    const changed = new Set<number>();
    for (const [l, allele] of alleles) {
      if (this.index[l]!.has(allele)) continue;
      const locus = this.loci[l]!;
      if (locus.alleles.length >= MAX_ALLELES_PER_LOCUS) throw new RangeError(`locus ${locus.name}: more than ${MAX_ALLELES_PER_LOCUS} alleles`);
      const extra = [...locus.alleles.slice(locus.tableAlleles), allele];
      this.loci[l] = this.buildLocus(locus.name, extra);
      this.index[l]!.set(allele, locus.alleles.length);
      changed.add(l);
    }
    if (changed.size > 0) this.generationNumber++;
    return [...changed].sort((a, b) => a - b);
  }

  /**
   * Genotype codes of a profile at every panel locus (0 where untyped). Every allele must be known
   * (call {@link addAlleles} with {@link unknownAlleles} first).
   */
  encode(genotypes: ProfileGenotypes): Uint16Array {
    const out = new Uint16Array(this.loci.length);
    for (let l = 0; l < this.loci.length; l++) {
      const pair = genotypes[this.loci[l]!.name];
      if (!pair || pair.length === 0) continue;
      const a = this.alleleIndex(l, pair[0]!);
      const b = this.alleleIndex(l, pair[1] ?? pair[0]!);
      out[l] = genotypeCode(a, b);
    }
    return out;
  }

  /** {@link encode} when every allele is known already (the common case), else null. */
  encodeKnown(genotypes: ProfileGenotypes): Uint16Array | null {
    return this.encodeWithPanel(genotypes, 'refuse');
  }

  /**
   * {@link encode} without learning: code 0 (untyped) at a locus with an allele the panel lacks, as
   * a calculation that must not change the panel reads a profile.
   */
  encodeKnownLoci(genotypes: ProfileGenotypes): Uint16Array {
    return this.encodeWithPanel(genotypes, 'untyped')!;
  }

  /** The codes of the panel's alleles; a locus with an allele it lacks refuses the profile (null) or reads as untyped. */
  private encodeWithPanel(genotypes: ProfileGenotypes, unknown: 'refuse' | 'untyped'): Uint16Array | null {
    const out = new Uint16Array(this.loci.length);
    for (let l = 0; l < this.loci.length; l++) {
      const pair = genotypes[this.loci[l]!.name];
      if (!pair || pair.length === 0) continue;
      const index = this.index[l]!;
      const a = index.get(pair[0]!);
      const b = pair.length > 1 ? index.get(pair[1]!) : a;
      if (a !== undefined && b !== undefined) out[l] = genotypeCode(a, b);
      else if (unknown === 'refuse') return null;
    }
    return out;
  }

  /** Designations of a code at locus l (null for untyped). */
  designations(l: number, code: number): [string, string] | null {
    if (code === 0) return null;
    let b = 0;
    while (1 + ((b + 1) * (b + 2)) / 2 <= code) b++;
    const a = code - 1 - (b * (b + 1)) / 2;
    const alleles = this.loci[l]!.alleles;
    return [alleles[a]!, alleles[b]!];
  }

  private alleleIndex(l: number, raw: string): number {
    const locus = this.loci[l]!;
    const i = this.index[l]!.get(raw) ?? this.index[l]!.get(canonicalAllele(locus.name, raw));
    if (i === undefined) throw new RangeError(`locus ${locus.name}: allele ${raw} is not in the panel`);
    return i;
  }

  private buildLocus(name: string, extra: readonly string[]): PanelLocus {
    const resolved = resolveLocusFrequencies(this.options.table, name, extra, this.options.minimumFrequency);
    // Explicit order: the table's own alleles as listed, then the appended ones in order of
    // appearance. (Object key order cannot be used: JavaScript lists integer-like keys such as
    // "7" first, which would renumber the alleles when one is appended.)
    const added = new Set(resolved.added);
    const fromTable = Object.keys(this.options.table.loci[name]!).filter((a) => resolved.frequencies[a] !== undefined && !added.has(a));
    const alleles = [...fromTable, ...extra.filter((a) => added.has(a))];
    return {
      name,
      alleles,
      frequencies: alleles.map((a) => resolved.frequencies[a]!),
      mutation: this.options.mutation(name),
      tableAlleles: fromTable.length,
    };
  }
}

/** Two specs of one locus give the same model: the same alleles, frequencies and mutation model. */
export function samePanelLocus(a: PanelLocus, b: PanelLocus): boolean {
  if (a.name !== b.name || a.alleles.length !== b.alleles.length || JSON.stringify(a.mutation) !== JSON.stringify(b.mutation)) return false;
  for (let i = 0; i < a.alleles.length; i++) if (a.alleles[i] !== b.alleles[i] || a.frequencies[i] !== b.frequencies[i]) return false;
  return true;
}

/** The kinship model of one panel locus. */
export function compilePanelLocus(l: PanelLocus): CompiledLocusModel {
  return compileLocusModel({ name: l.name, frequencies: l.alleles.map((a, i) => [a, l.frequencies[i]!] as const), mutation: l.mutation });
}
