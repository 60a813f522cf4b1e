import { XMLBuilder } from 'fast-xml-parser';
import { AMELOGENIN, KNOWN_LOCI, sortAlleles } from '../kinship';
import { CMF_KITS, CMF_SPECIMEN_CATEGORIES, cmfCategoryFor, cmfLocusName } from './cmf-vocabulary';
import { ImportError } from './import-error';
import type { ImportedProfile } from './types';

/** Header values of an exported CMF document (CMF 3.2 spec §3.1.1). */
export interface CmfExportHeader {
  /** CODIS ORI of the lab that will import the file, 1-10 characters. */
  destinationOri: string;
  /** ORI of the lab that produced the profiles, 1-10 characters. */
  sourceLab: string;
  /** CODIS user id, 1-20 characters; also the default READINGBY of every locus. */
  submitByUserId: string;
  /** `CCYY-MM-DDThh:mm:ss`, or a Date (written in UTC); also the default READINGDATETIME. */
  submitDateTime: string | Date;
  batchId?: string;
  /** File-level KIT; must be one of the schema's kits (CMF_KITS). */
  kit?: string;
  readingBy?: string;
  readingDateTime?: string | Date;
  /** Category for profiles whose kind/relationship give none (a CMF specimen category). */
  defaultCategory?: string;
}

export interface CmfExportOptions {
  /** Leave out loci the CMF schema does not list (e.g. D6S1043, Penta C) instead of refusing. */
  omitUnsupportedLoci?: boolean;
}

/** The parts of a profile a CMF document carries; an {@link ImportedProfile} fits. */
export type CmfProfile = Pick<ImportedProfile, 'sampleId' | 'genotypes' | 'amelogenin' | 'kit' | 'kind' | 'relationship' | 'specimenCategory'>;

const NAMESPACE = 'urn:CODISImportFile-schema';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** CMF-2017.xsd: LOCUS maxOccurs 64 per SPECIMEN, ALLELEVALUE maxLength 10, SPECIMENID maxLength 24. */
const MAX_LOCI = 64;
const MAX_ALLELE_LENGTH = 10;
const MAX_SPECIMEN_ID = 24;
const LOCUS_ORDER: ReadonlyMap<string, number> = new Map(KNOWN_LOCI.map((name, i) => [name, i]));

const builder = new XMLBuilder({ format: true, indentBy: '  ', ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/**
 * Writes profiles as a CODIS CMF 3.2 import document that validates against the import schema
 * (CMF 3.2 Appendix B and CMF-2017.xsd): elements in the schema's sequence order, one ALLELE for a
 * homozygote and alleles in SWGDAM order (spec §3.1.2), `<` / `>` escaped (spec §2.3.1),
 * Amelogenin as `Amelogenin`. A profile's kit becomes each LOCUS's `KIT` attribute when it is a
 * schema kit that differs from the file's; other kit names are not written (the attribute is an
 * enumeration). The category comes from the profile (cmf-vocabulary.ts: cmfCategoryFor) or
 * `header.defaultCategory`. Allele values are written as they are; "OL" is not a CODIS value.
 * @throws ImportError `INVALID_EXPORT` naming the sample or field: a header value too long or
 * missing, a sample id over 24 characters or used twice, no category, a locus the schema does not
 * list (unless `omitUnsupportedLoci`), no locus at all, more than 64 loci.
 */
export function formatCmf(profiles: readonly CmfProfile[], header: CmfExportHeader, options: CmfExportOptions = {}): string {
  const submitDateTime = dateTime(header.submitDateTime, 'submitDateTime');
  const readingBy = header.readingBy ?? header.submitByUserId;
  const readingDateTime = header.readingDateTime === undefined ? submitDateTime : dateTime(header.readingDateTime, 'readingDateTime');
  checkLength('destinationOri', header.destinationOri, 1, 10);
  checkLength('sourceLab', header.sourceLab, 1, 10);
  checkLength('submitByUserId', header.submitByUserId, 1, 20);
  checkLength('readingBy', readingBy, 1, 20);
  if (header.batchId !== undefined) checkLength('batchId', header.batchId, 0, 32);
  if (header.kit !== undefined && !CMF_KITS.includes(header.kit)) invalid(`kit "${header.kit}" is not a CMF kit`);
  if (header.defaultCategory !== undefined && !CMF_SPECIMEN_CATEGORIES.includes(header.defaultCategory)) {
    invalid(`defaultCategory "${header.defaultCategory}" is not a CMF specimen category`);
  }
  if (profiles.length === 0) invalid('a CMF file needs at least one specimen');

  const seen = new Set<string>();
  const specimens = profiles.map((p) => {
    if (p.sampleId.length < 1 || p.sampleId.length > MAX_SPECIMEN_ID) invalid(`sample id "${p.sampleId}" must have 1 to ${MAX_SPECIMEN_ID} characters`);
    if (seen.has(p.sampleId)) invalid(`sample id "${p.sampleId}" is used twice`);
    seen.add(p.sampleId);
    const category = cmfCategoryFor(p) ?? header.defaultCategory;
    if (!category) invalid(`sample "${p.sampleId}" has no specimen category, kind or relationship, and no defaultCategory was given`);
    const locusKit = p.kit !== undefined && CMF_KITS.includes(p.kit) && p.kit !== header.kit ? p.kit : undefined;

    const genotypes: [string, string[]][] = Object.entries(p.genotypes);
    if (p.amelogenin) genotypes.push([AMELOGENIN, [...p.amelogenin]]);
    genotypes.sort(([a], [b]) => (LOCUS_ORDER.get(a) ?? Infinity) - (LOCUS_ORDER.get(b) ?? Infinity));
    const loci = genotypes.flatMap(([locus, alleles]) => {
      const name = cmfLocusName(locus);
      if (!name) {
        if (options.omitUnsupportedLoci) return [];
        invalid(`sample "${p.sampleId}": locus ${locus} is not in the CMF locus list`);
      }
      const values = sortAlleles([...new Set(alleles)]);
      if (values.length === 0) return [];
      const long = values.find((v) => v.length > MAX_ALLELE_LENGTH);
      if (long) invalid(`sample "${p.sampleId}": allele value at ${locus} is longer than ${MAX_ALLELE_LENGTH} characters`);
      return [{
        ...(locusKit ? { '@_KIT': locusKit } : {}),
        LOCUSNAME: name,
        READINGBY: readingBy,
        READINGDATETIME: readingDateTime,
        ALLELE: values.map((v) => ({ ALLELEVALUE: v })),
      }];
    });
    if (loci.length === 0) invalid(`sample "${p.sampleId}" has no locus to export`);
    if (loci.length > MAX_LOCI) invalid(`sample "${p.sampleId}" has ${loci.length} loci; CMF allows ${MAX_LOCI}`);
    return { SPECIMENID: p.sampleId, SPECIMENCATEGORY: category, LOCUS: loci };
  });

  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    CODISImportFile: {
      '@_xmlns': NAMESPACE,
      HEADERVERSION: '3.2',
      MESSAGETYPE: 'Import',
      DESTINATIONORI: header.destinationOri,
      SOURCELAB: header.sourceLab,
      SUBMITBYUSERID: header.submitByUserId,
      SUBMITDATETIME: submitDateTime,
      ...(header.batchId !== undefined ? { BATCHID: header.batchId } : {}),
      ...(header.kit !== undefined ? { KIT: header.kit } : {}),
      SPECIMEN: specimens,
    },
  };
  return builder.build(document) as string;
}

function dateTime(value: string | Date, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalid(`${field} is not a valid date`);
    return value.toISOString().slice(0, 19);
  }
  if (!DATE_TIME.test(value)) invalid(`${field} "${value}" is not CCYY-MM-DDThh:mm:ss`);
  return value;
}

function checkLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min || value.length > max) invalid(`${field} must have ${min} to ${max} characters`);
}

function invalid(message: string): never {
  throw new ImportError('INVALID_EXPORT', message);
}
