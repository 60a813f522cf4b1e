import { findLocus, sortAlleles } from '../kinship';
import { decodeText, type TextInput } from './decode-text';
import { type FamiliasFile, type FamiliasPedigree, readFamiliasFile } from './familias-file';
import { ImportError } from './import-error';
import { canonicalMarkerAlleles, parseFamiliasDatabase, type FamiliasDatabase } from './parse-familias-database';
import type { ImportIssue, LocusMutation, Sex } from './types';

/** INDIVIDUAL of the kinship case format (test/fixtures/kinship-cases/README.md §1.5). */
export interface CaseIndividual {
  id: string;
  father: string | null;
  mother: string | null;
  sex: Sex;
}

/** LOCUS of the kinship case format (README §1.2). */
export interface CaseLocus {
  name: string;
  frequencies: Record<string, number>;
  mutation?: LocusMutation;
}

/** A case in the kinship case format, mode "kinship" (README §1.4). */
export interface KinshipCase {
  id: string;
  description: string;
  mode: 'kinship';
  loci: CaseLocus[];
  theta: number;
  genotypes: Record<string, Record<string, [string, string]>>;
  h1: { pedigree: CaseIndividual[] };
  h2: { pedigree: CaseIndividual[] };
}

export interface FamiliasCaseResult {
  /** One case per pedigree other than the reference: that pedigree (h1) against the reference (h2). */
  cases: KinshipCase[];
  /** Every pedigree of the file, in file order. */
  pedigrees: { name: string; pedigree: CaseIndividual[] }[];
  database: FamiliasDatabase;
  issues: ImportIssue[];
}

/**
 * Reads a Familias case file (persons, their genotypes, the alternative pedigrees and the database;
 * layout in familias-file.ts) and writes it in the kinship case format, ready for the kinship
 * engine. Familias compares every pedigree with every other; here each pedigree becomes the H1 of
 * one case against the last pedigree as H2 (in Familias files usually "unrelated"; in the files
 * of GET /v1/cases/{id}/familias, "Unrelated").
 *
 * - Persons keep their Familias names; extra persons are named `extra_<n>` (shared by all
 *   pedigrees) and `extra_<pedigree>_<n>`; a child with one parent gets an explicit untyped
 *   founder `added_<n>` as the other parent (README §1.5: that changes no likelihood).
 * - Genotypes are allele indices into the database; loci the database section could not read
 *   (see parseFamiliasDatabase) are left out of the case with an issue.
 * - Each locus carries its Familias mutation model; theta is the database's.
 * @throws ImportError `MALFORMED_FAMILIAS` for a broken layout, a genotype pointing outside the
 * database, or a child given two fathers or two mothers.
 */
export function parseFamiliasCase(input: TextInput): FamiliasCaseResult {
  const text = decodeText(input);
  if (text.trim() === '') throw new ImportError('EMPTY_INPUT', 'the Familias file is empty');
  const file = readFamiliasFile(text);
  const database = parseFamiliasDatabase(text);
  const issues = [...database.issues];

  const { loci, alleleNames } = readLoci(file, database, issues);
  const genotypes = readGenotypes(file, alleleNames, issues);
  const pedigrees = file.pedigrees.length > 0
    ? file.pedigrees.map((p) => ({ name: p.name, pedigree: buildPedigree(file, p) }))
    : [{ name: 'known', pedigree: buildPedigree(file, { name: 'known', extraFemales: 0, extraMales: 0, relations: [] }) }];

  const reference = pedigrees[pedigrees.length - 1]!;
  const cases = pedigrees.filter((p) => p !== reference).map((h1): KinshipCase => ({
    id: `familias:${h1.name}-vs-${reference.name}`,
    description: `Familias ${file.version} case: pedigree "${h1.name}" against "${reference.name}"`,
    mode: 'kinship',
    loci,
    theta: file.theta,
    genotypes,
    h1: { pedigree: h1.pedigree },
    h2: { pedigree: reference.pedigree },
  }));
  return { cases, pedigrees, database, issues };
}

function readLoci(file: FamiliasFile, database: FamiliasDatabase, issues: ImportIssue[]): { loci: CaseLocus[]; alleleNames: (string[] | undefined)[] } {
  const loci: CaseLocus[] = [];
  const alleleNames = file.markers.map((marker) => {
    const locus = findLocus(marker.name)?.name;
    const frequencies = locus === undefined ? undefined : database.table.loci[locus];
    if (locus === undefined || frequencies === undefined) return undefined;
    const names = canonicalMarkerAlleles(marker, locus, []);
    if (!names) return undefined;
    const entry: CaseLocus = { name: locus, frequencies };
    const mutation = database.mutation[locus];
    if (mutation) entry.mutation = mutation;
    loci.push(entry);
    return names;
  });
  file.markers.forEach((marker, m) => {
    const typed = file.persons.some((p) => p.genotypes.some(([, , index]) => index === m));
    if (typed && !alleleNames[m]) {
      issues.push({ severity: 'error', code: 'LOCUS_SKIPPED', line: marker.line, locus: marker.name, message: `genotypes at ${marker.name} were left out of the case because the database could not be read there` });
    }
  });
  return { loci, alleleNames };
}

function readGenotypes(file: FamiliasFile, alleleNames: (string[] | undefined)[], issues: ImportIssue[]): KinshipCase['genotypes'] {
  const genotypes: KinshipCase['genotypes'] = {};
  for (const person of file.persons) {
    for (const [a1, a2, m] of person.genotypes) {
      const marker = file.markers[m];
      if (!marker) {
        throw new ImportError('MALFORMED_FAMILIAS', `genotype of ${person.name} points to marker ${m}, but the database has ${file.markers.length}`, { line: person.line });
      }
      const names = alleleNames[m];
      if (!names) continue;
      const first = names[a1];
      const second = names[a2];
      if (first === undefined || second === undefined) {
        throw new ImportError('MALFORMED_FAMILIAS', `genotype of ${person.name} at ${marker.name} points to allele ${Math.max(a1, a2)}, but the marker has ${names.length}`, { line: person.line });
      }
      const locus = findLocus(marker.name)!.name;
      const [low, high] = sortAlleles([first, second]);
      (genotypes[person.name] ??= {})[locus] = [low!, high!];
    }
  }
  if (Object.keys(genotypes).length === 0) {
    issues.push({ severity: 'warning', code: 'NO_LOCI', message: 'no person in the file has a readable genotype' });
  }
  return genotypes;
}

/** Individuals of one pedigree: the persons, the shared extras, this pedigree's extras, added parents. */
function buildPedigree(file: FamiliasFile, pedigree: FamiliasPedigree): CaseIndividual[] {
  const individuals: CaseIndividual[] = file.persons.map((p) => ({ id: p.name, father: null, mother: null, sex: p.male ? 'male' : 'female' }));
  const addExtras = (females: number, males: number, prefix: string): void => {
    for (let i = 0; i < females + males; i++) {
      // Familias lists extra females before extra males (pedFamilias readFam.R).
      individuals.push({ id: `${prefix}${i + 1}`, father: null, mother: null, sex: i < females ? 'female' : 'male' });
    }
  };
  addExtras(file.known.extraFemales, file.known.extraMales, 'extra_');
  addExtras(pedigree.extraFemales, pedigree.extraMales, `extra_${pedigree.name}_`);

  for (const relation of [...file.known.relations, ...pedigree.relations]) {
    const parent = individuals[relation.parent];
    const child = individuals[relation.child];
    if (!parent || !child) {
      throw new ImportError('MALFORMED_FAMILIAS', `relation ${relation.parent} -> ${relation.child} of pedigree "${pedigree.name}" names an individual that does not exist`, { line: relation.line });
    }
    const slot = parent.sex === 'male' ? 'father' : 'mother';
    if (child[slot] !== null && child[slot] !== parent.id) {
      throw new ImportError('MALFORMED_FAMILIAS', `${child.id} gets two ${slot}s in pedigree "${pedigree.name}"`, { line: relation.line });
    }
    child[slot] = parent.id;
  }
  let added = 0;
  for (const child of [...individuals]) {
    if ((child.father === null) === (child.mother === null)) continue;
    added += 1;
    const id = `added_${added}`;
    const sex: Sex = child.father === null ? 'male' : 'female';
    individuals.push({ id, father: null, mother: null, sex });
    if (sex === 'male') child.father = id;
    else child.mother = id;
  }
  return individuals;
}
