import { findLocus, NomenclatureError, parseAllele } from '../kinship';
import { decodeText, type TextInput } from './decode-text';
import { type FamiliasMarker, readFamiliasFile } from './familias-file';
import { ImportError } from './import-error';
import type { FrequencyTable, ImportIssue, LocusMutation, SexMutation } from './types';

/** Descriptive fields the .fam file does not carry; supply them for the table's metadata. */
export interface FamiliasDatabaseOptions {
  name?: string;
  population?: string;
  source?: string;
}

export interface FamiliasDatabase {
  table: FrequencyTable;
  /** Per canonical locus, for every marker whose name is a known locus (even if its alleles were refused). */
  mutation: Record<string, LocusMutation>;
  issues: ImportIssue[];
}

/** How far a marker's frequencies may sum from 1 before a warning (tables are rounded to ~6 digits). */
const SUM_TOLERANCE = 0.01;

/**
 * Reads the database section of a Familias `.fam` file (a database-only file such as
 * NorskDB_2023.fam, or the database of a case file such as paternity.fam): allele frequencies
 * per marker as a {@link FrequencyTable}, and the sex-specific mutation model of each marker in
 * the kinship case-format shape (test/fixtures/kinship-cases/README.md §3).
 *
 * Familias model codes (Familias 3 user interface; decoded the same way by pedFamilias readFam.R
 * and in data-samples/mutation-rates.json): 0 equal, 1 proportional, 2 stepwise (unstationary),
 * 3 stepwise (stationary), 4 extended stepwise. Codes 2-4 become `stepwise` with the marker's
 * range and rate2, as pedFamilias does. For code 3 Familias also stabilises the matrix to be
 * stationary (pedmut::stabilize); the case format has no such option, so a warning says the
 * unstabilised matrix is what the case format will build.
 *
 * Markers whose name is not a known locus, and markers with an allele name the nomenclature
 * finds malformed at that locus, leave the frequency table with an error issue (fragment lengths
 * such as "176" at D11S554 are names, see nomenclature.ts); a marker whose frequencies do not sum to 1 ± 0.01 gets a warning and is kept as is.
 * @throws ImportError `MALFORMED_FAMILIAS` naming the line where the file's layout breaks.
 */
export function parseFamiliasDatabase(input: TextInput, options: FamiliasDatabaseOptions = {}): FamiliasDatabase {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the Familias file is empty');
  const file = readFamiliasFile(text);
  const name = options.name ?? file.databaseName ?? 'Familias database';
  const result: FamiliasDatabase = {
    table: {
      name,
      population: options.population ?? 'not stated in the Familias file',
      source: options.source ?? `Familias ${file.version} file, database "${file.databaseName ?? ''}"`,
      sampleSize: null,
      loci: {},
      notes: [
        'Read from a Familias .fam database section; Familias stores a DatabaseSize per marker without stating its unit, so sampleSize is null.',
      ],
    },
    mutation: {},
    issues: [],
  };
  for (const marker of file.markers) readMarker(marker, result);
  return result;
}

/** Canonical allele designations of a marker in file order, or undefined (with an issue) when one is refused. */
export function canonicalMarkerAlleles(marker: FamiliasMarker, locus: string, issues: ImportIssue[]): string[] | undefined {
  const designations: string[] = [];
  const refused: string[] = [];
  for (const allele of marker.alleles) {
    try {
      designations.push(parseAllele(locus, allele.name).designation);
    } catch (e) {
      if (!(e instanceof NomenclatureError)) throw e;
      refused.push(allele.name);
    }
  }
  if (refused.length > 0) {
    issues.push({
      severity: 'error', code: 'INVALID_ALLELE', line: marker.alleles.find((a) => a.name === refused[0])!.line, locus, allele: refused[0]!,
      message: `${refused.length} of ${marker.alleles.length} allele names at ${locus} are not STR designations (first: "${refused[0]}"); the locus was left out`,
    });
    return undefined;
  }
  const duplicate = designations.find((d, i) => designations.indexOf(d) !== i);
  if (duplicate !== undefined) {
    issues.push({ severity: 'error', code: 'INVALID_ALLELE', line: marker.line, locus, allele: duplicate, message: `allele ${duplicate} is listed twice at ${locus}; the locus was left out` });
    return undefined;
  }
  return designations;
}

function readMarker(marker: FamiliasMarker, result: FamiliasDatabase): void {
  const { issues } = result;
  const locus = findLocus(marker.name)?.name;
  if (!locus) {
    issues.push({ severity: 'error', code: 'UNKNOWN_LOCUS', line: marker.line, locus: marker.name, message: `unknown locus "${marker.name}"; it was left out` });
    return;
  }
  if (result.mutation[locus]) {
    issues.push({ severity: 'error', code: 'LOCUS_SKIPPED', line: marker.line, locus, message: `${locus} appears twice (as "${marker.name}"); the second one was left out` });
    return;
  }
  const mutation = decodeMutation(marker, locus, issues);
  if (mutation) result.mutation[locus] = mutation;
  if (marker.hasSilentAllele) {
    issues.push({ severity: 'warning', code: 'LOCUS_SKIPPED', line: marker.line, locus, message: `${locus} has a silent-allele frequency, which the frequency table cannot hold; it was ignored` });
  }

  const alleles = canonicalMarkerAlleles(marker, locus, issues);
  if (!alleles) return;
  const frequencies: Record<string, number> = {};
  let sum = 0;
  for (const [i, allele] of marker.alleles.entries()) {
    if (!(allele.frequency > 0 && allele.frequency <= 1)) {
      issues.push({ severity: 'error', code: 'INVALID_FREQUENCY', line: allele.line, locus, allele: alleles[i]!, message: `frequency ${allele.frequency} of ${alleles[i]} at ${locus} is not in (0, 1]; the locus was left out` });
      return;
    }
    frequencies[alleles[i]!] = allele.frequency;
    sum += allele.frequency;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    issues.push({ severity: 'warning', code: 'FREQUENCY_SUM', line: marker.line, locus, message: `frequencies at ${locus} sum to ${sum.toFixed(6)}, not 1; they were kept unnormalised` });
  }
  result.table.loci[locus] = frequencies;
}

function decodeMutation(marker: FamiliasMarker, locus: string, issues: ImportIssue[]): LocusMutation | undefined {
  const female = decodeSex(marker.femaleModel, marker.femaleRate, marker.femaleRange, marker.femaleRate2);
  const male = decodeSex(marker.maleModel, marker.maleRate, marker.maleRange, marker.maleRate2);
  if (!female || !male) {
    issues.push({ severity: 'error', code: 'INVALID_VALUE', line: marker.line, locus, message: `mutation model codes ${marker.femaleModel}/${marker.maleModel} at ${locus} are not Familias codes 0-4; no mutation model was read` });
    return undefined;
  }
  if (marker.femaleModel === 3 || marker.maleModel === 3) {
    issues.push({ severity: 'warning', code: 'STATIONARY_MODEL', line: marker.line, locus, message: `${locus} uses Familias' stationary stepwise model; the case format builds the unstationary stepwise matrix from the same parameters` });
  }
  return { female, male };
}

function decodeSex(code: number, rate: number, range: number, rate2: number): SexMutation | undefined {
  switch (code) {
    case 0: return { model: 'equal', rate };
    case 1: return { model: 'proportional', rate };
    case 2:
    case 3:
    case 4: return { model: 'stepwise', rate, range, rate2 };
    default: return undefined;
  }
}
