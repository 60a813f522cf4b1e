import { z } from 'zod';
import { Timestamp } from './common';

/**
 * Largest tolerated deviation of a locus' frequency sum from 1. Rounded published tables sum to
 * 0.998–1.003 (pop.STR, data-samples/SOURCES.md §1b); 0.01 also admits 4-decimal tables of many alleles.
 */
export const FREQUENCY_SUM_TOLERANCE = 0.01;

const LocusFrequencies = z
  .record(z.string().min(1).max(10), z.number().gt(0, 'a frequency must be > 0').max(1, 'a frequency must be <= 1'))
  .refine((freqs) => Object.keys(freqs).length > 0, 'a locus needs at least one allele')
  .refine(
    (freqs) => Math.abs(Object.values(freqs).reduce((a, b) => a + b, 0) - 1) <= FREQUENCY_SUM_TOLERANCE,
    `allele frequencies must sum to 1 (±${FREQUENCY_SUM_TOLERANCE})`,
  );

/** A frequency table in the shape of data-samples/frequencies/*.json, plus the id to store it under. */
export const FrequencyTableInput = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'lower-case letters, digits and hyphens'),
    name: z.string().min(1).max(300),
    population: z.string().min(1).max(300),
    source: z.string().min(1).max(4000).meta({ description: 'citation of the data' }),
    license_note: z.string().max(2000).optional(),
    sampleSize: z.number().int().positive().nullable().default(null).meta({ description: 'number of individuals, or null when unknown' }),
    loci: z
      .record(z.string().min(1).max(40), LocusFrequencies)
      .refine((loci) => Object.keys(loci).length > 0, 'a table needs at least one locus'),
    notes: z.array(z.string().max(4000)).max(200).default([]),
  })
  .meta({ id: 'FrequencyTableInput', description: 'the JSON shape of the shipped tables (data-samples/frequencies), with an id' });
export type FrequencyTableInput = z.output<typeof FrequencyTableInput>;

/**
 * What a frequency database uploaded as text (a Familias / pedtools list file, or a Familias .fam
 * database) does not carry: the table's id and description, given as query parameters.
 */
export const FrequencyTableFileMetadata = z
  .object({
    id: FrequencyTableInput.shape.id,
    name: FrequencyTableInput.shape.name,
    population: FrequencyTableInput.shape.population,
    source: FrequencyTableInput.shape.source,
    license_note: FrequencyTableInput.shape.license_note,
    sampleSize: z.coerce.number().int().positive().optional().meta({ description: 'number of individuals; absent when unknown' }),
  })
  .strict()
  .meta({ id: 'FrequencyTableFileMetadata' });
export type FrequencyTableFileMetadata = z.output<typeof FrequencyTableFileMetadata>;

export interface FrequencyTable {
  readonly id: string;
  readonly name: string;
  readonly population: string;
  readonly source: string;
  readonly licenseNote: string | null;
  readonly sampleSize: number | null;
  /** canonical locus -> canonical allele -> frequency */
  readonly loci: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly notes: readonly string[];
  /** Shipped with the service (seeded at start) rather than added by an admin. */
  readonly builtIn: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const FrequencyTableSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    population: z.string(),
    sampleSize: z.number().int().nullable(),
    loci: z.array(z.string()),
    builtIn: z.boolean(),
    isDefault: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'FrequencyTableSummary' });
export type FrequencyTableSummary = z.infer<typeof FrequencyTableSummary>;

export const FrequencyTableView = z
  .object({
    id: z.string(),
    name: z.string(),
    population: z.string(),
    source: z.string(),
    licenseNote: z.string().nullable(),
    sampleSize: z.number().int().nullable(),
    loci: z.record(z.string(), z.record(z.string(), z.number())),
    notes: z.array(z.string()),
    builtIn: z.boolean(),
    isDefault: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'FrequencyTable' });
export type FrequencyTableView = z.infer<typeof FrequencyTableView>;
