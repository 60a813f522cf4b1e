/**
 * What the cases of one case file share, built once: a case file repeats the same frequency
 * table, mutation models and family shape in every case, and validating and compiling those
 * (allele names through the nomenclature, n × n mutation matrices, q vectors, peeling plans)
 * costs several times the likelihood itself. Entries are keyed by content, so two cases that
 * spell a locus the same way share its compiled model; a hit returns exactly what a miss builds.
 */
import { compileLocusModel, type CompiledLocusModel } from './locus-model';
import type { MutationSpec } from './mutation-model';
import { compilePedigree, type CompiledPedigree, type Individual } from './pedigree';

interface CachedLocus<T> {
  /** The raw entry as read, compared in full with later ones (cheaper than a string key for a 78-allele locus). */
  readonly raw: unknown;
  readonly normalize: boolean;
  readonly validated: T;
  /** Compiled models of this locus, one per (mutation model, normalisation) met. */
  readonly models: { readonly mutation: MutationSpec | null; readonly normalize: boolean; readonly model: CompiledLocusModel }[];
}

/** Entries per map before it is emptied: a case file rarely holds more than a few tables and families. */
const DEFAULT_MAX_ENTRIES = 4096;
/** Distinct tables (or mutation models) kept per locus name before that list is emptied. */
const MAX_TABLES_PER_LOCUS = 64;

export class KinshipCaseCache {
  /** Entries by locus name as written: a file lists few tables, so few entries share a name. */
  private readonly loci = new Map<string, CachedLocus<unknown>[]>();
  private readonly names = new Map<string, string>();
  /** Validated locus objects back to their entry, so a model is cached with the locus it belongs to. */
  private readonly validatedKeys = new WeakMap<object, CachedLocus<unknown>>();
  /** Canonical locus -> allele as written (string or JSON number) -> designation. */
  private readonly alleles = new Map<string, Map<string | number, string>>();
  private readonly pedigrees = new Map<string, CompiledPedigree>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /**
   * The validated form of a raw LOCUS entry (README §1.2) under a normalisation flag, read once
   * per distinct content; `read` throws for an invalid entry, which is never cached.
   */
  locus<T>(raw: unknown, normalize: boolean, read: () => T): T {
    const name = String((raw as { name?: unknown } | null)?.name);
    const entries = this.loci.get(name) ?? [];
    const hit = entries.find((e) => e.normalize === normalize && sameJson(e.raw, raw));
    if (hit) return hit.validated as T;
    const entry: CachedLocus<unknown> = { raw, normalize, validated: read(), models: [] };
    if (entries.length >= MAX_TABLES_PER_LOCUS) entries.length = 0;
    entries.push(entry);
    bounded(this.loci, this.maxEntries).set(name, entries);
    this.validatedKeys.set(entry.validated as object, entry);
    return entry.validated as T;
  }

  /** The canonical name of a locus as written, read once per spelling. */
  locusName(raw: string, read: () => string): string {
    let name = this.names.get(raw);
    if (name === undefined) {
      name = read();
      bounded(this.names, this.maxEntries).set(raw, name);
    }
    return name;
  }

  /** The canonical designation of an allele at a canonical locus, read once per spelling. */
  allele(locus: string, raw: string | number, read: () => string): string {
    let byRaw = this.alleles.get(locus);
    if (!byRaw) {
      byRaw = new Map();
      bounded(this.alleles, this.maxEntries).set(locus, byRaw);
    }
    let designation = byRaw.get(raw);
    if (designation === undefined) {
      designation = read();
      bounded(byRaw, this.maxEntries).set(raw, designation);
    }
    return designation;
  }

  /** A compiled pedigree per distinct list of individuals (its peeling plans are cached on the compiled object). */
  pedigree(individuals: readonly Individual[], label: string): CompiledPedigree {
    const key = JSON.stringify(individuals);
    let compiled = this.pedigrees.get(key);
    if (!compiled) {
      compiled = compilePedigree(individuals, label);
      bounded(this.pedigrees, this.maxEntries).set(key, compiled);
    }
    return compiled;
  }

  /**
   * The compiled model of a validated locus (from {@link locus}) under a mutation model: the
   * (table, locus, mutation model) triple of the case compiles once.
   */
  model(locus: { readonly name: string; readonly frequencies: Readonly<Record<string, number>> }, mutation: MutationSpec | null, normalize: boolean): CompiledLocusModel {
    const compile = (): CompiledLocusModel => compileLocusModel({ name: locus.name, frequencies: locus.frequencies, mutation, normalize });
    const entry = this.validatedKeys.get(locus);
    if (!entry) return compile();
    const hit = entry.models.find((m) => m.normalize === normalize && sameJson(m.mutation, mutation));
    if (hit) return hit.model;
    const model = compile();
    if (entry.models.length >= MAX_TABLES_PER_LOCUS) entry.models.length = 0;
    entry.models.push({ mutation, normalize, model });
    return model;
  }
}

function bounded<K, V>(map: Map<K, V>, maxEntries: number): Map<K, V> {
  if (map.size >= maxEntries) map.clear();
  return map;
}

/** Equality of two JSON values, object keys in the same order (JSON.stringify(a) === JSON.stringify(b), without building the strings). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
