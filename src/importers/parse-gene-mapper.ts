import { decodeText, type TextInput } from './decode-text';
import { ImportError } from './import-error';
import { ProfileAssembler } from './profile-assembler';
import { headerKey, readDelimited } from './read-delimited';
import type { ImportedProfile, ImportIssue, ImportResult, ProfileSource } from './types';

interface Columns {
  sample: number;
  marker: number;
  alleles: number[];
  panel: number | undefined;
}

interface SampleRows {
  assembler: ProfileAssembler;
  /** Shared with the assembler, so the row count ends up in the profile. */
  source: ProfileSource & { rows: number };
  panels: Set<string>;
}

/**
 * Reads an Applied Biosystems GeneMapper / GeneMapper ID-X "Genotypes" table export: tab-separated,
 * one row per sample x marker, columns `Sample Name`, `Marker`, `Allele 1` .. `Allele n` and
 * optional `Panel` (used as the kit); every other column is ignored. Layout and quirks are those
 * documented in test/fixtures/formats/FORMATS.md §1: any number of allele columns, an empty
 * `Allele 2` or a repeated allele for a homozygote, `?` / `OL` for off-ladder peaks, markers without
 * a call, ragged rows, trailing tabs, CRLF, `VWA` / `vWA`, `AMEL` X/Y for sex. A sample's rows may
 * be spread over the file (several runs and panels); they are gathered by `Sample Name`.
 * @throws ImportError when the header lacks `Sample Name`, `Marker` or any `Allele n` column.
 */
export function parseGeneMapper(input: TextInput): ImportResult {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the GeneMapper file is empty');
  const rows = readDelimited(text, '\t', false);
  const [header, ...data] = rows;
  const columns = findColumns(header!.cells, header!.line);

  const issues: ImportIssue[] = [];
  const samples = new Map<string, SampleRows>();
  for (const { cells, line } of data) {
    const cell = (i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? '').trim());
    if (cells.every((c) => c.trim() === '')) continue;
    const sampleId = cell(columns.sample);
    const marker = cell(columns.marker);
    if (sampleId === '') {
      issues.push({ severity: 'error', code: 'MISSING_SAMPLE_ID', message: 'row without a Sample Name; it was not imported', line });
      continue;
    }
    if (marker === '') {
      issues.push({ severity: 'error', code: 'UNKNOWN_LOCUS', message: 'row without a Marker; it was not imported', line, sampleId });
      continue;
    }
    let sample = samples.get(sampleId);
    if (!sample) {
      const source = { format: 'genemapper' as const, line, rows: 0 };
      sample = { assembler: new ProfileAssembler(sampleId, source), source, panels: new Set() };
      samples.set(sampleId, sample);
    }
    sample.assembler.addCall(marker, columns.alleles.map((i) => cell(i)), { line });
    const panel = cell(columns.panel);
    if (panel !== '') sample.panels.add(panel);
    sample.source.rows += 1;
  }

  const profiles: ImportedProfile[] = [];
  for (const { assembler, panels } of samples.values()) {
    const kit = panels.size === 1 ? [...panels][0] : undefined;
    const profile = assembler.finish(kit === undefined ? {} : { kit });
    issues.push(...assembler.issues);
    if (profile) profiles.push(profile);
  }
  return { profiles, issues };
}

function findColumns(cells: string[], line: number): Columns {
  const keys = cells.map(headerKey);
  const sample = keys.indexOf('samplename');
  const marker = keys.indexOf('marker');
  const alleles = keys
    .map((key, i) => ({ n: /^allele(\d+)$/.exec(key)?.[1], i }))
    .filter((c): c is { n: string; i: number } => c.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map((c) => c.i);
  const missing = [sample < 0 ? 'Sample Name' : '', marker < 0 ? 'Marker' : '', alleles.length === 0 ? 'Allele 1' : ''].filter(Boolean);
  if (missing.length > 0) {
    const hint = sample >= 0 && marker < 0 ? ' (a table with one row per sample is read as CSV)' : '';
    throw new ImportError('MISSING_COLUMN', `not a GeneMapper Genotypes table: the header has no ${missing.join(', ')} column${hint}`, { line });
  }
  const panel = keys.indexOf('panel');
  return { sample, marker, alleles, panel: panel < 0 ? undefined : panel };
}
