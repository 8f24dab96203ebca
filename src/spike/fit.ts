import { createGapAccumulator, type GapAccumulator, type GapStats } from './gap-stats.js';
import { createTimeDeque, type TimeDeque } from './time-deque.js';
import { perProcessorIntervalMs, unitMs, type RateUnit } from './units.js';

// Streaming likelihood fit: which (rate, N) of the effective-count model — or the sliding-window
// reading, or no spike model at all — best explains the accepted/rejected sequence of each key.
// Per request and candidate, k = the key's own accepted requests in the last I = N·unit/rate, and
// P(reject) comes from k (see rejectRule), clamped to [ε, 1 − ε] to absorb invisible foreign traffic.

/** How P(reject) follows from k own accepted requests in the interval on N processors. */
export type RejectRule = 'distinct' | 'independent';

/** Fitter settings. */
export interface SpikeFitOptions {
  /** Candidate rates per unit: one known rate, or several (e.g. [5, 10, 25]) when the profile is unknown. */
  readonly rates: readonly number[];
  /** Default 'second'. */
  readonly unit?: RateUnit;
  /** Candidate processor counts; default 1..10. */
  readonly processors?: readonly number[];
  /** Probability floor/ceiling ε; default 0.005. */
  readonly epsilon?: number;
  /**
   * 'distinct' (default): P = min(k, N)/N — exact for burst 1 and own traffic, because accepted
   * requests less than I apart sit on different processors. 'independent': 1 − (1 − 1/N)^k.
   */
  readonly rejectRule?: RejectRule;
  /** Rejected requests per key whose gap is kept individually; default 1000 (the summary covers all). */
  readonly maxRejectionSamplesPerKey?: number;
}

/** One effective-count candidate's score. */
export interface EffectiveCountScore {
  readonly rate: number;
  readonly processors: number;
  /** Per-processor interval I in ms. */
  readonly intervalMs: number;
  /** Natural-log likelihood of the observed outcomes. */
  readonly logLikelihood: number;
  /** Sum of the clamped per-request P(reject). */
  readonly expectedRejections: number;
  /** Rejections that arrived with k = 0 (not explained by the key's own traffic under this candidate). */
  readonly rejectionsWithoutOwnTraffic: number;
  /** Posterior weight among effective-count candidates under a uniform prior (0–1). */
  readonly posterior: number;
}

/** One sliding-window candidate's score. */
export interface SlidingWindowScore {
  readonly rate: number;
  readonly logLikelihood: number;
  readonly expectedRejections: number;
}

/** Model family compared in the result. */
export type SpikeModelName = 'effective-count' | 'sliding-window' | 'baseline';

/** One family's best score with AIC = 2·parameters − 2·logLikelihood. */
export interface ModelComparisonRow {
  readonly model: SpikeModelName;
  readonly parameters: number;
  readonly logLikelihood: number;
  readonly aic: number;
  /** AIC minus the lowest AIC (0 for the preferred model). */
  readonly deltaAic: number;
  /** 2 × (logLikelihood − baseline logLikelihood): the likelihood-ratio statistic against "no spike model". */
  readonly likelihoodRatioVsBaseline: number;
}

/** One rejected request's own spacing: the gap (ms) to the key's previous request, null for its first. */
export interface RejectionGap {
  readonly tMs: number;
  readonly gapMs: number | null;
}

/** Spacing facts for one key. */
export interface KeySpacing {
  readonly key: string;
  readonly requests: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly outOfOrder: number;
  /** Gaps between consecutive requests of the key. */
  readonly spacing: GapStats;
  /** Gaps ending at a rejected request. */
  readonly spacingAtRejection: GapStats;
  /** The first maxRejectionSamplesPerKey rejected requests with their gaps. */
  readonly rejectionGaps: readonly RejectionGap[];
  readonly rejectionGapsTruncated: boolean;
}

/** Everything the fitter learned, as plain data. */
export interface SpikeFitResult {
  readonly observations: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Observations dropped because they were earlier than the key's previous one. */
  readonly outOfOrder: number;
  readonly unit: RateUnit;
  readonly epsilon: number;
  readonly rejectRule: RejectRule;
  readonly candidates: readonly EffectiveCountScore[];
  /** Highest-likelihood effective-count candidate (first on ties), null with no observations. */
  readonly best: EffectiveCountScore | null;
  readonly slidingWindow: readonly SlidingWindowScore[];
  readonly bestSlidingWindow: SlidingWindowScore | null;
  readonly baseline: { readonly rejectionShare: number; readonly logLikelihood: number };
  /** Rows sorted by AIC, best first. */
  readonly comparison: readonly ModelComparisonRow[];
  /** The family with the lowest AIC, null with no observations. */
  readonly preferred: SpikeModelName | null;
  readonly keys: readonly KeySpacing[];
}

/** A streaming fitter. */
export interface SpikeFitter {
  /** Adds one request that reached the spike layer (times ascending per key; earlier ones are counted and skipped). */
  observe(key: string, tMs: number, outcome: 'accepted' | 'rejected'): void;
  /** The fit so far. */
  result(): SpikeFitResult;
}

interface KeyState {
  readonly acceptedTimes: TimeDeque;
  lastMs: number | null;
  requests: number;
  accepted: number;
  rejected: number;
  outOfOrder: number;
  readonly spacing: GapAccumulator;
  readonly spacingAtRejection: GapAccumulator;
  readonly rejectionGaps: RejectionGap[];
  truncated: boolean;
}

interface CandidateState {
  readonly rate: number;
  readonly processors: number;
  readonly intervalMs: number;
  logLikelihood: number;
  expectedRejections: number;
  rejectionsWithoutOwnTraffic: number;
}

interface SlidingState {
  readonly rate: number;
  logLikelihood: number;
  expectedRejections: number;
}

const DEFAULT_PROCESSORS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** P(reject) before clamping for k own accepted requests in the interval on N processors. */
export function rejectionGivenOwnAccepted(k: number, processors: number, rule: RejectRule = 'distinct'): number {
  return rule === 'distinct' ? Math.min(k, processors) / processors : 1 - Math.pow(1 - 1 / processors, k);
}

function logOutcome(p: number, rejected: boolean): number {
  return Math.log(rejected ? p : 1 - p);
}

function bestBy<T extends { readonly logLikelihood: number }>(items: readonly T[]): T | null {
  let best: T | null = null;
  for (const item of items) if (best === null || item.logLikelihood > best.logLikelihood) best = item;
  return best;
}

/** A new streaming fitter over the candidate grid rates × processors (throws RangeError on an empty or invalid grid). */
export function createSpikeFitter(options: SpikeFitOptions): SpikeFitter {
  const unit = options.unit ?? 'second';
  const epsilon = options.epsilon ?? 0.005;
  const rule = options.rejectRule ?? 'distinct';
  const maxSamples = options.maxRejectionSamplesPerKey ?? 1000;
  const processors = options.processors ?? DEFAULT_PROCESSORS;
  if (options.rates.length === 0 || processors.length === 0)
    throw new RangeError('need at least one rate and one processor count');
  if (options.rates.some((r) => !(r > 0)) || processors.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError('rates must be positive and processor counts positive integers');
  }
  if (!(epsilon > 0 && epsilon < 0.5)) throw new RangeError(`epsilon must be within (0, 0.5), got ${epsilon}`);

  const candidates: CandidateState[] = options.rates.flatMap((rate) =>
    processors.map((n) => ({
      rate,
      processors: n,
      intervalMs: perProcessorIntervalMs(rate, unit, n),
      logLikelihood: 0,
      expectedRejections: 0,
      rejectionsWithoutOwnTraffic: 0,
    })),
  );
  const sliding: SlidingState[] = options.rates.map((rate) => ({ rate, logLikelihood: 0, expectedRejections: 0 }));
  const windowMs = unitMs(unit);
  // Accepted times older than the widest window can never count again.
  const keepMs = Math.max(windowMs, ...candidates.map((c) => c.intervalMs));
  const clamp = (p: number): number => Math.min(1 - epsilon, Math.max(epsilon, p));
  const keys = new Map<string, KeyState>();
  let accepted = 0;
  let rejected = 0;
  let outOfOrder = 0;

  const stateFor = (key: string): KeyState => {
    let s = keys.get(key);
    if (!s) {
      s = {
        acceptedTimes: createTimeDeque(),
        lastMs: null,
        requests: 0,
        accepted: 0,
        rejected: 0,
        outOfOrder: 0,
        spacing: createGapAccumulator(),
        spacingAtRejection: createGapAccumulator(),
        rejectionGaps: [],
        truncated: false,
      };
      keys.set(key, s);
    }
    return s;
  };

  const score = (s: KeyState, tMs: number, isRejected: boolean): void => {
    s.acceptedTimes.trimThrough(tMs - keepMs);
    for (const c of candidates) {
      const k = s.acceptedTimes.countAfter(tMs - c.intervalMs);
      const p = clamp(rejectionGivenOwnAccepted(k, c.processors, rule));
      c.logLikelihood += logOutcome(p, isRejected);
      c.expectedRejections += p;
      if (isRejected && k === 0) c.rejectionsWithoutOwnTraffic++;
    }
    const inWindow = s.acceptedTimes.countAfter(tMs - windowMs);
    for (const w of sliding) {
      const p = inWindow >= w.rate ? 1 - epsilon : epsilon;
      w.logLikelihood += logOutcome(p, isRejected);
      w.expectedRejections += p;
    }
  };

  const record = (s: KeyState, tMs: number, isRejected: boolean): void => {
    const gapMs = s.lastMs === null ? null : tMs - s.lastMs;
    if (gapMs !== null) s.spacing.add(gapMs);
    s.lastMs = tMs;
    s.requests++;
    if (!isRejected) {
      s.accepted++;
      accepted++;
      s.acceptedTimes.push(tMs);
      return;
    }
    s.rejected++;
    rejected++;
    if (gapMs !== null) s.spacingAtRejection.add(gapMs);
    if (s.rejectionGaps.length < maxSamples) s.rejectionGaps.push({ tMs, gapMs });
    else s.truncated = true;
  };

  return {
    observe(key, tMs, outcome) {
      const s = stateFor(key);
      if (s.lastMs !== null && tMs < s.lastMs) {
        s.outOfOrder++;
        outOfOrder++;
        return;
      }
      const isRejected = outcome === 'rejected';
      score(s, tMs, isRejected);
      record(s, tMs, isRejected);
    },
    result() {
      return buildResult({
        candidates,
        sliding,
        keys,
        accepted,
        rejected,
        outOfOrder,
        unit,
        epsilon,
        rule,
        manyRates: options.rates.length > 1,
      });
    },
  };
}

interface ResultInput {
  readonly candidates: readonly CandidateState[];
  readonly sliding: readonly SlidingState[];
  readonly keys: ReadonlyMap<string, KeyState>;
  readonly accepted: number;
  readonly rejected: number;
  readonly outOfOrder: number;
  readonly unit: RateUnit;
  readonly epsilon: number;
  readonly rule: RejectRule;
  readonly manyRates: boolean;
}

function buildResult(input: ResultInput): SpikeFitResult {
  const observations = input.accepted + input.rejected;
  const maxLl = Math.max(...input.candidates.map((c) => c.logLikelihood));
  const weights = input.candidates.map((c) => Math.exp(c.logLikelihood - maxLl));
  const total = weights.reduce((a, b) => a + b, 0);
  const candidates: EffectiveCountScore[] = input.candidates.map((c, i) => ({
    rate: c.rate,
    processors: c.processors,
    intervalMs: c.intervalMs,
    logLikelihood: c.logLikelihood,
    expectedRejections: c.expectedRejections,
    rejectionsWithoutOwnTraffic: c.rejectionsWithoutOwnTraffic,
    posterior: (weights[i] as number) / total,
  }));
  const slidingWindow: SlidingWindowScore[] = input.sliding.map((w) => ({ ...w }));
  const share = observations ? input.rejected / observations : 0;
  const baselineLl =
    (input.rejected ? input.rejected * Math.log(share) : 0) +
    (input.accepted ? input.accepted * Math.log(1 - share) : 0);
  const best = observations ? bestBy(candidates) : null;
  const bestSlidingWindow = observations ? bestBy(slidingWindow) : null;
  const rateParams = input.manyRates ? 1 : 0;
  const comparison = observations
    ? compareModels(
        [
          {
            model: 'effective-count',
            parameters: rateParams + 1,
            logLikelihood: (best as EffectiveCountScore).logLikelihood,
          },
          {
            model: 'sliding-window',
            parameters: rateParams,
            logLikelihood: (bestSlidingWindow as SlidingWindowScore).logLikelihood,
          },
          { model: 'baseline', parameters: 1, logLikelihood: baselineLl },
        ],
        baselineLl,
      )
    : [];
  return {
    observations,
    accepted: input.accepted,
    rejected: input.rejected,
    outOfOrder: input.outOfOrder,
    unit: input.unit,
    epsilon: input.epsilon,
    rejectRule: input.rule,
    candidates,
    best,
    slidingWindow,
    bestSlidingWindow,
    baseline: { rejectionShare: share, logLikelihood: baselineLl },
    comparison,
    preferred: comparison[0]?.model ?? null,
    keys: [...input.keys].map(([key, s]) => keySpacing(key, s)),
  };
}

function compareModels(
  rows: readonly { readonly model: SpikeModelName; readonly parameters: number; readonly logLikelihood: number }[],
  baselineLl: number,
): ModelComparisonRow[] {
  const withAic = rows.map((r) => ({ ...r, aic: 2 * r.parameters - 2 * r.logLikelihood }));
  const minAic = Math.min(...withAic.map((r) => r.aic));
  return withAic
    .map((r) => ({ ...r, deltaAic: r.aic - minAic, likelihoodRatioVsBaseline: 2 * (r.logLikelihood - baselineLl) }))
    .sort((a, b) => a.aic - b.aic);
}

function keySpacing(key: string, s: KeyState): KeySpacing {
  return {
    key,
    requests: s.requests,
    accepted: s.accepted,
    rejected: s.rejected,
    outOfOrder: s.outOfOrder,
    spacing: s.spacing.stats(),
    spacingAtRejection: s.spacingAtRejection.stats(),
    rejectionGaps: [...s.rejectionGaps],
    rejectionGapsTruncated: s.truncated,
  };
}
