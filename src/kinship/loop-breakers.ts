/**
 * Loops (inbreeding or marriage loops) broken as Lange & Elston (1975, Hum Hered 25:95) describe:
 * peeling-plan.ts sends a membership that would close a cycle to a clone of the person; here clone
 * and original are fixed to the same genotype, and that genotype is summed over when the person is
 * untyped (free when typed). The stated limit is {@link LOOP_MAX_BREAKER_STATES} joint genotype
 * states of untyped breakers per locus; past it a KinshipLimitError is thrown, never an approximation.
 */
import type { CompiledPedigree } from './pedigree';
import { KinshipLimitError } from './kinship-error';
import type { EngineModel } from './lump-unobserved-alleles';
import { peelComponent } from './peel-component';
import type { ComponentPlan, Plan } from './peeling-plan';
import type { Workspace } from './peeling-workspace';

/** Largest number of joint genotype states of untyped loop breakers per locus (G^breakers). */
export const LOOP_MAX_BREAKER_STATES = 1_000_000;

export function checkBreakerStates(model: EngineModel, breakers: number): void {
  const states = ((model.n * (model.n + 1)) / 2) ** breakers;
  if (states > LOOP_MAX_BREAKER_STATES) {
    throw new KinshipLimitError(
      `locus ${model.name}: breaking the pedigree's loops needs ${breakers} untyped persons summed jointly (${states} genotype states); ` +
        `the exact limit is ${LOOP_MAX_BREAKER_STATES} states per locus`,
    );
  }
}

/** The genotype array extended with one pair per loop-breaking clone (filled by syncClones). */
export function extendForClones(plan: Plan, geno: Int32Array): Int32Array {
  const work = new Int32Array(2 * plan.total).fill(-1);
  work.set(geno);
  return work;
}

function syncClones(plan: Plan, size: number, work: Int32Array): void {
  for (let k = 0; k < plan.cloneOf.length; k++) {
    const o = plan.cloneOf[k]!;
    work[2 * (size + k)] = work[2 * o]!;
    work[2 * (size + k) + 1] = work[2 * o + 1]!;
  }
}

/** θ = 0 with loops: components without clones once, the others summed over the breakers' genotypes. */
export function loopLikelihood(ws: Workspace, ped: CompiledPedigree, plan: Plan, work: Int32Array, model: EngineModel): number {
  checkBreakerStates(model, plan.breakers.length);
  let total = 1;
  const looped: ComponentPlan[] = [];
  for (const comp of plan.components) {
    if (comp.persons.some((p) => p >= ped.size)) looped.push(comp);
    else total *= peelComponent(ws, plan, comp, work, model, true, null);
  }
  if (total === 0) return 0;
  return total * sumOverBreakers(ws, ped, plan, looped, work, model, true, Array.from(plan.breakers), 0);
}

export function sumOverBreakers(
  ws: Workspace,
  ped: CompiledPedigree,
  plan: Plan,
  comps: readonly ComponentPlan[],
  work: Int32Array,
  model: EngineModel,
  founderPrior: boolean,
  breakers: readonly number[],
  k: number,
): number {
  if (k === breakers.length) {
    syncClones(plan, ped.size, work);
    let l = 1;
    for (const comp of comps) {
      l *= peelComponent(ws, plan, comp, work, model, founderPrior, null);
      if (l === 0) return 0;
    }
    return l;
  }
  const b = breakers[k]!;
  const n = model.n;
  let total = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      work[2 * b] = x;
      work[2 * b + 1] = y;
      total += sumOverBreakers(ws, ped, plan, comps, work, model, founderPrior, breakers, k + 1);
    }
  }
  work[2 * b] = -1;
  work[2 * b + 1] = -1;
  return total;
}
