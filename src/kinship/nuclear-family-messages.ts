/**
 * The message of a nuclear family to one of its members in a peeling (Elston & Stewart 1971, Hum
 * Hered 21:523): the sum over the other members' genotypes of the family's transmission factor
 * times their own beliefs, multiplied into the target's belief (or weight, when it has one state).
 * Transmission follows kinship-cases README §2: P(child receives x from a parent {g1, g2}) =
 * ½ (M[g1][x] + M[g2][x]) with the parent's sex-specific mutation matrix, both orders counted for
 * a heterozygous child; an untyped founder with one child (DRAW) passes q = p·M.
 */
import type { EngineModel } from './lump-unobserved-alleles';
import * as kinds from './peeling-plan';
import type { Family } from './peeling-plan';
import type { Side, Workspace } from './peeling-workspace';

// Bound once: a bundler may compile an imported binding to a getter read on every use.
const { DRAW, TYPED } = kinds;

function fillSide(ws: Workspace, side: Side, kind: Int8Array, geno: Int32Array, person: number): void {
  const k = kind[person];
  if (k === TYPED) {
    side.count = 1;
    side.a[0] = geno[2 * person]!;
    side.b[0] = geno[2 * person + 1]!;
    side.w[0] = ws.weight[person]!;
    return;
  }
  if (k === DRAW) {
    side.count = 1;
    side.a[0] = -1;
    side.b[0] = -1;
    side.w[0] = 1;
    return;
  }
  const n = ws.n;
  const bel = ws.beliefs[person]!;
  let count = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const w = bel[x * n + y]!;
      if (w === 0) continue;
      side.a[count] = x;
      side.b[count] = y;
      side.w[count++] = w;
    }
  }
  side.count = count;
}

/**
 * Collects the children of a family other than `except` (or including it as a typed child of
 * weight 1): typed ones as allele pairs and weights; dense ones either directly (few parent state
 * pairs: K = t_iᵀ B s_j costs n² per pair) or as their evidence on the parents' pre-mutation
 * alleles, C = M_rows · B · M_colsᵀ (2 n³ once, then 4 lookups per pair), plus pᵀC / C p when a
 * side is a pass distribution.
 */
function fillChildTerms(
  ws: Workspace,
  kind: Int8Array,
  geno: Int32Array,
  model: EngineModel,
  fam: Family,
  except: number,
  includeExcept: boolean,
  rowsMale: boolean,
  pairs: number,
  needPC: boolean,
  needCP: boolean,
): void {
  ws.typedCount = 0;
  ws.denseCount = 0;
  const n = ws.n;
  ws.denseDirect = pairs < 2 * n;
  ws.rowsM = rowsMale ? model.male : model.female;
  ws.rowsQ = rowsMale ? model.qMale : model.qFemale;
  ws.colsM = rowsMale ? model.female : model.male;
  ws.colsQ = rowsMale ? model.qFemale : model.qMale;
  const children = fam.children;
  for (let k = 0; k < children.length; k++) {
    const c = children[k]!;
    if (c === except && !includeExcept) continue;
    if (kind[c] === TYPED) {
      ws.pushTyped(geno[2 * c]!, geno[2 * c + 1]!, c === except ? 1 : ws.weight[c]!);
      continue;
    }
    const d = ws.nextDense();
    if (ws.denseDirect) {
      ws.denseBelief[d] = ws.beliefs[c]!;
      continue;
    }
    const cm = ws.denseC[d]!;
    evidenceMatrix(ws, model, ws.beliefs[c]!, rowsMale, !rowsMale, cm);
    const p = model.freqs;
    if (needPC) {
      const pc = ws.densePC[d]!;
      pc.fill(0);
      for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) pc[v] = pc[v]! + p[u]! * cm[u * n + v]!;
      if (needCP) {
        let sum = 0;
        for (let v = 0; v < n; v++) sum += pc[v]! * p[v]!;
        ws.densePCP[d] = sum;
      }
    }
    if (needCP) {
      const cp = ws.denseCP[d]!;
      for (let u = 0; u < n; u++) {
        let sum = 0;
        for (let v = 0; v < n; v++) sum += cm[u * n + v]! * p[v]!;
        cp[u] = sum;
      }
    }
  }
}

/** out[u][v] = Σ_x Σ_y M_r[u][x] B[x][y] M_c[v][y]: a child's evidence on the parents' pre-mutation alleles. */
function evidenceMatrix(ws: Workspace, model: EngineModel, belief: Float64Array, rowsMale: boolean, colsMale: boolean, out: Float64Array): void {
  const n = ws.n;
  const mr = rowsMale ? model.male : model.female;
  const mc = colsMale ? model.male : model.female;
  const rIdentity = rowsMale ? model.maleIsIdentity : model.femaleIsIdentity;
  const cIdentity = colsMale ? model.maleIsIdentity : model.femaleIsIdentity;
  const used = ws.rowUsed;
  let t1 = belief;
  if (!cIdentity) {
    t1 = rIdentity ? out : ws.tmp;
    t1.fill(0);
    for (let x = 0; x < n; x++) {
      used[x] = 0;
      for (let y = 0; y < n; y++) {
        const bxy = belief[x * n + y]!;
        if (bxy === 0) continue;
        used[x] = 1;
        for (let v = 0; v < n; v++) t1[x * n + v] = t1[x * n + v]! + bxy * mc[v * n + y]!;
      }
    }
    if (rIdentity) return;
  } else {
    if (rIdentity) {
      out.set(belief);
      return;
    }
    for (let x = 0; x < n; x++) {
      used[x] = 0;
      for (let y = 0; y < n; y++) {
        if (belief[x * n + y] !== 0) {
          used[x] = 1;
          break;
        }
      }
    }
  }
  out.fill(0);
  for (let x = 0; x < n; x++) {
    if (!used[x]) continue;
    for (let u = 0; u < n; u++) {
      const mux = mr[u * n + x]!;
      if (mux === 0) continue;
      for (let v = 0; v < n; v++) out[u * n + v] = out[u * n + v]! + mux * t1[x * n + v]!;
    }
  }
}

/** Pass probability of allele x from a side state (a, b): ½ (M[a][x] + M[b][x]), or q[x] for a = -1. */
function pass(m: Float64Array, q: Float64Array, n: number, a: number, b: number, x: number): number {
  return a < 0 ? q[x]! : 0.5 * (m[a * n + x]! + m[b * n + x]!);
}

/** K = π_rowsᵀ C π_cols for dense child d and two side states (a = -1: π = p). */
function denseK(ws: Workspace, d: number, ra: number, rb: number, ca: number, cb: number): number {
  const n = ws.n;
  if (ws.denseDirect) {
    const t = ws.dt;
    const s = ws.ds;
    for (let x = 0; x < n; x++) {
      t[x] = pass(ws.rowsM, ws.rowsQ, n, ra, rb, x);
      s[x] = pass(ws.colsM, ws.colsQ, n, ca, cb, x);
    }
    const b = ws.denseBelief[d]!;
    let k = 0;
    for (let x = 0; x < n; x++) {
      if (t[x] === 0) continue;
      let row = 0;
      for (let y = 0; y < n; y++) row += b[x * n + y]! * s[y]!;
      k += t[x]! * row;
    }
    return k;
  }
  if (ra >= 0) {
    if (ca >= 0) {
      const c = ws.denseC[d]!;
      return 0.25 * (c[ra * n + ca]! + c[ra * n + cb]! + c[rb * n + ca]! + c[rb * n + cb]!);
    }
    const cp = ws.denseCP[d]!;
    return 0.5 * (cp[ra]! + cp[rb]!);
  }
  if (ca >= 0) {
    const pc = ws.densePC[d]!;
    return 0.5 * (pc[ca]! + pc[cb]!);
  }
  return ws.densePCP[d]!;
}

/** Other side's pass probabilities of each typed child's two alleles, per other-side state. */
function fillOtherPass(ws: Workspace, side: Side, m: Float64Array, q: Float64Array): void {
  const n = ws.n;
  const cnt = side.count;
  for (let c = 0; c < ws.typedCount; c++) {
    const xa = ws.typedA[c]!;
    const xb = ws.typedB[c]!;
    for (let j = 0; j < cnt; j++) {
      ws.oA[c * cnt + j] = pass(m, q, n, side.a[j]!, side.b[j]!, xa);
      ws.oB[c * cnt + j] = pass(m, q, n, side.a[j]!, side.b[j]!, xb);
    }
  }
}

/** Product over the family's children of their terms, for one state of each parent side. */
function childProduct(ws: Workspace, j: number, cnt: number, ra: number, rb: number, ca: number, cb: number, start: number): number {
  let prod = start;
  const typedA = ws.typedA;
  const typedB = ws.typedB;
  for (let c = 0; c < ws.typedCount && prod !== 0; c++) {
    const idx = c * cnt + j;
    prod *= typedA[c] === typedB[c]
      ? ws.typedW[c]! * ws.tA[c]! * ws.oA[idx]!
      : ws.typedW[c]! * (ws.tA[c]! * ws.oB[idx]! + ws.tB[c]! * ws.oA[idx]!);
  }
  for (let d = 0; d < ws.denseCount && prod !== 0; d++) prod *= denseK(ws, d, ra, rb, ca, cb);
  return prod;
}

function fillFirstPass(ws: Workspace, m: Float64Array, q: Float64Array, a: number, b: number): void {
  const n = ws.n;
  for (let c = 0; c < ws.typedCount; c++) {
    ws.tA[c] = pass(m, q, n, a, b, ws.typedA[c]!);
    ws.tB[c] = pass(m, q, n, a, b, ws.typedB[c]!);
  }
}

/** Message of a nuclear family to one of its parents, multiplied into that parent's belief. */
export function messageToParent(ws: Workspace, kind: Int8Array, geno: Int32Array, model: EngineModel, fam: Family, target: number): void {
  const n = ws.n;
  const targetMale = target === fam.father;
  const other = targetMale ? fam.mother : fam.father;
  const mt = targetMale ? model.male : model.female;
  const qt = targetMale ? model.qMale : model.qFemale;
  const mo = targetMale ? model.female : model.male;
  const qo = targetMale ? model.qFemale : model.qMale;
  const side = ws.second;
  fillSide(ws, side, kind, geno, other);
  const otherDraw = side.a[0]! < 0;
  const targetStates = kind[target] === TYPED ? 1 : ws.G;
  fillChildTerms(ws, kind, geno, model, fam, -1, false, targetMale, targetStates * side.count, false, otherDraw);
  fillOtherPass(ws, side, mo, qo);
  const cnt = side.count;
  if (kind[target] === TYPED) {
    const ga = geno[2 * target]!;
    const gb = geno[2 * target + 1]!;
    fillFirstPass(ws, mt, qt, ga, gb);
    let sum = 0;
    for (let j = 0; j < cnt; j++) sum += childProduct(ws, j, cnt, ga, gb, side.a[j]!, side.b[j]!, side.w[j]!);
    ws.weight[target] = ws.weight[target]! * sum;
    return;
  }
  const bel = ws.beliefs[target]!;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const cur = bel[x * n + y]!;
      if (cur === 0) continue;
      fillFirstPass(ws, mt, qt, x, y);
      let sum = 0;
      for (let j = 0; j < cnt; j++) sum += childProduct(ws, j, cnt, x, y, side.a[j]!, side.b[j]!, side.w[j]!);
      const v = cur * sum;
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

/** Message of a nuclear family to one of its children, multiplied into that child's belief. */
export function messageToChild(ws: Workspace, kind: Int8Array, geno: Int32Array, model: EngineModel, fam: Family, target: number): void {
  const n = ws.n;
  const fs = ws.first;
  const ms = ws.second;
  fillSide(ws, fs, kind, geno, fam.father);
  fillSide(ws, ms, kind, geno, fam.mother);
  const targetTyped = kind[target] === TYPED;
  fillChildTerms(ws, kind, geno, model, fam, target, targetTyped, true, fs.count * ms.count, fs.a[0]! < 0, ms.a[0]! < 0);
  fillOtherPass(ws, ms, model.female, model.qFemale);
  const fcnt = fs.count;
  const mcnt = ms.count;
  if (targetTyped) {
    let total = 0;
    for (let i = 0; i < fcnt; i++) {
      const fa = fs.a[i]!;
      const fb = fs.b[i]!;
      fillFirstPass(ws, model.male, model.qMale, fa, fb);
      for (let j = 0; j < mcnt; j++) total += childProduct(ws, j, mcnt, fa, fb, ms.a[j]!, ms.b[j]!, fs.w[i]! * ms.w[j]!);
    }
    ws.weight[target] = ws.weight[target]! * total;
    return;
  }
  const bel = ws.beliefs[target]!;
  if (fcnt === 1 && mcnt === 1) {
    // One state per parent: P({x,y}) = W (t(x) s(y) + t(y) s(x)) with the two pass vectors.
    const fa = fs.a[0]!;
    const fb = fs.b[0]!;
    const ma = ms.a[0]!;
    const mb = ms.b[0]!;
    fillFirstPass(ws, model.male, model.qMale, fa, fb);
    const w = childProduct(ws, 0, 1, fa, fb, ma, mb, fs.w[0]! * ms.w[0]!);
    const t = ws.tvec;
    const s = ws.svec;
    for (let x = 0; x < n; x++) {
      t[x] = pass(model.male, model.qMale, n, fa, fb, x);
      s[x] = pass(model.female, model.qFemale, n, ma, mb, x);
    }
    for (let y = 0; y < n; y++) {
      for (let x = 0; x <= y; x++) {
        const v = bel[x * n + y]! * w * (x === y ? t[x]! * s[x]! : t[x]! * s[y]! + t[y]! * s[x]!);
        bel[x * n + y] = v;
        bel[y * n + x] = v;
      }
    }
    return;
  }
  const joint = ws.joint;
  joint.fill(0);
  const p = model.freqs;
  for (let i = 0; i < fcnt; i++) {
    const fa = fs.a[i]!;
    const fb = fs.b[i]!;
    fillFirstPass(ws, model.male, model.qMale, fa, fb);
    for (let j = 0; j < mcnt; j++) {
      const w = childProduct(ws, j, mcnt, fa, fb, ms.a[j]!, ms.b[j]!, fs.w[i]! * ms.w[j]!);
      if (w !== 0) addJoint(joint, n, p, w, fa, fb, ms.a[j]!, ms.b[j]!);
    }
  }
  // Post-mutation: A = M_maleᵀ · joint · M_female; P({x,y}) = A[x][y] + A[y][x], P({x,x}) = A[x][x].
  const a = transformJoint(ws, model);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x <= y; x++) {
      const v = bel[x * n + y]! * (x === y ? a[x * n + x]! : a[x * n + y]! + a[y * n + x]!);
      bel[x * n + y] = v;
      bel[y * n + x] = v;
    }
  }
}

/** Adds w · π_father ⊗ π_mother to the pre-mutation joint (a = -1: π = p). */
function addJoint(joint: Float64Array, n: number, p: Float64Array, w: number, fa: number, fb: number, ma: number, mb: number): void {
  if (fa >= 0 && ma >= 0) {
    const q = 0.25 * w;
    joint[fa * n + ma] = joint[fa * n + ma]! + q;
    joint[fa * n + mb] = joint[fa * n + mb]! + q;
    joint[fb * n + ma] = joint[fb * n + ma]! + q;
    joint[fb * n + mb] = joint[fb * n + mb]! + q;
  } else if (fa < 0 && ma < 0) {
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) joint[u * n + v] = joint[u * n + v]! + w * p[u]! * p[v]!;
  } else if (fa < 0) {
    for (let u = 0; u < n; u++) {
      const q = 0.5 * w * p[u]!;
      joint[u * n + ma] = joint[u * n + ma]! + q;
      joint[u * n + mb] = joint[u * n + mb]! + q;
    }
  } else {
    for (let v = 0; v < n; v++) {
      const q = 0.5 * w * p[v]!;
      joint[fa * n + v] = joint[fa * n + v]! + q;
      joint[fb * n + v] = joint[fb * n + v]! + q;
    }
  }
}

/** A = M_maleᵀ · joint · M_female, skipping the joint's empty rows. */
function transformJoint(ws: Workspace, model: EngineModel): Float64Array {
  const n = ws.n;
  const joint = ws.joint;
  const used = ws.rowUsed;
  for (let u = 0; u < n; u++) {
    used[u] = 0;
    for (let v = 0; v < n; v++) {
      if (joint[u * n + v] !== 0) {
        used[u] = 1;
        break;
      }
    }
  }
  let t = joint;
  if (!model.femaleIsIdentity) {
    t = ws.tmp;
    t.fill(0);
    const mm = model.female;
    for (let u = 0; u < n; u++) {
      if (!used[u]) continue;
      for (let v = 0; v < n; v++) {
        const w = joint[u * n + v]!;
        if (w === 0) continue;
        for (let y = 0; y < n; y++) t[u * n + y] = t[u * n + y]! + w * mm[v * n + y]!;
      }
    }
  }
  if (model.maleIsIdentity) return t;
  const out = ws.out;
  out.fill(0);
  const mf = model.male;
  for (let u = 0; u < n; u++) {
    if (!used[u]) continue;
    for (let x = 0; x < n; x++) {
      const w = mf[u * n + x]!;
      if (w === 0) continue;
      for (let y = 0; y < n; y++) out[x * n + y] = out[x * n + y]! + w * t[u * n + y]!;
    }
  }
  return out;
}
