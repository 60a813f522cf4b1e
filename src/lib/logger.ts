import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths whose values never reach a log line: genetic data (genotypes, alleles, pedigrees with
 * genotypes), request and response bodies, personal contact data and credentials.
 * pino's wildcards match one level each, so the common depths are listed.
 */
export const REDACT_PATHS: readonly string[] = [
  'genotypes', '*.genotypes', '*.*.genotypes', '*.*.*.genotypes',
  'alleles', '*.alleles', '*.*.alleles',
  'body', '*.body', 'req.body', 'res.body',
  'items', '*.items',
  'contact', '*.contact', '*.*.contact',
  'names', '*.names', 'childName', '*.childName',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'authorization', '*.authorization', 'apiKey', '*.apiKey',
];

export interface LoggerOptions {
  readonly level: string;
  /** Where JSON lines go; standard output when omitted. Tests pass an in-memory stream. */
  readonly destination?: DestinationStream;
}

/** The service's pino logger: JSON lines, ISO timestamps, redacted genetic and personal data. */
export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.level,
      redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { service: 'reunion' },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
