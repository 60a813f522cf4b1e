/**
 * θ > 0 (Balding & Nichols 1994, FSI 64:125; kinship-cases README §2.3): founder alleles are one
 * sequential sample, P(next = a) = (n_a θ + (1 − θ) p_a) / (1 + (m − 1) θ). Typed founders' alleles
 * enter the sample first; then every untyped founder is summed exactly over its alleles in the same
 * sample (an untyped founder with one child contributes one draw — the untransmitted allele
 * marginalises out because the sample is exchangeable — and a founder with more children a
 * genotype), and for each assignment the rest of the pedigree is peeled as at θ = 0. The stated
 * limit is {@link THETA_MAX_UNTYPED_FOUNDERS} untyped founders and {@link THETA_MAX_FOUNDER_STATES}
 * joint founder states per locus; past it a KinshipLimitError is thrown, never an approximation.
 * In "separate" mode each unconnected part of the pedigree as given (and each extra founder) is a
 * sample of its own.
 */
import { KinshipLimitError } from './kinship-error';
import { checkBreakerStates, extendForClones, sumOverBreakers } from './loop-breakers';
import type { EngineModel } from './lump-unobserved-alleles';
import type { CompiledPedigree } from './pedigree';
import { peelComponent } from './peel-component';
import { getPlan, type ComponentPlan, type Plan } from './peeling-plan';
import type { Workspace } from './peeling-workspace';

/** README §2.3: one sample for the whole hypothesis ("joint", default) or one per unconnected part. */
export type ThetaMode = 'joint' | 'separate';

/** Largest number of untyped founders summed jointly under θ > 0 (per sample, per locus). */
export const THETA_MAX_UNTYPED_FOUNDERS = 8;
/** Largest joint state space of those founders (alleles or genotypes) per sample and locus. */
export const THETA_MAX_FOUNDER_STATES = 2_097_152;

const EMPTY = new Int32Array(0);

export function thetaLikelihood(
  ws: Workspace,
  ped: CompiledPedigree,
  geno: Int32Array,
  model: EngineModel,
  theta: number,
  mode: ThetaMode,
  extra: Int32Array,
): number {
  // Untyped founders are fixed per assignment, so the peeling plan treats them as typed.
  const plan = getPlan(ped, geno, true, -1);
  const work = extendForClones(plan, geno);
  const components = plan.components;
  const samples: { comps: readonly ComponentPlan[]; extra: Int32Array }[] = [];
  if (mode === 'joint') samples.push({ comps: components, extra });
  else {
    const parts = new Map<number, ComponentPlan[]>();
    for (const comp of components) parts.set(comp.part, [...(parts.get(comp.part) ?? []), comp]);
    for (const comps of parts.values()) samples.push({ comps, extra: EMPTY });
    for (let k = 0; k < extra.length; k += 2) samples.push({ comps: [], extra: extra.subarray(k, k + 2) });
  }
  let total = 1;
  for (const sample of samples) {
    total *= new FounderSample(ws, ped, plan, sample.comps, work, model, theta).likelihood(sample.extra);
    if (total === 0) return 0;
  }
  return total;
}

/** One Balding–Nichols sample: typed founders first, then an exact sum over the untyped ones. */
class FounderSample {
  private readonly counts: Float64Array;
  private drawn = 0;
  private readonly founders: number[] = [];
  private readonly draws: number[] = [];
  /** Loop breakers that are not founders (founders are already summed as founders). */
  private readonly nonFounderBreakers: number[];

  constructor(
    private readonly ws: Workspace,
    private readonly ped: CompiledPedigree,
    private readonly plan: Plan,
    private readonly comps: readonly ComponentPlan[],
    private readonly work: Int32Array,
    private readonly model: EngineModel,
    private readonly theta: number,
  ) {
    this.counts = new Float64Array(model.n);
    this.nonFounderBreakers = Array.from(plan.breakers).filter((b) => plan.founder[b] === 0);
    checkBreakerStates(model, this.nonFounderBreakers.length);
    for (const comp of comps) {
      for (let k = 0; k < comp.untypedFounders.length; k++) {
        this.founders.push(comp.untypedFounders[k]!);
        this.draws.push(comp.founderDraws[k]!);
      }
    }
  }

  likelihood(extra: Int32Array): number {
    const { model, work } = this;
    let typedPart = 1;
    for (const comp of this.comps) {
      for (const f of comp.typedFounders) typedPart *= this.drawGenotype(work[2 * f]!, work[2 * f + 1]!);
    }
    for (let k = 0; k < extra.length; k += 2) typedPart *= this.drawGenotype(extra[k]!, extra[k + 1]!);
    const n = model.n;
    const G = (n * (n + 1)) / 2;
    let states = 1;
    for (const d of this.draws) states *= d === 1 ? n : G;
    if (this.founders.length > THETA_MAX_UNTYPED_FOUNDERS || states > THETA_MAX_FOUNDER_STATES) {
      throw new KinshipLimitError(
        `locus ${model.name}: θ > 0 with ${this.founders.length} untyped founders needs ${states} founder states; ` +
          `the exact limit is ${THETA_MAX_UNTYPED_FOUNDERS} founders and ${THETA_MAX_FOUNDER_STATES} states per locus`,
      );
    }
    return typedPart * this.sum(0);
  }

  /** README §2.3: P(next = a) = (n_a θ + (1 − θ) p_a) / (1 + (m − 1) θ); the allele joins the sample. */
  private draw(a: number): number {
    const pr = (this.counts[a]! * this.theta + (1 - this.theta) * this.model.freqs[a]!) / (1 + (this.drawn - 1) * this.theta);
    this.counts[a] = this.counts[a]! + 1;
    this.drawn++;
    return pr;
  }

  private undraw(a: number): void {
    this.counts[a] = this.counts[a]! - 1;
    this.drawn--;
  }

  /** A heterozygous genotype counts both orders (README §2.3). */
  private drawGenotype(a: number, b: number): number {
    return (a === b ? 1 : 2) * this.draw(a) * this.draw(b);
  }

  private sum(k: number): number {
    const { work } = this;
    if (k === this.founders.length) {
      if (this.plan.cloneOf.length > 0) return sumOverBreakers(this.ws, this.ped, this.plan, this.comps, work, this.model, false, this.nonFounderBreakers, 0);
      let l = 1;
      for (const comp of this.comps) {
        l *= peelComponent(this.ws, this.plan, comp, work, this.model, false, null);
        if (l === 0) return 0;
      }
      return l;
    }
    const f = this.founders[k]!;
    const n = this.model.n;
    let total = 0;
    if (this.draws[k] === 1) {
      // One child: only the transmitted allele matters; the other marginalises out (exchangeability).
      for (let a = 0; a < n; a++) {
        const pr = this.draw(a);
        work[2 * f] = a;
        work[2 * f + 1] = a;
        total += pr * this.sum(k + 1);
        this.undraw(a);
      }
    } else {
      for (let b = 0; b < n; b++) {
        for (let a = 0; a <= b; a++) {
          const pr = this.drawGenotype(a, b);
          work[2 * f] = a;
          work[2 * f + 1] = b;
          total += pr * this.sum(k + 1);
          this.undraw(b);
          this.undraw(a);
        }
      }
    }
    work[2 * f] = -1;
    work[2 * f + 1] = -1;
    return total;
  }
}
