/**
 * The shipped public data the simulator and the benchmark use (data-samples/SOURCES.md): a
 * frequency table, the per-locus mutation rates, and the NIST 1036 genotypes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { validateFrequencyTable, type FrequencyTable } from '../src/kinship';
import type { LocusMutationRate, ProfileGenotypes } from '../src/matching';
import { genotypesFromNistRow } from '../src/services';

export const DATA_SAMPLES = path.resolve(__dirname, '..', 'data-samples');

export interface SampleData {
  readonly table: FrequencyTable;
  readonly rates: Record<string, LocusMutationRate>;
  /** NIST 1036 individuals, locus -> [allele, allele]. */
  readonly nist: ProfileGenotypes[];
}

export function loadSampleData(tableId = 'nist1036-all'): SampleData {
  const table = validateFrequencyTable(JSON.parse(readFileSync(path.join(DATA_SAMPLES, 'frequencies', `${tableId}.json`), 'utf8')), { normalize: true });
  const rates = (JSON.parse(readFileSync(path.join(DATA_SAMPLES, 'mutation-rates.json'), 'utf8')) as { loci: Record<string, LocusMutationRate> }).loci;
  const rows = parse(readFileSync(path.join(DATA_SAMPLES, 'profiles', 'nist1036-genotypes.csv')), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const nist = rows.map(genotypesFromNistRow);
  return { table, rates, nist };
}
