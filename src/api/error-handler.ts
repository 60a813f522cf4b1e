import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Problem } from '../domain';
import {
  AppError, ConflictError, NotFoundError, PayloadTooLargeError, problemTitle, UnsupportedMediaTypeError, ValidationError,
  validationErrorFromZod, type Logger,
} from '../lib';

/** A body-parser failure: `type` says which (https://github.com/expressjs/body-parser#errors). */
interface BodyParserError {
  readonly type?: string;
  readonly limit?: number;
  readonly status?: number;
}

/**
 * Any thrown value as an AppError. Nothing of the request body is copied into the detail:
 * a parse error never echoes the text that failed (it could hold genotypes).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationErrorFromZod(err);
  const named = err as { name?: string; code?: unknown; locus?: string; value?: string; message?: string };
  if (named?.name === 'NomenclatureError') {
    const code = named.code === 'UNKNOWN_LOCUS' ? 'UNKNOWN_LOCUS' : 'INVALID_ALLELE';
    return new ValidationError(code, named.message ?? 'invalid genotype', {
      errors: [{ path: 'genotypes', ...(named.locus ? { locus: named.locus } : {}), ...(named.value ? { allele: named.value } : {}), message: named.message ?? '' }],
      cause: err,
    });
  }
  if (named?.code === 11000) return new ConflictError('DUPLICATE_KEY', 'a record with the same key exists', { cause: err });
  const bodyError = err as BodyParserError;
  switch (bodyError?.type) {
    case 'entity.parse.failed':
      return new ValidationError('INVALID_JSON', 'the request body is not valid JSON', { cause: err, errors: [{ path: '', message: 'not valid JSON' }] });
    case 'entity.too.large':
      return new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `the request body exceeds the limit of ${bodyError.limit ?? '?'} bytes`, { cause: err });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('the body must be UTF-8 JSON (application/json)');
    default:
      return new AppError('INTERNAL', 500, 'internal error; the request id identifies it in the logs', { cause: err });
  }
}

export function problemOf(error: AppError, requestId: string): Problem {
  return {
    type: `urn:reunion:${error.code}`,
    title: problemTitle(error.code),
    status: error.httpStatus,
    detail: error.detail,
    instance: requestId,
    ...(error.errors.length > 0 ? { errors: error.errors.map((e) => ({ ...e })) } : {}),
  };
}

export function sendProblem(req: Request, res: Response, error: AppError): void {
  res.status(error.httpStatus).type('application/problem+json').json(problemOf(error, String(req.id ?? '')));
}

/** The one error middleware: every failure leaves as application/problem+json, logged once. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toAppError(err);
    if (error.httpStatus >= 500) {
      logger.error({ err, reqId: req.id, code: error.code }, 'request failed');
    } else {
      (req.log ?? logger).info({ code: error.code, status: error.httpStatus }, 'request refused');
    }
    if (res.headersSent) return;
    sendProblem(req, res, error);
  };
}

/** 404 problem for routes that do not exist. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new NotFoundError(`no route ${req.method} ${req.path}`);
};

/** Media types of lab export files (GeneMapper tables, CSV, CODIS CMF XML). */
export const FILE_UPLOAD_TYPES: readonly string[] = ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/xml', 'text/xml'];

/**
 * 415 for a body that is not JSON. Requests without a body pass (their schema then says what is
 * missing); express.json only parses application/json and would otherwise leave the body unset.
 * The routes in `fileUploadPaths` take a lab export file instead, of one of {@link FILE_UPLOAD_TYPES};
 * those in `alsoText` take JSON or one of the text types listed for them.
 */
export function requireJsonBody(fileUploadPaths: readonly string[] = [], alsoText: Readonly<Record<string, readonly string[]>> = {}): RequestHandler {
  return (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || !['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
    if (fileUploadPaths.includes(req.path)) {
      if (!req.is([...FILE_UPLOAD_TYPES])) {
        throw new UnsupportedMediaTypeError(`the body must be a lab export file (${FILE_UPLOAD_TYPES.join(', ')}), not ${req.headers['content-type'] ?? 'unspecified'}`);
      }
      return next();
    }
    const textTypes = alsoText[req.path] ?? [];
    if (!req.is(['application/json', 'application/*+json', ...textTypes])) {
      throw new UnsupportedMediaTypeError(`the body must be ${['application/json', ...textTypes].join(', ')}, not ${req.headers['content-type'] ?? 'unspecified'}`);
    }
    next();
  };
}
