/**
 * Buffers reused across peeling calls, so the peeling loops do not allocate. One per allele count n
 * (and per thread: every worker has its own module instance).
 */
const EMPTY_F64 = new Float64Array(0);

/** The states of a parent that is not the target: allele pairs (a = -1: pass distribution p) and weights. */
export interface Side {
  count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly w: Float64Array;
}

export class Workspace {
  readonly G: number;
  readonly first: Side;
  readonly second: Side;
  weight = new Float64Array(16);
  readonly beliefs: Float64Array[] = [];
  typedCap = 8;
  typedCount = 0;
  typedA = new Int32Array(8);
  typedB = new Int32Array(8);
  typedW = new Float64Array(8);
  tA = new Float64Array(8);
  tB = new Float64Array(8);
  oA: Float64Array;
  oB: Float64Array;
  denseCount = 0;
  readonly denseC: Float64Array[] = [];
  readonly densePC: Float64Array[] = [];
  readonly denseCP: Float64Array[] = [];
  densePCP = new Float64Array(8);
  readonly joint: Float64Array;
  readonly tmp: Float64Array;
  readonly out: Float64Array;
  readonly tvec: Float64Array;
  readonly svec: Float64Array;
  readonly rowUsed: Uint8Array;
  /** Dense children in direct mode keep only their beliefs: K = t_iᵀ B s_j (few parent state pairs). */
  denseDirect = false;
  readonly denseBelief: Float64Array[] = [];
  rowsM: Float64Array = EMPTY_F64;
  rowsQ: Float64Array = EMPTY_F64;
  colsM: Float64Array = EMPTY_F64;
  colsQ: Float64Array = EMPTY_F64;
  readonly dt: Float64Array;
  readonly ds: Float64Array;

  constructor(readonly n: number) {
    this.G = (n * (n + 1)) / 2;
    this.first = { count: 0, a: new Int32Array(this.G), b: new Int32Array(this.G), w: new Float64Array(this.G) };
    this.second = { count: 0, a: new Int32Array(this.G), b: new Int32Array(this.G), w: new Float64Array(this.G) };
    this.oA = new Float64Array(this.typedCap * this.G);
    this.oB = new Float64Array(this.typedCap * this.G);
    this.joint = new Float64Array(n * n);
    this.tmp = new Float64Array(n * n);
    this.out = new Float64Array(n * n);
    this.tvec = new Float64Array(n);
    this.svec = new Float64Array(n);
    this.rowUsed = new Uint8Array(n);
    this.dt = new Float64Array(n);
    this.ds = new Float64Array(n);
  }

  belief(person: number): Float64Array {
    let b = this.beliefs[person];
    if (!b) {
      b = new Float64Array(this.n * this.n);
      this.beliefs[person] = b;
    }
    return b;
  }

  pushTyped(a: number, b: number, w: number): void {
    if (this.typedCount === this.typedCap) {
      const cap = this.typedCap * 2;
      const grow = <T extends Int32Array | Float64Array>(src: T, make: (k: number) => T): T => {
        const dst = make(cap);
        dst.set(src);
        return dst;
      };
      this.typedA = grow(this.typedA, (k) => new Int32Array(k));
      this.typedB = grow(this.typedB, (k) => new Int32Array(k));
      this.typedW = grow(this.typedW, (k) => new Float64Array(k));
      this.tA = new Float64Array(cap);
      this.tB = new Float64Array(cap);
      this.oA = new Float64Array(cap * this.G);
      this.oB = new Float64Array(cap * this.G);
      this.typedCap = cap;
    }
    this.typedA[this.typedCount] = a;
    this.typedB[this.typedCount] = b;
    this.typedW[this.typedCount++] = w;
  }

  /** The next dense child's matrices (C, pᵀC, C p), allocated once. */
  nextDense(): number {
    const d = this.denseCount++;
    if (d === this.denseC.length) {
      this.denseC.push(new Float64Array(this.n * this.n));
      this.densePC.push(new Float64Array(this.n));
      this.denseCP.push(new Float64Array(this.n));
      this.denseBelief.push(EMPTY_F64);
      if (d >= this.densePCP.length) {
        const grown = new Float64Array(this.densePCP.length * 2);
        grown.set(this.densePCP);
        this.densePCP = grown;
      }
    }
    return d;
  }
}

const workspaces = new Map<number, Workspace>();

export function workspaceFor(n: number, persons: number): Workspace {
  let ws = workspaces.get(n);
  if (!ws) {
    ws = new Workspace(n);
    workspaces.set(n, ws);
  }
  if (ws.weight.length < persons) ws.weight = new Float64Array(persons * 2);
  return ws;
}
