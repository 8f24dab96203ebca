// An errors-only log of a steady client still bounds the rate: the requests its spacing implies, less the errors
// logged, were admitted, and no SpikeArrest rate admits more than its rate over a span (plus one per processor).
import { GapHistogram } from '../ledger/index.js';
import type { SteadyTrain } from '../spike/index.js';

// At least this many gaps between errors, to say anything.
const MIN_GAPS = 30;
// Gaps this close to the shortest ones are the client's spacing itself (errors one request apart)…
const ONE_SPACING_SPREAD = 1.5;
// …re-centred on their median this many times…
const SETTLING_ROUNDS = 4;
// …and at least this share of the gaps must be one apart to read the spacing from.
const MIN_ONE_APART_SHARE = 0.03;
// A steady client never sends much faster than its spacing: gaps shorter than this share of it are bursts.
const BURST_BELOW_SPACING = 0.6;
// Its errors are never more than this many spacings apart (a longer gap is a pause), for this share of the gaps.
const STEADY_MAX_SPACINGS = 12;
const STEADY_QUANTILE = 0.99;
// Its gaps sit this close to whole spacings on average (uniform ±30 % jitter gives about 0.15).
const LATTICE_MISFIT = 0.2;
// A rate is ruled out only when the admitted requests exceed it by this factor, so a misread spacing cannot rule out
// the true rate.
export const ADMITTED_MARGIN = 1.25;

/** One errors-only key's logged errors, as far as the bound needs them. */
export interface ErrorTrain {
  count: number;
  firstTs: number;
  lastTs: number;
  readonly gaps: GapHistogram;
}

/** An empty train. */
export function emptyTrain(): ErrorTrain {
  return { count: 0, firstTs: 0, lastTs: 0, gaps: new GapHistogram() };
}

/** Books one logged error (time order). */
export function bookError(train: ErrorTrain, ts: number): void {
  if (train.count === 0) train.firstTs = ts;
  else train.gaps.add(ts - train.lastTs);
  train.lastTs = ts;
  train.count++;
}

/** What a steady errors-only client shows admitted, and the least rate that admits that much. */
export interface AdmittedFloor {
  readonly spacingMs: number;
  readonly admittedPerSecond: number;
  readonly spanS: number;
  /** Requests the spacing implies over the span, and how many of them were the errors logged. */
  readonly sent: number;
  readonly rejected: number;
  /** The day counter's counts of the requests sent that confirm the spacing (empty: none did). */
  readonly byDayCounter: readonly SteadyTrain[];
  /** Rates below this cannot have admitted the requests (with ADMITTED_MARGIN and one per processor to spare). */
  readonly leastRate: number;
}

/** The floor a steady client's logged errors put under the rate; null when the errors do not show a steady client. */
export function admittedFloor(train: ErrorTrain, maxProcessors: number): AdmittedFloor | null {
  const { gaps } = train;
  if (gaps.count < MIN_GAPS) return null;
  const shortest = gaps.quantile(0.05);
  if (shortest === null || shortest <= 0) return null;
  // A first reading of the spacing: the median of the gaps one request apart, re-centred on itself a few times.
  let spacingMs: number | null = shortest;
  let oneApart = 0;
  for (let round = 0; round < SETTLING_ROUNDS && spacingMs !== null && spacingMs > 0; round++) {
    oneApart = gaps.countAtMost(spacingMs * ONE_SPACING_SPREAD);
    spacingMs = gaps.quantile(oneApart / 2 / gaps.count);
  }
  if (spacingMs === null || spacingMs <= 0 || oneApart < MIN_ONE_APART_SHARE * gaps.count) return null;
  const fastest = gaps.quantile(0.01);
  const longest = gaps.quantile(STEADY_QUANTILE);
  if (fastest === null || fastest < BURST_BELOW_SPACING * spacingMs) return null;
  if (longest === null || longest > spacingMs * STEADY_MAX_SPACINGS) return null;
  // Pairs of errors one request apart come more often after a short gap, so that reading is low: every gap is a whole
  // number of spacings, and the mean spacing is the span over how many there were.
  const spanMs = train.lastTs - train.firstTs;
  if (spanMs <= 0) return null;
  let spacings = 0;
  for (let round = 0; round < SETTLING_ROUNDS; round++) {
    spacings = spacingsIn(gaps, spacingMs);
    spacingMs = spanMs / spacings;
  }
  // A client whose gaps are not whole multiples of one spacing (one that waits for answers) is not steady.
  if (latticeMisfit(gaps, spacingMs) > LATTICE_MISFIT) return null;
  const spanS = spanMs / 1000;
  const admitted = Math.max(0, spacings + 1 - train.count);
  return {
    spacingMs,
    admittedPerSecond: admitted / spanS,
    spanS,
    sent: spacings + 1,
    rejected: train.count,
    byDayCounter: [],
    leastRate: Math.max(0, admitted - maxProcessors) / (ADMITTED_MARGIN * spanS),
  };
}

// How many spacings the gaps hold in all, each gap at least one.
function spacingsIn(gaps: GapHistogram, spacingMs: number): number {
  let spacings = 0;
  gaps.forEachBucket((gapMs, count) => {
    spacings += count * Math.max(1, Math.round(gapMs / spacingMs));
  });
  return spacings;
}

// The mean distance of a gap from its nearest whole number of spacings, in spacings.
function latticeMisfit(gaps: GapHistogram, spacingMs: number): number {
  let misfit = 0;
  gaps.forEachBucket((gapMs, count) => {
    const spacings = gapMs / spacingMs;
    misfit += count * Math.abs(spacings - Math.max(1, Math.round(spacings)));
  });
  return misfit / gaps.count;
}
