import { ZodError } from 'zod';

/** One problem with one part of a request: the field path and, for genotypes, the locus and allele. */
export interface FieldError {
  readonly path: string;
  readonly locus?: string;
  readonly allele?: string;
  readonly message: string;
}

/** Stable machine-readable codes; clients branch on these (`type: urn:reunion:<CODE>`), never on text. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'UNKNOWN_LOCUS'
  | 'INVALID_ALLELE'
  | 'TOO_FEW_LOCI'
  | 'INVALID_PEDIGREE'
  | 'UNREADABLE_UPLOAD'
  | 'INVALID_KINSHIP_CASE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PROFILE_EXISTS'
  | 'DUPLICATE_KEY'
  | 'STALE_VERSION'
  | 'RELATIVE_CONFLICT'
  | 'FAMILY_MODE_CONFLICT'
  | 'FREQUENCY_TABLE_EXISTS'
  | 'INVALID_TRANSITION'
  | 'SAME_INVESTIGATOR'
  | 'FOUND_PERSON_IDENTIFIED'
  | 'RETEST_REQUIRED'
  | 'RETEST_PROFILE_CONFLICT'
  | 'FAMILY_NOT_SEARCHABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'BATCH_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_READY'
  | 'INTERNAL';

const TITLES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is invalid',
  INVALID_JSON: 'The body is not valid JSON',
  UNKNOWN_LOCUS: 'Unknown locus',
  INVALID_ALLELE: 'Invalid allele designation',
  TOO_FEW_LOCI: 'Too few loci for the kit',
  INVALID_PEDIGREE: 'Invalid pedigree',
  UNREADABLE_UPLOAD: 'The uploaded file cannot be read',
  INVALID_KINSHIP_CASE: 'The kinship case file is invalid',
  UNAUTHORIZED: 'Authentication required',
  FORBIDDEN: 'Not allowed for this role',
  NOT_FOUND: 'Not found',
  PROFILE_EXISTS: 'The sample id is taken by another profile',
  DUPLICATE_KEY: 'The record exists already',
  STALE_VERSION: 'The record was changed concurrently',
  RELATIVE_CONFLICT: 'The relative does not fit the family',
  FAMILY_MODE_CONFLICT: 'The family is defined in the other form',
  FREQUENCY_TABLE_EXISTS: 'The frequency table exists already',
  INVALID_TRANSITION: 'The status change is not allowed',
  SAME_INVESTIGATOR: 'A second, different investigator must confirm',
  FOUND_PERSON_IDENTIFIED: 'The found person is identified already',
  RETEST_REQUIRED: 'A completed re-test is required before confirming',
  RETEST_PROFILE_CONFLICT: 'The re-sampled profile does not fit the match',
  FAMILY_NOT_SEARCHABLE: 'The family has no typed relative, or its typed relatives are impossible under the model',
  PAYLOAD_TOO_LARGE: 'The body is too large',
  BATCH_TOO_LARGE: 'Too many items in the batch',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  RATE_LIMITED: 'Too many requests',
  NOT_READY: 'The service is not ready',
  INTERNAL: 'Internal error',
};

/** Short human summary of a problem type (RFC 9457 `title`): the same for every instance of the code. */
export function problemTitle(code: ErrorCode): string {
  return TITLES[code];
}

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly errors?: readonly FieldError[];
}

/**
 * Base of every error the service raises on purpose. `detail` is safe to show to the client:
 * it never contains genotypes beyond the single locus / allele designation at fault.
 */
export class AppError extends Error {
  readonly errors: readonly FieldError[];
  /** Operational errors are expected outcomes (bad input, missing record), not bugs. */
  readonly isOperational: boolean = true;

  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    readonly detail: string,
    opts: AppErrorOptions = {},
  ) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.errors = opts.errors ?? [];
  }
  override get name(): string {
    return 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(
    code: 'VALIDATION_FAILED' | 'INVALID_JSON' | 'UNKNOWN_LOCUS' | 'INVALID_ALLELE' | 'TOO_FEW_LOCI' | 'INVALID_PEDIGREE' | 'UNREADABLE_UPLOAD' | 'INVALID_KINSHIP_CASE',
    detail: string,
    opts?: AppErrorOptions,
  ) {
    super(code, 400, detail, opts);
  }
  override get name(): string {
    return 'ValidationError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'a valid API key is required: Authorization: Bearer <key>') {
    super('UNAUTHORIZED', 401, detail);
  }
  override get name(): string {
    return 'UnauthorizedError';
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super('FORBIDDEN', 403, detail);
  }
  override get name(): string {
    return 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super('NOT_FOUND', 404, detail);
  }
  override get name(): string {
    return 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  constructor(
    code:
      | 'PROFILE_EXISTS' | 'DUPLICATE_KEY' | 'STALE_VERSION' | 'RELATIVE_CONFLICT' | 'FAMILY_MODE_CONFLICT' | 'FREQUENCY_TABLE_EXISTS'
      | 'INVALID_TRANSITION' | 'SAME_INVESTIGATOR' | 'FOUND_PERSON_IDENTIFIED' | 'RETEST_REQUIRED' | 'RETEST_PROFILE_CONFLICT'
      | 'FAMILY_NOT_SEARCHABLE',
    detail: string,
    opts?: AppErrorOptions,
  ) {
    super(code, 409, detail, opts);
  }
  override get name(): string {
    return 'ConflictError';
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(code: 'PAYLOAD_TOO_LARGE' | 'BATCH_TOO_LARGE', detail: string, opts?: AppErrorOptions) {
    super(code, 413, detail, opts);
  }
  override get name(): string {
    return 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super('UNSUPPORTED_MEDIA_TYPE', 415, detail);
  }
  override get name(): string {
    return 'UnsupportedMediaTypeError';
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string) {
    super('RATE_LIMITED', 429, detail);
  }
  override get name(): string {
    return 'TooManyRequestsError';
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string, opts?: AppErrorOptions) {
    super('NOT_READY', 503, detail, opts);
  }
  override get name(): string {
    return 'ServiceUnavailableError';
  }
}

/**
 * Field errors of a ZodError. A path through `genotypes` names the locus (the key after it)
 * so that clients see which locus was at fault; the input value itself is never copied.
 */
export function fieldErrorsFromZod(error: ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((zodIssue) => {
    const path = [...prefix, ...zodIssue.path].map(String);
    const at = path.indexOf('genotypes');
    const locus = at >= 0 ? path[at + 1] : undefined;
    return { path: path.join('.'), ...(locus === undefined ? {} : { locus }), message: zodIssue.message };
  });
}

/** A ZodError as a 400 {@link ValidationError} listing every issue. */
export function validationErrorFromZod(error: ZodError, prefix: readonly PropertyKey[] = []): ValidationError {
  const errors = fieldErrorsFromZod(error, prefix);
  const detail = errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ');
  return new ValidationError('VALIDATION_FAILED', detail, { errors, cause: error });
}
