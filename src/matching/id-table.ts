/**
 * Record ids of the index (case ids, found-person ids) in compact typed arrays: an id of the
 * service's form `<prefix>_<uuid>` takes 17 bytes (prefix number + 16 UUID bytes) instead of a
 * ~60-byte JS string, kept in pages of 64 Ki records (growing never copies); the reverse lookup is
 * an open-addressing hash table of Int32 slots at most 70% full (FNV-1a hash; Fowler, Noll & Vo,
 * IETF draft-eastlake-fnv; linear probing, Knuth TAOCP vol. 3 §6.4). Other ids are kept as strings.
 * Numbers are dense, starting at 0, never reused.
 */
const UUID_ID = /^([a-z]{1,12})_([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const RECORD = 17;
const PAGE_RECORDS = 65536;
const MAX_LOAD = 0.7;

/** The contents of an id table (an index snapshot stores it; id-table.ts alone reads it). */
export interface IdTableState {
  readonly count: number;
  readonly prefixes: readonly string[];
  /** Ids not of the service's form, by number. */
  readonly other: ReadonlyArray<readonly [number, string]>;
  readonly pages: readonly Uint8Array[];
  readonly slots: Int32Array<ArrayBuffer>;
}

export class IdTable {
  private readonly pages: Uint8Array[] = [];
  private prefixes: string[] = [];
  private readonly other = new Map<number, string>();
  private slots = new Int32Array(1024).fill(-1);
  private count = 0;
  private readonly probe = new Uint8Array(RECORD);

  get size(): number {
    return this.count;
  }

  /** Resident bytes of the table (the last page only in part: untouched pages are not resident). */
  get byteLength(): number {
    return this.count * RECORD + this.slots.byteLength;
  }

  /** The table's arrays as they are (not copies): valid until the next {@link add}. */
  exportState(): IdTableState {
    return { count: this.count, prefixes: [...this.prefixes], other: [...this.other], pages: [...this.pages], slots: this.slots };
  }

  /** A table holding exactly the state of {@link exportState} (the arrays are adopted, not copied). */
  static fromState(state: IdTableState): IdTable {
    const t = new IdTable();
    if (state.pages.length !== Math.ceil(state.count / PAGE_RECORDS) || state.pages.some((p) => p.length !== PAGE_RECORDS * RECORD)) {
      throw new RangeError('id table state: pages do not match the record count');
    }
    if (state.slots.length * MAX_LOAD < state.count) throw new RangeError('id table state: hash table too small for the record count');
    t.pages.push(...state.pages);
    t.prefixes = [...state.prefixes];
    for (const [n, id] of state.other) t.other.set(n, id);
    t.slots = state.slots;
    t.count = state.count;
    return t;
  }

  /** The number of an id, or -1. */
  find(id: string): number {
    const packed = this.pack(id, false);
    const size = this.slots.length;
    const h = packed ? hashBytes(this.probe) : hashString(id);
    for (let s = h % size; ; s = s + 1 === size ? 0 : s + 1) {
      const n = this.slots[s]!;
      if (n < 0) return -1;
      if (packed ? this.sameRecord(n) : this.other.get(n) === id) return n;
    }
  }

  /** The number of an id, adding it when new. */
  add(id: string): number {
    const found = this.find(id);
    if (found >= 0) return found;
    const n = this.count++;
    if (n % PAGE_RECORDS === 0) this.pages.push(new Uint8Array(PAGE_RECORDS * RECORD));
    if (this.pack(id, true)) this.record(n).set(this.probe);
    else this.other.set(n, id);
    if (this.count > MAX_LOAD * this.slots.length) this.rehash();
    else this.insertSlot(n);
    return n;
  }

  get(n: number): string {
    const rec = this.record(n);
    const p = rec[0]!;
    if (p === 0) return this.other.get(n)!;
    let hex = '';
    for (let i = 0; i < 16; i++) hex += rec[1 + i]!.toString(16).padStart(2, '0');
    return `${this.prefixes[p - 1]}_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Writes the packed form of a service id into `probe`; false for other ids. */
  private pack(id: string, learnPrefix: boolean): boolean {
    const m = UUID_ID.exec(id);
    if (!m) return false;
    let p = this.prefixes.indexOf(m[1]!);
    if (p < 0) {
      if (!learnPrefix || this.prefixes.length >= 255) return false;
      this.prefixes.push(m[1]!);
      p = this.prefixes.length - 1;
    }
    this.probe[0] = p + 1;
    // The 32 hex digits after the prefix and underscore, skipping the dashes.
    let k = m[1]!.length + 1;
    for (let i = 0; i < 16; i++) {
      if (id.charCodeAt(k) === 45) k++;
      this.probe[1 + i] = (hexValue(id.charCodeAt(k)) << 4) | hexValue(id.charCodeAt(k + 1));
      k += 2;
    }
    return true;
  }

  private record(n: number): Uint8Array {
    const base = (n % PAGE_RECORDS) * RECORD;
    return this.pages[Math.floor(n / PAGE_RECORDS)]!.subarray(base, base + RECORD);
  }

  private sameRecord(n: number): boolean {
    const page = this.pages[Math.floor(n / PAGE_RECORDS)]!;
    const base = (n % PAGE_RECORDS) * RECORD;
    for (let i = 0; i < RECORD; i++) if (page[base + i] !== this.probe[i]) return false;
    return true;
  }

  private hashOf(n: number): number {
    const rec = this.record(n);
    return rec[0] === 0 ? hashString(this.other.get(n)!) : hashBytes(rec);
  }

  private insertSlot(n: number): void {
    const size = this.slots.length;
    let s = this.hashOf(n) % size;
    while (this.slots[s]! >= 0) s = s + 1 === size ? 0 : s + 1;
    this.slots[s] = n;
  }

  private rehash(): void {
    // Grow to 40% full: the next rehash comes after 75% more ids.
    this.slots = new Int32Array(Math.ceil(this.count / 0.4)).fill(-1);
    for (let n = 0; n < this.count; n++) this.insertSlot(n);
  }
}

/** Value of a lower-case hex digit's char code. */
function hexValue(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over bytes. */
function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
