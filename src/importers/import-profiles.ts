import { decodeText, type TextInput } from './decode-text';
import { detectFormat } from './detect-format';
import { ImportError } from './import-error';
import { parseCmf } from './parse-cmf';
import { parseGeneMapper } from './parse-gene-mapper';
import { parseProfilesCsv } from './parse-profiles-csv';
import type { ImportResult, ProfileFormat } from './types';

export interface ImportProfilesOptions {
  /** Skip detection and read the upload as this format. */
  format?: ProfileFormat;
  /** The upload's Content-Type header; used when the content itself is not recognised. */
  contentType?: string;
}

/**
 * Reads a profile upload in any supported lab format (GeneMapper, CSV, CODIS CMF), detected with
 * {@link detectFormat} unless `options.format` is given.
 * @throws ImportError `UNKNOWN_FORMAT` when the upload is not a profile format (JSON, Familias
 * and frequency lists have their own entry points), or any error of the chosen parser.
 */
export function importProfiles(input: TextInput, options: ImportProfilesOptions = {}): ImportResult & { format: ProfileFormat } {
  const text = decodeText(input);
  const format = options.format ?? detectFormat(options.contentType, text);
  switch (format) {
    case 'genemapper': return { format, ...parseGeneMapper(text) };
    case 'csv': return { format, ...parseProfilesCsv(text) };
    case 'cmf': {
      const { profiles, issues } = parseCmf(text);
      return { format, profiles, issues };
    }
    default:
      throw new ImportError('UNKNOWN_FORMAT', format === undefined
        ? 'the upload is not a recognised profile format (GeneMapper table, CSV with a sampleId column, or CODIS CMF XML)'
        : `a ${format} file holds no lab profiles; upload GeneMapper, CSV or CODIS CMF`);
  }
}
