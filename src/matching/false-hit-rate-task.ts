/**
 * False-hit rates of a batch of families computed on a pool thread (false-hit-rate-calculator.ts),
 * so an index build runs them beside the engine's own work instead of after it. The batch crosses
 * the thread boundary packed: each distinct pedigree once, and the typed members' genotype codes
 * of the panel (locus-panel.ts) in one array, rather than a profile object per member.
 */
import type { CompiledLocusModel } from '../kinship';
import { FalseHitRateCalculator, pedigreeKey, type FalseHitRatePolicy, type FamilyPedigree } from './false-hit-rate-calculator';
import { compilePanelLocus, decodeTables, samePanelLocus, type PanelLocus, type PanelSpec, type ProfileGenotypes } from './locus-panel';

export interface FalseHitRateTask {
  readonly kind: 'falseHitRates';
  /** The panel the codes are of (alleles are only ever appended, so later panels read them the same). */
  readonly panel: PanelSpec;
  readonly policy: FalseHitRatePolicy;
  /** The distinct pedigrees of the batch. */
  readonly shapes: readonly FamilyPedigree[];
  /** Per family: the index of its pedigree in `shapes`. */
  readonly shapeOf: Int32Array;
  /** Family f's typed members are members[memberStart[f] .. memberStart[f + 1]), indices into its pedigree's individuals. */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
  /** Each typed member's genotype code at every panel locus (0 untyped), member after member. */
  readonly codes: Uint16Array;
}

/** A family as the task takes it (the engine's FamilyInput). */
export interface TypedFamily extends FamilyPedigree {
  readonly typed: Readonly<Record<string, ProfileGenotypes>>;
}

/** Packs a batch. `encode` gives a typed member's codes at the panel loci (0 where untyped or where the panel lacks an allele). */
export function falseHitRateTask<F extends TypedFamily>(
  panel: PanelSpec, policy: FalseHitRatePolicy, families: readonly F[], encode: (family: F, id: string) => Uint16Array,
): FalseHitRateTask {
  const L = panel.loci.length;
  const shapeIndex = new Map<string, number>();
  const shapes: FamilyPedigree[] = [];
  const shapeOf = new Int32Array(families.length);
  const memberStart = new Int32Array(families.length + 1);
  const members: number[] = [];
  const codes: Uint16Array[] = [];
  families.forEach((family, f) => {
    const key = pedigreeKey(family);
    let s = shapeIndex.get(key);
    if (s === undefined) {
      s = shapes.length;
      shapeIndex.set(key, s);
      shapes.push({ individuals: family.individuals, missing: family.missing });
    }
    shapeOf[f] = s;
    const individuals = shapes[s]!.individuals;
    for (const id in family.typed) {
      const m = individuals.findIndex((i) => i.id === id);
      if (m < 0 || id === family.missing) continue;
      members.push(m);
      codes.push(encode(family, id));
    }
    memberStart[f + 1] = members.length;
  });
  const packed = new Uint16Array(codes.length * L);
  codes.forEach((c, i) => packed.set(c, i * L));
  return { kind: 'falseHitRates', panel: { generation: panel.generation, loci: [...panel.loci] }, policy, shapes, shapeOf, memberStart, members: Int32Array.from(members), codes: packed };
}

/** Families per task: about 15 ms of work, so nothing else on the pool waits long behind one. */
const RATES_PER_TASK = 256;

/** Where a batch's tasks come from and go to. */
export interface FalseHitRateRun<F extends TypedFamily> {
  readonly policy: FalseHitRatePolicy;
  /** The panel now (read for each task: a task packed later may use a later generation). */
  readonly panel: () => PanelSpec;
  readonly encode: (family: F, id: string) => Uint16Array;
  readonly run: (task: FalseHitRateTask) => Promise<Float64Array>;
  /** Tasks in flight at once: the pool's workers. */
  readonly lanes: number;
}

/**
 * Each family's rate, the batch sent in small tasks with at most `lanes` in flight: the pool's
 * queue is first come first served, so a search or an index build's bound tasks wait behind one
 * small task, not behind the batch.
 */
export async function runFalseHitRates<F extends TypedFamily>(families: readonly F[], how: FalseHitRateRun<F>): Promise<Float64Array> {
  const out = new Float64Array(families.length);
  let next = 0;
  const feed = async (): Promise<void> => {
    while (next < families.length) {
      const start = next;
      next = Math.min(families.length, next + RATES_PER_TASK);
      out.set(await how.run(falseHitRateTask(how.panel(), how.policy, families.slice(start, next), how.encode)), start);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, how.lanes) }, feed));
  return out;
}

/**
 * Runs false-hit rate tasks in one thread, keeping what makes the next batch cheap: the compiled
 * models of each locus (recompiled only when its spec changed) and one calculator per policy.
 */
export class FalseHitRateRunner {
  private readonly loci = new Map<string, { readonly spec: PanelLocus; readonly model: CompiledLocusModel }>();
  private calculator: FalseHitRateCalculator | null = null;
  private decode: { first: Int16Array; second: Int16Array; maxAlleles: number } | null = null;

  /** Each family's rate, in the task's order. */
  run(task: FalseHitRateTask): Float64Array {
    const models = task.panel.loci.map((spec) => this.modelOf(spec));
    const calculator = this.calculatorFor(task.policy);
    const { first, second } = this.decodeFor(Math.max(...task.panel.loci.map((l) => l.alleles.length)));
    const L = models.length;
    const rates = new Float64Array(task.shapeOf.length);
    for (let f = 0; f < rates.length; f++) {
      const shape = task.shapes[task.shapeOf[f]!]!;
      const start = task.memberStart[f]!;
      const end = task.memberStart[f + 1]!;
      rates[f] = calculator.rateOf(shape, models, (pedigree, l, out) => {
        for (let k = start; k < end; k++) {
          const code = task.codes[k * L + l]!;
          if (code === 0) continue;
          const i = pedigree.indexOf(shape.individuals[task.members[k]!]!.id);
          out[2 * i] = first[code]!;
          out[2 * i + 1] = second[code]!;
        }
      });
    }
    return rates;
  }

  private modelOf(spec: PanelLocus): CompiledLocusModel {
    const known = this.loci.get(spec.name);
    if (known && samePanelLocus(known.spec, spec)) return known.model;
    const model = compilePanelLocus(spec);
    this.loci.set(spec.name, { spec, model });
    return model;
  }

  private calculatorFor(policy: FalseHitRatePolicy): FalseHitRateCalculator {
    const current = this.calculator?.policy;
    if (!current || current.thresholdLr !== policy.thresholdLr || current.minLociCompared !== policy.minLociCompared) {
      this.calculator = new FalseHitRateCalculator(policy);
    }
    return this.calculator!;
  }

  private decodeFor(maxAlleles: number): { first: Int16Array; second: Int16Array } {
    if (!this.decode || this.decode.maxAlleles < maxAlleles) this.decode = { ...decodeTables(maxAlleles), maxAlleles };
    return this.decode;
  }
}
