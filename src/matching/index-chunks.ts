/**
 * The packed index: rows of families (one segment per family template) and of found persons, in
 * chunks held in SharedArrayBuffers that the main thread writes and the search workers read
 * without copying. A segment grows by chunks of doubling capacity (1 Ki rows, 2 Ki, … up to
 * 64 Ki rows, then 64 Ki each), so nothing is ever copied when the index grows; untouched capacity
 * is not resident (the kernel maps zero pages lazily).
 *
 * Publication protocol: a row's data and its alive bit are written first, then the chunk's row
 * count is raised with Atomics.store; a worker reads the count with Atomics.load before touching
 * rows, so every row it sees is complete (sequentially consistent atomics, ECMAScript memory
 * model). A removed row only has its alive bit cleared (Atomics.and).
 *
 * Layouts (after a 64-byte header whose Int32 0 is the row count):
 * - screened segments, allele bitsets: alive bits (W = capacity/32 words), family numbers (Uint32
 *   per row), then for every slot s, locus l and allele index a < alleleCapacity[l] one bitset of
 *   W words: bit r set when row r's slot s carries allele a at locus l. An untyped slot sets every
 *   allele bit of the locus (it excludes nothing), including the spare allele places.
 * - table / bound / exact segments and found persons: alive bytes, numbers, genotype codes
 *   (Uint16, row-major by locus then slot), and for `bound` one byte per locus and class.
 */
import type { TemplateSpec } from './family-template';

export const FIRST_CHUNK_ROWS = 1024;
export const MAX_CHUNK_ROWS = 65536;
/** Spare allele places per locus in a new bitset chunk (an appended allele usually fits). */
export const SPARE_ALLELES = 1;
const HEADER_BYTES = 64;

export interface ChunkDescriptor {
  readonly sab: SharedArrayBuffer;
  /** Segment-wide index of the chunk's first row. */
  readonly start: number;
  readonly capacity: number;
  /** Bitset chunks: allele places per locus. */
  readonly alleleCapacity: readonly number[] | null;
  /**
   * Bitset chunks that also keep the genotype codes (after the bitsets): templates whose screen
   * lets many families through, which are then scored from their codes (decoding a row from the
   * bitsets reads one scattered word per allele place).
   */
  readonly withCodes: boolean;
}

export interface SegmentDescriptor {
  readonly template: TemplateSpec;
  readonly chunks: readonly ChunkDescriptor[];
}

/** Typed views of one chunk. */
export class ChunkView {
  readonly header: Int32Array;
  readonly capacity: number;
  readonly start: number;
  readonly words: number;
  readonly numbers: Uint32Array;
  /** Bitset chunks. */
  readonly aliveBits: Uint32Array | null;
  readonly bits: Uint32Array | null;
  readonly alleleOffset: Int32Array | null;
  readonly placesPerSlot: number;
  /** Code chunks. */
  readonly alive: Uint8Array | null;
  readonly codes: Uint16Array | null;
  readonly bounds: Uint8Array | null;

  constructor(readonly descriptor: ChunkDescriptor, readonly slots: number, readonly loci: number, readonly classes: number) {
    const { sab, capacity } = descriptor;
    this.capacity = capacity;
    this.start = descriptor.start;
    this.words = capacity >>> 5;
    this.header = new Int32Array(sab, 0, 16);
    if (descriptor.alleleCapacity) {
      const W = this.words;
      this.aliveBits = new Uint32Array(sab, HEADER_BYTES, W);
      this.numbers = new Uint32Array(sab, HEADER_BYTES + 4 * W, capacity);
      const offsets = new Int32Array(loci + 1);
      for (let l = 0; l < loci; l++) offsets[l + 1] = offsets[l]! + descriptor.alleleCapacity[l]!;
      this.alleleOffset = offsets;
      this.placesPerSlot = offsets[loci]!;
      const bitsAt = HEADER_BYTES + 4 * W + 4 * capacity;
      this.bits = new Uint32Array(sab, bitsAt, slots * this.placesPerSlot * W);
      this.alive = null;
      this.codes = descriptor.withCodes ? new Uint16Array(sab, bitsAt + 4 * slots * this.placesPerSlot * W, capacity * loci * slots) : null;
      this.bounds = null;
    } else {
      const aliveBytes = align4(capacity);
      this.alive = new Uint8Array(sab, HEADER_BYTES, capacity);
      this.numbers = new Uint32Array(sab, HEADER_BYTES + aliveBytes, capacity);
      const codesAt = HEADER_BYTES + aliveBytes + 4 * capacity;
      this.codes = new Uint16Array(sab, codesAt, capacity * loci * slots);
      const boundsAt = codesAt + align4(2 * capacity * loci * slots);
      this.bounds = classes > 0 ? new Uint8Array(sab, boundsAt, capacity * loci * classes) : null;
      this.aliveBits = null;
      this.bits = null;
      this.alleleOffset = null;
      this.placesPerSlot = 0;
    }
  }

  /** Rows published so far. */
  count(): number {
    return Atomics.load(this.header, 0);
  }

  /** The published rows of this chunk within segment rows [from, to), as chunk rows [lo, hi) (lo = hi: none). */
  rowsWithin(from: number, to: number): [number, number] {
    const lo = Math.max(from, this.start) - this.start;
    return [lo, Math.max(lo, Math.min(to, this.start + this.count()) - this.start)];
  }

  /** Word offset of the bitset of (slot, locus, allele). */
  bitset(slot: number, locus: number, allele: number): number {
    return (slot * this.placesPerSlot + this.alleleOffset![locus]! + allele) * this.words;
  }

  isAlive(row: number): boolean {
    if (this.alive) return this.alive[row] === 1;
    return ((this.aliveBits![row >>> 5]! >>> (row & 31)) & 1) === 1;
  }

  /**
   * Genotype codes of one row (slot-major: slot s, locus l at s * loci + l), read back from the
   * bitsets or the code array.
   */
  readCodes(row: number, out: Uint16Array): void {
    if (this.codes) {
      const base = row * this.loci * this.slots;
      for (let l = 0; l < this.loci; l++) for (let s = 0; s < this.slots; s++) out[s * this.loci + l] = this.codes[base + l * this.slots + s]!;
      return;
    }
    const w = row >>> 5;
    const bit = 1 << (row & 31);
    const cap = this.descriptor.alleleCapacity!;
    const bits = this.bits!;
    const W = this.words;
    for (let s = 0; s < this.slots; s++) {
      for (let l = 0; l < this.loci; l++) {
        let a = -1;
        let b = -1;
        let count = 0;
        const places = cap[l]!;
        let at = this.bitset(s, l, 0) + w;
        for (let k = 0; k < places; k++, at += W) {
          if ((bits[at]! & bit) === 0) continue;
          count++;
          if (count > 2) break;
          if (a < 0) a = k;
          else b = k;
        }
        out[s * this.loci + l] = count === 0 || count > 2 ? 0 : codeOf(a, b < 0 ? a : b);
      }
    }
  }
}

function codeOf(a: number, b: number): number {
  return 1 + (b * (b + 1)) / 2 + a;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Bytes of a chunk of this shape. */
export function chunkBytes(
  capacity: number, slots: number, loci: number, classes: number, alleleCapacity: readonly number[] | null, withCodes = false,
): number {
  if (alleleCapacity) {
    const places = alleleCapacity.reduce((a, b) => a + b, 0);
    return HEADER_BYTES + 4 * (capacity >>> 5) + 4 * capacity + 4 * slots * places * (capacity >>> 5) + (withCodes ? align4(2 * capacity * loci * slots) : 0);
  }
  return HEADER_BYTES + align4(capacity) + 4 * capacity + align4(2 * capacity * loci * slots) + capacity * loci * classes;
}

/**
 * A growing run of chunks (one family template, or the found persons), written by the main thread.
 * Codes are given slot-major (slot s, locus l at s * loci + l).
 */
export class Segment {
  readonly chunks: ChunkView[] = [];
  private rows = 0;
  private removed = 0;

  constructor(
    readonly template: TemplateSpec | null,
    readonly slots: number,
    readonly loci: number,
    private readonly bitsets: boolean,
    private readonly classes: number,
    private alleleCounts: () => readonly number[],
    private readonly withCodes = false,
  ) {}

  get length(): number {
    return this.rows;
  }

  get liveRows(): number {
    return this.rows - this.removed;
  }

  /** Bytes allocated (capacity). */
  get byteLength(): number {
    return this.chunks.reduce((s, c) => s + c.descriptor.sab.byteLength, 0);
  }

  /**
   * Bytes the rows written so far occupy (what is resident: the kernel maps an allocated page
   * only when it is first written, and rows are written in order).
   */
  get usedBytes(): number {
    return this.chunks.reduce((sum, c) => {
      const d = c.descriptor;
      const perRow = (chunkBytes(d.capacity, this.slots, this.loci, this.classes, d.alleleCapacity, d.withCodes) - 64) / d.capacity;
      return sum + 64 + perRow * c.count();
    }, 0);
  }

  descriptor(): SegmentDescriptor {
    return { template: this.template!, chunks: this.chunks.map((c) => c.descriptor) };
  }

  /**
   * Takes over chunks written before (an index snapshot) in place of none: rows and removals are
   * counted from them.
   */
  adopt(descriptors: readonly ChunkDescriptor[]): void {
    if (this.chunks.length > 0) throw new Error('a segment adopts chunks only while empty');
    for (const d of descriptors) {
      if (d.sab.byteLength !== chunkBytes(d.capacity, this.slots, this.loci, this.classes, d.alleleCapacity, d.withCodes)) {
        throw new RangeError('adopted chunk: size does not match its shape');
      }
      const chunk = new ChunkView(d, this.slots, this.loci, this.classes);
      const count = chunk.count();
      if (count < 0 || count > d.capacity || d.start !== this.rows) throw new RangeError('adopted chunk: row count or start out of range');
      for (let r = 0; r < count; r++) if (!chunk.isAlive(r)) this.removed++;
      this.rows += count;
      this.chunks.push(chunk);
    }
  }

  /** Appends a row; returns its segment-wide index and whether a chunk was added. */
  append(number: number, codes: Uint16Array, bounds: Uint8Array | null): { row: number; newChunk: boolean } {
    let newChunk = false;
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || this.rows - chunk.start >= chunk.capacity) {
      chunk = this.addChunk();
      newChunk = true;
    }
    const r = this.rows - chunk.start;
    this.writeRow(chunk, r, number, codes, bounds);
    this.rows++;
    Atomics.store(chunk.header, 0, r + 1);
    return { row: this.rows - 1, newChunk };
  }

  /** Clears a row's alive flag. */
  remove(row: number): void {
    const chunk = this.chunkOf(row);
    const r = row - chunk.start;
    if (!chunk.isAlive(r)) return;
    if (chunk.alive) Atomics.store(chunk.alive, r, 0);
    else Atomics.and(chunk.aliveBits!, r >>> 5, ~(1 << (r & 31)));
    this.removed++;
  }

  chunkOf(row: number): ChunkView {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid]!.start <= row) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo]!;
  }

  /** True when some bitset chunk has no place for allele index `allele` at locus l. */
  needsMorePlaces(l: number, alleles: number): boolean {
    return this.bitsets && this.chunks.some((c) => c.descriptor.alleleCapacity![l]! < alleles);
  }

  /** Rewrites the bitset chunks that lack allele places (the workers get the new chunks in a snapshot). */
  regrowPlaces(): boolean {
    if (!this.bitsets) return false;
    const counts = this.alleleCounts();
    let changed = false;
    this.chunks.forEach((old, k) => {
      const cap = old.descriptor.alleleCapacity!;
      if (counts.every((n, l) => cap[l]! >= n)) return;
      const grown = new ChunkView(this.newDescriptor(old.start, old.capacity), this.slots, this.loci, this.classes);
      const codes = new Uint16Array(this.slots * this.loci);
      const count = old.count();
      for (let r = 0; r < count; r++) {
        old.readCodes(r, codes);
        this.writeRow(grown, r, old.numbers[r]!, codes, null);
        if (!old.isAlive(r)) Atomics.and(grown.aliveBits!, r >>> 5, ~(1 << (r & 31)));
      }
      Atomics.store(grown.header, 0, count);
      this.chunks[k] = grown;
      changed = true;
    });
    return changed;
  }

  /** Overwrites the bound bytes of locus l of a row (after the panel changed that locus). */
  writeBounds(row: number, l: number, levels: Uint8Array): void {
    const chunk = this.chunkOf(row);
    const base = ((row - chunk.start) * this.loci + l) * this.classes;
    chunk.bounds!.set(levels, base);
  }

  private addChunk(): ChunkView {
    const last = this.chunks[this.chunks.length - 1];
    const capacity = last ? Math.min(MAX_CHUNK_ROWS, last.capacity * 2) : FIRST_CHUNK_ROWS;
    const chunk = new ChunkView(this.newDescriptor(this.rows, capacity), this.slots, this.loci, this.classes);
    this.chunks.push(chunk);
    return chunk;
  }

  private newDescriptor(start: number, capacity: number): ChunkDescriptor {
    const alleleCapacity = this.bitsets ? this.alleleCounts().map((n) => n + SPARE_ALLELES) : null;
    const withCodes = this.bitsets && this.withCodes;
    const sab = new SharedArrayBuffer(chunkBytes(capacity, this.slots, this.loci, this.classes, alleleCapacity, withCodes));
    return { sab, start, capacity, alleleCapacity, withCodes };
  }

  private writeRow(chunk: ChunkView, r: number, number: number, codes: Uint16Array, bounds: Uint8Array | null): void {
    chunk.numbers[r] = number;
    if (chunk.codes && chunk.bits) {
      const base = r * this.loci * this.slots;
      for (let s = 0; s < this.slots; s++) for (let l = 0; l < this.loci; l++) chunk.codes[base + l * this.slots + s] = codes[s * this.loci + l]!;
    }
    if (chunk.codes && !chunk.bits) {
      const base = r * this.loci * this.slots;
      for (let s = 0; s < this.slots; s++) for (let l = 0; l < this.loci; l++) chunk.codes[base + l * this.slots + s] = codes[s * this.loci + l]!;
      if (bounds) chunk.bounds!.set(bounds, r * this.loci * this.classes);
      Atomics.store(chunk.alive!, r, 1);
      return;
    }
    const w = r >>> 5;
    const bit = 1 << (r & 31);
    const cap = chunk.descriptor.alleleCapacity!;
    const bits = chunk.bits!;
    for (let s = 0; s < this.slots; s++) {
      for (let l = 0; l < this.loci; l++) {
        const code = codes[s * this.loci + l]!;
        if (code === 0) {
          for (let a = 0; a < cap[l]!; a++) bits[chunk.bitset(s, l, a) + w] = bits[chunk.bitset(s, l, a) + w]! | bit;
          continue;
        }
        let b = 0;
        while (1 + ((b + 1) * (b + 2)) / 2 <= code) b++;
        const a = code - 1 - (b * (b + 1)) / 2;
        bits[chunk.bitset(s, l, a) + w] = bits[chunk.bitset(s, l, a) + w]! | bit;
        bits[chunk.bitset(s, l, b) + w] = bits[chunk.bitset(s, l, b) + w]! | bit;
      }
    }
    Atomics.or(chunk.aliveBits!, w, bit);
  }
}
