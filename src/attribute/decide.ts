// The one place where a throttled response's verdict is decided: which limit fired (decideLayer, as
// the log streams past) and why (decideExplanation, once the SpikeArrest model has seen the whole log).
// Both return codes and numbers; render/verdict-words.ts says them in words.
import type { CounterLayer, LedgerPoint, PerCounterLayer } from '../ledger/index.js';
import { COUNTER_JITTER_UNITS, isDayLayer } from '../ledger/index.js';
import type { RejectionCauses, RejectionFacts, SpikePosterior } from '../spike/index.js';
import { readMessageRate } from '../spike/message-rate.js';
import type { Confidence, RequestEvent, SourceRef } from '../types.js';
import type { Attribution, ExplanationVerdict, FaultRate, LayerVerdict } from './attribution-types.js';
import {
  anyAtMostLeft,
  anyKnown,
  EXHAUSTION_ORDER,
  firstExhausted,
  leftIn,
  leftOf,
  LEFT_HEADER,
  NOTHING_LEFT_KNOWN,
} from './counters-left.js';
import type { CounterSignature } from './counter-signature.js';
import { ownInWindow } from './own-in-window.js';
import type { ExplanationEvidence, LayerEvidence } from './evidence.js';
import type { SpacingQuality } from './spacing-quality.js';
import { NO_KEY, type Explanation, type ThrottleLayer } from './vocabulary.js';

/** A response next to a throttled one, with the ledger's view at its time. */
export interface Neighbour {
  readonly event: RequestEvent;
  readonly point: LedgerPoint;
}

/** Everything known about one throttled response when its layer is decided. */
export interface LayerFacts {
  readonly event: RequestEvent;
  readonly point: LedgerPoint;
  /** Nearest responses of the same key that carried counters and were not throttled, before and after (within 10 s). */
  readonly before: Neighbour | null;
  readonly after: Neighbour | null;
  /** The profile's SpikeArrest rate, when one is known. */
  readonly spikeRate: number | null;
  /** Whether earlier responses of this log carried counters (quota 429s carry them; SpikeArrest rejects before the quotas run). */
  readonly countersSeen: boolean;
  /** Per layer: an earlier response of this key read it empty in the same window, with no room read since. */
  readonly emptyBefore: PerCounterLayer<boolean>;
  /** The key's next response that carried counters, for a 429 reading one nearly empty (within 10 s). */
  readonly next?: Neighbour | null;
}

// A counter with less than 5 % of its limit left makes "every counter has room" less certain.
const TIGHT_SHARE = 0.05;

/** Blames one throttled response on a limit layer, strongest evidence first: fault, own counters, neighbours, own counts. */
export function decideLayer(facts: LayerFacts): LayerVerdict {
  const { event } = facts;
  const here = leftOf(event.counters);
  const fromFault = layerFromFault(facts, here);
  if (fromFault) return fromFault;

  if (anyKnown(here)) {
    const empty = firstExhausted(here, 0);
    if (empty) return verdict(empty, 'high', 'counters-on-response', [exhaustedHere(empty, here)], [], here);
    // A few left may be a lagging reading of an empty bucket, or a spike 429 in a nearly full one: the neighbours decide.
    const nearly = firstExhausted(here, COUNTER_JITTER_UNITS);
    const confirmed = nearly ? confirmExhaustion(nearly, facts) : null;
    if (nearly && confirmed) {
      const refs = facts.before ? [facts.before.event.source] : [];
      return verdict(nearly, 'high', 'counters-on-response', [exhaustedHere(nearly, here), confirmed], refs, here);
    }
    // Every counter on the 429 itself has room: only the per-second SpikeArrest, which reports none, is left.
    const tightestShare = tightest(here, facts.point.limits);
    const confidence: Confidence = tightestShare === null || tightestShare > TIGHT_SHARE ? 'high' : 'medium';
    return verdict(
      'spike',
      confidence,
      'counters-on-response',
      [{ code: 'COUNTERS_HAVE_ROOM', left: here, tightestShare }],
      [],
      here,
    );
  }

  const neighbours = [facts.before, facts.after].filter((item): item is Neighbour => item !== null);
  if (neighbours.length > 0) {
    const refs = neighbours.map((item) => item.event.source);
    const projected = facts.before ? projectedExhaustion(facts.before, facts.point) : null;
    if (projected)
      return verdict(
        projected.layer,
        'medium',
        'neighbouring-responses',
        [projected],
        refs,
        leftOf(facts.before!.event.counters),
      );
    const atLimit = ownAtLimit(facts.point);
    if (atLimit) return verdict(atLimit.layer, 'medium', 'ledger', [atLimit], refs, NOTHING_LEFT_KNOWN);
    const around = leastLeft(neighbours.map((item) => leftOf(item.event.counters)));
    return verdict(
      'spike',
      'medium',
      'neighbouring-responses',
      [{ code: 'NEIGHBOURS_HAVE_ROOM', left: around, neighbours: refs }],
      refs,
      around,
    );
  }

  const atLimit = ownAtLimit(facts.point);
  if (atLimit) return verdict(atLimit.layer, 'medium', 'ledger', [atLimit], [], here);
  if (facts.spikeRate !== null) {
    const above = facts.point.own.lastSecond > facts.spikeRate;
    const evidence: LayerEvidence = {
      code: 'OWN_COUNT_BELOW_LIMITS',
      lastSecond: facts.point.own.lastSecond,
      spikeRate: facts.spikeRate,
    };
    return verdict('spike', above ? 'medium' : 'low', 'ledger', [evidence], [], here);
  }
  // Nothing names another limit: SpikeArrest, which rejects before the quota policies add their headers, is the likeliest.
  if (event.status === 429 || facts.countersSeen) {
    const evidence: LayerEvidence = { code: 'NO_COUNTERS_ON_THIS_429', countersElsewhere: facts.countersSeen };
    return verdict('spike', 'low', 'ledger', [evidence], [], here);
  }
  return verdict('unknown', 'low', 'none', [{ code: 'NO_EVIDENCE' }], [], here);
}

/** The model and facts an explanation is decided with. */
export interface ExplanationContext {
  /** The SpikeArrest posterior; null when no request reached the model. */
  readonly posterior: SpikePosterior | null;
  /** Whether each key's log can measure its spacing. */
  readonly spacing: ReadonlyMap<string, SpacingQuality>;
  /** Keys whose log holds only errors: their spacing as the counters (or the gaps between errors) suggest. */
  readonly inferredSpacing: ReadonlyMap<string, InferredSpacing>;
  /** When the log began (epoch ms), to tell a day used up before it from one used up by the client. */
  readonly logStartMs: number | null;
  /** Whether the log's spike 429s come bare and its quota 429s with counters (null when it does not show that). */
  readonly signature: CounterSignature | null;
}

/** A spacing the log does not show directly. */
export interface InferredSpacing {
  readonly spacingMs: number;
  /** counters: the server counted this many requests between the logged errors; gaps: the shortest gaps between errors. */
  readonly from: 'counters' | 'gaps';
}

// Own traffic at 90 % of a limit or more is enough to exhaust it once counters lag a little.
const OWN_SHARE_FOR_EXHAUSTION = 0.9;
// Two causes closer than this in probability are reported as ambiguous.
const AMBIGUOUS_WITHIN = 0.3;

// Below this mass of the posterior under which own or others' traffic could have caused it, a spike 429 is unexplained.
const EXPLAINABLE = 0.5;

// From this chance that SpikeArrest rejected it, a 429 in an empty quota window is SpikeArrest's (it runs first):
// every 429 there looks alike, so the likelier layer is the best call.
const SPIKE_FIRST = 0.5;

/**
 * Reviews a quota layer verdict with the whole-log model: a request SpikeArrest would reject anyway never reached
 * the quota. Returns the new verdict (or null to keep it) and the chance SpikeArrest rejected it (null when not judged).
 */
export function reviewLayer(
  attribution: Attribution,
  context: ExplanationContext,
): { readonly verdict: LayerVerdict | null; readonly spikeChance: number | null } {
  const quota =
    attribution.layer === 'product-minute' ||
    attribution.layer === 'product-day' ||
    attribution.layer === 'tenant-minute' ||
    attribution.layer === 'tenant-day';
  const keep = { verdict: null, spikeChance: null };
  const { signature } = context;
  if (attribution.layer === 'spike' && attribution.status === 429) {
    // A spike verdict on counters read none of them empty; one within its jitter of empty may have lagged an empty window.
    if (attribution.basis !== 'counters-on-response') return keep;
    const lagged = firstExhausted(attribution.left, COUNTER_JITTER_UNITS);
    if (lagged === null) return keep;
    const left = attribution.left[lagged] as number;
    if (signature) {
      // The log's spike 429s come bare: one with counters reading a little room is a quota 429 whose reading lagged.
      const evidence: LayerEvidence = {
        code: 'COUNTERS_LIKE_QUOTA_429S',
        quota: lagged,
        left,
        quota429sWithCounters: signature.quota429sWithCounters,
        bare429s: signature.bare429s,
      };
      return { verdict: reviewedAs(lagged, attribution, evidence), spikeChance: 0 };
    }
    // A SpikeArrest rejection the model cannot explain (explainSpike would call it unexplained): the reading that
    // lagged an empty window is the explanation there is.
    const causes = modelCauses(attribution, context);
    if (causes === null) return keep;
    const possible = 1 - causes.impossible;
    if (possible >= EXPLAINABLE) return keep;
    const evidence: LayerEvidence = { code: 'NO_SPIKE_CAUSE', quota: lagged, left, possible };
    return { verdict: reviewedAs(lagged, attribution, evidence), spikeChance: causes.chance };
  }
  if (!quota || attribution.basis === 'fault') return keep;
  if (signature && attribution.status === 429) {
    // The log's quota 429s carry counters and its spike 429s do not: what this one carries names its layer.
    if (attribution.basis === 'counters-on-response') return { verdict: null, spikeChance: 0 };
    const evidence: LayerEvidence = {
      code: 'BARE_LIKE_SPIKE_429S',
      quota: attribution.layer as CounterLayer,
      quota429sWithCounters: signature.quota429sWithCounters,
      spike429sWithCounters: signature.spike429sWithCounters,
    };
    return { verdict: reviewedAs('spike', attribution, evidence), spikeChance: 1 };
  }
  const causes = modelCauses(attribution, context);
  if (causes === null) return keep;
  if (causes.chance < SPIKE_FIRST) return { verdict: null, spikeChance: causes.chance };
  const evidence: LayerEvidence = {
    code: 'SPIKE_REJECTS_FIRST',
    quota: attribution.layer as CounterLayer,
    probability: causes.chance,
  };
  return { verdict: reviewedAs('spike', attribution, evidence), spikeChance: causes.chance };
}

// The whole-log model's causes of one rejection, where it can judge them: a model, and a key whose spacing it measures.
function modelCauses(attribution: Attribution, context: ExplanationContext): RejectionCauses | null {
  if (!context.posterior) return null;
  if ((context.spacing.get(attribution.keyId ?? NO_KEY) ?? 'measurable') !== 'measurable') return null;
  return context.posterior.explainRejection(rejectionFacts(attribution));
}

// A verdict the review moves to another layer, keeping what was seen and adding why (no spread of the record:
// see attribution-record.ts).
function reviewedAs(layer: ThrottleLayer, attribution: Attribution, evidence: LayerEvidence): LayerVerdict {
  const { basis, neighbours, left, faultRate } = attribution;
  return verdict(layer, 'medium', basis, [...attribution.evidence, evidence], neighbours, left, faultRate);
}

/** Sorts one attributed response into (a)–(e), with the probabilities and evidence behind it. */
export function decideExplanation(attribution: Attribution, context: ExplanationContext): ExplanationVerdict {
  switch (attribution.layer) {
    case 'spike':
      return explainSpike(attribution, context);
    case 'product-minute':
      return explainQuota(attribution, 'product-minute', attribution.own.rollingMinute, context);
    case 'product-day':
      return explainQuota(attribution, 'product-day', attribution.own.utcDay, context);
    case 'tenant-minute':
      return explainQuota(attribution, 'tenant-minute', attribution.own.tenantRollingMinute, context);
    case 'tenant-day':
      return explainQuota(attribution, 'tenant-day', attribution.own.tenantUtcDay, context);
    case 'legacy-credit':
      return plain('exhaustion', 'medium', []);
    case 'unknown':
      return plain('unexplained', 'low', [{ code: 'LAYER_UNKNOWN' }]);
  }
}

function explainSpike(attribution: Attribution, context: ExplanationContext): ExplanationVerdict {
  const key = attribution.keyId ?? NO_KEY;
  const quality = context.spacing.get(key) ?? 'measurable';
  const inferred = errorsOnlySpacing(key, context);
  if (quality !== 'measurable' && !inferred)
    return plain('unexplained', 'low', [{ code: 'SPACING_NOT_MEASURABLE', why: quality }]);
  if (!context.posterior) return plain('unexplained', 'low', [{ code: 'NO_SPIKE_MODEL' }]);
  if (inferred) return explainFromInferredSpacing(attribution, inferred, context.posterior);
  const gapMs = attribution.fitGapMs;
  const causes = context.posterior.explainRejection(rejectionFacts(attribution));
  const possible = 1 - causes.impossible;
  if (possible < EXPLAINABLE) {
    const evidence: ExplanationEvidence[] = [
      { code: 'NO_OWN_REQUEST_IN_INTERVAL', intervalMs: causes.intervalMs, gapMs },
    ];
    if (attribution.foreignPerSecond === 0)
      evidence.push({ code: 'COUNTERS_SHOW_NO_OTHER_TRAFFIC', layer: 'product-minute' });
    return plain('unexplained', 'low', evidence);
  }
  const probabilities = {
    aboveNominal: causes.aboveNominal / possible,
    smoothing: causes.smoothing / possible,
    otherConsumers: causes.otherConsumers / possible,
  };
  const ranked: [Explanation, number][] = (
    [
      ['above-nominal', probabilities.aboveNominal],
      ['smoothing', probabilities.smoothing],
      ['other-consumers', probabilities.otherConsumers],
    ] as [Explanation, number][]
  ).sort((a, b) => b[1] - a[1]);
  const [explanation, top] = ranked[0] as [Explanation, number];
  const second = (ranked[1] as [Explanation, number])[1];
  const evidence: ExplanationEvidence[] = [];
  const best = context.posterior.summary.cells[0];
  if (explanation === 'above-nominal' && best)
    evidence.push({
      code: 'ABOVE_NOMINAL',
      gapMs,
      nominalMs: 1000 / best.rate,
      lastSecond: attribution.own.lastSecond,
      rate: best.rate,
    });
  if (explanation === 'smoothing')
    evidence.push({
      code: 'WITHIN_PROCESSOR_INTERVAL',
      gapMs,
      intervalMs: causes.intervalMs,
      probability: probabilities.smoothing,
    });
  if (explanation === 'other-consumers' || probabilities.otherConsumers >= AMBIGUOUS_WITHIN) {
    evidence.push({
      code: 'OTHER_CONSUMERS_ON_KEY',
      probability: probabilities.otherConsumers,
      perSecond: attribution.foreignPerSecond,
      from: attribution.foreignPerSecond === null ? 'fit' : 'counters',
    });
  }
  return {
    explanation,
    confidence: top >= 0.9 ? 'high' : top >= 0.65 ? 'medium' : 'low',
    probabilities,
    ambiguous: top - second < AMBIGUOUS_WITHIN,
    evidence,
  };
}

// Only the errors were logged: judge each one as a steady client at the inferred spacing would be judged,
// and say that this is an inference.
function explainFromInferredSpacing(
  attribution: Attribution,
  inferred: InferredSpacing,
  posterior: SpikePosterior,
): ExplanationVerdict {
  // Others are invisible in an errors-only log, so the client's own reading comes first, at the widest spacing that
  // gives it: two errors in a row need a spacing below half the interval, so the shortest gap may be two spacings.
  const splits = inferred.from === 'gaps' ? GAP_SPLITS : [1];
  let reading: ExplanationVerdict | null = null;
  for (const split of splits) {
    const spacing = Math.max(1, inferred.spacingMs / split);
    const causes = posterior.explainRejection(inferredFacts(attribution, spacing));
    const possible = 1 - causes.impossible;
    const evidence: ExplanationEvidence[] = [
      { code: 'SPACING_INFERRED', spacingMs: Math.round(spacing), from: inferred.from, gapsPerSpacing: split },
    ];
    if (possible <= 0) {
      reading ??= plain('unexplained', 'low', evidence);
      continue;
    }
    const probabilities = {
      aboveNominal: causes.aboveNominal / possible,
      smoothing: causes.smoothing / possible,
      otherConsumers: causes.otherConsumers / possible,
    };
    const own = probabilities.aboveNominal + probabilities.smoothing;
    const ownReading: Explanation =
      probabilities.aboveNominal > probabilities.smoothing ? 'above-nominal' : 'smoothing';
    const verdict: ExplanationVerdict = {
      explanation: own >= probabilities.otherConsumers ? ownReading : 'other-consumers',
      confidence: 'low',
      probabilities,
      ambiguous: Math.abs(own - probabilities.otherConsumers) < AMBIGUOUS_WITHIN,
      evidence,
    };
    if (own >= probabilities.otherConsumers) return verdict;
    reading ??= verdict;
  }
  return reading as ExplanationVerdict;
}

// The shortest gap between logged errors as one spacing, or as two (the errors were a request apart).
const GAP_SPLITS = [1, 2] as const;

// A steady client at the inferred spacing: its accepted requests that could still hold a processor.
function inferredFacts(attribution: Attribution, spacing: number): RejectionFacts {
  const acceptedGapsMs: number[] = [];
  for (let gap = spacing; gap <= INFERRED_REACH_MS; gap += spacing) acceptedGapsMs.push(gap);
  return {
    key: attribution.keyId ?? NO_KEY,
    acceptedGapsMs,
    resolutionMs: 1,
    spreadSteady: false,
    foreignPerSecond: null,
    gapMs: spacing,
    lastSecond: Math.max(attribution.own.lastSecond, Math.floor(1000 / spacing)),
  };
}

// Far enough back to fill every processor at the widest interval (16 at 5/s, 3.2 s).
const INFERRED_REACH_MS = 3200;

// What the model needs of one throttled response, at the model's times.
function rejectionFacts(attribution: Attribution): RejectionFacts {
  return {
    key: attribution.keyId ?? NO_KEY,
    acceptedGapsMs: attribution.acceptedGapsMs,
    holdWeights: attribution.holdWeights,
    resolutionMs: attribution.timeResolutionMs,
    spreadSteady: attribution.timeSpreadSteady,
    foreignPerSecond: attribution.foreignPerSecond,
    gapMs: attribution.fitGapMs,
    lastSecond: attribution.own.lastSecond,
  };
}

function explainQuota(
  attribution: Attribution,
  layer: CounterLayer,
  own: number,
  context: ExplanationContext,
): ExplanationVerdict {
  const limit = attribution.limits[layer];
  const foreign = attribution.foreign[layer];
  const evidence: ExplanationEvidence[] = [{ code: 'OWN_SHARE_OF_LIMIT', layer, own, limit }];
  if (foreign !== null && foreign > 0) evidence.push({ code: 'OTHERS_IN_BUCKET', layer, requests: foreign });
  // Unknown limit: the log cannot blame anybody else, so own traffic used it up.
  if (limit === null || limit <= 0) return plain('exhaustion', 'low', evidence);
  // The tenant ceiling counts every credential: when the client's own product bucket holds far less, others filled it.
  const product = layer === 'tenant-minute' ? 'product-minute' : layer === 'tenant-day' ? 'product-day' : null;
  const productUsed = product === null ? null : attribution.lastUsed[product];
  if (productUsed !== null && productUsed / limit < OWN_SHARE_FOR_EXHAUSTION) {
    evidence.push({ code: 'OWN_BUCKET_BELOW_CEILING', layer, productUsed, limit });
    return plain('other-consumers', 'high', evidence);
  }
  if (
    own / limit >= OWN_SHARE_FOR_EXHAUSTION ||
    (productUsed !== null && productUsed / limit >= OWN_SHARE_FOR_EXHAUSTION)
  )
    return plain('exhaustion', 'high', evidence);
  // A log of errors alone holds none of the successes that filled the window: the client's inferred pace says
  // whether they alone could have.
  const pace = ownPacePerMinute(attribution, layer, context);
  if (pace !== null && pace.perMinute >= OWN_SHARE_FOR_EXHAUSTION * limit) {
    evidence.push({
      code: 'OWN_PACE_FILLS_WINDOW',
      layer,
      spacingMs: pace.spacingMs,
      perMinute: pace.perMinute,
      limit,
    });
    return plain('exhaustion', 'medium', evidence);
  }
  const day = isDayLayer(layer);
  // A log that starts mid-day undercounts own use: at the client's logged pace, could it have sent the rest earlier?
  if (day && (foreign === null || foreign === 0)) {
    const before = usedBeforeLog(attribution, limit, own, context.logStartMs);
    if (before === null) return plain('exhaustion', 'low', evidence);
    evidence.push({ code: 'DAY_USED_BEFORE_LOG', layer, ...before });
    return before.usedBefore > DAY_PACE_MARGIN * before.atOwnPace + COUNTER_JITTER_UNITS
      ? plain('other-consumers', 'medium', evidence)
      : plain('exhaustion', 'low', evidence);
  }
  return plain('other-consumers', foreign !== null && foreign > 0 ? 'high' : 'medium', evidence);
}

// An errors-only key's spacing as its errors show it; null for any other key, or when they show none.
function errorsOnlySpacing(key: string, context: ExplanationContext): InferredSpacing | null {
  return context.spacing.get(key) === 'errors-only' ? (context.inferredSpacing.get(key) ?? null) : null;
}

// An errors-only key's requests per minute at the spacing its errors show (minute windows only: a day's pace is unknown).
function ownPacePerMinute(
  attribution: Attribution,
  layer: CounterLayer,
  context: ExplanationContext,
): { readonly spacingMs: number; readonly perMinute: number } | null {
  if (layer !== 'product-minute' && layer !== 'tenant-minute') return null;
  const inferred = errorsOnlySpacing(attribution.keyId ?? NO_KEY, context);
  if (!inferred || !(inferred.spacingMs > 0)) return null;
  return { spacingMs: inferred.spacingMs, perMinute: Math.round(60_000 / inferred.spacingMs) };
}

// Used before the log began beyond twice what the client's own logged pace would have sent: others used it.
const DAY_PACE_MARGIN = 2;
const DAY_MS = 86_400_000;
// Shorter than this, a log's own pace says little.
const MIN_PACE_MS = 60_000;

// The day's requests from before the log began, against what the client's logged pace would have sent by then.
function usedBeforeLog(
  attribution: Attribution,
  limit: number,
  own: number,
  logStartMs: number | null,
): { readonly usedBefore: number; readonly atOwnPace: number } | null {
  const dayStart = Math.floor(attribution.ts / DAY_MS) * DAY_MS;
  if (logStartMs === null || logStartMs <= dayStart) return null;
  const loggedMs = Math.max(MIN_PACE_MS, attribution.ts - logStartMs);
  return { usedBefore: Math.max(0, limit - own), atOwnPace: Math.round((own / loggedMs) * (logStartMs - dayStart)) };
}

function plain(explanation: Explanation, confidence: Confidence, evidence: ExplanationEvidence[]): ExplanationVerdict {
  return { explanation, confidence, probabilities: null, ambiguous: false, evidence };
}

function layerFromFault(facts: LayerFacts, here: PerCounterLayer<number | null>): LayerVerdict | null {
  const { body } = facts.event;
  switch (body.kind) {
    case 'spike-arrest': {
      const reading = body.messageRate ? readMessageRate(body.messageRate) : null;
      const faultRate: FaultRate | null = reading
        ? { rate: reading.rate, unit: reading.unit, processors: Math.max(1, Math.round(reading.processors)) }
        : null;
      const evidence: LayerEvidence = {
        code: 'FAULT_SPIKE_ARREST',
        rate: faultRate?.rate ?? null,
        unit: faultRate?.unit ?? null,
        processors: faultRate?.processors ?? null,
      };
      return verdict('spike', 'high', 'fault', [evidence], [], here, faultRate);
    }
    case 'gateway-spike':
      return verdict('spike', 'high', 'fault', [{ code: 'FAULT_GATEWAY_SPIKE' }], [], here);
    case 'xmlrpc-throttle':
      return verdict('legacy-credit', 'high', 'fault', [{ code: 'FAULT_XMLRPC_THROTTLE' }], [], here);
    case 'quota-violation': {
      // A QuotaViolation names no window: the counters (or the own counts) say whether minute or day ran out.
      const exhausted = firstExhausted(here, COUNTER_JITTER_UNITS);
      const counted = ownAtLimit(facts.point);
      const layer: ThrottleLayer = exhausted ?? counted?.layer ?? 'product-minute';
      const known = exhausted !== null || counted !== null;
      const window = known ? (isDayLayer(layer) ? 'day' : 'minute') : null;
      return verdict(layer, known ? 'high' : 'medium', 'fault', [{ code: 'FAULT_QUOTA_VIOLATION', window }], [], here);
    }
    default:
      return null;
  }
}

function exhaustedHere(layer: CounterLayer, left: PerCounterLayer<number | null>): LayerEvidence {
  return {
    code: 'COUNTER_EXHAUSTED',
    layer,
    header: LEFT_HEADER[layer],
    value: left[layer] as number,
    neighbour: null,
  };
}

function verdict(
  layer: ThrottleLayer,
  confidence: Confidence,
  basis: LayerVerdict['basis'],
  evidence: LayerEvidence[],
  neighbours: readonly SourceRef[],
  left: PerCounterLayer<number | null>,
  faultRate: FaultRate | null = null,
): LayerVerdict {
  return { layer, confidence, basis, evidence, neighbours, left, faultRate };
}

/** Whether decideLayer would weigh this 429's counters as nearly empty: none empty, one within the jitter of it. */
export function readsNearlyEmpty(event: RequestEvent): boolean {
  return !anyAtMostLeft(event.counters, 0) && anyAtMostLeft(event.counters, COUNTER_JITTER_UNITS);
}

// What says a nearly empty counter was in fact empty: own counts at the limit, or the previous response's
// counter empty (or used up since by own requests).
function confirmExhaustion(layer: CounterLayer, facts: LayerFacts): LayerEvidence | null {
  const counted = ownAtLimit(facts.point);
  if (counted && counted.layer === layer) return counted;
  if (facts.emptyBefore[layer]) return { code: 'WINDOW_ALREADY_EMPTY', layer };
  // The next reading, seconds later, found it empty: this one lagged (room freed by then would read more, not less),
  // unless the client's own requests counted in between could have used the room this one read.
  const next = facts.next;
  if (next && (leftIn(next.event.counters, layer) ?? 1) <= 0) {
    const ownUsed = ownInWindow(next.point, layer) - ownInWindow(facts.point, layer);
    if (ownUsed < (leftIn(facts.event.counters, layer) ?? 0)) return { code: 'WINDOW_EMPTY_NEXT', layer };
  }
  if (!facts.before) return null;
  const projected = projectedExhaustion(facts.before, facts.point);
  return projected && projected.layer === layer ? projected : null;
}

// Own requests counted since the earlier response use up what it said was left (a rolling count's
// difference also frees what aged out): nothing left projected means that window was full.
function projectedExhaustion(
  before: Neighbour,
  now: LedgerPoint,
): Extract<LayerEvidence, { code: 'COUNTER_PROJECTED_EXHAUSTED' }> | null {
  const left = leftOf(before.event.counters);
  const self = (now.countedVariant === 'all' ? now.counted.all : now.counted.excluding429) ? 1 : 0;
  for (const layer of EXHAUSTION_ORDER) {
    const available = left[layer];
    if (available === null) continue;
    const ownSince = ownInWindow(now, layer) - self - ownInWindow(before.point, layer);
    if (available - ownSince <= 0) {
      return {
        code: 'COUNTER_PROJECTED_EXHAUSTED',
        layer,
        header: LEFT_HEADER[layer],
        available,
        ownSince,
        neighbour: before.event.source,
      };
    }
  }
  return null;
}

function ownAtLimit(point: LedgerPoint): Extract<LayerEvidence, { code: 'OWN_COUNT_AT_LIMIT' }> | null {
  // Requests already in the window when this one arrived (it counts itself when 429s are counted).
  const self = (point.countedVariant === 'all' ? point.counted.all : point.counted.excluding429) ? 1 : 0;
  for (const layer of EXHAUSTION_ORDER) {
    const limit = point.limits[layer];
    const own = ownInWindow(point, layer) - self;
    if (limit !== null && limit > 0 && own >= limit) return { code: 'OWN_COUNT_AT_LIMIT', layer, count: own, limit };
  }
  return null;
}

function leastLeft(list: readonly PerCounterLayer<number | null>[]): PerCounterLayer<number | null> {
  const least = (layer: CounterLayer): number | null => {
    const values = list.map((left) => left[layer]).filter((value): value is number => value !== null);
    return values.length === 0 ? null : Math.min(...values);
  };
  return {
    'product-minute': least('product-minute'),
    'product-day': least('product-day'),
    'tenant-minute': least('tenant-minute'),
    'tenant-day': least('tenant-day'),
  };
}

// The smallest share of a limit left on this response, to lower confidence when a counter was nearly empty.
function tightest(left: PerCounterLayer<number | null>, limits: PerCounterLayer<number | null>): number | null {
  let smallest: number | null = null;
  for (const layer of EXHAUSTION_ORDER) {
    const value = left[layer];
    const limit = limits[layer];
    if (value === null || limit === null || limit <= 0) continue;
    smallest = smallest === null ? value / limit : Math.min(smallest, value / limit);
  }
  return smallest;
}
