/**
 * The closed form of a separable missing-person family (missing-person-structure.ts):
 * LR(g) = Σ_ord π_pat(x_p) π_mat(x_m) / HW(g), with each side's π from side-evaluator.ts.
 */
import * as closedForms from './closed-form';
import type { ClosedForm } from './closed-form';
import type { CompiledLocusModel } from './locus-model';
import type { FamilySide, FamilyStructure } from './missing-person-structure';
import type { SideForm } from './side-evaluator';

// Bound once: a bundler may compile an imported binding to a getter read on every use.
const { pairIndex } = closedForms;

const EMPTY_GENOTYPES = new Int32Array(0);

/** Typed members of one side that take part in its formula. */
export function sideUsed(side: FamilySide): number {
  switch (side.kind) {
    case 'typed':
    case 'avuncular':
    case 'halfSibling':
      return 1;
    case 'prior':
      return 0;
    case 'grandparents':
      return (side.grandfatherTyped ? 1 : 0) + (side.grandmotherTyped ? 1 : 0);
  }
}

/** The side holding the only typed member of a separable family (null if both or none have one). */
export function informativeSide(s: Extract<FamilyStructure, { kind: 'separable' }>): 'pat' | 'mat' | null {
  const used = (side: FamilySide): number => sideUsed(side);
  const pat = used(s.paternal);
  const mat = used(s.maternal);
  if (pat === 1 && mat === 0) return 'pat';
  if (pat === 0 && mat === 1) return 'mat';
  return null;
}

export function separableForm(pat: SideForm, mat: SideForm, model: CompiledLocusModel, informative: 'pat' | 'mat' | null): ClosedForm {
  const p = model.freqs;
  const n = model.n;
  const aPat = new Float64Array(n);
  const aMat = new Float64Array(n);
  const typedSide = informative === 'pat' ? pat : informative === 'mat' ? mat : null;
  const otherSide = informative === 'pat' ? mat : pat;
  const gcAll = (n * (n + 1)) / 2;
  const ac = new Float64Array(gcAll);
  const ad = new Float64Array(gcAll);
  const total = new Float64Array(gcAll);
  const relative = typedSide?.single
    ? (c: number, d: number, out: Float64Array): void => {
        const gc = out.length;
        typedSide.single!(c, d, ac, ad, total);
        const so = otherSide.prepare(EMPTY_GENOTYPES);
        const oc = otherSide.at(c) / so;
        const od = otherSide.at(d) / so;
        const hw = c === d ? p[c]! * p[c]! : 2 * p[c]! * p[d]!;
        for (let i = 0; i < gc; i++) out[i] = (c === d ? ac[i]! * oc : ac[i]! * od + ad[i]! * oc) / (total[i]! * hw);
      }
    : undefined;
  return {
    ...(relative ? { relative } : {}),
    pair(g, c, d, out) {
      const sp = pat.prepare(g);
      const sm = mat.prepare(g);
      if (c === d) {
        out[0] = pat.at(c) * mat.at(c);
        out[1] = sp * sm * p[c]! * p[c]!;
      } else {
        out[0] = pat.at(c) * mat.at(d) + pat.at(d) * mat.at(c);
        out[1] = sp * sm * 2 * p[c]! * p[d]!;
      }
    },
    all(g, l1, l2) {
      const s = pat.prepare(g) * mat.prepare(g);
      for (let x = 0; x < n; x++) {
        aPat[x] = pat.at(x);
        aMat[x] = mat.at(x);
      }
      for (let d = 0; d < n; d++) {
        for (let c = 0; c <= d; c++) {
          const i = pairIndex(c, d);
          l1[i] = c === d ? aPat[c]! * aMat[c]! : aPat[c]! * aMat[d]! + aPat[d]! * aMat[c]!;
          l2[i] = s * model.genotypeFreqs[i]!;
        }
      }
    },
  };
}
