import { findLocus, NomenclatureError, parseAllele } from '../kinship';
import { decodeText, type TextInput } from './decode-text';
import { ImportError } from './import-error';
import type { FrequencyTable, ImportIssue } from './types';

/** Metadata the list format does not carry. */
export interface FrequencyListOptions {
  name: string;
  population?: string;
  source?: string;
  /** Number of individuals, when known (see FrequencyTable.sampleSize). */
  sampleSize?: number | null;
}

export interface FrequencyListResult {
  table: FrequencyTable;
  issues: ImportIssue[];
}

/** Same tolerance as parse-familias-database.ts: published tables are rounded. */
const SUM_TOLERANCE = 0.01;

interface PendingLocus {
  raw: string;
  line: number;
  locus: string | undefined;
  entries: { allele: string; frequency: number; line: number }[];
}

/**
 * Reads the plain-text "list" frequency format (pedtools `readFreqDatabase(format = "list")`,
 * documented in GitHub magnusdv/pedtools R/marker_database.R; example
 * test/fixtures/formats/familias/NorskDB_v2023.txt): a marker name on its own line, then one
 * `allele<TAB>frequency` line per allele, blank lines between markers. Allele and frequency may
 * also be separated by spaces; a marker name may contain spaces ("Penta D").
 *
 * Unknown marker names, refused allele names and frequencies outside (0, 1] leave that marker out
 * with an error issue; a marker whose frequencies do not sum to 1 ± 0.01 is kept with a warning.
 * @throws ImportError `MALFORMED_FREQUENCY_LIST` for an allele line before any marker name, or a
 * file with no marker at all.
 */
export function parseFrequencyList(input: TextInput, options: FrequencyListOptions): FrequencyListResult {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the frequency list is empty');
  const issues: ImportIssue[] = [];
  const table: FrequencyTable = {
    name: options.name,
    population: options.population ?? 'not stated in the frequency list',
    source: options.source ?? 'frequency list (pedtools "list" format)',
    sampleSize: options.sampleSize ?? null,
    loci: {},
    notes: [],
  };
  let pending: PendingLocus | undefined;
  let markers = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === '') return;
    const fields = content.split(/\t|\s+/).filter((f) => f !== '');
    const frequency = fields.length === 2 ? Number(fields[1]) : Number.NaN;
    if (fields.length === 2 && fields[1] !== '' && !Number.isNaN(frequency)) {
      if (!pending) throw new ImportError('MALFORMED_FREQUENCY_LIST', `line ${line}: allele line before any marker name`, { line });
      pending.entries.push({ allele: fields[0]!, frequency, line });
      return;
    }
    if (pending) finishLocus(pending, table, issues);
    markers += 1;
    pending = { raw: content, line, locus: findLocus(content)?.name, entries: [] };
  });
  if (pending) finishLocus(pending, table, issues);
  if (markers === 0) throw new ImportError('MALFORMED_FREQUENCY_LIST', 'no marker name found');
  return { table, issues };
}

function finishLocus(pending: PendingLocus, table: FrequencyTable, issues: ImportIssue[]): void {
  const { locus, line } = pending;
  if (!locus) {
    issues.push({ severity: 'error', code: 'UNKNOWN_LOCUS', line, locus: pending.raw, message: `unknown locus "${pending.raw}"; it was left out` });
    return;
  }
  if (table.loci[locus]) {
    issues.push({ severity: 'error', code: 'LOCUS_SKIPPED', line, locus, message: `${locus} appears twice; the second one was left out` });
    return;
  }
  if (pending.entries.length === 0) {
    issues.push({ severity: 'error', code: 'LOCUS_SKIPPED', line, locus, message: `${locus} lists no allele; it was left out` });
    return;
  }
  const frequencies: Record<string, number> = {};
  const refused: { allele: string; line: number }[] = [];
  let sum = 0;
  for (const entry of pending.entries) {
    let designation: string;
    try {
      designation = parseAllele(locus, entry.allele).designation;
    } catch (e) {
      if (!(e instanceof NomenclatureError)) throw e;
      refused.push(entry);
      continue;
    }
    if (!(entry.frequency > 0 && entry.frequency <= 1) || designation in frequencies) {
      issues.push({ severity: 'error', code: 'INVALID_FREQUENCY', line: entry.line, locus, allele: entry.allele, message: `allele ${entry.allele} at ${locus}: frequency ${entry.frequency} is not in (0, 1] or the allele is listed twice; the locus was left out` });
      return;
    }
    frequencies[designation] = entry.frequency;
    sum += entry.frequency;
  }
  if (refused.length > 0) {
    issues.push({ severity: 'error', code: 'INVALID_ALLELE', line: refused[0]!.line, locus, allele: refused[0]!.allele, message: `${refused.length} of ${pending.entries.length} allele names at ${locus} are not STR designations (first: "${refused[0]!.allele}"); the locus was left out` });
    return;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    issues.push({ severity: 'warning', code: 'FREQUENCY_SUM', line, locus, message: `frequencies at ${locus} sum to ${sum.toFixed(6)}, not 1; they were kept unnormalised` });
  }
  table.loci[locus] = frequencies;
}
