import { pacerOptionsFromReport } from './report-options.js';

// What createPacer accepts, checked once and turned into the settings every part of the pacer reads.

/** `zero-429`: space for no rejections. `throughput`: space for a target 429 share, retrying the rest. */
export type PacerMode = 'zero-429' | 'throughput';

/** Time as the pacer sees it; injectable so tests can run a gateway and a pacer on one faster clock. */
export interface PacerClock {
  /** Epoch ms, sub-millisecond where the clock allows. */
  now(): number;
  /** Resolves after ms of this clock, or as soon as signal aborts (it never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** A processor count known only as a range (a report's credible set). */
export interface ProcessorRange {
  readonly low: number;
  readonly high: number;
}

/** Options of createPacer; every field is optional. */
export interface PacerOptions {
  /** SpikeArrest rate per second per key (else `x-keap-product-spike-limit`, else learned over 5, 10, 25). */
  readonly rate?: number;
  /** Message processors N, or the range a report allows (else learned over 1–16). */
  readonly processors?: number | ProcessorRange;
  /** A keap-throttle JSON report (`analyze --json`, parsed): its SpikeArrest setting and advice. */
  readonly fromReport?: unknown;
  /** Spacing of a key before any of its requests was rejected (default: the nominal 1000/rate). */
  readonly startSpacingMs?: number;
  /** A key's requests are never closer than this (ms). */
  readonly minSpacingMs?: number;
  /** Default `zero-429`. */
  readonly mode?: PacerMode;
  /** Throughput mode: the 429 share to space for (default 0.02). */
  readonly targetShare?: number;
  /** Requests in flight per key (throughput mode only; zero-429 sends one at a time). Default 1. */
  readonly concurrency?: number;
  /** Retries of one call after throttled answers (default 5). */
  readonly maxRetries?: number;
  /** A call's total time, waiting and retries included (ms, default 300 000). */
  readonly deadlineMs?: number;
  /** Below this share of a minute or day limit left, the bucket is paced to last (default 0.1; 0 = only when empty). */
  readonly headroomReserve?: number;
  /** The fetch to send with (default globalThis.fetch). */
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: PacerClock;
  /** Uniform [0, 1) for retry jitter (default Math.random). */
  readonly random?: () => number;
}

/** What is known about the SpikeArrest setting before the first response. */
export interface SpikeKnowledge {
  readonly rate: number | null;
  readonly processors: number | ProcessorRange | null;
  readonly startSpacingMs: number | null;
  readonly minSpacingMs: number;
  readonly source: 'options' | 'report' | 'learned';
}

/** Checked options with defaults filled in. */
export interface ResolvedPacerOptions {
  readonly knowledge: SpikeKnowledge;
  readonly mode: PacerMode;
  readonly targetShare: number;
  readonly concurrency: number;
  readonly maxRetries: number;
  readonly deadlineMs: number;
  readonly headroomReserve: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: PacerClock;
  readonly random: () => number;
}

const DEFAULT_TARGET_SHARE = 0.02;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_DEADLINE_MS = 300_000;
const DEFAULT_HEADROOM_RESERVE = 0.1;

/** The default clock: performance time (sub-millisecond, monotonic) on the epoch, and timers. */
export const SYSTEM_CLOCK: PacerClock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** Checks createPacer's options (RangeError naming the option) and fills in the defaults. */
export function resolvePacerOptions(options: PacerOptions = {}): ResolvedPacerOptions {
  const fromReport = options.fromReport === undefined ? {} : pacerOptionsFromReport(options.fromReport);
  const merged: PacerOptions = { ...fromReport, ...withoutUndefined(options) };
  const rate = optionalNumber('rate', merged.rate, (v) => v > 0);
  const processors = processorsOption(merged.processors);
  const startSpacingMs = optionalNumber('startSpacingMs', merged.startSpacingMs, (v) => v >= 0);
  const minSpacingMs = optionalNumber('minSpacingMs', merged.minSpacingMs, (v) => v >= 0) ?? 0;
  const mode = merged.mode ?? 'zero-429';
  if (mode !== 'zero-429' && mode !== 'throughput')
    throw new RangeError(`mode must be 'zero-429' or 'throughput', got ${String(mode)}`);
  const targetShare = optionalNumber('targetShare', merged.targetShare, (v) => v >= 0 && v < 1) ?? DEFAULT_TARGET_SHARE;
  const concurrency = optionalNumber('concurrency', merged.concurrency, (v) => Number.isInteger(v) && v >= 1) ?? 1;
  if (mode === 'zero-429' && concurrency > 1)
    throw new RangeError('concurrency above 1 needs mode: throughput (zero-429 sends one request per key at a time)');
  const maxRetries =
    optionalNumber('maxRetries', merged.maxRetries, (v) => Number.isInteger(v) && v >= 0) ?? DEFAULT_MAX_RETRIES;
  const deadlineMs = optionalNumber('deadlineMs', merged.deadlineMs, (v) => v > 0) ?? DEFAULT_DEADLINE_MS;
  const headroomReserve =
    optionalNumber('headroomReserve', merged.headroomReserve, (v) => v >= 0 && v < 1) ?? DEFAULT_HEADROOM_RESERVE;
  const fetchImpl = merged.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new RangeError('fetch must be a function (no global fetch here)');
  const source: SpikeKnowledge['source'] =
    options.rate !== undefined || options.processors !== undefined
      ? 'options'
      : Object.keys(fromReport).length > 0
        ? 'report'
        : 'learned';
  return {
    knowledge: {
      rate,
      processors,
      startSpacingMs,
      minSpacingMs,
      source,
    },
    mode,
    targetShare,
    concurrency,
    maxRetries,
    deadlineMs,
    headroomReserve,
    fetch: fetchImpl,
    clock: merged.clock ?? SYSTEM_CLOCK,
    random: merged.random ?? Math.random,
  };
}

function optionalNumber(name: string, value: unknown, valid: (v: number) => boolean): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value))
    throw new RangeError(`${name} ${String(value)} is out of range`);
  return value;
}

function processorsOption(value: unknown): number | ProcessorRange | null {
  if (value === undefined || value === null) return null;
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (whole(value)) return value;
  if (typeof value === 'object') {
    const { low, high } = value as { low?: unknown; high?: unknown };
    if (whole(low) && whole(high) && low <= high) return low === high ? low : { low, high };
  }
  throw new RangeError(`processors must be a whole number ≥ 1 or { low, high }, got ${JSON.stringify(value)}`);
}

function withoutUndefined(options: PacerOptions): PacerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as PacerOptions;
}
