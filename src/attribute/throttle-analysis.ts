// Streams events (with the ledger's point for each) through the delay line into layer verdicts and
// the SpikeArrest evidence; at the end, the posterior decides the setting and every explanation.
import type { LedgerPoint, LedgerReport } from '../ledger/index.js';
import { isOtherError } from '../normalise/throttled.js';
import {
  CANDIDATE_PROCESSORS,
  createSpikeFitter,
  KEAP_SPIKE_RATES,
  newObservationRecord,
  PASSED_HOLD_CHANCE,
  steadyShareWeights,
  type SpikeFitSummary,
  type SteadyTrain,
  type SpikeFitterFactory,
  type SpikePosterior,
} from '../spike/index.js';
import type { Mutable, Profile, RequestEvent, SourceRef } from '../types.js';
import type { Attribution, ExplainedAttribution } from './attribution-types.js';
import { BookedAttribution, draftOf, setExplanation, setLayerVerdict } from './attribution-record.js';
import { admittedFloor, bookError, emptyTrain, type AdmittedFloor, type ErrorTrain } from './admitted-rate.js';
import { decideExplanation, reviewLayer, type ExplanationContext, type InferredSpacing } from './decide.js';
import { createDelayLine, type Released } from './delay-line.js';
import { createSignatureTracker } from './counter-signature.js';
import { spacingQuality, type SpacingQuality } from './spacing-quality.js';
import { decideSpikeSetting, type CountedFault, type SpikeSetting } from './spike-setting.js';
import { spikeOutcome } from './spike-outcome.js';
import { memoryStores, type RecordStore, type RecordStoreFactory } from './record-store.js';
import { createSummariser, type ThrottleSummary } from './summary.js';
import { NO_KEY } from './vocabulary.js';

const EXAMPLES_PER_STATUS = 3;
// Enough own accepted requests to fill every processor at the widest interval; more change nothing.
const ACCEPTED_GAPS_KEPT = 32;
// How much likelier a rate is a priori when x-keap-product-spike-limit names it, or a profile the headers match has it,
// than one of Keap's other rates (with three rates: 0.7 for a named one, 0.6 for one matched, 0.43 each for two).
const NAMED_RATE_ODDS = 4.5;
const MATCHED_RATE_ODDS = 3;

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
  /** Every attributed 429 in time order, read back from the store they wait in (memory, or a spool file). */
  readonly attributions: AttributionList;
  readonly otherErrors: readonly OtherErrors[];
  readonly spike: { readonly setting: SpikeSetting | null; readonly fit: SpikeFitSummary | null };
  readonly verdict: { readonly dataset: ThrottleSummary; readonly keys: readonly ThrottleSummary[] };
  /** The evidence codes of the 429s left unexplained, over the whole log and per key (what the words say why). */
  readonly unexplained: {
    readonly dataset: ReadonlySet<string>;
    readonly keys: ReadonlyMap<string, ReadonlySet<string>>;
  };
}

/** The attributed 429s: how many, and each in time order on every read. */
export interface AttributionList extends Iterable<ExplainedAttribution> {
  readonly count: number;
  /** Frees the store behind the list (a spool file): it reads as empty afterwards. */
  close(): void;
}

/** Options: the profile in force, and the rates of other profiles the headers match as well. */
export interface ThrottleAnalysisOptions {
  readonly profile: Profile | null;
  readonly competingRates?: readonly number[];
  /** Where the per-429 records wait for the end of the log (default: in memory). */
  readonly stores?: RecordStoreFactory;
  /** Makes the SpikeArrest fitter (default: in-process). */
  readonly fitters?: SpikeFitterFactory;
}

/** A streaming analysis of throttled responses. */
export function createThrottleAnalysis(options: ThrottleAnalysisOptions) {
  const profileRate = options.profile?.spikePerSecond ?? null;
  const matchedRates = [
    ...new Set([...(profileRate === null ? [] : [profileRate]), ...(options.competingRates ?? [])]),
  ];
  const rates = [...new Set([...matchedRates, ...KEAP_SPIKE_RATES])];
  const fitter = (options.fitters ?? createSpikeFitter)({ rates, processors: CANDIDATE_PROCESSORS });
  const line = createDelayLine({ spikeRate: profileRate });
  const stores = options.stores ?? memoryStores;
  const attributions = stores<Attribution>();
  // Faults by rate, unit and N in the order first seen, with how often: the list they stand for is rebuilt at the end.
  const faultTally = new Map<string, Mutable<CountedFault>>();
  // The widest gap any 429 looked back over: reviewed holds older than that are never asked for again.
  let widestGapMs = 0;
  const headerRates = new Map<number, number>();
  const otherErrors = new Map<number, { count: number; examples: SourceRef[] }>();
  let limits: LedgerPoint['limits'] | null = null;
  let fitted = 0;
  const signatures = createSignatureTracker();
  // Many loggers write whole seconds; sub-second spacing cannot be judged from such a log.
  let wholeSecondTimes = true;

  // Whole-second logs: the key's events of one second are spread evenly across it (the row order is kept),
  // and each sits within about a second's share of where it really was.
  const lastFitTs = new Map<string, number>();
  // Summed over the fitted events: the placement error is half their mean share of a second.
  let fittedResolutionMs = 0;
  const release = ({ event, point, verdict, foreignPerSecond, inSecond }: Released): void => {
    limits = point.limits;
    const key = event.keyId ?? NO_KEY;
    const fitTs = wholeSecondTimes ? event.ts + ((inSecond.index + 0.5) / inSecond.count) * 1000 : event.ts;
    const resolutionMs = wholeSecondTimes ? 1000 / inSecond.count : 1;
    const spreadSteady = wholeSecondTimes && inSecond.steady;
    const previous = lastFitTs.get(key);
    lastFitTs.set(key, fitTs);
    if (verdict) {
      if (verdict.faultRate) {
        const fault = verdict.faultRate;
        const id = `${fault.unit}/${fault.rate}/${fault.processors}`;
        const entry = faultTally.get(id);
        if (entry) entry.count++;
        else faultTally.set(id, { fault, count: 1 });
      }
      const acceptedGapsMs = fitter.recentAcceptedGaps(key, fitTs, ACCEPTED_GAPS_KEPT);
      for (const gap of acceptedGapsMs) if (gap > widestGapMs) widestGapMs = gap;
      // A class instance, not a literal or a spread of the verdict: see attribution-record.ts.
      attributions.append(
        new BookedAttribution(verdict, event, point, {
          acceptedGapsMs,
          passedGapsMs: fitter.recentPassedGaps(key, fitTs, ACCEPTED_GAPS_KEPT),
          fitTs,
          timeResolutionMs: resolutionMs,
          timeSpreadSteady: spreadSteady,
          fitGapMs: previous === undefined ? null : fitTs - previous,
          foreignPerSecond,
        }),
      );
    }
    if (isOtherError(event)) {
      const entry = otherErrors.get(event.status) ?? { count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < EXAMPLES_PER_STATUS) entry.examples.push(event.source);
      otherErrors.set(event.status, entry);
    }
    if (verdict) signatures.add(verdict, event.status);
    const bare = verdict && signatures.current() ? verdict.basis !== 'counters-on-response' : null;
    const outcome = spikeOutcome(event, verdict?.layer ?? null, bare);
    if (outcome === 'unobserved') return;
    // The fitter reads its observation at once: one record serves every event.
    observation.key = key;
    observation.tMs = fitTs;
    observation.outcome = outcome;
    observation.foreignPerSecond = foreignPerSecond;
    observation.resolutionMs = resolutionMs;
    observation.spreadSteady = spreadSteady;
    fitter.observe(observation);
    fitted++;
    fittedResolutionMs += resolutionMs;
  };
  const observation = newObservationRecord();
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
    /** The report; `onExplained` sees each 429 once as it is explained, in the list's order. */
    finish(ledger: LedgerReport, onExplained?: (attribution: ExplainedAttribution) => void): ThrottleReport {
      for (const released of line.finish()) release(released);
      // Each kind of fault once with its count, in the order first seen: not one entry per 429.
      const faults = [...faultTally.values()];
      const prior = { rates: ratePrior(rates, matchedRates, headerRates), faults: faultCounts(faults) };
      let posterior: SpikePosterior | null = fitted > 0 ? fitter.result(prior) : null;
      const spacing = new Map<string, SpacingQuality>(
        (posterior?.summary.keys ?? []).map((key) => [key.key, spacingQuality(key)]),
      );
      const { inferred: inferredSpacing, floor } = inferSpacing(inTimeOrder(attributions), spacing, ledger);
      // Without faults, an errors-only log's admitted requests rule out the rates too low to admit them (faults name it).
      const admitted = faultTally.size === 0 ? floor : null;
      const ruledOut = admitted !== null ? rates.filter((rate) => rate < admitted.leastRate) : [];
      // …and the share of its requests rejected weighs every cell by the share it predicts at that spacing.
      const cellWeights =
        admitted !== null ? steadyShareWeights(admitted.byDayCounter, rates, CANDIDATE_PROCESSORS) : [];
      if (posterior && (ruledOut.length > 0 || cellWeights.length > 0) && ruledOut.length < rates.length)
        posterior = fitter.result({
          ...prior,
          rates: prior.rates.map((entry) => (ruledOut.includes(entry.rate) ? { ...entry, prior: 0 } : entry)),
          cellWeights,
        });
      const placementErrorMs = wholeSecondTimes && fitted > 0 ? fittedResolutionMs / fitted / 2 : 0;
      const setting = decideSpikeSetting(faults, posterior, profileRate, admitted, placementErrorMs);
      // The tracker saw every verdict as its 429 was booked: the whole log's signature without another pass.
      const signature = signatures.current();
      const context = { posterior, spacing, inferredSpacing, logStartMs: ledger.coverage.first, signature };
      const known: LedgerPoint['limits'] | null = limits;
      const summariser = createSummariser({
        spike: setting,
        posterior,
        spacing,
        limits: { perMinute: known?.['product-minute'] ?? null, perDay: known?.['product-day'] ?? null },
        // Whole-second times place requests within their second: their gaps are not a spacing the log showed.
        working: wholeSecondTimes ? new Map() : workingSpacing(posterior, spacing),
      });
      const unexplained = { dataset: new Set<string>(), keys: new Map<string, Set<string>>() };
      // Each read of the list explains the booked 429s afresh, the same way every time: nothing explained is kept.
      const explain = explainer(attributions, context, widestGapMs);
      for (const result of explain()) {
        summariser.add(result);
        onExplained?.(result);
        if (result.explanation === 'unexplained') {
          const key = result.keyId ?? NO_KEY;
          let codes = unexplained.keys.get(key);
          if (!codes) unexplained.keys.set(key, (codes = new Set()));
          for (const evidence of result.why.evidence) {
            codes.add(evidence.code);
            unexplained.dataset.add(evidence.code);
          }
        }
      }
      const explained = attributionList(attributions, explain);
      return {
        throttled: explained.count,
        timestampResolutionMs: wholeSecondTimes ? 1000 : 1,
        attributions: explained,
        otherErrors: [...otherErrors]
          .map(([status, entry]) => ({ status, ...entry }))
          .sort((a, b) => a.status - b.status),
        spike: { setting, fit: posterior?.summary ?? null },
        verdict: summariser.result(),
        unexplained,
      };
    },
  };
}

// Keys whose own requests SpikeArrest never rejected, measured to the millisecond over enough gaps: the low end of the
// spacing the log shows working, below which it shows nothing.
function workingSpacing(
  posterior: SpikePosterior | null,
  spacing: ReadonlyMap<string, SpacingQuality>,
): Map<string, number> {
  const working = new Map<string, number>();
  for (const key of posterior?.summary.keys ?? []) {
    const p5 = key.successGapP5Ms;
    if (key.rejected > 0 || key.successGaps < MIN_WORKING_GAPS || p5 === null || p5 <= 0) continue;
    if (spacing.get(key.key) === 'measurable') working.set(key.key, p5);
  }
  return working;
}

// Fewer gaps than this say little about the low end of a client's spacing.
const MIN_WORKING_GAPS = 50;

// Out here, not in finish(): a closure made there would keep the whole streaming state (the fitter, the delay line)
// alive for as long as the report is read.
function explainer(
  attributions: Iterable<Attribution>,
  context: ExplanationContext,
  widestGapMs: number,
): () => Generator<ExplainedAttribution> {
  return function* (): Generator<ExplainedAttribution> {
    // In time order: a quota 429 held a processor only as far as SpikeArrest passed it, which the review says.
    const held = new Map<string, Map<number, number>>();
    for (const booked of inTimeOrder(attributions)) {
      const key = booked.keyId ?? NO_KEY;
      const reviewedHolds = held.get(key) ?? new Map<number, number>();
      held.set(key, reviewedHolds);
      forgetBefore(reviewedHolds, booked.ts - widestGapMs);
      const passed = new Set(booked.passedGapsMs);
      const holdWeights = booked.acceptedGapsMs.map((gap) =>
        passed.has(gap) ? (reviewedHolds.get(booked.fitTs - gap) ?? PASSED_HOLD_CHANCE) : 1,
      );
      // A copy, so the booked record (the memory store's own) reads the same on the next pass.
      const attribution = draftOf(booked, holdWeights);
      const { verdict, spikeChance } = reviewLayer(attribution, context);
      if (verdict) setLayerVerdict(attribution, verdict);
      // Its chance of having held a processor, not the verdict: a hard call here would misplace every later one.
      if (spikeChance !== null) reviewedHolds.set(attribution.fitTs, 1 - spikeChance);
      yield setExplanation(attribution, decideExplanation(attribution, context));
    }
  };
}

function attributionList(
  attributions: RecordStore<Attribution>,
  explain: () => Generator<ExplainedAttribution>,
): AttributionList {
  return {
    get count() {
      return attributions.count;
    },
    close: () => attributions.close(),
    [Symbol.iterator]: explain,
  };
}

// The records come in the order the events were read (time, then file and line); the report orders 429s by time,
// then line, as a stable sort would: only runs of equal times are reordered.
function* inTimeOrder<T extends Attribution>(records: Iterable<T>): Generator<T> {
  let run: T[] = [];
  for (const record of records) {
    if (run.length > 0 && (run[0] as T).ts !== record.ts) {
      yield* byLine(run);
      run = [];
    }
    run.push(record);
  }
  yield* byLine(run);
}

function byLine<T extends Attribution>(run: T[]): T[] {
  return run.length > 1 ? run.sort((a, b) => a.source.line - b.source.line) : run;
}

// Reviewed holds are keyed by time in the order made (times only grow): the old ones go from the front.
function forgetBefore(holds: Map<number, number>, cutoffMs: number): void {
  for (const ts of holds.keys()) {
    if (ts >= cutoffMs) return;
    holds.delete(ts);
  }
}

function ratePrior(rates: readonly number[], matched: readonly number[], named: ReadonlyMap<number, number>) {
  const header = [...named].sort((a, b) => b[1] - a[1])[0]?.[0];
  const favoured = header !== undefined ? [header] : matched;
  const odds = header !== undefined ? NAMED_RATE_ODDS : MATCHED_RATE_ODDS;
  const weights = rates.map((rate) => (favoured.includes(rate) ? odds : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return rates.map((rate, index) => ({ rate, prior: (weights[index] as number) / total }));
}

function faultCounts(faults: readonly CountedFault[]) {
  const counts = new Map<string, { rate: number; processors: number; count: number }>();
  for (const { fault, count } of faults) {
    if (fault.unit !== 'second') continue;
    const id = `${fault.rate}/${fault.processors}`;
    const entry = counts.get(id) ?? { rate: fault.rate, processors: fault.processors, count: 0 };
    entry.count += count;
    counts.set(id, entry);
  }
  return [...counts.values()];
}

// Errors-only keys: the server's count between the logged errors (own unlogged successes and others'),
// else the shortest gaps between the errors, stand in for the spacing the log does not show; a steady client's
// errors also put a floor under the rate (the highest any key shows).
function inferSpacing(
  attributions: Iterable<Attribution>,
  spacing: ReadonlyMap<string, SpacingQuality>,
  ledger: LedgerReport,
): { inferred: Map<string, InferredSpacing>; floor: AdmittedFloor | null } {
  const out = new Map<string, InferredSpacing>();
  const keys = new Map<string, SpikeErrors>();
  for (const [key, quality] of spacing)
    if (quality === 'errors-only')
      keys.set(key, { train: emptyTrain(), foreign: new Map(), counted: 0, day: { first: null, last: null } });
  if (keys.size === 0) return { inferred: out, floor: null };
  // One pass over the 429s, keeping per key only what the spacing is worked out from.
  for (const item of attributions) {
    if (item.layer !== 'spike') continue;
    const errors = keys.get(item.keyId ?? NO_KEY);
    if (!errors) continue;
    bookError(errors.train, item.ts);
    const used = item.lastUsed['product-day'];
    if (used !== null) {
      const reading = { ts: item.ts, used, errors: errors.train.count };
      if (errors.day.first === null) errors.day.first = reading;
      errors.day.last = reading;
    }
    if (item.foreignPerSecond !== null) {
      errors.foreign.set(item.foreignPerSecond, (errors.foreign.get(item.foreignPerSecond) ?? 0) + 1);
      errors.counted++;
    }
  }
  let floor: AdmittedFloor | null = null;
  for (const errors of keys.values()) {
    const found = admittedFloor(errors.train, Math.max(...CANDIDATE_PROCESSORS));
    if (!found || (floor !== null && found.leastRate <= floor.leastRate)) continue;
    floor = { ...found, byDayCounter: confirmedTrains(found, sentByDayCounter(errors, found.spanS)) };
  }
  for (const [key, { train, foreign, counted }] of keys) {
    if (train.count < 2) continue;
    const spanS = (train.lastTs - train.firstTs) / 1000;
    const median = counted === 0 ? null : nthSmallest(foreign, Math.floor(counted / 2));
    const total = median === null || spanS <= 0 ? 0 : median + (train.count - 1) / spanS;
    // The counters cap at the minute limit, so a client far above it is faster than they show: the gaps between
    // two rejections in a row (the shortest cluster, not its low end: a jittered client's 5 % is well below its
    // spacing) bound the spacing from above too.
    const group = ledger.layers.spike.find((entry) => (entry.keyId ?? NO_KEY) === key);
    const short = group?.spacing.shortMedianMs ?? null;
    const fromGaps = group && group.spacing.gaps >= MIN_GAPS_TO_INFER && short !== null && short > 0 ? short : null;
    const fromCounters = total > 0 ? 1000 / total : null;
    if (fromCounters !== null && (fromGaps === null || fromCounters <= fromGaps))
      out.set(key, { spacingMs: fromCounters, from: 'counters' });
    else if (fromGaps !== null) out.set(key, { spacingMs: fromGaps, from: 'gaps' });
  }
  return { inferred: out, floor };
}

// Requests sent over the errors' span as the day counter shows them, one reading per answer to whether Keap counts a
// rejected request in `used` (an errors-only log cannot tell): what it counted, with the errors added when it counts
// none of them; none across a day's reset.
function sentByDayCounter({ day }: SpikeErrors, spanS: number): number[] {
  if (day.first === null || day.last === null || day.last.used < day.first.used) return [];
  const coveredS = (day.last.ts - day.first.ts) / 1000;
  if (coveredS <= 0 || coveredS < spanS * DAY_COUNTER_COVERAGE) return [];
  const counted = day.last.used - day.first.used;
  const errors = day.last.errors - day.first.errors;
  // Over the whole span, and the first error too (a reading needs an error, so there is one).
  return [counted, counted + errors].map((sent) => (sent / coveredS) * spanS + 1);
}

// The counters confirm a steady client when they count about a whole multiple of the requests the errors' spacing
// implies (errors that seldom come one apart read at a multiple of it; others' traffic would not fit), and then
// their count is the better one.
function confirmedTrains(floor: AdmittedFloor, readings: readonly number[]): SteadyTrain[] {
  const trains: SteadyTrain[] = [];
  for (const sent of readings) {
    const multiple = Math.round(sent / floor.sent);
    if (multiple < 1 || multiple > MAX_SPACING_MULTIPLE) continue;
    if (Math.abs(sent / (floor.sent * multiple) - 1) > COUNTERS_AGREE) continue;
    trains.push({ spacingMs: (floor.spanS * 1000) / Math.max(1, sent - 1), sent, rejected: floor.rejected });
  }
  return trains;
}

/** One errors-only key's spike 429s, as far as its spacing needs them. */
interface SpikeErrors {
  readonly train: ErrorTrain;
  /** Others' rates the counters showed at them: rate → how many. */
  readonly foreign: Map<number, number>;
  counted: number;
  /** The day counter's reading at the first and the last error, with the errors logged by then. */
  readonly day: { first: DayReading | null; last: DayReading | null };
}

interface DayReading {
  readonly ts: number;
  readonly used: number;
  readonly errors: number;
}

// The value at `index` of the values counted, sorted ascending.
function nthSmallest(counts: ReadonlyMap<number, number>, index: number): number {
  let seen = 0;
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  for (const value of sorted) {
    seen += counts.get(value) as number;
    if (seen > index) return value;
  }
  return sorted[sorted.length - 1] as number;
}

// Fewer gaps than this between logged errors say too little about the shortest one.
const MIN_GAPS_TO_INFER = 10;
// The errors' spacing may read this many of the client's spacings…
const MAX_SPACING_MULTIPLE = 4;
// …and the counters confirm it when they count this close to the requests it implies.
const COUNTERS_AGREE = 0.15;
// The day counter must be read over most of the errors' span to count its requests.
const DAY_COUNTER_COVERAGE = 0.8;
