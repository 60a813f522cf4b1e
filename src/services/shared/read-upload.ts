import { ImportError, type ImportIssue } from '../../importers';
import { ValidationError, type FieldError } from '../../lib';

/**
 * Runs an importer over an uploaded file; a file that cannot be read at all becomes a 400
 * `UNREADABLE_UPLOAD` naming the line or element where reading stopped.
 */
export function readUpload<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    throw new ValidationError('UNREADABLE_UPLOAD', e.message, { cause: e, errors: [{ path: whereOf(e), message: e.message }] });
  }
}

/**
 * A 400 `UNREADABLE_UPLOAD` listing every issue `refuses` picks (by default every error: something
 * the file holds was not read), each naming its line, locus and allele; for uploads that are used
 * whole or not at all (a frequency table, a case to cross-check).
 */
export function assertUploadComplete(issues: readonly ImportIssue[], refuses: (issue: ImportIssue) => boolean = (i) => i.severity === 'error'): void {
  const errors = issues.filter(refuses).map((i): FieldError => ({
    path: whereOf(i), message: i.message, ...(i.locus !== undefined ? { locus: i.locus } : {}), ...(i.allele !== undefined ? { allele: i.allele } : {}),
  }));
  if (errors.length > 0) throw new ValidationError('UNREADABLE_UPLOAD', errors.map((e) => e.message).join('; '), { errors });
}

function whereOf(at: { line?: number; element?: string }): string {
  return at.line !== undefined ? `line ${at.line}` : at.element ?? 'file';
}
