// Traffic over time for drawing: a fixed number of time bins whose width doubles (merging pairs) as
// the log grows, so any log length fits in the same memory and is downsampled, never truncated.
import type { ThrottleLayer } from '../attribute/vocabulary.js';
import type { LedgerPoint } from '../ledger/index.js';
import { isThrottled } from '../normalise/throttled.js';
import type { Mutable, RequestEvent } from '../types.js';

/** The most bins a series holds; a chart is no wider than this many points. */
export const MAX_BINS = 600;
const FIRST_BIN_MS = 1000;

/** One time bin: counts are sums over it, peaks and server readings the largest seen in it. */
export interface SeriesBin {
  /** Epoch ms UTC of the bin's start; the bin covers [start, start + binMs). */
  readonly start: number;
  readonly requests: number;
  readonly throttled: number;
  /** Throttled responses per attributed limit layer. */
  readonly byLayer: Readonly<Partial<Record<ThrottleLayer, number>>>;
  /** Largest own count of one key in a rolling second, and of one bucket in a rolling minute / UTC day. */
  readonly peakPerSecond: number;
  readonly peakPerMinute: number;
  readonly peakPerDay: number;
  /** Largest `used` the server reported on the minute and day counters; null when none did. */
  readonly serverMinuteUsed: number | null;
  readonly serverDayUsed: number | null;
  /** The limits in force at the bin's last response; null when unknown. */
  readonly limitPerSecond: number | null;
  readonly limitPerMinute: number | null;
  readonly limitPerDay: number | null;
}

/** Requests over time, downsampled to at most MAX_BINS bins of binMs each. */
export interface TrafficSeries {
  readonly binMs: number;
  readonly bins: readonly SeriesBin[];
}

type MutableBin = Mutable<SeriesBin> & {
  byLayer: Partial<Record<ThrottleLayer, number>>;
};

/** Streams (event, ledger point) pairs into a bounded series; layers are added from the verdicts at the end. */
export function createTrafficSeries(options: { readonly spikePerSecond: number | null }) {
  let origin: number | null = null;
  let binMs = FIRST_BIN_MS;
  let bins: MutableBin[] = [];

  const widen = (): void => {
    binMs *= 2;
    const merged: MutableBin[] = [];
    for (const bin of bins) {
      const index = Math.floor((bin.start - (origin as number)) / binMs);
      const into = merged[merged.length - 1];
      if (into && Math.floor((into.start - (origin as number)) / binMs) === index) mergeInto(into, bin);
      else merged.push({ ...bin, start: (origin as number) + index * binMs, byLayer: { ...bin.byLayer } });
    }
    bins = merged;
  };

  const binAt = (ts: number): MutableBin => {
    origin ??= Math.floor(ts / FIRST_BIN_MS) * FIRST_BIN_MS;
    // Rows are in time order; one a little before the first still lands in the first bin.
    const offset = Math.max(0, ts - origin);
    while (Math.floor(offset / binMs) >= MAX_BINS) widen();
    const start = origin + Math.floor(offset / binMs) * binMs;
    const last = bins[bins.length - 1];
    if (last && last.start >= start) return last;
    const bin = emptyBin(start);
    bins.push(bin);
    return bin;
  };

  return {
    observe(event: RequestEvent, point: LedgerPoint): void {
      const bin = binAt(event.ts);
      bin.requests++;
      if (isThrottled(event)) bin.throttled++;
      bin.peakPerSecond = Math.max(bin.peakPerSecond, point.own.lastSecond);
      bin.peakPerMinute = Math.max(bin.peakPerMinute, point.own.rollingMinute);
      bin.peakPerDay = Math.max(bin.peakPerDay, point.own.utcDay);
      bin.serverMinuteUsed = larger(bin.serverMinuteUsed, point.server['product-minute']?.used ?? null);
      bin.serverDayUsed = larger(bin.serverDayUsed, point.server['product-day']?.used ?? null);
      bin.limitPerSecond = point.server.spike?.limit ?? options.spikePerSecond;
      bin.limitPerMinute = point.limits['product-minute'];
      bin.limitPerDay = point.limits['product-day'];
    },
    /** The series, with each throttled response's layer counted into its bin (read once, in any order). */
    /** Counts one 429's layer in its bin (after the last event: the bins are laid out by then). */
    countVerdict(verdict: { readonly ts: number; readonly layer: ThrottleLayer }): void {
      if (origin === null) return;
      const index = Math.floor(Math.max(0, verdict.ts - origin) / binMs);
      const bin = findBin(bins, origin + index * binMs);
      if (bin) bin.byLayer[verdict.layer] = (bin.byLayer[verdict.layer] ?? 0) + 1;
    },
    finish(verdicts: Iterable<{ readonly ts: number; readonly layer: ThrottleLayer }> = []): TrafficSeries {
      for (const verdict of verdicts) this.countVerdict(verdict);
      return { binMs, bins: bins.map((bin) => ({ ...bin, byLayer: { ...bin.byLayer } })) };
    },
  };
}

function emptyBin(start: number): MutableBin {
  return {
    start,
    requests: 0,
    throttled: 0,
    byLayer: {},
    peakPerSecond: 0,
    peakPerMinute: 0,
    peakPerDay: 0,
    serverMinuteUsed: null,
    serverDayUsed: null,
    limitPerSecond: null,
    limitPerMinute: null,
    limitPerDay: null,
  };
}

function mergeInto(into: MutableBin, bin: MutableBin): void {
  into.requests += bin.requests;
  into.throttled += bin.throttled;
  for (const [layer, n] of Object.entries(bin.byLayer) as [ThrottleLayer, number][])
    into.byLayer[layer] = (into.byLayer[layer] ?? 0) + n;
  into.peakPerSecond = Math.max(into.peakPerSecond, bin.peakPerSecond);
  into.peakPerMinute = Math.max(into.peakPerMinute, bin.peakPerMinute);
  into.peakPerDay = Math.max(into.peakPerDay, bin.peakPerDay);
  into.serverMinuteUsed = larger(into.serverMinuteUsed, bin.serverMinuteUsed);
  into.serverDayUsed = larger(into.serverDayUsed, bin.serverDayUsed);
  // The later bin's limits are the ones in force at the merged bin's end.
  into.limitPerSecond = bin.limitPerSecond ?? into.limitPerSecond;
  into.limitPerMinute = bin.limitPerMinute ?? into.limitPerMinute;
  into.limitPerDay = bin.limitPerDay ?? into.limitPerDay;
}

function larger(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

// Bins are sorted by start: binary search.
function findBin(bins: readonly MutableBin[], start: number): MutableBin | undefined {
  let low = 0;
  let high = bins.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const bin = bins[middle] as MutableBin;
    if (bin.start === start) return bin;
    if (bin.start < start) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
