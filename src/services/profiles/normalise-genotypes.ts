import type { Genotypes, Sex } from '../../domain';
import { ValidationError, type FieldError } from '../../lib';
import { AMELOGENIN, compareAlleles, findLocus, NomenclatureError, parseAllele } from '../../kinship';

export interface NormalisedGenotypes {
  /** canonical locus (sorted by name) -> canonical alleles in the one allele order (compareAlleles) */
  readonly genotypes: Genotypes;
  readonly autosomalLoci: readonly string[];
  /** Amelogenin and Y markers */
  readonly otherLoci: readonly string[];
  readonly sex: Sex | null;
}

/**
 * Canonical genotypes from an upload: locus names and allele designations through the kinship
 * nomenclature; one allele at an autosomal locus or Amelogenin is a homozygote (written twice);
 * a Y marker keeps one allele (two different ones are an error: males carry one Y).
 * Sex comes from Amelogenin: a Y allele means male, X only means female.
 * @throws ValidationError listing every unknown locus, invalid allele and duplicate locus at once.
 */
export function normaliseGenotypes(raw: Readonly<Record<string, ReadonlyArray<string | number>>>, pathPrefix = 'genotypes'): NormalisedGenotypes {
  const errors: FieldError[] = [];
  const out = new Map<string, string[]>();
  const seenAs = new Map<string, string>();
  const kinds = new Map<string, string>();
  for (const [name, values] of Object.entries(raw)) {
    const at = `${pathPrefix}.${name}`;
    const key = typedLocusKey(name, values);
    const known = TYPED_LOCI.get(key);
    const locus = known ?? findLocus(name);
    if (!locus) {
      errors.push({ path: at, locus: name, message: `unknown locus "${name}"` });
      continue;
    }
    const earlier = seenAs.get(locus.name);
    if (earlier !== undefined) {
      errors.push({ path: at, locus: locus.name, message: `locus given twice, as "${earlier}" and "${name}"` });
      continue;
    }
    seenAs.set(locus.name, name);
    const read = known ?? readTypedLocus(locus, values, at, errors);
    if (!read) continue;
    kinds.set(read.name, read.kind);
    out.set(read.name, [...read.alleles]);
    if (!known) {
      if (TYPED_LOCI.size >= MAX_TYPED_LOCI) TYPED_LOCI.clear();
      TYPED_LOCI.set(key, read);
    }
  }
  if (errors.length > 0) throw new ValidationError(errorCode(errors), errors.map((e) => e.message).join('; '), { errors });

  const loci = [...out.keys()].sort();
  const genotypes: Genotypes = Object.fromEntries(loci.map((l) => [l, out.get(l)!]));
  const amel = genotypes[AMELOGENIN];
  return {
    genotypes,
    autosomalLoci: loci.filter((l) => kinds.get(l) === 'autosomal'),
    otherLoci: loci.filter((l) => kinds.get(l) !== 'autosomal'),
    sex: amel === undefined ? null : amel.includes('Y') ? 'male' : 'female',
  };
}

/** One uploaded locus read: its canonical name and kind, and its canonical alleles (a pair in the one allele order; one for a Y marker). */
interface TypedLocus {
  readonly name: string;
  readonly kind: string;
  readonly alleles: readonly string[];
}

/**
 * Uploaded loci already read, by name and values as given: a lab archive or a bulk load repeats the
 * same few thousand (locus, allele pair) spellings across many thousand samples, so each is read
 * (name looked up, alleles parsed, ordered) once; only accepted ones are kept, and the size is capped.
 */
const TYPED_LOCI = new Map<string, TypedLocus>();
const MAX_TYPED_LOCI = 100_000;

/**
 * The cache key of a locus as uploaded: each part prefixed by its kind and length, so no two
 * uploads share a key whatever their text holds, and a number is told from the same digits as text.
 */
function typedLocusKey(name: string, values: ReadonlyArray<string | number>): string {
  let key = `${name.length}:${name}`;
  for (const v of values) key += typeof v === 'number' ? `n${v};` : `s${v.length}:${v}`;
  return key;
}

/** Reads the alleles of one uploaded locus, or pushes their errors (invalid alleles, too many, two Y alleles) and returns null. */
function readTypedLocus(
  locus: { readonly name: string; readonly kind: string }, values: ReadonlyArray<string | number>, at: string, errors: FieldError[],
): TypedLocus | null {
  const alleles: string[] = [];
  for (const value of values) {
    try {
      alleles.push(designationOf(locus.name, value));
    } catch (e) {
      if (!(e instanceof NomenclatureError)) throw e;
      errors.push({ path: at, locus: locus.name, allele: String(value), message: e.message });
    }
  }
  if (alleles.length !== values.length) return null;
  if (values.length > 2) {
    errors.push({ path: at, locus: locus.name, message: 'at most two alleles per locus' });
    return null;
  }
  if (locus.kind === 'Y') {
    const distinct = [...new Set(alleles)];
    if (distinct.length > 1) {
      errors.push({ path: at, locus: locus.name, message: 'a Y-chromosome marker carries one allele' });
      return null;
    }
    return { name: locus.name, kind: locus.kind, alleles: distinct };
  }
  const pair = alleles.length === 1 ? [alleles[0]!, alleles[0]!] : alleles;
  return { name: locus.name, kind: locus.kind, alleles: pair.sort(compareAlleles) };
}

/**
 * Canonical designations already read, by locus and raw value: a lab archive or a bulk load repeats
 * a few hundred allele names across many thousand samples, so each is read by the nomenclature
 * once (parseAllele is a pure function of the two). Only accepted names are kept; the size is capped.
 */
const DESIGNATIONS = new Map<string, Map<string | number, string>>();
const MAX_DESIGNATIONS_PER_LOCUS = 10_000;

function designationOf(locus: string, value: string | number): string {
  let known = DESIGNATIONS.get(locus);
  if (!known) DESIGNATIONS.set(locus, (known = new Map()));
  let designation = known.get(value);
  if (designation === undefined) {
    designation = parseAllele(locus, value).designation;
    if (known.size >= MAX_DESIGNATIONS_PER_LOCUS) known.clear();
    known.set(value, designation);
  }
  return designation;
}

function errorCode(errors: readonly FieldError[]): 'UNKNOWN_LOCUS' | 'INVALID_ALLELE' | 'VALIDATION_FAILED' {
  if (errors.every((e) => e.message.startsWith('unknown locus'))) return 'UNKNOWN_LOCUS';
  if (errors.every((e) => e.allele !== undefined)) return 'INVALID_ALLELE';
  return 'VALIDATION_FAILED';
}

/** Only the autosomal loci of a genotype set, for the kinship case format. */
export function autosomalGenotypes(genotypes: Genotypes): Genotypes {
  return Object.fromEntries(Object.entries(genotypes).filter(([l]) => findLocus(l)?.kind === 'autosomal'));
}
