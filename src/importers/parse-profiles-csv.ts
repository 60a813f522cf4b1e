import { AMELOGENIN, findLocus } from '../kinship';
import { readCell } from './csv-cells';
import { decodeText, type TextInput } from './decode-text';
import { ImportError } from './import-error';
import { ProfileAssembler, type ProfileMeta } from './profile-assembler';
import { headerKey, readDelimited } from './read-delimited';
import {
  RELATIONSHIP_HINTS, type ImportedProfile, type ImportIssue, type ImportResult, type ProfileKind,
  type RelationshipHint, type Sex,
} from './types';

type MetaField = 'sampleId' | 'kind' | 'relationship' | 'kit' | 'population' | 'sex';

/** Header spellings of the descriptive columns (compared with headerKey: case, spaces, `_` ignored). */
const META_HEADERS: Readonly<Record<string, MetaField>> = {
  sampleid: 'sampleId', sample: 'sampleId', samplename: 'sampleId', specimenid: 'sampleId',
  kind: 'kind', kit: 'kit', population: 'population', sex: 'sex', relationship: 'relationship',
};

/** `<locus>_1` / `<locus>_2` (also `<locus>.1`, `<locus> 1`, `<locus>-1`), the NIST 1036 layout. */
const PAIR_HEADER = /^(.+?)[\s_.-]([12])$/;

/** Cell values that mean "not typed" in lab spreadsheets. */
const UNTYPED = new Set(['', '-', 'NA', 'N/A']);

const RELATIONSHIP_BY_KEY: ReadonlyMap<string, RelationshipHint> = new Map(RELATIONSHIP_HINTS.map((r) => [headerKey(r), r]));

interface LocusColumns {
  locus: string;
  /** One column holding "15,16" / "15/16", or the `_1` and `_2` columns. */
  single?: number;
  first?: number;
  second?: number;
}

interface Layout {
  meta: Partial<Record<MetaField, number>>;
  loci: LocusColumns[];
  /** Columns with an empty header cell: a value under one is reported per row. */
  unnamed: Set<number>;
}

/**
 * Reads profiles from a table with one row per sample: our documented CSV upload format and the
 * "wide" spreadsheets labs keep. Columns (any order, header names case-insensitive):
 * - `sampleId` (or `Sample`, `Sample Name`, `SpecimenId`) — required;
 * - optional `kind` (`reference` | `found`), `relationship` (see RELATIONSHIP_HINTS), `kit`,
 *   `population`, `sex` (`male` | `female`, also `M` / `F`);
 * - per locus either `<locus>_1` and `<locus>_2` (the layout of
 *   data-samples/profiles/nist1036-genotypes.csv), or one `<locus>` column holding "15,16",
 *   "15/16", "15 16" or "15" (a homozygote). `AMEL` / `Amelogenin` columns take X and Y ("XY" too).
 * Empty cells, `-`, `NA` and `N/A` mean "not typed". Delimiter: comma, semicolon or tab, whichever
 * the header line uses most; fields may be quoted per RFC 4180. Decimal separator is the point.
 * Unknown columns are reported once as warnings and ignored.
 * @throws ImportError when there is no sample-id column, no locus column, or a column twice.
 */
export function parseProfilesCsv(input: TextInput): ImportResult {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the CSV file is empty');
  const rows = readDelimited(text, detectDelimiter(text), true);
  const [header, ...data] = rows;
  const issues: ImportIssue[] = [];
  const layout = readHeader(header!.cells, header!.line, issues);

  const profiles: ImportedProfile[] = [];
  const firstLineById = new Map<string, number>();
  for (const { cells, line } of data) {
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (i: number | undefined): string => (i === undefined ? '' : readCell(cells[i]));
    const sampleId = cell(layout.meta.sampleId);
    if (sampleId === '') {
      issues.push({ severity: 'error', code: 'MISSING_SAMPLE_ID', message: 'row without a sample id; it was not imported', line });
      continue;
    }
    const firstLine = firstLineById.get(sampleId);
    if (firstLine !== undefined) {
      issues.push({ severity: 'error', code: 'DUPLICATE_SAMPLE', message: `sample id already used on line ${firstLine}; this row was not imported`, line, sampleId });
      continue;
    }
    firstLineById.set(sampleId, line);
    const extra = cells.findIndex((c, i) => c.trim() !== '' && (i >= header!.cells.length || layout.unnamed.has(i)));
    if (extra >= 0) {
      issues.push({ severity: 'warning', code: 'EXTRA_FIELDS', message: `field ${extra + 1} is under no named column and was ignored`, line, sampleId });
    }

    const assembler = new ProfileAssembler(sampleId, { format: 'csv', line });
    for (const columns of layout.loci) {
      const values = columns.single !== undefined
        ? splitGenotype(columns.locus, cell(columns.single))
        : [cell(columns.first), cell(columns.second)];
      const typed = values.filter((v) => !UNTYPED.has(v.toUpperCase()));
      if (typed.length > 0) assembler.addCall(columns.locus, typed, { line });
    }
    const profile = assembler.finish(readMeta(layout, cell, line, sampleId, issues));
    issues.push(...assembler.issues);
    if (profile) profiles.push(profile);
  }
  return { profiles, issues };
}

/** The delimiter used most on the header line outside quotes (comma on a tie or when none is used). */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

function readHeader(cells: string[], line: number, issues: ImportIssue[]): Layout {
  const layout: Layout = { meta: {}, loci: [], unnamed: new Set() };
  const byLocus = new Map<string, LocusColumns>();
  const duplicate = (name: string): never => {
    throw new ImportError('DUPLICATE_COLUMN', `column "${name}" appears twice (or as both one column and a _1/_2 pair)`, { line });
  };
  cells.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      layout.unnamed.add(i);
      return;
    }
    const meta = META_HEADERS[headerKey(name)];
    if (meta) {
      if (layout.meta[meta] !== undefined) duplicate(name);
      layout.meta[meta] = i;
      return;
    }
    const whole = findLocus(name);
    const pair = whole ? undefined : PAIR_HEADER.exec(name);
    const locus = whole ?? (pair ? findLocus(pair[1]!) : undefined);
    if (!locus) {
      issues.push({ severity: 'warning', code: 'UNKNOWN_COLUMN', message: `column "${name}" is neither a known field nor a known locus; it was ignored`, line, locus: name });
      return;
    }
    let columns = byLocus.get(locus.name);
    if (!columns) {
      columns = { locus: locus.name };
      byLocus.set(locus.name, columns);
      layout.loci.push(columns);
    }
    if (whole) {
      if (columns.single !== undefined || columns.first !== undefined || columns.second !== undefined) duplicate(name);
      columns.single = i;
    } else {
      const slot = pair![2] === '1' ? 'first' : 'second';
      if (columns.single !== undefined || columns[slot] !== undefined) duplicate(name);
      columns[slot] = i;
    }
  });
  if (layout.meta.sampleId === undefined) {
    throw new ImportError('MISSING_COLUMN', 'the header has no sample id column (sampleId, Sample or Sample Name)', { line });
  }
  if (layout.loci.length === 0) {
    throw new ImportError('NO_LOCUS_COLUMNS', 'the header names no known locus (e.g. D3S1358, or D3S1358_1 and D3S1358_2)', { line });
  }
  return layout;
}

/** Splits a one-column genotype: "15,16", "15/16", "15 16", "15;16"; Amelogenin also "XY". */
function splitGenotype(locus: string, value: string): string[] {
  if (locus === AMELOGENIN && /^[XY]{2}$/i.test(value)) return [value[0]!, value[1]!];
  return value.split(/[,/;\s]+/);
}

function readMeta(
  layout: Layout, cell: (i: number | undefined) => string, line: number, sampleId: string, issues: ImportIssue[],
): ProfileMeta {
  const meta: ProfileMeta = {};
  const invalid = (field: string, value: string, allowed: string): void => {
    issues.push({ severity: 'warning', code: 'INVALID_VALUE', message: `${field} "${value}" is not one of ${allowed}; it was ignored`, line, sampleId });
  };
  const kind = cell(layout.meta.kind).toLowerCase();
  if (kind === 'reference' || kind === 'found') meta.kind = kind as ProfileKind;
  else if (kind !== '') invalid('kind', kind, 'reference, found');

  const relationship = cell(layout.meta.relationship);
  if (relationship !== '') {
    const hint = RELATIONSHIP_BY_KEY.get(headerKey(relationship));
    if (hint) meta.relationship = hint;
    else invalid('relationship', relationship, RELATIONSHIP_HINTS.join(', '));
  }

  const sex = cell(layout.meta.sex).toLowerCase();
  const sexValue: Sex | undefined = sex === 'male' || sex === 'm' ? 'male' : sex === 'female' || sex === 'f' ? 'female' : undefined;
  if (sexValue) meta.sex = sexValue;
  else if (sex !== '') invalid('sex', sex, 'male, female');

  const kit = cell(layout.meta.kit);
  if (kit !== '') meta.kit = kit;
  const population = cell(layout.meta.population);
  if (population !== '') meta.population = population;
  return meta;
}
