/**
 * Kinship calculator: `npm run --silent kinship -- FILE` (FILE or `-` for standard input) reads a
 * case file in the kinship case format (test/fixtures/kinship-cases/README.md) and prints one JSON
 * document {"results": [...]} to standard output, in input order.
 * Exit status: 0 all cases computed; 1 some case has an "error"; 2 the input is not readable JSON
 * or not a case file (message on standard error).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { CaseFormatError, evaluateCases } from '../src/kinship';

function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

function parsePrior(value: string): number {
  const prior = Number(value);
  if (!(prior > 0 && prior < 1)) throw new InvalidArgumentError('the prior must be a number in (0, 1)');
  return prior;
}

function main(argv: readonly string[]): number {
  const program = new Command()
    .name('kinship')
    .description('Compute kinship likelihood ratios for a case file in the kinship case format')
    .argument('<file>', 'case file, or - for standard input')
    .option('--prior <probability>', 'prior probability of H1; adds "prior" and "posterior" to each result', parsePrior)
    .option('--indent <spaces>', 'pretty-print the JSON with this many spaces', (v) => Number.parseInt(v, 10))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv);
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const [file] = program.args as [string];
  const options = program.opts<{ prior?: number; indent?: number }>();
  let input: unknown;
  try {
    input = JSON.parse(readInput(file));
  } catch (e) {
    process.stderr.write(`kinship: cannot read ${file === '-' ? 'standard input' : file}: ${(e as Error).message}\n`);
    return 2;
  }
  let output;
  try {
    output = evaluateCases(input, options.prior !== undefined ? { prior: options.prior } : {});
  } catch (e) {
    if (e instanceof CaseFormatError) {
      process.stderr.write(`kinship: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  process.stdout.write(`${JSON.stringify(output, null, options.indent)}\n`);
  return output.results.some((r) => 'error' in r) ? 1 : 0;
}

// A closed pipe (`... | head`) is not an error of the calculator.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
process.exitCode = main(process.argv);
