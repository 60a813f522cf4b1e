/** Why a whole file could not be read, or a document could not be written. Stable codes. */
export type ImportErrorCode =
  | 'EMPTY_INPUT'
  | 'UNSUPPORTED_ENCODING'
  | 'UNKNOWN_FORMAT'
  | 'MALFORMED_CSV'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'NO_LOCUS_COLUMNS'
  | 'MALFORMED_XML'
  | 'XML_DOCTYPE_FORBIDDEN'
  | 'NOT_CMF'
  | 'MALFORMED_FAMILIAS'
  | 'MALFORMED_FREQUENCY_LIST'
  | 'INVALID_EXPORT';

/**
 * Thrown when a file cannot be read at all (wrong format, truncated XML, missing header column),
 * or when an exporter is given data it cannot write. Rows or samples that are merely bad never
 * throw: they become {@link ImportIssue}s. `line` (text formats) or `element` (XML) names where
 * reading stopped. Callers branch on `code`, never on the message.
 */
export class ImportError extends Error {
  readonly line?: number;
  readonly element?: string;

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    where: { line?: number; element?: string; cause?: unknown } = {},
  ) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    if (where.line !== undefined) this.line = where.line;
    if (where.element !== undefined) this.element = where.element;
  }

  override get name(): string {
    return 'ImportError';
  }
}
