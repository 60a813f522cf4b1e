/**
 * Peeling one connected component of a plan towards its root (Elston & Stewart 1971, Hum Hered
 * 21:523; Lange & Elston 1975, Hum Hered 25:95). Each untyped person has n (n + 1) / 2 genotype
 * states; typed persons have one.
 */
import type { EngineModel } from './lump-unobserved-alleles';
import { messageToChild, messageToParent } from './nuclear-family-messages';
import * as kinds from './peeling-plan';
import type { ComponentPlan, Plan } from './peeling-plan';
import type { Workspace } from './peeling-workspace';

// Bound once: a bundler may compile an imported binding to a getter read on every use.
const { DENSE, TYPED } = kinds;

/**
 * Peels one component towards its root. Founders carry Hardy–Weinberg priors when `founderPrior`
 * (θ = 0); with θ > 0 the founders are fixed by the caller and their probability is the
 * Balding–Nichols sample's. When `rootOut` is given, writes the root's belief per genotype index.
 */
export function peelComponent(
  ws: Workspace,
  plan: Plan,
  comp: ComponentPlan,
  geno: Int32Array,
  model: EngineModel,
  founderPrior: boolean,
  rootOut: Float64Array | null,
): number {
  const n = model.n;
  const kind = plan.kind;
  if (ws.weight.length < plan.total) ws.weight = new Float64Array(plan.total * 2);
  const weight = ws.weight;
  const p = model.freqs;
  const persons = comp.persons;
  for (let k = 0; k < persons.length; k++) {
    const i = persons[k]!;
    const founder = plan.founder[i] === 1;
    const ki = kind[i];
    if (ki === TYPED) {
      const a = geno[2 * i]!;
      const b = geno[2 * i + 1]!;
      weight[i] = founder && founderPrior ? (a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!) : 1;
    } else if (ki === DENSE) {
      const bel = ws.belief(i);
      if (founder) {
        for (let x = 0; x < n; x++) {
          for (let y = 0; y < n; y++) bel[x * n + y] = x === y ? p[x]! * p[x]! : 2 * p[x]! * p[y]!;
        }
      } else bel.fill(1);
    } else weight[i] = 1;
  }
  const steps = comp.steps;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    const fam = plan.families[step.family]!;
    const target = step.target;
    if (target === fam.father || target === fam.mother) messageToParent(ws, kind, geno, model, fam, target);
    else messageToChild(ws, kind, geno, model, fam, target);
    if (kind[target] === TYPED && weight[target] === 0) {
      if (rootOut) rootOut.fill(0);
      return 0;
    }
  }
  const root = comp.root;
  if (kind[root] !== DENSE) return weight[root]!;
  const bel = ws.beliefs[root]!;
  let total = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const v = bel[x * n + y]!;
      total += v;
      if (rootOut) rootOut[(y * (y + 1)) / 2 + x] = v;
    }
  }
  return total;
}
