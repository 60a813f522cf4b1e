/**
 * `npm run import`: a lab's archive straight into the configured store (DATA_DIR, or MONGODB_URI)
 * under the rules of the profile API — validation, normalisation, idempotency by (lab, sampleId),
 * an audit record per profile — in batches of one transaction each, with a progress bar on
 * standard error and a report per file on standard output.
 *
 *   npm run --silent import -- --lab LAB-01 --kind reference archive.csv run-0412.txt cmf/*.xml
 *
 * Formats: GeneMapper ID-X tables, CSV (src/importers/README.md), CODIS CMF 3.2, Familias case
 * files (.fam), detected from the content. Resumable: a batch commits whole or not at all, and a
 * sample already stored with the same content is skipped, so running the same command again after
 * a crash stores exactly the samples that were not yet acknowledged.
 *
 * Found-person profiles are stored as profiles only: a found person needs the investigator's date
 * and place of finding (POST /v1/found-persons), and the automatic search starts then.
 * Exit status: 0 when every sample was accepted or skipped, 2 when some were rejected or a file
 * could not be read, 1 on any other failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { ProfileKind } from '../src/domain';
import { AppError, loadConfig } from '../src/lib';
import { policyOf } from '../src/main';
import {
  createServiceDeps, importerActor, importProfilesBulk, placeOfIssue, readLabFile, type BulkSampleOutcome, type LabFile, type ServiceDeps,
} from '../src/services';
import { openStore } from '../src/store';

interface ImportOptions {
  readonly lab: string;
  readonly kind?: ProfileKind;
  readonly kit?: string;
  readonly batch: number;
  readonly report?: string;
}

/** The report of one file. */
interface FileReport {
  readonly file: string;
  readonly format: LabFile['format'] | null;
  readonly samples: number;
  readonly accepted: number;
  readonly skipped: number;
  readonly rejected: ReadonlyArray<Extract<BulkSampleOutcome, { status: 'rejected' }>>;
  /** issues that name no sample, and the reason a file could not be read at all */
  readonly fileIssues: ReadonlyArray<{ readonly at: string; readonly message: string }>;
  readonly found: number;
  readonly seconds: number;
}

const program = new Command('import')
  .description('import lab files (GeneMapper, CSV, CODIS CMF 3.2, Familias .fam) into the configured store')
  .argument('<files...>', 'lab files')
  .requiredOption('--lab <lab>', 'the lab whose samples these are (owner of the profiles, named in the audit trail)')
  .addOption(new Option('--kind <kind>', 'kind of the profiles whose file does not say').choices([...ProfileKind.options]))
  .option('--kit <kit>', 'kit of the profiles whose file names none (default "custom")')
  .option('--batch <n>', 'samples per transaction', (v) => Number(v), 1000)
  .option('--report <file>', 'also write the reports as JSON to this file')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const files = program.args;
  const options = program.opts<ImportOptions>();
  if (!Number.isInteger(options.batch) || options.batch < 1) program.error('--batch must be a positive integer');
  const config = loadConfig(process.env);
  const store = await openStore(config);
  const reports: FileReport[] = [];
  try {
    const deps = createServiceDeps(store, policyOf(config));
    for (const file of files) {
      const report = await importFile(deps, file, options);
      reports.push(report);
      process.stdout.write(formatReport(report));
    }
  } finally {
    await store.close();
  }
  if (options.report) fs.writeFileSync(options.report, `${JSON.stringify(reports, null, 2)}\n`);
  if (reports.some((r) => r.rejected.length > 0 || r.format === null)) process.exitCode = 2;
}

async function importFile(deps: ServiceDeps, file: string, options: ImportOptions): Promise<FileReport> {
  const started = performance.now();
  const name = path.basename(file);
  let labFile: LabFile;
  try {
    labFile = readLabFile(fs.readFileSync(file), { ...(options.kind ? { kind: options.kind } : {}), ...(options.kit ? { kit: options.kit } : {}) });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { file, format: null, samples: 0, accepted: 0, skipped: 0, rejected: [], fileIssues: [{ at: 'file', message: e.detail }], found: 0, seconds: 0 };
  }
  const { samples } = labFile;
  const progress = startProgress(name, samples.length);
  const outcomes: BulkSampleOutcome[] = [];
  for (let i = 0; i < samples.length; i += options.batch) {
    outcomes.push(...await importProfilesBulk(deps, importerActor(options.lab), samples.slice(i, i + options.batch)));
    progress.update(outcomes);
  }
  progress.stop();
  const stored = outcomes.filter((o) => o.status !== 'rejected');
  const foundIds = new Set(samples.filter((s) => s.body.kind === 'found').map((s) => s.sampleId));
  return {
    file,
    format: labFile.format,
    samples: samples.length,
    accepted: outcomes.filter((o) => o.status === 'accepted').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    rejected: outcomes.filter((o): o is Extract<BulkSampleOutcome, { status: 'rejected' }> => o.status === 'rejected'),
    fileIssues: labFile.fileIssues.map((i) => ({
      at: placeOfIssue(i),
      message: `${i.severity} ${i.code}: ${i.message}`,
    })),
    found: stored.filter((o) => foundIds.has(o.sampleId)).length,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A bar on a terminal; a plain line per batch otherwise (logs, CI, a parent process reading stderr). */
function startProgress(name: string, total: number): { update(outcomes: readonly BulkSampleOutcome[]): void; stop(): void } {
  const started = performance.now();
  const counts = (outcomes: readonly BulkSampleOutcome[]) => ({
    accepted: outcomes.filter((o) => o.status === 'accepted').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
  });
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${name} [{bar}] {value}/{total} samples | {rate}/s | accepted {accepted} skipped {skipped} rejected {rejected} | eta {eta_formatted}`,
    });
    bar.start(total, 0, { rate: 0, accepted: 0, skipped: 0, rejected: 0 });
    return {
      update: (outcomes) => bar.update(outcomes.length, { ...counts(outcomes), rate: rateOf(outcomes.length, started) }),
      stop: () => bar.stop(),
    };
  }
  return {
    update: (outcomes) => {
      const c = counts(outcomes);
      process.stderr.write(`${name}: ${outcomes.length}/${total} samples, ${rateOf(outcomes.length, started)}/s; accepted ${c.accepted}, skipped ${c.skipped}, rejected ${c.rejected}\n`);
    },
    stop: () => undefined,
  };
}

function rateOf(done: number, started: number): number {
  return Math.round(done / Math.max((performance.now() - started) / 1000, 1e-3));
}

function formatReport(r: FileReport): string {
  const lines = [
    r.format === null
      ? `${r.file}: not imported`
      : `${r.file} (${r.format}): ${r.samples} samples in ${r.seconds.toFixed(1)} s (${Math.round(r.samples / Math.max(r.seconds, 1e-3))}/s): accepted ${r.accepted}, skipped as already accepted ${r.skipped}, rejected ${r.rejected.length}`,
    ...r.fileIssues.map((i) => `  ${i.at}: ${i.message}`),
    ...r.rejected.map((o) => `  rejected ${o.sampleId ?? '(no sample id)'} at ${o.at}: ${o.code}: ${describeErrors(o)}`),
  ];
  if (r.found > 0) {
    lines.push(`  ${r.found} found-person profiles stored as profiles only: register each as a found person (POST /v1/found-persons, with the date and place of finding) to start its search`);
  }
  return `${lines.join('\n')}\n`;
}

function describeErrors(o: Extract<BulkSampleOutcome, { status: 'rejected' }>): string {
  if (o.errors.length === 0) return o.reason;
  return o.errors.map((e) => [e.locus && `locus ${e.locus}`, e.allele !== undefined && `allele "${e.allele}"`, e.message].filter(Boolean).join(', ')).join('; ');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
