import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { KINSHIP_CATEGORIES } from './cmf-vocabulary';
import { decodeText, type TextInput } from './decode-text';
import { ImportError } from './import-error';
import { ProfileAssembler, type ProfileMeta } from './profile-assembler';
import type { ImportedProfile, ImportIssue, ImportResult, ProfileSource } from './types';

/** CMF header values a caller may want to show or check (CMF 3.2 spec §3.1.1). */
export interface CmfHeaderValues {
  headerVersion?: string;
  destinationOri?: string;
  sourceLab?: string;
  submitByUserId?: string;
  submitDateTime?: string;
  batchId?: string;
  kit?: string;
}

export interface CmfImportResult extends ImportResult {
  header: CmfHeaderValues;
}

type XmlNode = Record<string, unknown>;

const ROOT = 'CODISImportFile';

/** Elements that may repeat; fast-xml-parser then always returns arrays for them. */
const REPEATED = new Set(['SPECIMEN', 'LOCUS', 'ALLELE']);

/**
 * Entities are still decoded — CMF escapes `<` and `>` in allele values as `&lt;` / `&gt;` (spec
 * §2.3.1) — but a DOCTYPE is refused before parsing (see {@link parseCmf}), so only the five
 * predefined XML entities and character references can occur; the library's entity limits stay
 * as a second line of defence.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  htmlEntities: true,
  processEntities: { enabled: true, maxEntityCount: 1, maxExpandedLength: 10_000, maxTotalExpansions: 10_000 },
  isArray: (name) => REPEATED.has(name),
});

/**
 * Reads a CODIS Common Message Format 3.2 import file (FBI CODIS Interface Specification CMF 3.2,
 * Rev. 9, 2006, §3.1 and Appendix B; also the 2017 schema's loci, kits and categories):
 * `CODISImportFile` -> `SPECIMEN` (SPECIMENID, SPECIMENCATEGORY, LOCUS -> LOCUSNAME,
 * ALLELE -> ALLELEVALUE). A homozygote is one ALLELE (spec §3.1.2); `THO1` / `TP0X` / `Amelogenin`
 * spellings go through the nomenclature; the kit is the specimen's loci's `KIT` attribute when they
 * agree, else the file-level `KIT`. The category sets kind and relationship (cmf-vocabulary.ts);
 * other categories import with no kind and a warning.
 *
 * Security: a document with a DOCTYPE is refused outright (no DTD is needed for CMF, and a DTD is
 * how XML external entities and "billion laughs" expansion attacks arrive; OWASP XXE Prevention
 * Cheat Sheet).
 * @throws ImportError `XML_DOCTYPE_FORBIDDEN`, `MALFORMED_XML` (with the line), `NOT_CMF`.
 */
export function parseCmf(input: TextInput): CmfImportResult {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the CMF file is empty');
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    const line = text.slice(0, doctype.index).split('\n').length;
    throw new ImportError('XML_DOCTYPE_FORBIDDEN', 'CMF files must not contain a DOCTYPE or entity declarations', { line });
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // For a truncated file the validator lists the still-open elements and points at line 1;
    // the useful place to name is where the text stops.
    const open = valid.err.code === 'InvalidXml' ? [...valid.err.msg.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
    if (open.length > 0) {
      throw new ImportError('MALFORMED_XML', `the document ends before ${open.join('/')} is closed (truncated file?)`, { line: text.split('\n').length });
    }
    throw new ImportError('MALFORMED_XML', `not well-formed XML: ${valid.err.msg}`, { line: valid.err.line });
  }
  const doc = parser.parse(text) as XmlNode;
  const root = doc[ROOT];
  if (!isNode(root)) {
    const found = Object.keys(doc).filter((k) => !k.startsWith('?')).join(', ') || 'nothing';
    throw new ImportError('NOT_CMF', `the root element is ${found}, not ${ROOT}`, { element: found });
  }

  const issues: ImportIssue[] = [];
  const header = readHeader(root, issues);
  const specimens = asNodes(root.SPECIMEN);
  if (specimens.length === 0) {
    issues.push({ severity: 'error', code: 'MISSING_ELEMENT', message: 'the file has no SPECIMEN', element: ROOT });
  }
  const profiles: ImportedProfile[] = [];
  const firstById = new Map<string, string>();
  specimens.forEach((specimen, s) => {
    const element = `${ROOT}/SPECIMEN[${s + 1}]`;
    const sampleId = textOf(specimen.SPECIMENID);
    if (sampleId === '') {
      issues.push({ severity: 'error', code: 'MISSING_SAMPLE_ID', message: 'SPECIMEN without SPECIMENID; it was not imported', element });
      return;
    }
    const first = firstById.get(sampleId);
    if (first !== undefined) {
      issues.push({ severity: 'error', code: 'DUPLICATE_SAMPLE', message: `SPECIMENID already used by ${first}; this specimen was not imported`, element, sampleId });
      return;
    }
    firstById.set(sampleId, element);
    const profile = readSpecimen(specimen, element, sampleId, header.kit, issues);
    if (profile) profiles.push(profile);
  });
  return { profiles, issues, header };
}

function readSpecimen(
  specimen: XmlNode, element: string, sampleId: string, fileKit: string | undefined, issues: ImportIssue[],
): ImportedProfile | undefined {
  const source: ProfileSource = { format: 'cmf', element };
  const caseId = textOf(specimen['@_CASEID']);
  if (caseId !== '') source.caseId = caseId;
  const partial = textOf(specimen['@_PARTIAL']).toLowerCase();
  if (partial === 'true' || partial === '1') source.partial = true;
  else if (partial === 'false' || partial === '0') source.partial = false;

  const assembler = new ProfileAssembler(sampleId, source);
  const locusKits = new Set<string>();
  asNodes(specimen.LOCUS).forEach((locus, l) => {
    const at = `${element}/LOCUS[${l + 1}]`;
    const name = textOf(locus.LOCUSNAME);
    if (name === '') {
      issues.push({ severity: 'error', code: 'MISSING_ELEMENT', message: 'LOCUS without LOCUSNAME; it was not imported', element: at, sampleId });
      return;
    }
    const alleles = asNodes(locus.ALLELE).map((a) => textOf(a.ALLELEVALUE));
    assembler.addCall(name, alleles, { element: at });
    locusKits.add(textOf(locus['@_KIT']) || fileKit || '');
  });

  const category = textOf(specimen.SPECIMENCATEGORY);
  const meta: ProfileMeta = {};
  if (category !== '') meta.specimenCategory = category;
  const mapped = KINSHIP_CATEGORIES[category] ?? Object.entries(KINSHIP_CATEGORIES).find(([c]) => c.toLowerCase() === category.toLowerCase())?.[1];
  if (mapped) {
    meta.kind = mapped.kind;
    if (mapped.relationship) meta.relationship = mapped.relationship;
  } else {
    issues.push({
      severity: 'warning', code: 'CATEGORY_NOT_KINSHIP', element: `${element}/SPECIMENCATEGORY`, sampleId,
      message: category === ''
        ? 'no SPECIMENCATEGORY; kind (reference or found) is not set'
        : `specimen category "${category}" is not a missing-person category; kind (reference or found) is not set`,
    });
  }
  const kits = [...locusKits].filter((k) => k !== '');
  if (kits.length === 1 && locusKits.size === 1) meta.kit = kits[0]!;
  else if (fileKit) meta.kit = fileKit;

  const profile = assembler.finish(meta);
  issues.push(...assembler.issues);
  return profile;
}

function readHeader(root: XmlNode, issues: ImportIssue[]): CmfHeaderValues {
  const header: CmfHeaderValues = {};
  const fields: [keyof CmfHeaderValues, string, boolean][] = [
    ['headerVersion', 'HEADERVERSION', true], ['destinationOri', 'DESTINATIONORI', true], ['sourceLab', 'SOURCELAB', true],
    ['submitByUserId', 'SUBMITBYUSERID', true], ['submitDateTime', 'SUBMITDATETIME', true],
    ['batchId', 'BATCHID', false], ['kit', 'KIT', false],
  ];
  for (const [key, tag, required] of fields) {
    const value = textOf(root[tag]);
    if (value !== '') header[key] = value;
    else if (required) issues.push({ severity: 'warning', code: 'MISSING_ELEMENT', message: `the header has no ${tag}`, element: `${ROOT}/${tag}` });
  }
  return header;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A repeated element as nodes; an empty element (`<LOCUS/>`) becomes an empty node so it is reported, not lost. */
function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map((v) => (isNode(v) ? v : {})) : [];
}

/** Text content of an element or attribute ('' when absent or not text). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  return '';
}
