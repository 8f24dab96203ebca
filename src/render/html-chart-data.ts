// The report's series reshaped into the column arrays uPlot draws (x in epoch seconds); nothing is computed.
import { THROTTLE_LAYERS, type ThrottleLayer } from '../attribute/vocabulary.js';
import type { Report } from '../report.js';

/** Everything the page's script draws, as plain arrays. */
export interface ChartData {
  readonly binMs: number;
  readonly time: {
    readonly x: readonly number[];
    readonly perSecond: readonly number[];
    readonly limitPerSecond: readonly (number | null)[];
    /** The SpikeArrest rate the model settled on (may differ from the headers' or profile's nominal one). */
    readonly modelRate: number | null;
    readonly perMinute: readonly number[];
    readonly serverMinute: readonly (number | null)[];
    readonly limitPerMinute: readonly (number | null)[];
    readonly perDay: readonly number[];
    readonly serverDay: readonly (number | null)[];
    readonly limitPerDay: readonly (number | null)[];
    readonly throttledByLayer: readonly {
      readonly layer: ThrottleLayer;
      readonly counts: readonly (number | null)[];
    }[];
  };
  readonly spacing: {
    /** Bin starts in ms (the first bin starts at 1 ms so a log axis can hold it). */
    readonly x: readonly number[];
    readonly accepted: readonly number[];
    readonly throttled: readonly number[];
    readonly intervalMs: number | null;
    readonly intervalUpperMs: number | null;
    readonly minSpacingMs: number | null;
  };
  readonly share: {
    readonly x: readonly number[];
    readonly percent: readonly number[];
    readonly minSpacingMs: number | null;
    readonly failingSpacingMs: number | null;
  };
}

/** The report's series as chart columns. */
export function chartData(report: Report): ChartData {
  const { bins, binMs } = report.series.traffic;
  const histogram = report.series.spacing;
  const advice = report.throttling.verdict.dataset.advice;
  const setting = report.throttling.spike.setting;
  // The histogram's populated bins with one empty bin either side (and the marked spacings inside).
  const populated = histogram.edgesMs
    .map((_, index) => index)
    .filter((index) => (histogram.accepted[index] ?? 0) + (histogram.throttled[index] ?? 0) > 0);
  const marked = [setting?.intervalMs, setting?.intervalUpperMs, advice.minSpacingMs].flatMap((ms) =>
    ms === null || ms === undefined ? [] : [histogram.edgesMs.findLastIndex((edge) => edge <= ms)],
  );
  const from = Math.max(0, Math.min(...populated, ...marked) - 1);
  const to = Math.min(histogram.edgesMs.length, Math.max(...populated, ...marked) + 2);
  const layers = THROTTLE_LAYERS.filter((layer) => bins.some((bin) => (bin.byLayer[layer] ?? 0) > 0));
  return {
    binMs,
    time: {
      x: bins.map((bin) => bin.start / 1000),
      perSecond: bins.map((bin) => bin.peakPerSecond),
      limitPerSecond: bins.map((bin) => bin.limitPerSecond),
      modelRate: setting?.rate ?? null,
      perMinute: bins.map((bin) => bin.peakPerMinute),
      serverMinute: bins.map((bin) => bin.serverMinuteUsed),
      limitPerMinute: bins.map((bin) => bin.limitPerMinute),
      perDay: bins.map((bin) => bin.peakPerDay),
      serverDay: bins.map((bin) => bin.serverDayUsed),
      limitPerDay: bins.map((bin) => bin.limitPerDay),
      throttledByLayer: layers.map((layer) => ({
        layer,
        counts: bins.map((bin) => bin.byLayer[layer] ?? null),
      })),
    },
    spacing: {
      x: histogram.edgesMs.slice(from, to).map((edge) => Math.max(1, edge)),
      accepted: histogram.accepted.slice(from, to),
      throttled: histogram.throttled.slice(from, to),
      intervalMs: setting?.intervalMs ?? null,
      intervalUpperMs: setting?.intervalUpperMs ?? null,
      minSpacingMs: advice.minSpacingMs,
    },
    share: {
      x: advice.shareBySpacing.map((point) => point.spacingMs),
      percent: advice.shareBySpacing.map((point) => Math.round(point.expectedShare * 10000) / 100),
      minSpacingMs: advice.minSpacingMs,
      failingSpacingMs: advice.failingSpacingMs,
    },
  };
}
