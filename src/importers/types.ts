/**
 * Shapes every importer returns. Importers are pure: text in, plain objects out; they never
 * store anything. The service decides what to keep, using the issues to report back to the lab.
 *
 * Issues and profiles carry genetic data (allele values). They go back to the uploading lab;
 * they must never be written to logs.
 */

/** The profile formats a lab can upload (FORMATS.md §1-2 and the CSV layout of parse-profiles-csv.ts). */
export type ProfileFormat = 'genemapper' | 'csv' | 'cmf';

/** Every format this module can recognise; `json` is the service's own body, parsed by the API. */
export type ImportFormat = ProfileFormat | 'json' | 'familias' | 'frequency-list';

/** Which side of the database a profile belongs to: relatives of a missing child, or a found person. */
export type ProfileKind = 'reference' | 'found';

/**
 * How a reference profile is related to the missing person, when the file says so.
 * The first names are the relationships of the service's reference-family API; `self` is a direct
 * reference sample of the missing person (CODIS "Missing Person"); `maternalRelative`,
 * `paternalRelative` and `spouse` are the CODIS categories that name no exact degree.
 */
export const RELATIONSHIP_HINTS = [
  'self', 'father', 'mother', 'child', 'fullSibling', 'paternalHalfSibling', 'maternalHalfSibling',
  'paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother',
  'paternalUncle', 'paternalAunt', 'maternalUncle', 'maternalAunt',
  'maternalRelative', 'paternalRelative', 'spouse',
] as const;
export type RelationshipHint = (typeof RELATIONSHIP_HINTS)[number];

/** Amelogenin call: XX (female) or XY (male). */
export type Amelogenin = 'XX' | 'XY';
export type Sex = 'male' | 'female';

/** Where in the uploaded file a profile came from, so the lab can find it again. */
export interface ProfileSource {
  format: ProfileFormat;
  /** 1-based line of the profile's first row (GeneMapper, CSV). */
  line?: number;
  /** Number of rows the profile was assembled from (GeneMapper long format). */
  rows?: number;
  /** Element path, e.g. `CODISImportFile/SPECIMEN[2]` (CMF). */
  element?: string;
  /** CMF `CASEID` attribute of the specimen. */
  caseId?: string;
  /** CMF `PARTIAL` attribute: the lab flagged possible allele drop-out. */
  partial?: boolean;
}

/** One single-source STR profile read from a lab export. */
export interface ImportedProfile {
  sampleId: string;
  /**
   * Canonical locus name (src/kinship/nomenclature.ts) -> canonical allele designations, sorted by
   * repeat number (SWGDAM order, see compareAlleles in src/kinship/nomenclature.ts). Autosomal loci always hold two alleles
   * (a homozygote is written twice); Y markers (DYS391, Yindel, ...) hold one. Amelogenin is not
   * here but in `amelogenin`.
   */
  genotypes: Record<string, string[]>;
  amelogenin?: Amelogenin;
  /** From Amelogenin, or from a `sex` column when Amelogenin is absent. */
  sex?: Sex;
  kind?: ProfileKind;
  relationship?: RelationshipHint;
  /** Kit or panel name as written in the file (GeneMapper `Panel`, CMF `KIT`, CSV `kit`). */
  kit?: string;
  population?: string;
  /** CMF `SPECIMENCATEGORY` as written. */
  specimenCategory?: string;
  source: ProfileSource;
}

/**
 * A problem found while reading. `error`: something was NOT imported (a locus, a row, a sample);
 * `warning`: imported, but with a caveat the lab should see (off-ladder allele, ignored column).
 */
export interface ImportIssue {
  severity: 'error' | 'warning';
  /** Stable machine-readable code; callers branch on it, never on `message`. */
  code: IssueCode;
  message: string;
  /** 1-based line in the file (text formats). */
  line?: number;
  /** Element path (XML formats). */
  element?: string;
  sampleId?: string;
  locus?: string;
  allele?: string;
}

export type IssueCode =
  | 'UNKNOWN_LOCUS'
  | 'INVALID_ALLELE'
  | 'MIXTURE'
  | 'Y_LOCUS_TWO_ALLELES'
  | 'AMELOGENIN_UNUSUAL'
  | 'OFF_LADDER'
  | 'NO_CALL'
  | 'CONFLICTING_CALLS'
  | 'NO_LOCI'
  | 'MISSING_SAMPLE_ID'
  | 'DUPLICATE_SAMPLE'
  | 'UNKNOWN_COLUMN'
  | 'EXTRA_FIELDS'
  | 'INVALID_VALUE'
  | 'SEX_CONFLICT'
  | 'CATEGORY_NOT_KINSHIP'
  | 'MISSING_ELEMENT'
  | 'FREQUENCY_SUM'
  | 'INVALID_FREQUENCY'
  | 'STATIONARY_MODEL'
  | 'LOCUS_SKIPPED';

export interface ImportResult {
  profiles: ImportedProfile[];
  issues: ImportIssue[];
}

/**
 * A population allele-frequency table in the project's JSON shape (data-samples/frequencies/*.json):
 * `sampleSize` is a number of individuals, or null when the source does not state it.
 */
export interface FrequencyTable {
  name: string;
  population: string;
  source: string;
  sampleSize: number | null;
  loci: Record<string, Record<string, number>>;
  notes: string[];
}

/**
 * Mutation parameters of one sex, in the kinship case format (test/fixtures/kinship-cases/README.md §3).
 * `range` and `rate2` are present for `stepwise` only.
 */
export interface SexMutation {
  model: 'equal' | 'proportional' | 'stepwise';
  rate: number;
  range?: number;
  rate2?: number;
}

/** Per-locus MUTATION object of the kinship case format, with both sexes spelled out. */
export interface LocusMutation {
  female: SexMutation;
  male: SexMutation;
}
