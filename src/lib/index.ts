export { ConfigError, loadConfig, type Config } from './config';
export {
  AppError, ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError,
  TooManyRequestsError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError, fieldErrorsFromZod, problemTitle,
  validationErrorFromZod, type AppErrorOptions, type ErrorCode, type FieldError,
} from './errors';
export { createLogger, REDACT_PATHS, type Logger, type LoggerOptions } from './logger';
export { genotypeHash, profileContentHash } from './profile-hashes';
