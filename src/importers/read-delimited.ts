import { CsvError, parse } from 'csv-parse/sync';
import { ImportError } from './import-error';

/** One record of a delimited file with its 1-based line number. */
export interface DelimitedRow {
  cells: string[];
  line: number;
}

/**
 * Splits delimited text into rows with csv-parse. Rows may be ragged (FORMATS.md §1a: GeneMapper
 * rows have 42 to 47 fields for a 46-column header); CRLF or LF line ends; blank lines skipped.
 * With `quoted` false, `"` is an ordinary character: GeneMapper never quotes, and a stray quote in
 * a free-text column must not swallow the rest of the file.
 * @throws ImportError `MALFORMED_CSV` naming the line csv-parse stopped at (e.g. an unclosed quote).
 */
export function readDelimited(text: string, delimiter: string, quoted: boolean): DelimitedRow[] {
  try {
    const records = parse(text, {
      delimiter,
      quote: quoted ? '"' : false,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines;
    throw new ImportError('MALFORMED_CSV', `the file could not be split into fields: ${e.message}`, line === undefined ? { cause: e } : { line, cause: e });
  }
}

/** Header key used for column lookups: lower case, letters and digits only ("Sample Name" -> "samplename"). */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
