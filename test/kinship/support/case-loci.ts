/**
 * Realistic loci for kinship tests: the frequencies of the first kinship case (22 CODIS/Penta loci,
 * NIST 1036 derived, test/fixtures/kinship-cases/README.md), compiled with a chosen mutation model,
 * and Mendelian simulation of genotypes on them with a seeded generator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileLocusModel, type CompiledLocusModel, type GenotypePair, type MutationSpec } from '../../../src/kinship';
import { mulberry32 } from '../../../src/matching';

interface CaseFile {
  readonly cases: readonly { readonly loci: readonly { readonly name: string; readonly frequencies: Record<string, number> }[] }[];
}

const CASES = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'kinship-cases', 'examples.json'), 'utf8')) as CaseFile;

/** The first `count` loci (at most 22) of the first case, with `mutation` on every locus. */
export function caseLoci(count: number, mutation: MutationSpec | null = null): CompiledLocusModel[] {
  return CASES.cases[0]!.loci.slice(0, count).map((l) => compileLocusModel({ name: l.name, frequencies: l.frequencies, mutation, normalize: true }));
}

export type Random = () => number;

export function seeded(seed: number): Random {
  return mulberry32(seed);
}

/** An allele drawn from the locus frequencies. */
export function drawAllele(model: CompiledLocusModel, random: Random): number {
  let u = random();
  for (let a = 0; a < model.n; a++) {
    u -= model.freqs[a]!;
    if (u < 0) return a;
  }
  return model.n - 1;
}

/** A Hardy–Weinberg founder genotype. */
export function drawFounder(model: CompiledLocusModel, random: Random): GenotypePair {
  return [drawAllele(model, random), drawAllele(model, random)];
}

/** A child of two genotypes by Mendelian transmission without mutation. */
export function drawChild(father: GenotypePair, mother: GenotypePair, random: Random): GenotypePair {
  return [father[random() < 0.5 ? 0 : 1], mother[random() < 0.5 ? 0 : 1]];
}
