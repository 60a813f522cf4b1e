/**
 * Record ids of the index (case ids, found-person ids) in compact typed arrays: an id of the
 * service's form `<prefix>_<uuid>` takes 17 bytes (prefix number + 16 UUID bytes) instead of a
 * ~60-byte JS string, and the reverse lookup is an open-addressing hash table of Int32 slots
 * (FNV-1a hash; Fowler, Noll & Vo, IETF draft-eastlake-fnv). Other ids are kept as strings.
 * Numbers are dense, starting at 0, never reused.
 */
const UUID_ID = /^([a-z]{1,12})_([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const RECORD = 17;

export class IdTable {
  private bytes = new Uint8Array(RECORD * 1024);
  private prefixes: string[] = [];
  private readonly other = new Map<number, string>();
  private slots = new Int32Array(2048).fill(-1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Resident bytes of the table. */
  get byteLength(): number {
    return this.bytes.byteLength + this.slots.byteLength;
  }

  /** The number of an id, or -1. */
  find(id: string): number {
    const mask = this.slots.length - 1;
    for (let s = hash(id) & mask; ; s = (s + 1) & mask) {
      const n = this.slots[s]!;
      if (n < 0) return -1;
      if (this.get(n) === id) return n;
    }
  }

  /** The number of an id, adding it when new. */
  add(id: string): number {
    const found = this.find(id);
    if (found >= 0) return found;
    const n = this.count++;
    if ((n + 1) * RECORD > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    const m = UUID_ID.exec(id);
    if (m) {
      let p = this.prefixes.indexOf(m[1]!);
      if (p < 0 && this.prefixes.length < 255) {
        this.prefixes.push(m[1]!);
        p = this.prefixes.length - 1;
      }
      if (p >= 0) {
        const base = n * RECORD;
        this.bytes[base] = p + 1;
        const hex = m[2]! + m[3]! + m[4]! + m[5]! + m[6]!;
        for (let i = 0; i < 16; i++) this.bytes[base + 1 + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      } else this.other.set(n, id);
    } else this.other.set(n, id);
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.insertSlot(id, n);
    return n;
  }

  get(n: number): string {
    const base = n * RECORD;
    const p = this.bytes[base]!;
    if (p === 0) return this.other.get(n)!;
    let hex = '';
    for (let i = 0; i < 16; i++) hex += this.bytes[base + 1 + i]!.toString(16).padStart(2, '0');
    return `${this.prefixes[p - 1]}_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private insertSlot(id: string, n: number): void {
    const mask = this.slots.length - 1;
    let s = hash(id) & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = n;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let n = 0; n < this.count; n++) this.insertSlot(this.get(n), n);
  }
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
