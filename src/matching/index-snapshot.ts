/**
 * The index snapshot: a matching engine's packed arrays written to one file beside the store, with
 * the change-feed position they reflect, so that a start reads them back and replays only the
 * changes since instead of rebuilding every family from the store.
 *
 * File layout: the 8-byte magic "RXSNAP01", a little-endian Uint32 header length, the header (JSON:
 * the identity, the feed position, the engine state with each array replaced by its number in the
 * buffer list, and the buffer lengths), the buffers one after another, and a SHA-256 digest of
 * everything before it (FIPS 180-4). A reader trusts nothing before the digest matches and the
 * identity (index format, software, search policy, frequency table and model fingerprints) is its
 * own; anything else is reported as rejected and the caller rebuilds from the store.
 *
 * Writing is atomic: a temporary file is written, flushed to disk (fsync), renamed over the old
 * snapshot and the folder is flushed, so a crash leaves either the old snapshot or the new one,
 * never a mix (POSIX rename(2); https://lwn.net/Articles/457667/).
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EngineState } from './engine-state';
import type { IdTableState } from './id-table';
import type { ChunkDescriptor } from './index-chunks';
import type { MatchingEngine } from './matching-engine';

const MAGIC = Buffer.from('RXSNAP01', 'latin1');
const DIGEST_BYTES = 32;
/** Bytes read per step while loading: the event loop answers /readyz between steps. */
const READ_STEP_BYTES = 16 * 1024 * 1024;

/** What a snapshot must agree with to be loaded (besides the index format and software it records itself). */
export interface SnapshotModel {
  readonly policyVersion: number;
  /** SHA-256 of the frequency table the policy names. */
  readonly tableFingerprint: string;
  /** SHA-256 of everything else the engine's models depend on (policy values, mutation models). */
  readonly modelFingerprint: string;
}

export interface SnapshotAnchor {
  readonly kind: string;
  readonly id: string;
}

export interface SnapshotHeader extends SnapshotModel {
  /** The index format: its version and a digest of the engine code that lays out the arrays. */
  readonly indexFormat: string;
  /** The service version that wrote it (package.json). */
  readonly software: string;
  /** The change-feed position the index reflects: every change up to this sequence number. */
  readonly seq: number;
  /** What the change entry at `seq` is about (null at 0), so that a reader recognises the store it came from. */
  readonly anchor: SnapshotAnchor | null;
  readonly families: number;
  readonly foundPersons: number;
  readonly writtenAt: string;
}

export type SnapshotRead =
  | { readonly kind: 'loaded'; readonly header: SnapshotHeader; readonly state: EngineState; readonly bytes: number }
  | { readonly kind: 'absent' }
  | { readonly kind: 'rejected'; readonly reason: string };

/** Loading progress: bytes read of the file's bytes. */
export type SnapshotProgress = (loadedBytes: number, totalBytes: number) => void;

interface BufferRef {
  readonly bytes: number;
  readonly shared: boolean;
}

type StoredChunk = Omit<ChunkDescriptor, 'sab'> & { readonly buffer: number };
type StoredIds = Omit<IdTableState, 'pages' | 'slots'> & { readonly pages: readonly number[]; readonly slots: number };

interface StoredState {
  readonly extraAlleles: EngineState['extraAlleles'];
  readonly templates: EngineState['templates'];
  readonly segments: ReadonlyArray<{ readonly templateId: number; readonly chunks: readonly StoredChunk[] }>;
  readonly found: readonly StoredChunk[];
  readonly familyIds: StoredIds;
  readonly foundIds: StoredIds;
}

interface StoredHeader extends SnapshotHeader {
  readonly state: StoredState;
  readonly buffers: readonly BufferRef[];
}

/** Bumped when the file layout itself changes. */
const FILE_FORMAT = 1;
let identity: { indexFormat: string; software: string } | undefined;

/**
 * The index format and software version of this build. The format carries a digest of the engine
 * sources (this folder), so a build whose code lays out the arrays differently never reads a
 * snapshot of another, even when nobody remembered to bump a number.
 */
export function snapshotIdentity(): { indexFormat: string; software: string } {
  if (!identity) {
    const hash = createHash('sha256');
    for (const f of fs.readdirSync(__dirname).filter((n) => /\.(ts|js)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      hash.update(f).update(fs.readFileSync(path.join(__dirname, f)));
    }
    identity = { indexFormat: `${FILE_FORMAT}:${hash.digest('hex').slice(0, 16)}`, software: packageVersion() };
  }
  return identity;
}

function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/**
 * Writes the engine's index to `file` atomically, as of change `seq` (the caller holds the feed
 * still: no change is applied while the state is written). Index writes wait meanwhile; searches go on.
 * @returns the bytes written.
 */
export async function writeIndexSnapshot(file: string, engine: MatchingEngine, at: SnapshotModel & Pick<SnapshotHeader, 'seq' | 'anchor'>): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const bytes = await engine.withState(async (state) => {
      const buffers: Array<Uint8Array> = [];
      const refs: BufferRef[] = [];
      const add = (view: ArrayBufferView): number => {
        buffers.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        refs.push({ bytes: view.byteLength, shared: view.buffer instanceof SharedArrayBuffer });
        return refs.length - 1;
      };
      const chunk = ({ sab, ...rest }: ChunkDescriptor): StoredChunk => ({ ...rest, buffer: add(new Uint8Array(sab)) });
      const ids = ({ pages, slots, ...rest }: IdTableState): StoredIds => ({ ...rest, pages: pages.map(add), slots: add(slots) });
      const stored: StoredState = {
        extraAlleles: state.extraAlleles,
        templates: state.templates,
        segments: state.segments.map((s) => ({ templateId: s.templateId, chunks: s.chunks.map(chunk) })),
        found: state.found.map(chunk),
        familyIds: ids(state.familyIds),
        foundIds: ids(state.foundIds),
      };
      const header: StoredHeader = {
        ...snapshotIdentity(), policyVersion: at.policyVersion, tableFingerprint: at.tableFingerprint, modelFingerprint: at.modelFingerprint,
        seq: at.seq, anchor: at.anchor, families: engine.familyCount, foundPersons: engine.foundPersonCount, writtenAt: new Date().toISOString(),
        state: stored, buffers: refs,
      };
      const json = Buffer.from(JSON.stringify(header), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(json.length);
      const hash = createHash('sha256');
      const handle = await open(temporary, 'w', 0o600);
      try {
        let written = 0;
        for (const part of [MAGIC, length, json, ...buffers]) written += await writeAll(handle, part, hash);
        written += await writeAll(handle, hash.digest(), null);
        await handle.sync();
        return written;
      } finally {
        await handle.close();
      }
    });
    await rename(temporary, file);
    syncFolder(path.dirname(file));
    return bytes;
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

/**
 * Reads a snapshot back if it is whole and of this build and model: its arrays are read into new
 * (shared) buffers, ready for MatchingEngine.restoreState. A missing file is `absent`; a truncated
 * or damaged file, or one of another index format, software, policy, table or model, is `rejected`
 * with the reason (never loaded).
 */
export async function readIndexSnapshot(file: string, expected: SnapshotModel, progress?: SnapshotProgress): Promise<SnapshotRead> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  try {
    const size = (await handle.stat()).size;
    const hash = createHash('sha256');
    const prefix = Buffer.alloc(MAGIC.length + 4);
    if (size < prefix.length + DIGEST_BYTES || (await readAt(handle, prefix, 0, hash)) < prefix.length) return rejected('truncated');
    if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) return rejected('not an index snapshot (bad magic)');
    const headerBytes = prefix.readUInt32LE(MAGIC.length);
    if (headerBytes > size - prefix.length - DIGEST_BYTES) return rejected('truncated (header)');
    const json = Buffer.alloc(headerBytes);
    await readAt(handle, json, prefix.length, hash);
    let header: StoredHeader;
    try {
      header = JSON.parse(json.toString('utf8')) as StoredHeader;
    } catch {
      return rejected('damaged (header is not readable)');
    }
    const mismatch = identityMismatch(header, expected);
    if (mismatch) return rejected(mismatch);
    const bodyBytes = header.buffers.reduce((s, b) => s + b.bytes, 0);
    if (prefix.length + headerBytes + bodyBytes + DIGEST_BYTES !== size) return rejected(`truncated or damaged (${size} bytes, the header describes ${prefix.length + headerBytes + bodyBytes + DIGEST_BYTES})`);
    let position = prefix.length + headerBytes;
    const buffers: Array<SharedArrayBuffer | ArrayBuffer> = [];
    for (const ref of header.buffers) {
      const buffer = ref.shared ? new SharedArrayBuffer(ref.bytes) : new ArrayBuffer(ref.bytes);
      const view = new Uint8Array(buffer);
      for (let at = 0; at < ref.bytes; at += READ_STEP_BYTES) {
        await readAt(handle, view.subarray(at, Math.min(ref.bytes, at + READ_STEP_BYTES)), position + at, hash);
        progress?.(position + Math.min(ref.bytes, at + READ_STEP_BYTES), size);
      }
      position += ref.bytes;
      buffers.push(buffer);
    }
    const digest = Buffer.alloc(DIGEST_BYTES);
    await readAt(handle, digest, position, null);
    if (!digest.equals(hash.digest())) return rejected('damaged (checksum mismatch)');
    return { kind: 'loaded', header: withoutState(header), state: restoreArrays(header.state, buffers), bytes: size };
  } finally {
    await handle.close();
  }
}

function rejected(reason: string): SnapshotRead {
  return { kind: 'rejected', reason };
}

function identityMismatch(header: StoredHeader, expected: SnapshotModel): string | null {
  const mine = { ...snapshotIdentity(), ...expected };
  for (const key of ['indexFormat', 'software', 'policyVersion', 'tableFingerprint', 'modelFingerprint'] as const) {
    if (header[key] !== mine[key]) return `written by another ${key} (${String(header[key])}, this service: ${String(mine[key])})`;
  }
  if (!Number.isSafeInteger(header.seq) || header.seq < 0 || !Array.isArray(header.buffers)) return 'damaged (header fields)';
  return null;
}

function withoutState(header: StoredHeader): SnapshotHeader {
  const { state: _state, buffers: _buffers, ...rest } = header;
  return rest;
}

function restoreArrays(stored: StoredState, buffers: ReadonlyArray<SharedArrayBuffer | ArrayBuffer>): EngineState {
  const shared = (i: number): SharedArrayBuffer => {
    const b = buffers[i];
    if (!(b instanceof SharedArrayBuffer)) throw new RangeError(`index snapshot: buffer ${i} is not a chunk`);
    return b;
  };
  const plain = (i: number): ArrayBuffer => {
    const b = buffers[i];
    if (!(b instanceof ArrayBuffer)) throw new RangeError(`index snapshot: buffer ${i} is not an id table array`);
    return b;
  };
  const chunk = ({ buffer, ...rest }: StoredChunk): ChunkDescriptor => ({ ...rest, sab: shared(buffer) });
  const ids = ({ pages, slots, ...rest }: StoredIds): IdTableState => ({
    ...rest, pages: pages.map((p) => new Uint8Array(plain(p))), slots: new Int32Array(plain(slots)),
  });
  return {
    extraAlleles: stored.extraAlleles,
    templates: stored.templates,
    segments: stored.segments.map((s) => ({ templateId: s.templateId, chunks: s.chunks.map(chunk) })),
    found: stored.found.map(chunk),
    familyIds: ids(stored.familyIds),
    foundIds: ids(stored.foundIds),
  };
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, hash: Hash | null): Promise<number> {
  hash?.update(bytes);
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
  return bytes.length;
}

async function readAt(handle: FileHandle, into: Uint8Array, position: number, hash: Hash | null): Promise<number> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  hash?.update(into.subarray(0, done));
  return done;
}

/** Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be opened (Windows). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a folder; its rename is already durable (MoveFileEx semantics).
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
