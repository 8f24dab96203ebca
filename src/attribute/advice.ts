// What a client should change, as numbers: the spacing that covers every setting the log still
// allows, the 429 share at a few spacings, the minute/day pacing, limiter settings and retry waits.
import type { SpikePosterior } from '../spike/index.js';
import type { SpikeSetting } from './spike-setting.js';

/** One point of the expected-429 curve. */
export interface SpacingOutcome {
  readonly spacingMs: number;
  /** Expected share of a steady client's requests rejected by its own traffic (0–1). */
  readonly expectedShare: number;
}

/** What a client should change. */
export interface Advice {
  /** Smallest gap between two requests of one key that no setting the log allows rejects (ms); null without a spike model. */
  readonly minSpacingMs: number | null;
  /** The largest per-processor interval the log still allows (95 %), which minSpacingMs covers. */
  readonly coversIntervalMs: number | null;
  /** The largest own gap the log shows rejected by the client's own traffic (the advice stays above it). */
  readonly failingSpacingMs: number | null;
  /**
   * When the log shows no own request rejected by SpikeArrest: the low end (5th percentile) of the spacing the client
   * ran at. Nothing faster was tried, so the advice does not go below it.
   */
  readonly workingSpacingMs: number | null;
  /** The processor count the spacing assumes at the estimated rate, and whether the log measured it. */
  readonly processorsAssumed: number | null;
  readonly processorsMeasured: boolean;
  /** Expected 429 share at a few spacings, widest last. */
  readonly curve: readonly SpacingOutcome[];
  /** The same share at many spacings (a quarter to one and a half of minSpacingMs), for drawing. */
  readonly shareBySpacing: readonly SpacingOutcome[];
  /** Average spacing the minute and day limits allow for one bucket (ms). */
  readonly sustainedSpacingMs: { readonly perMinute: number | null; readonly perDay: number | null };
  readonly concurrency: number;
  /** One request per intervalMs, and at most reservoirPerMinute per minute (for p-queue / bottleneck). */
  readonly limiter: { readonly intervalMs: number; readonly reservoirPerMinute: number | null };
  /** Retry waits: after a spike 429 (one processor interval, plus jitter, doubling to 60 s), a minute 429, a day 429. */
  readonly retry: {
    readonly spikeWaitMs: number | null;
    readonly minuteWaitMs: number;
    readonly dayWait: 'until-quota-expiry';
  };
}

// Rounded up to this, so the advice reads as a person would set it.
const ROUND_MS = 10;
const CURVE_SHARES = [0.5, 0.7, 0.85, 1] as const;
const DRAWN_POINTS = 41;
const DRAWN_FROM = 0.25;
const DRAWN_TO = 1.5;

/** Advice from the spike setting, the posterior, the failing (or working) own gaps and the minute/day limits. */
export function adviseClient(
  spike: SpikeSetting | null,
  posterior: SpikePosterior | null,
  failingSpacingMs: number | null,
  limits: { readonly perMinute: number | null; readonly perDay: number | null },
  workingSpacingMs: number | null = null,
): Advice {
  const covers = spike?.intervalUpperMs ?? spike?.intervalMs ?? null;
  const floor = failingSpacingMs !== null ? failingSpacingMs + 1 : (workingSpacingMs ?? 0);
  const minSpacingMs = covers === null ? null : roundUp(Math.max(covers, floor));
  const perMinute = limits.perMinute ? Math.ceil(60_000 / limits.perMinute) : null;
  const perDay = limits.perDay ? Math.ceil(86_400_000 / limits.perDay) : null;
  const intervalMs = Math.max(minSpacingMs ?? 0, perMinute ?? 0) || 1000;
  const curve =
    minSpacingMs !== null && posterior
      ? CURVE_SHARES.map((share) => {
          const spacingMs = roundUp(minSpacingMs * share);
          return { spacingMs, expectedShare: posterior.rejectionShareAt(spacingMs) };
        })
      : [];
  const shareBySpacing =
    minSpacingMs !== null && posterior
      ? Array.from({ length: DRAWN_POINTS }, (_, index) => {
          const spacingMs = Math.round(
            minSpacingMs * (DRAWN_FROM + ((DRAWN_TO - DRAWN_FROM) * index) / (DRAWN_POINTS - 1)),
          );
          return { spacingMs, expectedShare: posterior.rejectionShareAt(spacingMs) };
        })
      : [];
  return {
    minSpacingMs,
    coversIntervalMs: covers,
    failingSpacingMs,
    workingSpacingMs: failingSpacingMs === null ? workingSpacingMs : null,
    processorsAssumed: spike?.processors ?? spike?.processorsCredible?.high ?? null,
    processorsMeasured: spike?.processorsFrom != null && spike.processors !== null,
    curve,
    shareBySpacing,
    sustainedSpacingMs: { perMinute, perDay },
    concurrency: 1,
    limiter: { intervalMs, reservoirPerMinute: limits.perMinute },
    retry: { spikeWaitMs: covers, minuteWaitMs: 60_000, dayWait: 'until-quota-expiry' },
  };
}

function roundUp(ms: number): number {
  return Math.ceil(ms / ROUND_MS) * ROUND_MS;
}
