import { MOCK_GATEWAY_DEFAULTS, startMockGateway, type MockGatewayStats } from '../../gateway/index.js';
import { perProcessorIntervalMs } from '../../spike/units.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { listenError } from '../listen-error.js';
import { durationOption, portOption, positiveNumberOption, wholeNumberOption } from '../number-option.js';
import { writeOut } from '../output.js';
import { untilSignal } from '../until-signal.js';

/** Default port of `mock-gateway` (429 at the end, easy to remember). */
export const MOCK_GATEWAY_PORT = 7429;

/** Values of the mock-gateway options, as commander hands them over. */
export interface MockGatewayOptionValues {
  readonly port?: string;
  readonly rate?: string;
  readonly processors?: string;
  readonly perMinute?: string;
  readonly perDay?: string;
  readonly tenantMinute?: string;
  readonly tenantDay?: string;
  readonly latency?: string;
  readonly seed?: string;
  readonly faults?: boolean;
}

/** `mock-gateway`: serves a Keap-like gateway on 127.0.0.1 until SIGINT/SIGTERM, then prints what it answered. */
export async function runMockGateway(values: MockGatewayOptionValues, io: CliIo): Promise<ExitCodeValue> {
  const port = values.port === undefined ? MOCK_GATEWAY_PORT : portOption(values.port, '--port');
  const options = {
    port,
    rate: values.rate === undefined ? MOCK_GATEWAY_DEFAULTS.rate : positiveNumberOption(values.rate, '--rate'),
    processors: whole(values.processors, '--processors', MOCK_GATEWAY_DEFAULTS.processors),
    perMinute: whole(values.perMinute, '--per-minute', MOCK_GATEWAY_DEFAULTS.perMinute),
    perDay: whole(values.perDay, '--per-day', MOCK_GATEWAY_DEFAULTS.perDay),
    tenantMinute: whole(values.tenantMinute, '--tenant-minute', MOCK_GATEWAY_DEFAULTS.tenantMinute),
    tenantDay: whole(values.tenantDay, '--tenant-day', MOCK_GATEWAY_DEFAULTS.tenantDay),
    latencyMs: values.latency === undefined ? 0 : durationOption(values.latency, '--latency'),
    seed: values.seed === undefined ? MOCK_GATEWAY_DEFAULTS.seed : wholeNumberOption(values.seed, '--seed', 0),
    faults: Boolean(values.faults),
  };
  const stopped = untilSignal();
  const gateway = await startMockGateway(options).catch((error: unknown) => {
    throw listenError(error, port);
  });
  await writeOut(io.stdout, `listening on ${gateway.url}\n`);
  await writeOut(
    io.stderr,
    `mock Keap gateway: ${options.rate}/s per key over ${options.processors} processors (one processor admits one request per ${Math.round(perProcessorIntervalMs(options.rate, 'second', options.processors))} ms), ${options.perMinute}/min, ${options.perDay}/day, tenant ${options.tenantMinute}/min ${options.tenantDay}/day${options.faults ? ', Apigee faults' : ''}; Ctrl-C stops\n`,
  );
  await stopped;
  const stats = gateway.stats();
  await gateway.close();
  await writeOut(io.stderr, `stopped: ${describeStats(stats)}\n`);
  return ExitCode.Ok;
}

function whole(text: string | undefined, flag: string, fallback: number): number {
  return text === undefined ? fallback : wholeNumberOption(text, flag);
}

function describeStats(stats: MockGatewayStats): string {
  const throttled =
    stats.spike + stats['product-minute'] + stats['product-day'] + stats['tenant-minute'] + stats['tenant-day'];
  const layers = (['spike', 'product-minute', 'product-day', 'tenant-minute', 'tenant-day'] as const)
    .filter((layer) => stats[layer] > 0)
    .map((layer) => `${layer} ${stats[layer]}`);
  return `${stats.accepted + throttled + stats.unauthenticated} requests, ${stats.accepted} accepted, ${throttled} throttled${layers.length ? ` (${layers.join(', ')})` : ''}, ${stats.unauthenticated} without a key`;
}
