import type { ThrottleLayer } from '../../attribute/vocabulary.js';
import { analyze } from '../../analyze.js';
import { workerFitters } from '../../parallel/worker-fitter.js';
import { fileStores } from '../../spool/file-store.js';
import type { SpikeSetting } from '../../attribute/spike-setting.js';
import { MOST_PROCESSORS_SEEN } from '../../policy/profiles.js';
import { KeapThrottleError } from '../../errors.js';
import { renderSimulationJson, renderSimulationTable } from '../../render/simulation.js';
import { simulate, type SimulationModel } from '../../simulate.js';
import type { Pacing } from '../../spike/index.js';
import { parseDurationMs } from '../duration.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { profileOption, statusOption, zoneOption } from '../load-options.js';
import { openAll } from '../open-all.js';
import type { SharedOptionValues } from '../options.js';
import { runInfo } from '../run-info.js';
import { terminalWidth } from '../terminal-width.js';
import { createStyle, decideColor } from '../style.js';
import { toStdout, writeText } from '../write-report.js';

const DEFAULT_LATENCY_MS = 300;

/** Values of the simulate-only options. */
export interface SimulateOptionValues extends SharedOptionValues {
  readonly spacing?: string;
  readonly rate?: string;
  readonly concurrency?: string;
  readonly latency?: string;
  readonly processors?: string;
  readonly spikeRate?: string;
  readonly seed?: string;
  readonly routing?: 'random' | 'round-robin';
}

/** `simulate <files...> --spacing 1500ms`: replays the log under another client pacing and predicts the 429s. */
export async function runSimulate(
  files: readonly string[],
  values: SimulateOptionValues,
  io: CliIo,
  argv: readonly string[],
): Promise<ExitCodeValue> {
  if (files.includes('-')) {
    throw new KeapThrottleError(
      'BAD_OPTION',
      'simulate reads the log twice (fit, then replay), so it cannot read standard input',
      { hint: 'save the log to a file and name it' },
    );
  }
  const pacing = pacingOption(values);
  const zone = zoneOption(values);
  const status = statusOption(values);
  const profile = await profileOption(values);
  const opened = await openAll(files, io);
  const report = await analyze(opened.inputs, { zone, status, profile, stores: fileStores(), fitters: workerFitters });
  const model = modelOption(values, report.throttling.spike.setting);
  const seed = values.seed === undefined ? 1 : positiveInteger(values.seed, '--seed');
  const layers = new Map<string, ThrottleLayer>();
  for (const item of report.throttling.attributions) layers.set(`${item.source.file}:${item.source.line}`, item.layer);
  report.throttling.attributions.close();
  const replayed = await openAll(files, io);
  const result = await simulate(replayed.inputs, { zone, status, model, pacing, seed, layers });
  const run = runInfo('simulate', argv, replayed.digests(), zone, null);
  const color = values.format === 'table' && toStdout(values) && decideColor(values.color, io.env, io.stdout.isTTY);
  await writeText(
    values.format === 'json'
      ? renderSimulationJson(result, run)
      : renderSimulationTable(result, createStyle(color), terminalWidth(io, toStdout(values))),
    values.output,
    io,
  );
  return ExitCode.Ok;
}

function pacingOption(values: SimulateOptionValues): Pacing {
  const spacingMs = values.spacing === undefined ? undefined : duration(values.spacing, '--spacing');
  const ratePerSecond = values.rate === undefined ? undefined : positiveNumber(values.rate, '--rate');
  const concurrency =
    values.concurrency === undefined ? undefined : positiveInteger(values.concurrency, '--concurrency');
  if (spacingMs === undefined && ratePerSecond === undefined && concurrency === undefined) {
    throw new KeapThrottleError('BAD_OPTION', 'say which pacing to try', {
      hint: 'pass --spacing 1500ms, --rate 2 (per second) or --concurrency 1',
    });
  }
  const latencyMs =
    concurrency === undefined
      ? undefined
      : values.latency === undefined
        ? DEFAULT_LATENCY_MS
        : duration(values.latency, '--latency');
  return {
    ...(spacingMs !== undefined && { spacingMs }),
    ...(ratePerSecond !== undefined && { ratePerSecond }),
    ...(concurrency !== undefined && { concurrency, latencyMs }),
  };
}

function modelOption(values: SimulateOptionValues, setting: SpikeSetting | null): SimulationModel {
  const rate = values.spikeRate !== undefined ? positiveNumber(values.spikeRate, '--spike-rate') : setting?.rate;
  if (rate === undefined) {
    throw new KeapThrottleError('BAD_OPTION', 'the spike rate is unknown: no profile, fault or fit names it', {
      hint: 'pass --spike-rate 10 (PAT/SAK docs) or --profile <id>',
    });
  }
  const processors =
    values.processors !== undefined
      ? positiveInteger(values.processors, '--processors')
      : (setting?.processors ?? setting?.processorsCredible?.high ?? MOST_PROCESSORS_SEEN);
  return {
    rate,
    processors,
    routing: values.routing ?? 'random',
    rateFrom: values.spikeRate !== undefined ? 'option' : (setting?.rateFrom ?? 'option'),
    processorsFrom: values.processors !== undefined ? 'option' : (setting?.processorsFrom ?? 'assumed'),
  };
}

function duration(text: string, flag: string): number {
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0)
    throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" is not a duration`, {
      hint: 'write it like 1500ms, 1.5s or 2m',
    });
  return ms;
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" must be a positive number`);
  return value;
}

function positiveInteger(text: string, flag: string): number {
  const value = positiveNumber(text, flag);
  if (!Number.isInteger(value)) throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" must be a whole number`);
  return value;
}
