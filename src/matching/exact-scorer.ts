/**
 * "Scored exactly": kinship createMissingPersonLocusScorer at every panel locus (closed forms or the
 * peeling engine), combined over loci by combineLocusLrs. One scorer is compiled per template,
 * locus and typed-slot pattern and kept while that locus' model is unchanged; the search scans
 * (forward, reverse, bounds) all score through here, so they agree with each other to the bit.
 */
import {
  combineLocusLrs, compilePedigree, createMissingPersonLocusScorer, KinshipError, type CompiledLocusModel,
  type CompiledPedigree, type FastLocusLr, type Individual, type MissingPersonLocusScorer,
} from '../kinship';
import type { TemplateSpec } from './family-template';
import { compilePanelLocus, decodeTables, samePanelLocus, type PanelLocus, type PanelSpec } from './locus-panel';

/** The exact result of one family against one POI, before the policy. */
export interface ExactScore {
  readonly LR: number;
  readonly log10LR: number;
  readonly loci: readonly FastLocusLr[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
}

/** Drops a template's scorers at the given loci (scorer keys and dense slots both lead with the locus). */
function dropLoci(t: TemplateState, loci: ReadonlySet<number>): void {
  for (const key of t.scorers.keys()) if (loci.has(Math.floor(key / 131_072))) t.scorers.delete(key);
  const S = t.spec.slots.length;
  t.dense.forEach((scorer, i) => {
    if (scorer && loci.has(i >> S)) t.dense[i] = undefined;
  });
}

/** A family shape with its compiled pedigree and scorers. */
export interface TemplateState {
  readonly spec: TemplateSpec;
  readonly ped: CompiledPedigree;
  readonly scorers: Map<number, MissingPersonLocusScorer>;
  /** θ = 0 scorers by (locus, typed-slot mask), for the hot path (templates of up to 8 slots). */
  dense: (MissingPersonLocusScorer | undefined)[];
}

/** A family as a search task carries it: the pedigree, the missing member and the typed members (slots). */
export interface FamilyTemplate {
  readonly individuals: readonly Individual[];
  readonly missing: number;
  readonly slots: readonly number[];
}

/** The template of a family that is scored exactly without being indexed (reverse searches, ad hoc scores). */
export function unindexedTemplate(family: FamilyTemplate, key = ''): TemplateState {
  const spec: TemplateSpec = {
    id: -1, key, individuals: family.individuals, missing: family.missing, slots: family.slots, kind: 'exact', screen: null, classes: 0, label: '',
  };
  return { spec, ped: compilePedigree(spec.individuals, 'family'), scorers: new Map(), dense: [] };
}

export class ExactScorer {
  /** The compiled model of every panel locus. */
  models: CompiledLocusModel[] = [];
  /** The two allele indices of every genotype code. */
  decode = decodeTables(1);
  private readonly templates = new Map<number, TemplateState>();
  private readonly adHoc = new Map<string, TemplateState>();
  private panelLoci: PanelLocus[] = [];
  private codesBuffer = new Uint16Array(64);
  private genoBuffer = new Int32Array(64);

  /**
   * Takes a new panel generation. A generation changes the loci that learned an allele only: their
   * models are recompiled and their scorers dropped; every other locus keeps its model object, and
   * with it its scorers and mutation kernels (a sibling pair's kernels take tens of milliseconds
   * at SE33, which a search would otherwise pay after every new allele anywhere).
   * @returns the indices of the loci whose model changed.
   */
  setPanel(panel: PanelSpec): Set<number> {
    const changed = new Set<number>();
    this.models = panel.loci.map((locus, l) => {
      const known = this.panelLoci[l];
      if (known && this.models[l] && samePanelLocus(known, locus)) return this.models[l]!;
      changed.add(l);
      return compilePanelLocus(locus);
    });
    this.panelLoci = [...panel.loci];
    const most = Math.max(1, ...this.models.map((m) => m.n));
    this.decode = decodeTables(most);
    if (changed.size === 0) return changed;
    for (const t of [...this.templates.values(), ...this.adHoc.values()]) dropLoci(t, changed);
    return changed;
  }

  /** The state of an indexed template (kept while its id, key and kind are unchanged). */
  templateState(spec: TemplateSpec): TemplateState {
    let t = this.templates.get(spec.id);
    if (!t || t.spec.key !== spec.key || t.spec.kind !== spec.kind) {
      t = { spec, ped: compilePedigree(spec.individuals, `template ${spec.id}`), scorers: new Map(), dense: [] };
      this.templates.set(spec.id, t);
    }
    return t;
  }

  /** A reusable buffer for one row's codes. */
  rowCodes(size: number): Uint16Array {
    if (this.codesBuffer.length < size) this.codesBuffer = new Uint16Array(size * 2);
    return this.codesBuffer.subarray(0, size);
  }

  /**
   * Writes locus l of a family's slot-major codes (slot s at s · loci + l, 0 untyped) into the
   * members' allele pairs, -1 for an untyped slot; other members are left as they are. Returns the
   * typed-slot mask.
   */
  locusGenotypes(t: TemplateState, codes: Uint16Array, l: number, geno: Int32Array): number {
    const L = this.models.length;
    const slots = t.spec.slots;
    const first = this.decode.first;
    const second = this.decode.second;
    let mask = 0;
    for (let s = 0; s < slots.length; s++) {
      const code = codes[s * L + l]!;
      const m = slots[s]!;
      geno[2 * m] = code === 0 ? -1 : first[code]!;
      geno[2 * m + 1] = code === 0 ? -1 : second[code]!;
      if (code !== 0) mask |= 1 << s;
    }
    return mask;
  }

  /** Π over loci of the exact locus LR (no statuses), or null when the engine cannot score the family. */
  lrOfCodes(t: TemplateState, codes: Uint16Array, c: Int32Array, d: Int32Array, theta: number): number | null {
    const L = this.models.length;
    if (this.genoBuffer.length < 2 * t.ped.size) this.genoBuffer = new Int32Array(4 * t.ped.size);
    const geno = this.genoBuffer.subarray(0, 2 * t.ped.size);
    let product = 1;
    geno.fill(-1);
    try {
      for (let l = 0; l < L; l++) {
        if (c[l]! < 0) continue;
        const mask = this.locusGenotypes(t, codes, l, geno);
        product *= this.scorer(t, l, mask, theta).lr(geno, c[l]!, d[l]!);
      }
    } catch (e) {
      if (e instanceof KinshipError) return null;
      throw e;
    }
    return product;
  }

  /** The exact result of a family's slot-major codes against a POI (null when the engine cannot score it). */
  scoreCodes(
    t: TemplateState,
    codes: Uint16Array,
    poi: (l: number) => readonly [number, number] | null,
    theta: number,
  ): ExactScore | null {
    const L = this.models.length;
    const geno = new Int32Array(2 * t.ped.size).fill(-1);
    const loci: FastLocusLr[] = [];
    try {
      for (let l = 0; l < L; l++) {
        const mask = this.locusGenotypes(t, codes, l, geno);
        loci.push(this.scorer(t, l, mask, theta).locus(geno, poi(l)));
      }
    } catch (e) {
      if (e instanceof KinshipError) return null;
      throw e;
    }
    const combined = combineLocusLrs(loci.map((x) => ({ ...x, likelihoodH1: NaN, likelihoodH2: NaN })));
    return { LR: combined.LR, log10LR: combined.log10LR, loci, inconsistentLoci: combined.inconsistentLoci, lociCompared: combined.lociCompared };
  }

  /**
   * The exact result of any family (not necessarily indexed) against a POI, or null when the
   * engine cannot score it. `codes` are slot-major, `poi` by panel locus.
   */
  scoreFamily(family: FamilyTemplate, codes: Uint16Array, poi: Uint16Array, theta: number): ExactScore | null {
    const t = this.familyTemplate(family);
    return this.scoreCodes(t, codes, (l) => (poi[l] === 0 ? null : [this.decode.first[poi[l]!]!, this.decode.second[poi[l]!]!]), theta);
  }

  /**
   * The template of a family scored without being indexed (a reverse search, an ad hoc score),
   * kept by its shape until the panel changes: families of a database repeat a few shapes, and
   * compiling a shape's pedigree and per-locus scorers costs more than tabling its LRs.
   */
  familyTemplate(family: FamilyTemplate): TemplateState {
    const key = JSON.stringify([family.individuals, family.missing, family.slots]);
    let t = this.adHoc.get(key);
    if (!t) {
      t = unindexedTemplate(family, key);
      if (this.adHoc.size >= 256) this.adHoc.clear();
      this.adHoc.set(key, t);
    }
    return t;
  }

  /** The scorer of template t at locus l for the typed-slot mask (compiled once). */
  scorer(t: TemplateState, l: number, mask: number, theta = 0): MissingPersonLocusScorer {
    const S = t.spec.slots.length;
    if (theta === 0 && S <= 8) {
      const i = (l << S) + mask;
      const known = t.dense[i];
      if (known) return known;
      const made = this.scorerOf(t, l, mask, 0);
      t.dense[i] = made;
      return made;
    }
    return this.scorerOf(t, l, mask, theta);
  }

  private scorerOf(t: TemplateState, l: number, mask: number, theta: number): MissingPersonLocusScorer {
    const key = (l * 65536 + mask) * 2 + (theta > 0 ? 1 : 0);
    let s = t.scorers.get(key);
    if (!s) {
      const typed = new Array<boolean>(t.ped.size).fill(false);
      t.spec.slots.forEach((member, k) => {
        if (mask & (1 << k)) typed[member] = true;
      });
      s = createMissingPersonLocusScorer(t.ped, t.spec.missing, typed, this.models[l]!, theta);
      t.scorers.set(key, s);
    }
    return s;
  }
}
