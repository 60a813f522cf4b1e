/**
 * Writes the upload bodies of the end-to-end demo (scripts/demo-reunion.sh): two real unrelated
 * NIST 1036 individuals as father and mother, their son by Mendelian transmission (seeded), and a
 * second, independent sample of the son typed with the 15 Identifiler loci (the re-test).
 *
 *   npx tsx scripts/demo-family.ts --out ./demo --father-row 500 --mother-row 501 --seed 42
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { readNistGenotypes } from '../src/main';
import { mulberry32 } from '../src/matching';
import { genotypesFromNistRow, mendelianChild } from '../src/services';

const options = new Command()
  .requiredOption('--out <dir>', 'folder for father.json, mother.json, child.json, child-resample.json')
  .option('--father-row <n>', 'NIST 1036 row of the father', '500')
  .option('--mother-row <n>', 'NIST 1036 row of the mother', '501')
  .option('--seed <n>', 'seed of the Mendelian transmission', '42')
  .parse()
  .opts<{ out: string; fatherRow: string; motherRow: string; seed: string }>();

/** Identifiler (Applied Biosystems): the 15 autosomal STR loci of the re-test kit. */
const IDENTIFILER = ['D8S1179', 'D21S11', 'D7S820', 'CSF1PO', 'D3S1358', 'TH01', 'D13S317', 'D16S539', 'D2S1338', 'D19S433', 'vWA', 'TPOX', 'D18S51', 'D5S818', 'FGA'];

const rows = readNistGenotypes();
const father = genotypesFromNistRow(rows[Number(options.fatherRow)]!);
const mother = genotypesFromNistRow(rows[Number(options.motherRow)]!);
const child = mendelianChild(father, mother, mulberry32(Number(options.seed)));
const run = Date.now().toString(36);
const body = (sampleId: string, kind: 'reference' | 'found', genotypes: Record<string, string[]>, male: boolean) =>
  JSON.stringify({ sampleId: `${sampleId}-${run}`, kind, kit: 'custom', genotypes: { ...genotypes, AMEL: male ? ['X', 'Y'] : ['X', 'X'] } });

fs.mkdirSync(options.out, { recursive: true });
fs.writeFileSync(path.join(options.out, 'father.json'), body('DEMO-FA', 'reference', father, true));
fs.writeFileSync(path.join(options.out, 'mother.json'), body('DEMO-MO', 'reference', mother, false));
fs.writeFileSync(path.join(options.out, 'child.json'), body('DEMO-CHILD', 'found', child, true));
fs.writeFileSync(path.join(options.out, 'child-resample.json'),
  body('DEMO-CHILD-RETEST', 'found', Object.fromEntries(IDENTIFILER.map((l) => [l, child[l]!])), true));
process.stdout.write(`wrote father.json, mother.json, child.json, child-resample.json to ${options.out}\n`);
