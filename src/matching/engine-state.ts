import type { TemplateSpec } from './family-template';
import type { IdTableState } from './id-table';
import type { ChunkDescriptor } from './index-chunks';

/**
 * Everything a matching engine holds, as it is in memory: the alleles the panel appended to the
 * frequency table's, the family templates, the chunks of every segment and of the found persons,
 * and the two id tables. An index snapshot (index-snapshot.ts) writes it and reads it back; the
 * policy, the table and the mutation models are not in it (the engine is created with them, and
 * the snapshot records their fingerprints so that another model's state is never loaded).
 */
export interface EngineState {
  /** Locus name -> the appended alleles in panel order (locus-panel.ts). */
  readonly extraAlleles: ReadonlyArray<readonly [string, readonly string[]]>;
  /** Every template, by id (ids are dense from 0). */
  readonly templates: readonly TemplateSpec[];
  /** The family segments in the engine's order. */
  readonly segments: ReadonlyArray<{ readonly templateId: number; readonly chunks: readonly ChunkDescriptor[] }>;
  readonly found: readonly ChunkDescriptor[];
  readonly familyIds: IdTableState;
  readonly foundIds: IdTableState;
}
