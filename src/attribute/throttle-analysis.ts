// Streams events (with the ledger's point for each) through the delay line into layer verdicts and
// the SpikeArrest evidence; at the end, the posterior decides the setting and every explanation.
import type { LedgerPoint, LedgerReport } from '../ledger/index.js';
import { isOtherError } from '../normalise/throttled.js';
import {
  createSpikeFitter,
  PASSED_HOLD_CHANCE,
  type SpikeFitSummary,
  type SpikeObservation,
  type SpikePosterior,
} from '../spike/index.js';
import type { Profile, RequestEvent, SourceRef } from '../types.js';
import type { Attribution, ExplainedAttribution, FaultRate } from './attribution-types.js';
import { decideExplanation, reviewLayer, type InferredSpacing } from './decide.js';
import { createDelayLine, type Released } from './delay-line.js';
import { spacingQuality, type SpacingQuality } from './spacing-quality.js';
import { decideSpikeSetting, type SpikeSetting } from './spike-setting.js';
import { spikeOutcome } from './spike-outcome.js';
import { summarise, type ThrottleSummary } from './summary.js';

// Keap's published and staff-quoted spike rates (25/s default, 10/s PAT docs, 5/s SAK staff).
const KEAP_RATES_PER_SECOND = [5, 10, 25];
// Keap's faults show 5–7 processors; room above that lets a fit say when none of those fits.
const CANDIDATE_PROCESSORS = Array.from({ length: 16 }, (_, index) => index + 1);
const EXAMPLES_PER_STATUS = 3;
// Enough own accepted requests to fill every processor at the widest interval; more change nothing.
const ACCEPTED_GAPS_KEPT = 32;
// The prior share of a rate named by x-keap-product-spike-limit, or by the profiles the headers match.
const NAMED_RATE_PRIOR = 0.7;
const MATCHED_RATES_PRIOR = 0.6;

/** Errors that are not throttling, counted apart. */
export interface OtherErrors {
  readonly status: number;
  readonly count: number;
  readonly examples: readonly SourceRef[];
}

/** What the analysis says about every throttled response. */
export interface ThrottleReport {
  readonly throttled: number;
  /** 1000 when every logged time is a whole second: sub-second spacing is then unknown. */
  readonly timestampResolutionMs: 1 | 1000;
  readonly attributions: readonly ExplainedAttribution[];
  readonly otherErrors: readonly OtherErrors[];
  readonly spike: { readonly setting: SpikeSetting | null; readonly fit: SpikeFitSummary | null };
  readonly verdict: { readonly dataset: ThrottleSummary; readonly keys: readonly ThrottleSummary[] };
}

/** Options: the profile in force, and the rates of other profiles the headers match as well. */
export interface ThrottleAnalysisOptions {
  readonly profile: Profile | null;
  readonly competingRates?: readonly number[];
}

/** A streaming analysis of throttled responses. */
export function createThrottleAnalysis(options: ThrottleAnalysisOptions) {
  const profileRate = options.profile?.spikePerSecond ?? null;
  const matchedRates = [
    ...new Set([...(profileRate === null ? [] : [profileRate]), ...(options.competingRates ?? [])]),
  ];
  const rates = [...new Set([...matchedRates, ...KEAP_RATES_PER_SECOND])];
  const fitter = createSpikeFitter({ rates, processors: CANDIDATE_PROCESSORS });
  const line = createDelayLine({ spikeRate: profileRate });
  const attributions: Attribution[] = [];
  const faults: FaultRate[] = [];
  const headerRates = new Map<number, number>();
  const otherErrors = new Map<number, { count: number; examples: SourceRef[] }>();
  let limits: LedgerPoint['limits'] | null = null;
  let fitted = 0;
  // Many loggers write whole seconds; sub-second spacing cannot be judged from such a log.
  let wholeSecondTimes = true;

  const release = ({ event, point, verdict, foreignPerSecond }: Released): void => {
    limits = point.limits;
    const key = event.keyId ?? '';
    const foreign = point.foreign['product-minute'].requests;
    if (verdict) {
      if (verdict.faultRate) faults.push(verdict.faultRate);
      attributions.push({
        ...verdict,
        source: event.source,
        ts: event.ts,
        status: event.status,
        keyId: event.keyId,
        method: event.method,
        path: event.path,
        own: point.own,
        foreign: {
          'product-minute': foreign,
          'product-day': point.foreign['product-day'].requests,
          'tenant-minute': point.foreign['tenant-minute'].requests,
          'tenant-day': point.foreign['tenant-day'].requests,
        },
        limits: point.limits,
        lastUsed: point.lastUsed,
        // Every 429 keeps them: a quota 429 may turn out to be SpikeArrest's (reviewLayer).
        acceptedGapsMs: fitter.recentAcceptedGaps(key, event.ts).slice(0, ACCEPTED_GAPS_KEPT),
        passedGapsMs: fitter.recentPassedGaps(key, event.ts).slice(0, ACCEPTED_GAPS_KEPT),
        holdWeights: [],
        foreignPerSecond,
      });
    }
    if (isOtherError(event)) {
      const entry = otherErrors.get(event.status) ?? { count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < EXAMPLES_PER_STATUS) entry.examples.push(event.source);
      otherErrors.set(event.status, entry);
    }
    const outcome = spikeOutcome(event, verdict?.layer ?? null);
    if (outcome === 'unobserved') return;
    // The fitter reads its observation at once: one record serves every event.
    observation.key = key;
    observation.tMs = event.ts;
    observation.outcome = outcome;
    observation.foreignPerSecond = foreignPerSecond;
    observation.resolutionMs = wholeSecondTimes ? 1000 : 1;
    fitter.observe(observation);
    fitted++;
  };
  const observation: { -readonly [K in keyof SpikeObservation]: SpikeObservation[K] } = {
    key: '',
    tMs: 0,
    outcome: 'accepted',
    foreignPerSecond: null,
    resolutionMs: 1,
  };
  const released: Released[] = [];

  return {
    observe(event: RequestEvent, point: LedgerPoint): void {
      if (event.ts % 1000 !== 0) wholeSecondTimes = false;
      const named = event.counters.spikeLimit;
      if (named?.unit === 'second' && named.rate !== null)
        headerRates.set(named.rate, (headerRates.get(named.rate) ?? 0) + 1);
      line.pushInto(event, point, released);
      for (let i = 0; i < released.length; i++) release(released[i] as Released);
      released.length = 0;
    },
    finish(ledger: LedgerReport): ThrottleReport {
      for (const released of line.finish()) release(released);
      attributions.sort((a, b) => a.ts - b.ts || a.source.line - b.source.line);
      const posterior: SpikePosterior | null =
        fitted > 0
          ? fitter.result({ rates: ratePrior(rates, matchedRates, headerRates), faults: faultCounts(faults) })
          : null;
      const setting = decideSpikeSetting(faults, posterior, profileRate);
      const spacing = new Map<string, SpacingQuality>(
        (posterior?.summary.keys ?? []).map((key) => [key.key, spacingQuality(key)]),
      );
      const inferredSpacing = inferSpacing(attributions, spacing, ledger);
      const context = { posterior, spacing, wholeSecondTimes, inferredSpacing, logStartMs: ledger.coverage.first };
      // Adding the field in place: a copy of every attribution would double the report's peak memory.
      // In time order: a quota 429 held a processor only as far as SpikeArrest passed it, which the review says.
      const held = new Map<string, Map<number, number>>();
      const explained = attributions.map((attribution) => {
        const key = attribution.keyId ?? '';
        const reviewedHolds = held.get(key) ?? new Map<number, number>();
        held.set(key, reviewedHolds);
        const passed = new Set(attribution.passedGapsMs);
        const holdWeights = attribution.acceptedGapsMs.map((gap) =>
          passed.has(gap) ? (reviewedHolds.get(attribution.ts - gap) ?? PASSED_HOLD_CHANCE) : 1,
        );
        Object.assign(attribution, { holdWeights });
        const { verdict, spikeChance } = reviewLayer(attribution, context);
        if (verdict) Object.assign(attribution, verdict);
        if (spikeChance !== null) reviewedHolds.set(attribution.ts, verdict ? 0 : 1 - spikeChance);
        const why = decideExplanation(attribution, context);
        return Object.assign(attribution, { explanation: why.explanation, why });
      });
      const known: LedgerPoint['limits'] | null = limits;
      return {
        throttled: explained.length,
        timestampResolutionMs: wholeSecondTimes ? 1000 : 1,
        attributions: explained,
        otherErrors: [...otherErrors]
          .map(([status, entry]) => ({ status, ...entry }))
          .sort((a, b) => a.status - b.status),
        spike: { setting, fit: posterior?.summary ?? null },
        verdict: summarise(explained, {
          spike: setting,
          posterior,
          spacing,
          limits: { perMinute: known?.['product-minute'] ?? null, perDay: known?.['product-day'] ?? null },
        }),
      };
    },
  };
}

function ratePrior(rates: readonly number[], matched: readonly number[], named: ReadonlyMap<number, number>) {
  const header = [...named].sort((a, b) => b[1] - a[1])[0]?.[0];
  const favoured = header !== undefined ? [header] : matched;
  const share = header !== undefined ? NAMED_RATE_PRIOR : matched.length > 0 ? MATCHED_RATES_PRIOR : 0;
  const others = rates.filter((rate) => !favoured.includes(rate));
  return rates.map((rate) => ({
    rate,
    prior: favoured.includes(rate) ? share / favoured.length : (1 - share) / Math.max(1, others.length),
  }));
}

function faultCounts(faults: readonly FaultRate[]) {
  const counts = new Map<string, { rate: number; processors: number; count: number }>();
  for (const fault of faults) {
    if (fault.unit !== 'second') continue;
    const id = `${fault.rate}/${fault.processors}`;
    const entry = counts.get(id) ?? { rate: fault.rate, processors: fault.processors, count: 0 };
    entry.count++;
    counts.set(id, entry);
  }
  return [...counts.values()];
}

// Errors-only keys: the server's count between the logged errors (own unlogged successes and others'),
// else the shortest gaps between the errors, stand in for the spacing the log does not show.
function inferSpacing(
  attributions: readonly Attribution[],
  spacing: ReadonlyMap<string, SpacingQuality>,
  ledger: LedgerReport,
): Map<string, InferredSpacing> {
  const out = new Map<string, InferredSpacing>();
  for (const [key, quality] of spacing) {
    if (quality !== 'errors-only') continue;
    const list = attributions.filter((item) => (item.keyId ?? '') === key && item.layer === 'spike');
    if (list.length < 2) continue;
    const spanS = ((list[list.length - 1] as Attribution).ts - (list[0] as Attribution).ts) / 1000;
    const counted = list.map((item) => item.foreignPerSecond).filter((rate): rate is number => rate !== null);
    const median =
      counted.length === 0 ? null : ([...counted].sort((a, b) => a - b)[Math.floor(counted.length / 2)] as number);
    const total = median === null || spanS <= 0 ? 0 : median + (list.length - 1) / spanS;
    // The counters cap at the minute limit, so a client far above it is faster than they show: the shortest
    // gaps between consecutive errors (two rejections in a row) bound the spacing from above too.
    const group = ledger.layers.spike.find((entry) => (entry.keyId ?? '') === key);
    const p5 = group?.spacing.p5Ms ?? null;
    const fromGaps = group && group.spacing.gaps >= MIN_GAPS_TO_INFER && p5 !== null && p5 > 0 ? p5 : null;
    const fromCounters = total > 0 ? 1000 / total : null;
    if (fromCounters !== null && (fromGaps === null || fromCounters <= fromGaps))
      out.set(key, { spacingMs: fromCounters, from: 'counters' });
    else if (fromGaps !== null) out.set(key, { spacingMs: fromGaps, from: 'gaps' });
  }
  return out;
}

// Fewer gaps than this between logged errors say too little about the shortest one.
const MIN_GAPS_TO_INFER = 10;
