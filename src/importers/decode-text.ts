import { ImportError } from './import-error';

/** Text an importer accepts: a string, or the raw bytes of an upload (Buffer is a Uint8Array). */
export type TextInput = string | Uint8Array;

/**
 * Turns an upload into a string. Lab software writes UTF-8 (with or without a byte-order mark),
 * UTF-16 with a BOM (Windows "Unicode text" exports) and, from older Excel versions, Windows-1252;
 * bytes that are not valid UTF-8 are read as Windows-1252 so a sample name with "é" survives.
 * A leading BOM is removed from strings too.
 * @throws ImportError `UNSUPPORTED_ENCODING` for NUL bytes without a UTF-16 BOM.
 */
export function decodeText(input: TextInput): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const b0 = input[0];
  const b1 = input[1];
  if (b0 === 0xef && b1 === 0xbb && input[2] === 0xbf) return new TextDecoder('utf-8').decode(input.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(input.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(input.subarray(2));
  if (input.includes(0)) {
    throw new ImportError('UNSUPPORTED_ENCODING', 'the file contains NUL bytes but no UTF-16 byte-order mark; save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return new TextDecoder('windows-1252').decode(input);
  }
}
