/**
 * `npm run --silent bench:calibration -- --families 20000 --json`: the cost per family of the
 * unrelated-person LR distribution (kinship unrelated-lr-distribution.ts) for typical reference
 * families (father only, trio, two full siblings, a paternal uncle, a paternal half sibling) on the 20 CODIS core loci of the NIST 1036
 * table, with the per-locus mutation rates of data-samples/mutation-rates.json (the default
 * search policy) or none. Families are simulated from the table (founders drawn from the
 * frequencies, children by Mendelian transmission), fixed seed.
 *
 * Per shape it measures one calibrator (createUnrelatedLrCalibrator) over the first
 * `--grid-families` families on the grid, in two uses: "policy", resolved only from the policy threshold up (what an index needs for
 * P(meets policy | unrelated)), and "chart", resolved from LR 1 up (the match view's curve);
 * "warm" is the second half of the families (per-locus laws mostly cached, as in a large index;
 * "last10" the last tenth, for the trend towards a million families),
 * "alone" builds each family without the cache; "chernoff" is the calibrator's moment bound and
 * "saddlepoint" its Bahadur–Rao estimate (both from cached per-locus moments), each with its
 * ratio to the grid's P(meets policy). Prints microseconds
 * per family (median, p99).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import {
  compilePedigree, compileTableLocus, createUnrelatedLrCalibrator, probabilityMeetingPolicy, unrelatedLrDistribution, validateFrequencyTable,
  type CompiledLocusModel, type CompiledPedigree, type Individual,
} from '../src/kinship';
import { mulberry32, mutationForLocus, type LocusMutationRate } from '../src/matching';

const CODIS_20 = [
  'CSF1PO', 'FGA', 'TH01', 'TPOX', 'vWA', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317',
  'D16S539', 'D18S51', 'D21S11', 'D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045',
];
/** Today's index build on this machine: 1M families in about 142 s. */
const TODAY_BUILD_US_PER_FAMILY = 142;

const program = new Command()
  .option('--families <n>', 'families per shape (moment bound and estimate)', (v) => Number(v), 20_000)
  .option('--grid-families <n>', 'the first families also built on the grid (milliseconds each)', (v) => Number(v), 300)
  .option('--mutation <kind>', 'perLocus or none', 'perLocus')
  .option('--step <log10>', 'grid step in log10 units', (v) => Number(v), 0.01)
  .option('--threshold <lr>', 'policy LR threshold', (v) => Number(v), 10_000)
  .option('--coarse <below:steps>', 'coarser rounding below a log10 LR, e.g. -2:50 (bin-log10-lrs.ts)')
  .option('--seed <n>', 'simulation seed', (v) => Number(v), 20261207)
  .option('--json', 'print one JSON object')
  .parse();
const opts = program.opts<{ families: number; gridFamilies: number; mutation: string; step: number; coarse?: string; threshold: number; seed: number; json?: boolean }>();

const coarseTail = opts.coarse ? { belowLog10: Number(opts.coarse.split(':')[0]), stepsPerCoarse: Number(opts.coarse.split(':')[1]) } : undefined;
const DATA = path.resolve(__dirname, '..', 'data-samples');
const table = validateFrequencyTable(JSON.parse(readFileSync(path.join(DATA, 'frequencies', 'nist1036-all.json'), 'utf8')), { normalize: true });
const rates = (JSON.parse(readFileSync(path.join(DATA, 'mutation-rates.json'), 'utf8')) as { loci: Record<string, LocusMutationRate> }).loci;
const mutation = mutationForLocus(opts.mutation === 'none' ? { kind: 'none' } : { kind: 'perLocus' }, rates);
const models: CompiledLocusModel[] = CODIS_20.map((locus) => compileTableLocus(table, locus, { mutation: mutation(locus) }));

const FOUNDERS: Individual[] = [
  { id: 'FA', father: null, mother: null, sex: 'male' },
  { id: 'MO', father: null, mother: null, sex: 'female' },
  { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
];
const SHAPES: Record<string, { individuals: Individual[]; typed: string[] }> = {
  father: { individuals: FOUNDERS, typed: ['FA'] },
  trio: { individuals: FOUNDERS, typed: ['FA', 'MO'] },
  fullSiblings: {
    individuals: [...FOUNDERS, { id: 'S1', father: 'FA', mother: 'MO', sex: 'female' }, { id: 'S2', father: 'FA', mother: 'MO', sex: 'male' }],
    typed: ['S1', 'S2'],
  },
  // Weak families: their threshold often lies beyond the mean log LR under H1 (saddlepoint-exceedance.ts).
  paternalUncle: {
    individuals: [
      { id: 'GF', father: null, mother: null, sex: 'male' },
      { id: 'GM', father: null, mother: null, sex: 'female' },
      { id: 'FA', father: 'GF', mother: 'GM', sex: 'male' },
      { id: 'UN', father: 'GF', mother: 'GM', sex: 'male' },
      { id: 'MO', father: null, mother: null, sex: 'female' },
      { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
    ],
    typed: ['UN'],
  },
  paternalHalfSibling: {
    individuals: [...FOUNDERS, { id: 'M2', father: null, mother: null, sex: 'female' }, { id: 'HS', father: 'FA', mother: 'M2', sex: 'female' }],
    typed: ['HS'],
  },
};

const random = mulberry32(opts.seed);

function drawAllele(model: CompiledLocusModel): number {
  let u = random();
  for (let i = 0; i < model.n; i++) if ((u -= model.freqs[i]!) < 0) return i;
  return model.n - 1;
}

/** One family: founders from the frequencies, children by Mendelian transmission; only `typed` kept. */
function simulateFamily(ped: CompiledPedigree, typed: readonly string[]): Int32Array[] {
  return models.map((model) => {
    const alleles = new Int32Array(2 * ped.size);
    for (let i = 0; i < ped.size; i++) {
      const f = ped.father[i]!;
      const m = ped.mother[i]!;
      alleles[2 * i] = f < 0 ? drawAllele(model) : alleles[2 * f + (random() < 0.5 ? 0 : 1)]!;
      alleles[2 * i + 1] = m < 0 ? drawAllele(model) : alleles[2 * m + (random() < 0.5 ? 0 : 1)]!;
    }
    const g = new Int32Array(2 * ped.size).fill(-1);
    for (const id of typed) {
      const i = ped.indexOf(id);
      g[2 * i] = Math.min(alleles[2 * i]!, alleles[2 * i + 1]!);
      g[2 * i + 1] = Math.max(alleles[2 * i]!, alleles[2 * i + 1]!);
    }
    return g;
  });
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(us: Float64Array): { medianUs: number; p99Us: number; meanUs: number } {
  const sorted = us.slice().sort();
  const mean = us.reduce((s, x) => s + x, 0) / us.length;
  return { medianUs: round(quantile(sorted, 0.5)), p99Us: round(quantile(sorted, 0.99)), meanUs: round(mean) };
}

function round(x: number): number {
  return Number(x.toFixed(1));
}

function timePerFamily(families: readonly Int32Array[][], build: (g: Int32Array[]) => number): { us: Float64Array; sink: number } {
  const us = new Float64Array(families.length);
  let sink = 0;
  families.forEach((g, k) => {
    const t0 = process.hrtime.bigint();
    sink += build(g);
    us[k] = Number(process.hrtime.bigint() - t0) / 1000;
  });
  return { us, sink };
}

const results: Record<string, unknown> = {};
const policy = { thresholdLr: opts.threshold, minLociCompared: 10 };
const policyLog10 = Math.log10(opts.threshold);
let sink = 0;
for (const [shape, spec] of Object.entries(SHAPES)) {
  const ped = compilePedigree(spec.individuals);
  const missing = ped.indexOf('MP');
  const families = Array.from({ length: opts.families }, () => simulateFamily(ped, spec.typed));
  const half = Math.floor(families.length / 2);
  const last10 = Math.floor(families.length * 0.9);
  const gridFamilies = families.slice(0, Math.min(opts.gridFamilies, families.length));
  const gridHalf = Math.floor(gridFamilies.length / 2);
  const row: Record<string, unknown> = {};
  const grid: number[] = [];
  const bound: number[] = [];
  for (const [use, minLog10Lr] of [['policy', policyLog10], ['chart', 0]] as const) {
    const calibrator = createUnrelatedLrCalibrator(ped, missing, models, { stepLog10: opts.step, minLog10Lr, coarseTail });
    const shared = timePerFamily(gridFamilies, (g) => {
      const p = probabilityMeetingPolicy(calibrator.distribution(g), policy);
      if (use === 'policy') grid.push(p);
      return p;
    });
    const alone = timePerFamily(gridFamilies.slice(0, 100), (g) =>
      probabilityMeetingPolicy(unrelatedLrDistribution(ped, missing, models, g, { stepLog10: opts.step, minLog10Lr, coarseTail }), policy),
    );
    sink += shared.sink + alone.sink;
    row[use] = { all: summary(shared.us), warm: summary(shared.us.subarray(gridHalf)), alone: summary(alone.us) };
  }
  const chernoff = createUnrelatedLrCalibrator(ped, missing, models);
  const bounded = timePerFamily(families, (g) => {
    const p = probabilityMeetingPolicy(chernoff.bound(g), policy);
    bound.push(p);
    return p;
  });
  sink += bounded.sink;
  row.chernoff = { all: summary(bounded.us), warm: summary(bounded.us.subarray(half)), last10: summary(bounded.us.subarray(last10)) };
  const estimates: number[] = [];
  const saddle = createUnrelatedLrCalibrator(ped, missing, models);
  const estimated = timePerFamily(families, (g) => {
    const p = probabilityMeetingPolicy(saddle.estimate(g), policy);
    estimates.push(p);
    return p;
  });
  sink += estimated.sink;
  row.saddlepoint = { all: summary(estimated.us), warm: summary(estimated.us.subarray(half)), last10: summary(estimated.us.subarray(last10)) };
  const ratio = Float64Array.from(grid.map((p, k) => bound[k]! / p)).sort();
  const estimateRatio = Float64Array.from(grid.map((p, k) => estimates[k]! / p)).sort();
  const onGrid = (xs: readonly number[]): number[] => xs.slice(0, grid.length);
  const sortedGrid = Float64Array.from(grid).sort();
  const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
  row.pMeetsPolicy = {
    grid: { median: quantile(sortedGrid, 0.5), p99: quantile(sortedGrid, 0.99), mean: mean(grid) },
    estimateMeanAllFamilies: mean(estimates),
    chernoffOverGrid: { min: ratio[0], median: quantile(ratio, 0.5), p99: quantile(ratio, 0.99), ofMeans: mean(onGrid(bound)) / mean(grid) },
    saddlepointOverGrid: {
      p01: quantile(estimateRatio, 0.01), median: quantile(estimateRatio, 0.5), p90: quantile(estimateRatio, 0.9), p99: quantile(estimateRatio, 0.99),
      ofMeans: mean(onGrid(estimates)) / mean(grid),
    },
  };
  results[shape] = row;
}

const out = {
  families: opts.families, gridFamilies: opts.gridFamilies, mutation: opts.mutation, stepLog10: opts.step, coarseTail: coarseTail ?? null, thresholdLr: opts.threshold, loci: CODIS_20.length,
  todayBuildUsPerFamily: TODAY_BUILD_US_PER_FAMILY, shapes: results, sink: sink > 0,
};
if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
else process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
