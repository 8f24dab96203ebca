import { Command, CommanderError, Option } from 'commander';
import { KeapThrottleError, type ErrorCode } from '../errors.js';
import { CHECK_FORMATS, OUTPUT_FORMATS, SIMULATION_FORMATS } from '../render/format.js';
import { version } from '../version.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';
import {
  checkRuleOptions,
  emitPacerOption,
  failOnOptionDefinition,
  inputOptions,
  outputOptions,
  type CheckOptionValues,
  type SharedOptionValues,
} from './options.js';
import type { SimulateOptionValues } from './commands/simulate.js';
import type { MockGatewayOptionValues } from './commands/mock-gateway.js';
import type { RecordOptionValues } from './commands/record.js';
import { describeError } from './report-error.js';
import { usageError } from './usage-error.js';

const EXAMPLES = `
Examples:
  $ keap-throttle analyze logs.csv
  $ keap-throttle analyze worker-*.csv --json > report.json
  $ keap-throttle analyze logs.csv --format markdown -o evidence.md
  $ keap-throttle analyze logs.csv --format html -o report.html
  $ keap-throttle check logs.csv --max-429-rate 1 --min-headroom 20
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
      // Usage errors are printed once, in the one-line form, by the catch below.
      outputError: () => undefined,
    })
    .addHelpText('after', EXAMPLES);

  const analyzeCommand = program
    .command('analyze')
    .description(
      'read logs (CSV, JSON, NDJSON, HAR, PHP and Python app logs, curl dumps, lists of times; - for stdin) and report on them',
    )
    .argument('<files...>', 'log files, merged by time; - reads standard input')
    .addHelpText('after', EXAMPLES);
  for (const option of [
    ...inputOptions({ strict: true }),
    failOnOptionDefinition(),
    ...outputOptions(OUTPUT_FORMATS, { redaction: true }),
  ])
    analyzeCommand.addOption(option);
  analyzeCommand.addOption(emitPacerOption());
  analyzeCommand.action(
    async (files: string[], values: SharedOptionValues & { emitPacer?: string }, command: Command) => {
      debug = Boolean(values.debug);
      refuseFormatConflict(command, values);
      // Loaded lazily so --help and --version stay fast.
      const { runAnalyze } = await import('./commands/analyze.js');
      exitCode = await runAnalyze(files, values, io, argv);
    },
  );

  const checkCommand = program
    .command('check')
    .description('CI gate: exit 1 when a rule fails (one stderr line per failed rule), 0 when all hold')
    .argument('<files...>', 'log files, merged by time; - reads standard input')
    .addHelpText(
      'after',
      `
Examples:
  $ keap-throttle check logs/*.csv --fail-on unexplained,product-day --max-429-rate 0.5
  $ keap-throttle check logs.csv --min-headroom 25 --max-unexplained 0

With GITHUB_STEP_SUMMARY set, the Markdown summary is appended to that file.`,
    );
  for (const option of [
    ...inputOptions({ strict: true }),
    failOnOptionDefinition(),
    ...checkRuleOptions(),
    ...outputOptions(CHECK_FORMATS, { redaction: true }),
  ])
    checkCommand.addOption(option);
  checkCommand.action(async (files: string[], values: CheckOptionValues, command: Command) => {
    debug = Boolean(values.debug);
    refuseFormatConflict(command, values);
    const { runCheck } = await import('./commands/check.js');
    exitCode = await runCheck(files, values, io, argv);
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
  for (const option of [...inputOptions({ strict: false }), ...outputOptions(SIMULATION_FORMATS, { redaction: false })])
    simulateCommand.addOption(option);
  simulateCommand.action(async (files: string[], values: SimulateOptionValues, command: Command) => {
    debug = Boolean(values.debug);
    refuseFormatConflict(command, values);
    const { runSimulate } = await import('./commands/simulate.js');
    exitCode = await runSimulate(files, values, io, argv);
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
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return ExitCode.Ok;
      io.stderr.write(describeError(usageError(error, argv, program), false));
      return ExitCode.Failure;
    }
    io.stderr.write(describeError(error, debug));
    return ExitCode.Failure;
  }
  return exitCode;
}

// --json implies json only when --format was not given: a contradicting --format is refused, not overridden.
function refuseFormatConflict(command: Command, values: SharedOptionValues): void {
  if (!values.json || command.getOptionValueSource('format') !== 'cli' || values.format === 'json') return;
  const code: ErrorCode = 'USAGE_CONFLICT';
  throw new KeapThrottleError(code, `--format ${values.format} and --json ask for two formats`, {
    hint: 'keep one of them',
  });
}
