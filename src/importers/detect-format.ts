import { decodeText, type TextInput } from './decode-text';
import { headerKey } from './read-delimited';
import type { ImportFormat } from './types';

const SAMPLE_ID_KEYS = new Set(['sampleid', 'sample', 'samplename', 'specimenid']);

/** How many characters of the upload are looked at. */
const SNIFF_LENGTH = 4096;

/**
 * Recognises an upload's format from its first lines, falling back on the declared content type.
 * The content is decisive because labs send GeneMapper and CSV exports as `text/plain` or
 * `application/octet-stream`; the content type only decides when the content is not recognised:
 * - XML whose root is `CODISImportFile` -> `cmf`;
 * - `{` or `[` -> `json` (the service's own profile body);
 * - `"Output from Familias, version ..."` -> `familias`;
 * - a tab-separated header with `Sample Name`, `Marker` and `Allele n` -> `genemapper`;
 * - a header with a sample-id column (sampleId, Sample, Sample Name) -> `csv`;
 * - a lone marker name followed by `allele<TAB>frequency` -> `frequency-list`.
 * Returns undefined when neither the content nor the content type says.
 */
export function detectFormat(contentType: string | undefined, input: TextInput): ImportFormat | undefined {
  const head = decodeText(input instanceof Uint8Array ? input.subarray(0, SNIFF_LENGTH) : input.slice(0, SNIFF_LENGTH)).trimStart();
  return sniff(head) ?? fromContentType(contentType);
}

function sniff(head: string): ImportFormat | undefined {
  if (head.startsWith('<')) return /<(?:[\w.-]+:)?CODISImportFile[\s>]/.test(head) ? 'cmf' : undefined;
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  if (/^"?Output from Familias/.test(first)) return 'familias';
  const tabKeys = first.split('\t').map(headerKey);
  if (tabKeys.includes('samplename') && tabKeys.includes('marker') && tabKeys.some((k) => /^allele\d+$/.test(k))) return 'genemapper';
  const keys = first.split(/[,;\t]/).map((k) => headerKey(k.replace(/^"|"$/g, '')));
  if (keys.some((k) => SAMPLE_ID_KEYS.has(k))) return 'csv';
  const second = lines[1]?.trim().split(/\t|\s+/) ?? [];
  if (!/[,;\t]/.test(first) && second.length === 2 && second[1] !== '' && !Number.isNaN(Number(second[1]))) return 'frequency-list';
  return undefined;
}

function fromContentType(contentType: string | undefined): ImportFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'cmf';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/csv') return 'csv';
  if (type === 'text/tab-separated-values') return 'genemapper';
  return undefined;
}
