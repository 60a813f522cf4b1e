/**
 * `npm run bench:kinship`: median and p99 time of
 *  (a) the fast trio kernel over 23 loci (NIST 1036 all-population table, CODIS-20 + Penta D/E + SE33), and
 *  (b) the general engine on a 35-locus reference family — paternal grandparents and an aunt
 *      typed, the father deceased (untyped), the mother untyped — against a found person, with
 *      stepwise mutation (per-locus female/male rates of data-samples/mutation-rates.json where
 *      present, else 0.001 / 0.002; range 0.5, rate2 1e-6). Loci: the 29 NIST 1036 loci plus 6
 *      loci of the CNAS_AF39 Chinese table.
 *  (c) the kinship calculator (`npm run kinship`: read JSON, validate, compile, compute, write
 *      JSON) on the Norwegian 35-locus three-generation case of test/fixtures/kinship-cases/norwegian-35.json
 *      (forrel's Norwegian table with the fragment-length loci D17S906, APOAI1, D11S554; NorskDB
 *      per-locus mutation models) with fresh simulated genotypes per case, one file of cases
 *      sharing one cache, against the likelihood kernel alone on the same cases in the same run.
 * Genotypes are simulated by Mendelian transmission from founders drawn from the tables, with a
 * fixed seed. Time is wall-clock per evaluation (process.hrtime.bigint), after a warm-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileLocusModel, compilePedigree, evaluateCases, KinshipCaseCache, missingPersonLr, trioLr, validateFrequencyTable, validateKinshipCase,
  type CompiledLocusModel, type GenotypePair, type MissingPersonCase, type MissingPersonLocusData, type MutationSpec,
} from '../src/kinship';
import { mulberry32 } from '../src/matching';

const DATA = join(__dirname, '..', 'data-samples');
const nist = validateFrequencyTable(JSON.parse(readFileSync(join(DATA, 'frequencies', 'nist1036-all.json'), 'utf8')), { normalize: true });
const cnas = validateFrequencyTable(JSON.parse(readFileSync(join(DATA, 'frequencies', 'cnas-af39-chinese-han.json'), 'utf8')), { normalize: true });
const rates = JSON.parse(readFileSync(join(DATA, 'mutation-rates.json'), 'utf8')).loci as Record<string, { female: number; male: number }>;

const TRIO_LOCI = [
  'CSF1PO', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317', 'D16S539', 'D18S51', 'D21S11', 'FGA', 'TH01', 'TPOX', 'vWA',
  'D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045', 'Penta D', 'Penta E', 'SE33',
];
const CNAS_EXTRA = ['D19S253', 'D6S477', 'D22GATA198B05', 'D15S659', 'D8S1132', 'D3S3045'];

const random = mulberry32(20240611);

function drawAllele(model: CompiledLocusModel): number {
  let u = random();
  for (let i = 0; i < model.n; i++) {
    u -= model.freqs[i]!;
    if (u < 0) return i;
  }
  return model.n - 1;
}
const founder = (m: CompiledLocusModel): GenotypePair => [drawAllele(m), drawAllele(m)];
const childOf = (f: GenotypePair, m: GenotypePair): GenotypePair => [f[random() < 0.5 ? 0 : 1], m[random() < 0.5 ? 0 : 1]];

function stepwise(locus: string): MutationSpec {
  const r = rates[locus] ?? { female: 0.001, male: 0.002 };
  return { model: 'stepwise', rate2: 1e-6, range: 0.5, female: { rate: r.female }, male: { rate: r.male } };
}

function summarize(samplesNs: number[]): { medianUs: number; p99Us: number } {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1000;
  return { medianUs: at(0.5), p99Us: at(0.99) };
}

function time(run: () => void, iterations: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) run();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    run();
    out.push(Number(process.hrtime.bigint() - t0));
  }
  return out;
}

// (a) fast trio kernel, 23 loci, stepwise mutation, θ = 0.01.
const trioModels = TRIO_LOCI.map((name) => compileLocusModel({ name, frequencies: nist.loci[name]!, mutation: stepwise(name) }));
const trioData = trioModels.map((m) => {
  const f = founder(m);
  const mo = founder(m);
  return { m, f, mo, c: childOf(f, mo) };
});
let sink = 0;
const trioSamples = time(
  () => {
    let log10 = 0;
    for (const d of trioData) log10 += Math.log10(trioLr(d.m, d.f[0], d.f[1], d.mo[0], d.mo[1], d.c[0], d.c[1], 0.01));
    sink += log10;
  },
  20000,
  2000,
);

// (b) general engine, 35 loci, paternal grandparents + aunt, father untyped.
const pedigree = compilePedigree([
  { id: 'PGF', sex: 'male' }, { id: 'PGM', sex: 'female' },
  { id: 'FA', father: 'PGF', mother: 'PGM', sex: 'male' }, { id: 'AUNT', father: 'PGF', mother: 'PGM', sex: 'female' },
  { id: 'MO', sex: 'female' }, { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
]);
const familyModels = [
  ...Object.keys(nist.loci).map((name) => compileLocusModel({ name, frequencies: nist.loci[name]!, mutation: stepwise(name) })),
  ...CNAS_EXTRA.map((name) => compileLocusModel({ name, frequencies: cnas.loci[name]!, mutation: stepwise(name) })),
];
const loci: MissingPersonLocusData[] = familyModels.map((m) => {
  const pgf = founder(m);
  const pgm = founder(m);
  const fa = childOf(pgf, pgm);
  const aunt = childOf(pgf, pgm);
  const poi = childOf(fa, founder(m));
  return { model: m, typedByPerson: { PGF: pgf, PGM: pgm, AUNT: aunt }, poi };
});
let result = missingPersonLr(pedigree, 'MP', loci);
const engineSamples = time(
  () => {
    result = missingPersonLr(pedigree, 'MP', loci);
  },
  2000,
  200,
);

// (c) the calculator end to end on the Norwegian 35-locus case, against its likelihood kernel.
const NORWEGIAN = join(__dirname, '..', 'test', 'fixtures', 'kinship-cases', 'norwegian-35.json');
const template = (JSON.parse(readFileSync(NORWEGIAN, 'utf8')) as { cases: Array<Record<string, unknown>> }).cases[0]!;
const templateCase = validateKinshipCase(template) as MissingPersonCase;
const norwegianModels = templateCase.loci.map((l) => compileLocusModel({ name: l.name, frequencies: l.frequencies, mutation: l.mutation ?? null, normalize: true }));
const CALCULATOR_CASES = 1000;
const caseTexts = Array.from({ length: CALCULATOR_CASES }, (_, k) => {
  const genotypes: Record<string, Record<string, [string, string]>> = { PGF: {}, PGM: {}, AUNT: {}, POI: {} };
  for (const m of norwegianModels) {
    const pgf = founder(m);
    const pgm = founder(m);
    const fa = childOf(pgf, pgm);
    const typed = { PGF: pgf, PGM: pgm, AUNT: childOf(pgf, pgm), POI: childOf(fa, founder(m)) };
    for (const [person, g] of Object.entries(typed)) genotypes[person]![m.name] = [m.alleles[g[0]]!, m.alleles[g[1]]!];
  }
  return JSON.stringify({ ...template, id: `no35-${k}`, genotypes });
});
const calculatorCache = new KinshipCaseCache();
const calculatorSamples: number[] = [];
const kernelSamples: number[] = [];
const norwegianPedigree = compilePedigree(templateCase.pedigree);
caseTexts.forEach((text, k) => {
  const t0 = process.hrtime.bigint();
  const out = JSON.stringify(evaluateCases(JSON.parse(text), { cache: calculatorCache }));
  const t1 = process.hrtime.bigint();
  const kc = validateKinshipCase(JSON.parse(text), k, calculatorCache) as MissingPersonCase;
  const data = norwegianModels.map((model): MissingPersonLocusData => {
    const pair = (p: string): GenotypePair => [model.indexOf(kc.genotypes[p]![model.name]![0]), model.indexOf(kc.genotypes[p]![model.name]![1])];
    return { model, typedByPerson: { PGF: pair('PGF'), PGM: pair('PGM'), AUNT: pair('AUNT') }, poi: pair('POI') };
  });
  const t2 = process.hrtime.bigint();
  const kernel = missingPersonLr(norwegianPedigree, 'MP', data);
  const t3 = process.hrtime.bigint();
  if (k >= 100) {
    calculatorSamples.push(Number(t1 - t0));
    kernelSamples.push(Number(t3 - t2));
  }
  sink += out.length + kernel.log10LR;
});

const a = summarize(trioSamples);
const b = summarize(engineSamples);
const c = summarize(calculatorSamples);
const k = summarize(kernelSamples);
const us = (x: number): string => `${x.toFixed(1)} us`;
const ms = (x: number): string => `${(x / 1000).toFixed(3)} ms`;
process.stdout.write(
  [
    `node ${process.version}`,
    `(a) fast trio kernel, ${trioData.length} loci (NIST 1036 all, stepwise, theta 0.01): median ${us(a.medianUs)}, p99 ${us(a.p99Us)} per ${trioData.length}-locus LR`,
    `(b) general engine, ${loci.length} loci (NIST 1036 all + CNAS_AF39), paternal grandparents + aunt typed, father untyped, stepwise: ` +
      `median ${ms(b.medianUs)}, p99 ${ms(b.p99Us)} per ${loci.length}-locus LR (goal: median < 2 ms; log10 LR of the simulated case ${result.log10LR.toFixed(3)})`,
    `(c) kinship calculator (parse, validate, compile, compute, write), Norwegian 35 loci (3 named by fragment length), grandparents + aunt, ` +
      `${calculatorSamples.length} cases after 100 warm-up: median ${ms(c.medianUs)}, p99 ${ms(c.p99Us)} per case (goal: at most 2 ms); ` +
      `its likelihood kernel alone on the same cases: median ${ms(k.medianUs)}, p99 ${ms(k.p99Us)}; ratio ${(c.medianUs / k.medianUs).toFixed(2)} (median), ${(c.p99Us / k.p99Us).toFixed(2)} (p99)`,
    '',
  ].join('\n'),
);
if (Number.isNaN(sink)) process.stdout.write('\n');
