import { ImportError } from './import-error';

/**
 * Low-level reader of Familias `.fam` files (Familias 3; Egeland, Mostad, Mevåg, Stenersen 2000,
 * FSI 110:47; Kling, Tillmar, Egeland 2014, FSI:Genetics 11:e1). Familias has no published file
 * specification; the layout followed here is the one documented by the reader in GitHub
 * magnusdv/pedFamilias, R/readFam.R (read, not copied), summarised in
 * test/fixtures/formats/FORMATS.md §3: one value per line, strings in double quotes, booleans
 * `#TRUE#` / `#FALSE#`, indices 0-based.
 */

/** The media type Reunion serves and takes Familias .fam files as (Familias has no registered one). */
export const FAMILIAS_MEDIA_TYPE = 'application/x-familias';

/** A person of the case section. Genotypes are allele indices into the database section. */
export interface FamiliasPerson {
  name: string;
  male: boolean;
  line: number;
  /** [allele index 1, allele index 2, marker index], all 0-based. */
  genotypes: [number, number, number][];
}

/** A parent -> child relation between person indices (persons first, then the extras). */
export interface FamiliasRelation {
  parent: number;
  child: number;
  line: number;
}

export interface FamiliasPedigree {
  name: string;
  extraFemales: number;
  extraMales: number;
  relations: FamiliasRelation[];
}

export interface FamiliasMarker {
  name: string;
  line: number;
  femaleRate: number;
  maleRate: number;
  femaleModel: number;
  maleModel: number;
  femaleRange: number;
  maleRange: number;
  femaleRate2: number;
  maleRate2: number;
  hasSilentAllele: boolean;
  alleles: { name: string; frequency: number; line: number }[];
}

export interface FamiliasFile {
  version: string;
  persons: FamiliasPerson[];
  /** Relations fixed for every pedigree ("Known relations"). */
  known: FamiliasPedigree;
  pedigrees: FamiliasPedigree[];
  theta: number;
  databaseName: string | undefined;
  markers: FamiliasMarker[];
}

/** Cursor over the lines of a .fam file; every read names its 1-based line when it fails. */
class LineCursor {
  private next = 0;
  constructor(private readonly lines: string[]) {}

  /** 1-based number of the line the next read returns. */
  get line(): number {
    return this.next + 1;
  }

  peek(): string | undefined {
    return this.lines[this.next];
  }

  raw(what: string): string {
    const value = this.lines[this.next];
    if (value === undefined) this.fail(`the file ends where ${what} was expected`);
    this.next += 1;
    return value;
  }

  string(what: string): string {
    const value = this.raw(what).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }

  int(what: string, max = Number.MAX_SAFE_INTEGER): number {
    const text = this.raw(what).trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value > max) this.fail(`expected ${what}, found "${text}"`, this.next);
    return value;
  }

  number(what: string): number {
    const text = this.raw(what).trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) this.fail(`expected ${what}, found "${text}"`, this.next);
    return value;
  }

  bool(what: string): boolean {
    const text = this.raw(what).trim();
    if (text === '#TRUE#') return true;
    if (text === '#FALSE#') return false;
    return this.fail(`expected ${what} (#TRUE# or #FALSE#), found "${text}"`, this.next);
  }

  fail(message: string, line = this.next + 1): never {
    throw new ImportError('MALFORMED_FAMILIAS', `Familias file, line ${line}: ${message}`, { line });
  }
}

const HEADER = /^"?Output from Familias, version ([^"]*)"?$/;

/**
 * Splits a .fam file into its persons, pedigrees and database section.
 * @throws ImportError `MALFORMED_FAMILIAS` naming the line where the layout breaks.
 */
export function readFamiliasFile(text: string): FamiliasFile {
  const lines = text.split(/\r?\n/);
  const cursor = new LineCursor(lines);
  const first = cursor.raw('the Familias header').trim();
  if (!HEADER.test(first)) cursor.fail('not a Familias file (the first line should be "Output from Familias, version ...")', 1);
  cursor.string('"DO NOT EDIT!"');
  const version = cursor.string('the Familias version');
  // pedFamilias readFam.R: the line after the version is an optional empty string.
  if (cursor.peek()?.trim() === '""') cursor.raw('an empty line');

  const personCount = cursor.int('the number of persons');
  const persons: FamiliasPerson[] = [];
  for (let i = 0; i < personCount; i++) persons.push(readPerson(cursor));

  const knownHeader = cursor.string('"Known relations"');
  if (knownHeader !== 'Known relations') cursor.fail(`expected "Known relations", found "${knownHeader}"`, cursor.line - 1);
  const known = readRelations(cursor, 'Known relations', personCount);

  const pedigreeCount = cursor.int('the number of pedigrees');
  const pedigrees: FamiliasPedigree[] = [];
  for (let i = 0; i < pedigreeCount; i++) {
    cursor.int('the pedigree index');
    const name = cursor.string('the pedigree name');
    pedigrees.push(readRelations(cursor, name, personCount + known.extraFemales + known.extraMales));
  }

  const dbHeaderLine = cursor.line;
  const dbHeader = cursor.raw('the database header');
  if (dbHeader.startsWith('#TRUE#')) cursor.fail('the file holds precomputed probabilities, which are not supported', dbHeaderLine);
  const theta = Number(/Theta\/Kinship\/Fst:\s*([\d.eE+-]+)/.exec(dbHeader)?.[1] ?? '0');
  const markerCount = cursor.int('the number of markers');
  const hasName = cursor.bool('the database-name flag');
  const databaseName = hasName ? cursor.string('the database name') : undefined;
  const markers: FamiliasMarker[] = [];
  for (let i = 0; i < markerCount; i++) markers.push(readMarker(cursor));
  return { version, persons, known, pedigrees, theta: Number.isFinite(theta) ? theta : 0, databaseName, markers };
}

function readPerson(cursor: LineCursor): FamiliasPerson {
  const line = cursor.line;
  const name = cursor.string('a person name');
  cursor.raw('a person flag');
  cursor.raw('a person flag');
  cursor.raw('a person flag');
  const male = cursor.bool(`the sex of ${name}`);
  const count = cursor.int(`the number of genotypes of ${name}`);
  const genotypes: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    genotypes.push([cursor.int('an allele index'), cursor.int('an allele index'), cursor.int('a marker index')]);
  }
  return { name, male, line, genotypes };
}

function readRelations(cursor: LineCursor, name: string, knownIndividuals: number): FamiliasPedigree {
  const extraFemales = cursor.int(`the number of extra females of ${name}`);
  const extraMales = cursor.int(`the number of extra males of ${name}`);
  const count = cursor.int(`the number of relations of ${name}`);
  const size = knownIndividuals + extraFemales + extraMales;
  const relations: FamiliasRelation[] = [];
  for (let i = 0; i < count; i++) {
    const line = cursor.line;
    const text = cursor.peek()?.trim() ?? '';
    if (text.includes('Direct')) cursor.fail('twin relations ("Direct") are not supported', line);
    const parent = cursor.int('a parent index');
    const child = cursor.int('a child index');
    if (parent < 0 || parent >= size || child < 0 || child >= size) cursor.fail(`relation ${parent} -> ${child} names an individual that does not exist`, line);
    relations.push({ parent, child, line });
  }
  return { name, extraFemales, extraMales, relations };
}

function readMarker(cursor: LineCursor): FamiliasMarker {
  const line = cursor.line;
  const name = cursor.string('a marker name');
  const femaleRate = cursor.number(`the female mutation rate of ${name}`);
  const maleRate = cursor.number(`the male mutation rate of ${name}`);
  const femaleModel = cursor.int(`the female mutation model code of ${name}`);
  const maleModel = cursor.int(`the male mutation model code of ${name}`);
  cursor.int(`the number of alleles of ${name}`);
  const femaleRange = cursor.number(`the female mutation range of ${name}`);
  const maleRange = cursor.number(`the male mutation range of ${name}`);
  const femaleRate2 = cursor.number(`the female mutation rate2 of ${name}`);
  const maleRate2 = cursor.number(`the male mutation rate2 of ${name}`);
  const hasSilentAllele = cursor.bool(`the silent-allele flag of ${name}`);
  cursor.number(`the silent-allele frequency of ${name}`);
  const infoLine = cursor.line;
  const info = cursor.raw(`the allele-count line of ${name}`);
  const countText = info.split('\t')[0]!.trim();
  if (!/^\d+$/.test(countText)) cursor.fail(`expected the number of alleles of ${name}, found "${countText}"`, infoLine);
  const alleles: FamiliasMarker['alleles'] = [];
  for (let i = 0; i < Number(countText); i++) {
    const alleleLine = cursor.line;
    const allele = cursor.string(`an allele name of ${name}`);
    alleles.push({ name: allele, frequency: cursor.number(`the frequency of allele ${allele} of ${name}`), line: alleleLine });
  }
  return {
    name, line, femaleRate, maleRate, femaleModel, maleModel, femaleRange, maleRange, femaleRate2, maleRate2,
    hasSilentAllele, alleles,
  };
}
