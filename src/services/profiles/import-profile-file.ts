import { findKitId, type ImportSummary, type ProfileKind } from '../../domain';
import { importProfiles, type ImportedProfile, type ProfileFormat } from '../../importers';
import type { ProfilePorts } from './register-profile';
import { registerProfilesBatch } from './register-profiles-batch';
import { readUpload, type Actor } from '../shared';

export interface ImportFileOptions {
  /** The upload's Content-Type; helps detection when the content is ambiguous. */
  readonly contentType?: string;
  /** Read the file as this format instead of detecting it. */
  readonly format?: ProfileFormat;
  /** Kind for profiles whose file says nothing about it (GeneMapper and plain CSV never do). */
  readonly kind?: ProfileKind;
  /** Kit for profiles whose file names none or an unregistered one. */
  readonly kit?: string;
}

/**
 * Uploads a lab export (GeneMapper table, CSV, CODIS CMF 3.2) as a batch of profiles
 * (POST /v1/profiles/import): read the file, turn every readable sample into a profile body,
 * register them with the batch rules (each item on its own terms, idempotent by sampleId),
 * and report the file's issues next to the per-item results.
 * @throws ValidationError `UNREADABLE_UPLOAD` naming the line or element where reading stopped.
 */
export async function importProfileFile(ports: ProfilePorts, actor: Actor, text: string, options: ImportFileOptions): Promise<ImportSummary> {
  const imported = readUpload(() => importProfiles(text, {
    ...(options.format ? { format: options.format } : {}), ...(options.contentType ? { contentType: options.contentType } : {}),
  }));
  const items = imported.profiles.map((p) => toProfileBody(p, options));
  const batch = items.length === 0 ? { created: 0, unchanged: 0, failed: 0, results: [] } : await registerProfilesBatch(ports, actor, items);
  return { format: imported.format, samples: items.length, ...batch, issues: imported.issues };
}

/** The importer's profile as the JSON body of POST /v1/profiles, so both paths share one set of rules. */
export function toProfileBody(p: ImportedProfile, options: Pick<ImportFileOptions, 'kind' | 'kit'>): Record<string, unknown> {
  const kit = (p.kit ? findKitId(stripPanelVersion(p.kit)) : undefined) ?? options.kit ?? 'custom';
  const genotypes: Record<string, string[]> = { ...p.genotypes };
  if (p.amelogenin) genotypes.AMEL = [...p.amelogenin];
  return {
    sampleId: p.sampleId,
    kind: p.kind ?? options.kind,
    kit,
    ...(p.population ? { population: p.population } : {}),
    genotypes,
  };
}

/** GeneMapper ID-X panels carry a version suffix ("Identifiler_v1", "GlobalFiler_v1.2"). */
function stripPanelVersion(panel: string): string {
  return panel.replace(/[_\s-]?v\d+(\.\d+)*$/i, '');
}
