import { sortAlleles } from '../kinship';
import type { LocusMutation, SexMutation } from './types';

/** A person of the exported case: a name, a sex and genotypes at some of the markers. */
export interface FamiliasCasePerson {
  readonly name: string;
  readonly sex: 'male' | 'female';
  /** Canonical locus -> the two alleles; every allele must be listed in that locus' frequencies. */
  readonly genotypes: Readonly<Record<string, readonly string[]>>;
}

/** An individual of a pedigree that is not a person of the file: untyped, private to that pedigree. */
export interface FamiliasCaseExtra {
  readonly name: string;
  readonly sex: 'male' | 'female';
}

/** One alternative pedigree: its extras and its parent -> child relations, by person or extra name. */
export interface FamiliasCasePedigree {
  readonly name: string;
  readonly extras: readonly FamiliasCaseExtra[];
  readonly relations: readonly (readonly [parent: string, child: string])[];
}

export interface FamiliasCaseMarker {
  readonly name: string;
  /** Allele -> frequency; written in the one allele order (compareAlleles). */
  readonly frequencies: Readonly<Record<string, number>>;
  /** Absent: no mutation (Familias equal model with rate 0). */
  readonly mutation?: LocusMutation;
}

export interface FamiliasCaseInput {
  readonly persons: readonly FamiliasCasePerson[];
  readonly pedigrees: readonly FamiliasCasePedigree[];
  readonly markers: readonly FamiliasCaseMarker[];
  readonly databaseName: string;
  /** Theta (Fst) of the database. */
  readonly theta: number;
}

/** Version written in the header: the layout is the one Familias 3.3.1 saves (test/fixtures/formats/familias/paternity.fam). */
const FAMILIAS_VERSION = '3.3.1';

/**
 * Familias mutation model codes (Familias 3; Egeland, Kling & Mostad 2016, "Relationship Inference
 * with Familias and R", ch. 2.6): 0 equal, 1 proportional, 4 extended stepwise (the case format's
 * `stepwise`, with rate2 for jumps between microvariant groups). parseFamiliasDatabase reads them back.
 */
const MODEL_CODE: Readonly<Record<SexMutation['model'], number>> = { equal: 0, proportional: 1, stepwise: 4 };

/** Range and rate2 Familias stores for a model that does not use them (its own defaults). */
const UNUSED_RANGE = 0.1;
const UNUSED_RATE2 = 0;

/**
 * Writes a Familias `.fam` case file (layout in familias-file.ts and test/fixtures/formats/FORMATS.md §3):
 * the persons with their genotypes as allele indices into the database section, no fixed
 * relations, every pedigree with its extra females and males, then one database holding every
 * marker's frequencies and sex-specific mutation model. Familias 3 opens it for cross-checking,
 * and parseFamiliasCase reads it back to the same persons, pedigrees and genotypes.
 * @throws Error when a genotype names a marker or allele the database lacks, or a relation names
 *   an unknown individual: the caller builds the input from one case, so that is a programming error.
 */
export function formatFamiliasCase(input: FamiliasCaseInput): string {
  const markers = input.markers.map((m) => ({ ...m, alleles: sortAlleles(Object.keys(m.frequencies)) }));
  const markerIndex = new Map(markers.map((m, i) => [m.name, i]));
  const lines: string[] = ['"Output from Familias, version ' + FAMILIAS_VERSION + '"', '"DO NOT EDIT!"', FAMILIAS_VERSION, '""'];

  lines.push(String(input.persons.length));
  for (const person of input.persons) {
    const typed = Object.entries(person.genotypes).map(([locus, pair]) => {
      const m = markerIndex.get(locus);
      if (m === undefined) throw new Error(`${person.name} is typed at ${locus}, which the database lacks`);
      const [a, b] = pair.map((allele) => {
        const index = markers[m]!.alleles.indexOf(allele);
        if (index < 0) throw new Error(`allele ${allele} of ${person.name} at ${locus} is not in the database`);
        return index;
      });
      return [a!, b!, m] as const;
    });
    // The three flag lines of a plain person (no dropout, no dropin), as Familias saves them.
    lines.push(quote(person.name), '#FALSE#', '-1', '#FALSE#', bool(person.sex === 'male'), String(typed.length));
    for (const triple of typed) lines.push(...triple.map(String));
  }

  lines.push(quote('Known relations'), '0', '0', '0');
  lines.push(String(input.pedigrees.length));
  input.pedigrees.forEach((pedigree, p) => {
    // Familias numbers a pedigree's extras after the persons, extra females first (pedFamilias readFam.R).
    const females = pedigree.extras.filter((e) => e.sex === 'female');
    const males = pedigree.extras.filter((e) => e.sex === 'male');
    const order = [...input.persons.map((x) => x.name), ...females.map((e) => e.name), ...males.map((e) => e.name)];
    const indexOf = (name: string): number => {
      const i = order.indexOf(name);
      if (i < 0) throw new Error(`pedigree "${pedigree.name}" relates "${name}", who is neither a person nor one of its extras`);
      return i;
    };
    lines.push(String(p), quote(pedigree.name), String(females.length), String(males.length), String(pedigree.relations.length));
    for (const [parent, child] of pedigree.relations) lines.push(String(indexOf(parent)), String(indexOf(child)));
  });

  lines.push(`#FALSE# (#Databases: 1 ;Theta/Kinship/Fst: ${number(input.theta)} )`, String(markers.length), '#TRUE#', quote(input.databaseName));
  for (const marker of markers) {
    const female = marker.mutation?.female ?? { model: 'equal', rate: 0 };
    const male = marker.mutation?.male ?? { model: 'equal', rate: 0 };
    const n = marker.alleles.length;
    lines.push(
      quote(marker.name), number(female.rate), number(male.rate), String(MODEL_CODE[female.model]), String(MODEL_CODE[male.model]), String(n),
      number(female.range ?? UNUSED_RANGE), number(male.range ?? UNUSED_RANGE), number(female.rate2 ?? UNUSED_RATE2), number(male.rate2 ?? UNUSED_RATE2),
      '#FALSE#', '0', `${n}\t(DatabaseSize = 0 , Dropout probability = 0 , Minor allele frequency = 0 )`,
    );
    for (const allele of marker.alleles) lines.push(quote(allele), number(marker.frequencies[allele]!));
  }
  return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
}

function bool(value: boolean): string {
  return value ? '#TRUE#' : '#FALSE#';
}

/** Shortest round-trip decimal, so the file carries the service's frequencies and rates exactly. */
function number(value: number): string {
  return String(value);
}
