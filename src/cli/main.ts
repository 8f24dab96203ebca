import { Command, CommanderError, Option } from 'commander';
import { version } from '../version.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';
import { sharedOptions, type SharedOptionValues } from './options.js';
import type { SimulateOptionValues } from './commands/simulate.js';
import { describeError } from './report-error.js';

const EXAMPLES = `
Examples:
  $ keap-throttle analyze logs.csv
  $ keap-throttle analyze worker-*.csv --json > report.json
  $ cat today.ndjson | keap-throttle analyze - --profile pat-sak
  $ keap-throttle analyze chicago.csv --tz America/Chicago`;

/** Runs the CLI with `argv` (without node and script) against `io`; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.Ok;
  let debug = argv.includes('--debug');
  const program = new Command('keap-throttle')
    .description('Explains Keap REST API 429s from your own response-header logs.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', EXAMPLES);

  const analyzeCommand = program
    .command('analyze')
    .description(
      'read logs (CSV, JSON, NDJSON, HAR, PHP and Python app logs, curl dumps, lists of times; - for stdin) and report on them',
    )
    .argument('<files...>', 'log files, merged by time; - reads standard input')
    .addHelpText('after', EXAMPLES);
  for (const option of sharedOptions()) analyzeCommand.addOption(option);
  analyzeCommand.action(async (files: string[], values: SharedOptionValues) => {
    debug = Boolean(values.debug);
    // Loaded lazily so --help and --version stay fast.
    const { runAnalyze } = await import('./commands/analyze.js');
    exitCode = await runAnalyze(files, values, io);
  });

  const simulateCommand = program
    .command('simulate')
    .description("replay the log's requests under another client pacing and predict the SpikeArrest 429s")
    .argument('<files...>', 'log files (read twice: fit, then replay)')
    .option('--spacing <duration>', 'minimum gap between requests of one key (1500ms, 1.5s)')
    .option('--rate <perSecond>', 'maximum requests per second per key')
    .option('--concurrency <n>', 'requests in flight per key')
    .option('--latency <duration>', 'assumed response time for --concurrency (default 300ms)')
    .option('--processors <n>', 'message processors N (default: from faults or the fit, else 7)')
    .option('--spike-rate <perSecond>', 'SpikeArrest rate (default: from faults, profile or fit)')
    .option('--seed <n>', 'seed for the random routing (default 1)')
    .addOption(
      new Option('--routing <how>', 'how requests are spread over processors')
        .choices(['random', 'round-robin'])
        .default('random'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ keap-throttle simulate logs.csv --spacing 1500ms
  $ keap-throttle simulate logs.csv --rate 1 --processors 6 --json`,
    );
  for (const option of sharedOptions()) simulateCommand.addOption(option);
  simulateCommand.action(async (files: string[], values: SimulateOptionValues) => {
    debug = Boolean(values.debug);
    const { runSimulate } = await import('./commands/simulate.js');
    exitCode = await runSimulate(files, values, io);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander complaint is a usage error.
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? ExitCode.Ok
        : ExitCode.Failure;
    }
    io.stderr.write(describeError(error, debug));
    return ExitCode.Failure;
  }
  return exitCode;
}
