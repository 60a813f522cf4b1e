/**
 * Errors of the kinship engine. `src/kinship` imports nothing of the project (DESIGN.md layers), so
 * the engine has its own small tree; callers branch on the class or on `code`, never on the text.
 * Messages name the case, locus, person or allele at fault but never echo a whole genotype.
 */

export type KinshipErrorCode =
  | 'INVALID_CASE'
  | 'INVALID_PEDIGREE'
  | 'INVALID_FREQUENCIES'
  | 'INVALID_MUTATION'
  | 'INVALID_GENOTYPE'
  | 'LIMIT_EXCEEDED';

/** Base class of every error thrown by `src/kinship` (nomenclature keeps its own NomenclatureError). */
export class KinshipError extends Error {
  constructor(
    readonly code: KinshipErrorCode,
    message: string,
  ) {
    super(message);
  }
  override get name(): string {
    return 'KinshipError';
  }
}

/** A pedigree that is not a valid family tree (unknown parent, cycle, parent sex, duplicate id). */
export class PedigreeError extends KinshipError {
  constructor(message: string) {
    super('INVALID_PEDIGREE', message);
  }
  override get name(): string {
    return 'PedigreeError';
  }
}

/** A frequency table that fails validation (negative, non-finite, sum outside the tolerance). */
export class FrequencyTableError extends KinshipError {
  constructor(message: string) {
    super('INVALID_FREQUENCIES', message);
  }
  override get name(): string {
    return 'FrequencyTableError';
  }
}

/** A mutation model whose parameters are missing or out of range. */
export class MutationModelError extends KinshipError {
  constructor(message: string) {
    super('INVALID_MUTATION', message);
  }
  override get name(): string {
    return 'MutationModelError';
  }
}

/** A case file (kinship case format) that breaks the format's rules. */
export class CaseFormatError extends KinshipError {
  constructor(message: string) {
    super('INVALID_CASE', message);
  }
  override get name(): string {
    return 'CaseFormatError';
  }
}

/**
 * The exact computation would exceed a stated limit (founders summed under theta, loop breakers).
 * The engine never falls back to an approximation; it throws this instead.
 */
export class KinshipLimitError extends KinshipError {
  constructor(message: string) {
    super('LIMIT_EXCEEDED', message);
  }
  override get name(): string {
    return 'KinshipLimitError';
  }
}
