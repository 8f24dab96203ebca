// Per-key and whole-log tallies of the decided verdicts, with the advice; nothing is decided again here.
import type { SpikePosterior } from '../spike/index.js';
import type { ExplainedAttribution } from './attribution-types.js';
import { adviseClient, type Advice } from './advice.js';
import type { SpacingQuality } from './spacing-quality.js';
import type { SpikeSetting } from './spike-setting.js';
import {
  ALL_KEYS,
  EXPLANATIONS,
  NO_KEY,
  THROTTLE_LAYERS,
  zeroCounts,
  type Explanation,
  type ThrottleLayer,
} from './vocabulary.js';

/** The tally for one key (or for the whole log, key `*`). */
export interface ThrottleSummary {
  readonly key: string;
  readonly throttled: number;
  readonly byLayer: Readonly<Record<ThrottleLayer, number>>;
  readonly byExplanation: Readonly<Record<Explanation, number>>;
  /** 429s whose two likeliest explanations were too close to call. */
  readonly ambiguous: number;
  /** The explanation that covers most of this key's 429s; null without 429s. */
  readonly primary: Explanation | null;
  /** Whether the log could measure this key's spacing (the worst key's, for the whole log). */
  readonly spacing: SpacingQuality;
  /** Median own gap (ms) at the spike 429s the model explains, and the model's own-429 share at that spacing. */
  readonly medianGapAt429Ms: number | null;
  readonly expectedRejectionShareAtThatGap: number | null;
  readonly advice: Advice;
}

/** What the tallies are computed with. */
export interface SummaryContext {
  readonly spike: SpikeSetting | null;
  readonly posterior: SpikePosterior | null;
  readonly spacing: ReadonlyMap<string, SpacingQuality>;
  readonly limits: { readonly perMinute: number | null; readonly perDay: number | null };
  /** Keys the log shows sending without one own spike rejection: the low end (p5, ms) of the spacing they ran at. */
  readonly working?: ReadonlyMap<string, number>;
}

/** Per-key and whole-log tallies; keys sorted by name. */
export function summarise(
  attributions: Iterable<ExplainedAttribution>,
  context: SummaryContext,
): { dataset: ThrottleSummary; keys: ThrottleSummary[] } {
  const summariser = createSummariser(context);
  for (const attribution of attributions) summariser.add(attribution);
  return summariser.result();
}

/** {@link summarise} one attribution at a time, in constant memory per key (the gaps are kept as counts). */
export function createSummariser(context: SummaryContext) {
  const byKey = new Map<string, Tally>();
  const datasetTally = createTally();
  return {
    add(attribution: ExplainedAttribution): void {
      const key = attribution.keyId ?? NO_KEY;
      let tally = byKey.get(key);
      if (!tally) byKey.set(key, (tally = createTally()));
      addTo(tally, attribution, context);
      addTo(datasetTally, attribution, context);
    },
    result(): { dataset: ThrottleSummary; keys: ThrottleSummary[] } {
      const keys = [...byKey]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, tally]) =>
          summaryOf(key, tally, context, context.spacing.get(key) ?? 'measurable', context.working?.get(key) ?? null),
        );
      const dataset = summaryOf(ALL_KEYS, datasetTally, context, worst(context.spacing), datasetWorking(context));
      return { dataset, keys };
    },
  };
}

interface Tally {
  throttled: number;
  readonly byLayer: Record<ThrottleLayer, number>;
  readonly byExplanation: Record<Explanation, number>;
  /** Own gaps at the 429s the model puts on own traffic: gap → how many. */
  readonly ownGaps: Map<number, number>;
  ownGapCount: number;
  failing: number | null;
  ambiguous: number;
}

function createTally(): Tally {
  return {
    throttled: 0,
    byLayer: zeroCounts(THROTTLE_LAYERS),
    byExplanation: zeroCounts(EXPLANATIONS),
    ownGaps: new Map(),
    ownGapCount: 0,
    failing: null,
    ambiguous: 0,
  };
}

function addTo(tally: Tally, attribution: ExplainedAttribution, context: SummaryContext): void {
  tally.throttled++;
  tally.byLayer[attribution.layer]++;
  tally.byExplanation[attribution.explanation]++;
  if (attribution.why.ambiguous) tally.ambiguous++;
  const gap = attribution.own.gapMs;
  const ownCaused = attribution.explanation === 'smoothing' || attribution.explanation === 'above-nominal';
  if (
    attribution.layer === 'spike' &&
    ownCaused &&
    gap !== null &&
    (context.spacing.get(attribution.keyId ?? NO_KEY) ?? 'measurable') === 'measurable'
  ) {
    tally.ownGaps.set(gap, (tally.ownGaps.get(gap) ?? 0) + 1);
    tally.ownGapCount++;
    tally.failing = tally.failing === null ? gap : Math.max(tally.failing, gap);
  }
}

function summaryOf(
  key: string,
  tally: Tally,
  context: SummaryContext,
  spacing: SpacingQuality,
  workingSpacingMs: number | null,
): ThrottleSummary {
  const { byLayer, byExplanation } = tally;
  const primary =
    tally.throttled === 0
      ? null
      : EXPLANATIONS.reduce((best, name) => (byExplanation[name] > byExplanation[best] ? name : best));
  const medianGapAt429Ms = median(tally.ownGaps, tally.ownGapCount);
  const expectedRejectionShareAtThatGap =
    medianGapAt429Ms !== null && context.posterior ? context.posterior.rejectionShareAt(medianGapAt429Ms) : null;
  return {
    key,
    throttled: tally.throttled,
    byLayer,
    byExplanation,
    ambiguous: tally.ambiguous,
    primary,
    spacing,
    medianGapAt429Ms,
    expectedRejectionShareAtThatGap,
    advice: adviseClient(context.spike, context.posterior, tally.failing, context.limits, workingSpacingMs),
  };
}

// SpikeArrest is set alike for every key: the fastest spacing any key ran without a rejection, when every key did.
function datasetWorking(context: SummaryContext): number | null {
  const working = context.working;
  if (!working || working.size === 0 || working.size < context.spacing.size) return null;
  return Math.min(...working.values());
}

function worst(spacing: ReadonlyMap<string, SpacingQuality>): SpacingQuality {
  const values = [...spacing.values()];
  if (values.length > 0 && values.every((value) => value === 'errors-only')) return 'errors-only';
  if (values.length > 0 && values.every((value) => value !== 'measurable')) return 'sparse';
  return 'measurable';
}

// The median of the gaps counted, as sorting every one would give it (the mean of the middle two, rounded, when even).
function median(counts: ReadonlyMap<number, number>, total: number): number | null {
  if (total === 0) return null;
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const at = (index: number): number => {
    let seen = 0;
    for (const gap of sorted) {
      seen += counts.get(gap) as number;
      if (seen > index) return gap;
    }
    return sorted[sorted.length - 1] as number;
  };
  const middle = Math.floor(total / 2);
  return total % 2 === 1 ? at(middle) : Math.round((at(middle - 1) + at(middle)) / 2);
}
