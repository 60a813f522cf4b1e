/**
 * The mutation model of a search policy, resolved per locus into the kinship case format's
 * MUTATION object (kinship-cases README §3). "perLocus" uses the sex-specific rates, models and
 * stepwise parameters of data-samples/mutation-rates.json (NorskDB 2023, Familias models: an
 * "extended stepwise" locus becomes `stepwise` with its range and rate2); loci the file lacks get
 * its generic default rates (female 0.001, male 0.002 per meiosis), stepwise range 0.1, rate2 1e-6.
 */
import type { MutationModelName, MutationSpec } from '../kinship';

export interface LocusMutationRate {
  readonly female: number;
  readonly male: number;
  readonly femaleModel?: string;
  readonly maleModel?: string;
  readonly femaleRange?: number;
  readonly maleRange?: number;
  readonly femaleRate2?: number;
  readonly maleRate2?: number;
}

export type MutationPolicy =
  | { readonly kind: 'none' }
  /** One model for every locus (both sexes unless the spec says otherwise). */
  | { readonly kind: 'uniform'; readonly spec: MutationSpec }
  /** Per-locus rates from a rates file. */
  | { readonly kind: 'perLocus' };

const GENERIC: LocusMutationRate = { female: 0.001, male: 0.002, femaleModel: 'extended stepwise', maleModel: 'extended stepwise', femaleRange: 0.1, maleRange: 0.1, femaleRate2: 1e-6, maleRate2: 1e-6 };

function familiasModel(name: string | undefined): MutationModelName {
  switch (name) {
    case 'equal':
      return 'equal';
    case 'proportional':
      return 'proportional';
    default:
      return 'stepwise';
  }
}

/** The per-locus MUTATION objects of a policy. */
export function mutationForLocus(policy: MutationPolicy, rates: Readonly<Record<string, LocusMutationRate>>): (locus: string) => MutationSpec | null {
  switch (policy.kind) {
    case 'none':
      return () => null;
    case 'uniform':
      return () => policy.spec;
    case 'perLocus':
      return (locus) => {
        const r = rates[locus] ?? GENERIC;
        const side = (rate: number, model: string | undefined, range: number | undefined, rate2: number | undefined) => {
          const m = familiasModel(model);
          return m === 'stepwise' ? { model: m, rate, range: range ?? 0.1, rate2: rate2 ?? 1e-6 } : { model: m, rate };
        };
        return {
          female: side(r.female, r.femaleModel, r.femaleRange, r.femaleRate2),
          male: side(r.male, r.maleModel, r.maleRange, r.maleRate2),
        };
      };
  }
}
