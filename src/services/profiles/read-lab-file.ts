import type { ProfileKind } from '../../domain';
import {
  decodeText, detectFormat, ImportError, importProfiles, parseFamiliasCase, type ImportIssue, type ImportedProfile, type ProfileFormat,
} from '../../importers';
import { ValidationError } from '../../lib';
import { toProfileBody } from './import-profile-file';

/** One sample of a lab file as the bulk import takes it. */
export interface LabFileSample {
  /** null when the file gives none (such a sample is rejected by the profile rules) */
  readonly sampleId: string | null;
  /** where the sample is in the file: `line 12`, a CMF element path, or a Familias person */
  readonly at: string;
  /** the body of POST /v1/profiles, so the bulk path and the API share one set of rules */
  readonly body: Record<string, unknown>;
  /** what the reader could not read of this sample (severity error: a part is missing) or warns about */
  readonly issues: readonly ImportIssue[];
}

export interface LabFile {
  readonly format: ProfileFormat | 'familias';
  readonly samples: readonly LabFileSample[];
  /** issues that name no sample (a header column, a locus of a Familias database, an unreadable row) */
  readonly fileIssues: readonly ImportIssue[];
}

export interface LabFileOptions {
  /** Kind of every profile whose file does not say (GeneMapper, Familias and plain CSV never do). */
  readonly kind?: ProfileKind;
  /** Kit of every profile whose file names none or an unregistered one ("custom" otherwise). */
  readonly kit?: string;
}

/**
 * Reads a lab file of any format the service imports — GeneMapper, CSV, CODIS CMF 3.2 (through
 * `importProfiles`) or a Familias case file (each typed person one sample, named as in Familias) —
 * into samples carrying their place in the file and their issues.
 * @throws ValidationError `UNREADABLE_UPLOAD` naming the line or element where reading stopped.
 */
export function readLabFile(input: string | Uint8Array, options: LabFileOptions): LabFile {
  const text = decodeText(input);
  try {
    return detectFormat(undefined, text) === 'familias' ? readFamilias(text, options) : readProfiles(text, options);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    const where = e.line !== undefined ? `line ${e.line}` : e.element ?? 'file';
    throw new ValidationError('UNREADABLE_UPLOAD', `${where}: ${e.message}`, { cause: e, errors: [{ path: where, message: e.message }] });
  }
}

function readProfiles(text: string, options: LabFileOptions): LabFile {
  const { format, profiles, issues } = importProfiles(text);
  const bySample = groupBySample(issues);
  const samples = profiles.map((p): LabFileSample => ({
    sampleId: p.sampleId, at: placeOf(p), body: toProfileBody(p, options), issues: bySample.get(p.sampleId) ?? [],
  }));
  const named = new Set(profiles.map((p) => p.sampleId));
  // A sample the reader dropped whole (a mixture, no readable locus) is still a sample of the file:
  // it is reported as rejected with the reader's reasons.
  const dropped = [...bySample].filter(([id, list]) => !named.has(id) && list.some((i) => i.severity === 'error'))
    .map(([id, list]): LabFileSample => ({ sampleId: id, at: placeOfIssue(list[0]!), body: {}, issues: list }));
  return { format, samples: [...samples, ...dropped], fileIssues: issues.filter((i) => i.sampleId === undefined) };
}

function readFamilias(text: string, options: LabFileOptions): LabFile {
  const { cases, issues } = parseFamiliasCase(text);
  // Every case of the file carries the same persons' genotypes; a file of one pedigree (or a
  // database alone) has no case, and no person to import.
  const genotypes = cases[0]?.genotypes ?? {};
  const bySample = groupBySample(issues);
  const samples = Object.entries(genotypes).map(([person, loci]): LabFileSample => ({
    sampleId: person,
    at: `person "${person}"`,
    body: { sampleId: person, kind: options.kind, kit: options.kit ?? 'custom', genotypes: loci },
    issues: bySample.get(person) ?? [],
  }));
  return { format: 'familias', samples, fileIssues: issues.filter((i) => i.sampleId === undefined || !(i.sampleId in genotypes)) };
}

function groupBySample(issues: readonly ImportIssue[]): Map<string, ImportIssue[]> {
  const out = new Map<string, ImportIssue[]>();
  for (const issue of issues) if (issue.sampleId !== undefined) (out.get(issue.sampleId) ?? out.set(issue.sampleId, []).get(issue.sampleId)!).push(issue);
  return out;
}

/** Where an issue is in the file: its line or element, else `fallback`. */
export function placeOfIssue(i: ImportIssue, fallback = 'file'): string {
  return i.line !== undefined ? `line ${i.line}` : i.element ?? fallback;
}

function placeOf(p: ImportedProfile): string {
  if (p.source.line !== undefined) return `line ${p.source.line}`;
  return p.source.element ?? p.source.format;
}
