import { rejectionProbability, type SpikeFitResult } from '../spike/index.js';
import type { Profile } from '../types.js';
import { adviseClient, type Advice } from './advice.js';
import type { Attribution, ThrottleLayer } from './attribution-types.js';
import { explain, knownGapMs, type ExplainContext, type Explanation, type SpikeSetting } from './explain.js';

const LAYERS: readonly ThrottleLayer[] = [
  'spike',
  'product-minute',
  'product-day',
  'tenant-minute',
  'tenant-day',
  'legacy-credit',
  'unknown',
];
// Posterior weight of the best (rate, N) among all candidates above which the fit overrides the profile's rate.
const CLEAR_POSTERIOR = 0.9;
const EXPLANATIONS: readonly Explanation[] = [
  'above-nominal',
  'smoothing',
  'other-consumers',
  'exhaustion',
  'unexplained',
];

/** The verdict for one key (or for the whole dataset, key `*`). */
export interface KeyVerdict {
  readonly key: string;
  readonly throttled: number;
  readonly byLayer: Readonly<Record<ThrottleLayer, number>>;
  readonly byExplanation: Readonly<Record<Explanation, number>>;
  /** The explanation that covers most of this key's 429s; null without 429s. */
  readonly primary: Explanation | null;
  readonly spike: SpikeSetting | null;
  /** Median own gap (ms) at the spike 429s, and the model's rejection share at that spacing. */
  readonly medianGapAt429Ms: number | null;
  readonly expectedRejectionShareAtThatGap: number | null;
  /** One paragraph in plain words. */
  readonly summary: string;
  readonly advice: Advice;
}

/** The spike setting to judge with: fault strings first, then the fitted model, then the profile. */
export function chooseSpikeSetting(
  attributions: readonly Attribution[],
  fit: SpikeFitResult | null,
  profile: Profile | null,
): SpikeSetting | null {
  const fromFaults = mostCommon(
    attributions.flatMap((a) =>
      a.faultRate && a.faultRate.unit === 'second' ? [`${a.faultRate.rate}/${a.faultRate.processors}`] : [],
    ),
  );
  if (fromFaults) {
    const [rate, processors] = fromFaults.split('/').map(Number) as [number, number];
    return { rate, processors, rateFrom: 'fault', processorsFrom: 'fault' };
  }
  const fitted = fit?.preferred === 'effective-count' && fit.best && fit.rejected > 0 ? fit.best : null;
  // A clear fit at another rate than the profile's says the profile is wrong for this gateway.
  if (fitted && fitted.posterior >= CLEAR_POSTERIOR && fitted.rate !== profile?.spikePerSecond) {
    return { rate: fitted.rate, processors: fitted.processors, rateFrom: 'fit', processorsFrom: 'fit' };
  }
  const rate = profile?.spikePerSecond ?? null;
  if (rate === null) return null;
  // The fitted N is only meaningful for the rate it was fitted with.
  if (fitted && fitted.rate === rate)
    return { rate, processors: fitted.processors, rateFrom: 'profile', processorsFrom: 'fit' };
  return { rate, processors: null, rateFrom: 'profile', processorsFrom: null };
}

/** Per-key and whole-dataset verdicts from the attributed 429s. */
export function buildVerdicts(
  attributions: readonly Attribution[],
  context: ExplainContext,
): { dataset: KeyVerdict; keys: KeyVerdict[] } {
  const byKey = new Map<string, Attribution[]>();
  for (const attribution of attributions) {
    const key = attribution.keyId ?? '(not logged)';
    const list = byKey.get(key) ?? [];
    list.push(attribution);
    byKey.set(key, list);
  }
  const keys = [...byKey].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => verdictFor(key, list, context));
  return { dataset: verdictFor('*', attributions, context), keys };
}

function verdictFor(key: string, list: readonly Attribution[], context: ExplainContext): KeyVerdict {
  const { spike, profile } = context;
  const wholeSecondTimes = context.wholeSecondTimes ?? false;
  const byLayer = Object.fromEntries(LAYERS.map((layer) => [layer, 0])) as Record<ThrottleLayer, number>;
  const byExplanation = Object.fromEntries(EXPLANATIONS.map((name) => [name, 0])) as Record<Explanation, number>;
  const spikeGaps: number[] = [];
  for (const attribution of list) {
    byLayer[attribution.layer]++;
    byExplanation[explain(attribution, context)]++;
    const gapMs = knownGapMs(attribution, wholeSecondTimes);
    if (attribution.layer === 'spike' && gapMs !== null) spikeGaps.push(gapMs);
  }
  const primary =
    list.length === 0
      ? null
      : EXPLANATIONS.reduce(
          (best, name) => (byExplanation[name] > byExplanation[best] ? name : best),
          EXPLANATIONS[0] as Explanation,
        );
  const medianGapAt429Ms = median(spikeGaps);
  const expectedRejectionShareAtThatGap =
    spike && spike.processors !== null && medianGapAt429Ms !== null
      ? rejectionProbability(medianGapAt429Ms, {
          rate: spike.rate,
          unit: 'second',
          processors: spike.processors,
          routing: 'random',
        })
      : null;
  const advice = adviseClient(spike, profile);
  return {
    key,
    throttled: list.length,
    byLayer,
    byExplanation,
    primary,
    spike,
    medianGapAt429Ms,
    expectedRejectionShareAtThatGap,
    summary: summarise(
      list.length,
      byExplanation,
      spike,
      medianGapAt429Ms,
      expectedRejectionShareAtThatGap,
      advice,
      wholeSecondTimes,
      context.othersNote,
    ),
    advice,
  };
}

function summarise(
  total: number,
  counts: Record<Explanation, number>,
  spike: SpikeSetting | null,
  gap: number | null,
  share: number | null,
  advice: Advice,
  wholeSecondTimes: boolean,
  othersNote: string | undefined,
): string {
  if (total === 0) return 'No throttled responses.';
  const parts: string[] = [];
  if (wholeSecondTimes)
    parts.push(
      'The log has whole-second timestamps, so spacing inside a second is unknown; log milliseconds for a sharper answer.',
    );
  const of = (n: number) => `${n} of ${total}`;
  if (counts['smoothing'] > 0 && spike && spike.processors !== null) {
    const nominal = Math.round(1000 / spike.rate);
    const interval = Math.round((1000 / spike.rate) * spike.processors);
    parts.push(
      `${of(counts['smoothing'])} 429s came below the nominal ${spike.rate}/s: ` +
        (gap === null
          ? `you sent fewer than ${spike.rate} requests in that second, `
          : `your requests were ${gap} ms apart (median), slower than the nominal one per ${nominal} ms, `) +
        `but SpikeArrest with UseEffectiveCount splits the rate over ${spike.processors} message processors (${spike.processorsFrom === 'fault' ? 'read from the fault' : 'fitted to your log'}), ` +
        `so each one admits one request per ${interval} ms and a request routed to a busy one is rejected` +
        (share !== null
          ? `; at that spacing about ${(share * 100).toFixed(0)} % of requests are expected to be rejected.`
          : '.'),
    );
  }
  if (counts['above-nominal'] > 0)
    parts.push(
      `${of(counts['above-nominal'])} 429s came when this traffic ran above the nominal ${spike ? `${spike.rate}/s` : 'rate'}.`,
    );
  if (counts['other-consumers'] > 0) {
    parts.push(
      `${of(counts['other-consumers'])} 429s are explained by other consumers of the same bucket: ${othersNote ?? 'the server counted requests your log does not contain'}. If that traffic used the same key (another server, thread or plugin), it also shared your per-second SpikeArrest bucket.`,
    );
  }
  if (counts['exhaustion'] > 0)
    parts.push(
      `${of(counts['exhaustion'])} 429s hit a minute, day, tenant or credit limit that your own traffic used up.`,
    );
  if (counts['unexplained'] > 0)
    parts.push(
      `${of(counts['unexplained'])} 429s are not explained by the log (no counters, no fault, spacing above the per-processor interval): possibly eventual consistency in Apigee's counters or traffic on the same key that is not logged.`,
    );
  if (advice.minSpacingMs !== null)
    parts.push(`To avoid them: keep at least ${advice.minSpacingMs} ms between requests of one key, one at a time.`);
  return parts.join(' ');
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}
