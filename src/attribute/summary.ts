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
}

/** Per-key and whole-log tallies; keys sorted by name. */
export function summarise(
  attributions: readonly ExplainedAttribution[],
  context: SummaryContext,
): { dataset: ThrottleSummary; keys: ThrottleSummary[] } {
  const byKey = new Map<string, ExplainedAttribution[]>();
  for (const attribution of attributions) {
    const key = attribution.keyId ?? NO_KEY;
    const list = byKey.get(key) ?? [];
    list.push(attribution);
    byKey.set(key, list);
  }
  const keys = [...byKey]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => summaryOf(key, list, context, context.spacing.get(key) ?? 'measurable'));
  return { dataset: summaryOf(ALL_KEYS, attributions, context, worst(context.spacing)), keys };
}

function summaryOf(
  key: string,
  list: readonly ExplainedAttribution[],
  context: SummaryContext,
  spacing: SpacingQuality,
): ThrottleSummary {
  const byLayer = zeroCounts(THROTTLE_LAYERS);
  const byExplanation = zeroCounts(EXPLANATIONS);
  const ownGaps: number[] = [];
  let failing: number | null = null;
  let ambiguous = 0;
  for (const attribution of list) {
    byLayer[attribution.layer]++;
    byExplanation[attribution.explanation]++;
    if (attribution.why.ambiguous) ambiguous++;
    const gap = attribution.own.gapMs;
    const ownCaused = attribution.explanation === 'smoothing' || attribution.explanation === 'above-nominal';
    if (
      attribution.layer === 'spike' &&
      ownCaused &&
      gap !== null &&
      (context.spacing.get(attribution.keyId ?? NO_KEY) ?? 'measurable') === 'measurable'
    ) {
      ownGaps.push(gap);
      failing = failing === null ? gap : Math.max(failing, gap);
    }
  }
  const primary =
    list.length === 0
      ? null
      : EXPLANATIONS.reduce((best, name) => (byExplanation[name] > byExplanation[best] ? name : best));
  const medianGapAt429Ms = median(ownGaps);
  const expectedRejectionShareAtThatGap =
    medianGapAt429Ms !== null && context.posterior ? context.posterior.rejectionShareAt(medianGapAt429Ms) : null;
  return {
    key,
    throttled: list.length,
    byLayer,
    byExplanation,
    ambiguous,
    primary,
    spacing,
    medianGapAt429Ms,
    expectedRejectionShareAtThatGap,
    advice: adviseClient(context.spike, context.posterior, failing, context.limits),
  };
}

function worst(spacing: ReadonlyMap<string, SpacingQuality>): SpacingQuality {
  const values = [...spacing.values()];
  if (values.length > 0 && values.every((value) => value === 'errors-only')) return 'errors-only';
  if (values.length > 0 && values.every((value) => value !== 'measurable')) return 'sparse';
  return 'measurable';
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}
