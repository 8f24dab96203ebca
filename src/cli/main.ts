import { Command, CommanderError, Option } from 'commander';
import { version } from '../version.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';
import { emitPacerOption, sharedOptions, type SharedOptionValues } from './options.js';
import type { SimulateOptionValues } from './commands/simulate.js';
import type { MockGatewayOptionValues } from './commands/mock-gateway.js';
import type { RecordOptionValues } from './commands/record.js';
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
  analyzeCommand.addOption(emitPacerOption());
  analyzeCommand.action(async (files: string[], values: SharedOptionValues & { emitPacer?: string }) => {
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

  program
    .command('mock-gateway')
    .description('serve a local Keap-like gateway on 127.0.0.1 to rehearse a client against (Ctrl-C stops)')
    .option('--port <n>', 'port on 127.0.0.1 (default 7429; 0 = any free port)')
    .option('--rate <perSecond>', 'SpikeArrest rate per key (default 10)')
    .option('--processors <n>', 'message processors N the rate is split over (default 6)')
    .option('--per-minute <n>', 'product throttle per rolling minute (default 240)')
    .option('--per-day <n>', 'product quota per UTC day (default 30000)')
    .option('--tenant-minute <n>', 'tenant ceiling per rolling minute (default 10000)')
    .option('--tenant-day <n>', 'tenant ceiling per UTC day (default 250000)')
    .option('--latency <duration>', 'added before every answer (default 0ms)')
    .option('--seed <n>', 'seed of the random routing over processors (default 1)')
    .option('--faults', "answer 429s with Apigee's SpikeArrest/Quota faults instead of Keap's generic body")
    .option('--debug', 'show stack traces for internal errors')
    .addHelpText(
      'after',
      `
Examples:
  $ keap-throttle mock-gateway --rate 25 --processors 6
  $ keap-throttle mock-gateway --port 0 --faults --latency 80ms`,
    )
    .action(async (values: MockGatewayOptionValues & { debug?: boolean }) => {
      debug = Boolean(values.debug);
      const { runMockGateway } = await import('./commands/mock-gateway.js');
      exitCode = await runMockGateway(values, io);
    });

  program
    .command('record')
    .description('forward requests to --target and append one NDJSON line per exchange to --out (Ctrl-C stops)')
    .requiredOption('--target <url>', 'where requests go, e.g. https://api.infusionsoft.com')
    .requiredOption('--out <file>', 'NDJSON file the exchanges are appended to')
    .option('--port <n>', 'port on 127.0.0.1 (default 7430; 0 = any free port)')
    .option('--debug', 'show stack traces for internal errors')
    .addHelpText(
      'after',
      `
Examples:
  $ keap-throttle record --target https://api.infusionsoft.com --out keap.ndjson
  $ keap-throttle analyze keap.ndjson`,
    )
    .action(async (values: RecordOptionValues & { debug?: boolean }) => {
      debug = Boolean(values.debug);
      const { runRecord } = await import('./commands/record.js');
      exitCode = await runRecord(values, io);
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
