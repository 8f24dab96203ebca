// Public entry of the series stage: what the charts draw, bounded whatever the log's length.
import type { ThrottleLayer } from '../attribute/vocabulary.js';
import type { LedgerPoint } from '../ledger/index.js';
import { isThrottled } from '../normalise/throttled.js';
import type { RequestEvent } from '../types.js';
import { createSpacingHistogram, type SpacingHistogram } from './spacing-histogram.js';
import { createTrafficSeries, type TrafficSeries } from './traffic-series.js';

export { MAX_BINS, type SeriesBin, type TrafficSeries } from './traffic-series.js';
export { SPACING_EDGES_MS, type SpacingHistogram } from './spacing-histogram.js';

/** Everything the charts draw. */
export interface Series {
  readonly traffic: TrafficSeries;
  readonly spacing: SpacingHistogram;
}

/** Streams (event, ledger point) pairs; finish() takes the layer verdicts. */
export function createSeries(options: { readonly spikePerSecond: number | null }) {
  const traffic = createTrafficSeries(options);
  const spacing = createSpacingHistogram();
  return {
    observe(event: RequestEvent, point: LedgerPoint): void {
      traffic.observe(event, point);
      spacing.observe(point.own.gapMs, isThrottled(event));
    },
    /** Counts one 429's layer (after the last event), so finish() need not read the 429s again. */
    countVerdict(verdict: { readonly ts: number; readonly layer: ThrottleLayer }): void {
      traffic.countVerdict(verdict);
    },
    finish(verdicts: Iterable<{ readonly ts: number; readonly layer: ThrottleLayer }> = []): Series {
      return { traffic: traffic.finish(verdicts), spacing: spacing.finish() };
    },
  };
}
