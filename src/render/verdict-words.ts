// Every sentence about throttled responses is made here, from the codes and numbers attribute decided.
import type { Advice } from '../attribute/advice.js';
import type { ExplanationEvidence, LayerEvidence } from '../attribute/evidence.js';
import type { SpikeSetting } from '../attribute/spike-setting.js';
import type { ThrottleSummary } from '../attribute/summary.js';
import type { ThrottleReport } from '../attribute/throttle-analysis.js';
import type { SpikeFitSummary } from '../spike/index.js';
import { ALL_KEYS, type Explanation } from '../attribute/vocabulary.js';
import { isDayLayer, type CounterLayer, type LedgerReport, type PerCounterLayer } from '../ledger/index.js';
import type { SourceRef } from '../types.js';
import { count, shortUtc } from './time-format.js';

/** The five explanations as the report names them. */
export const EXPLANATION_WORDS: Readonly<Record<Explanation, string>> = {
  'above-nominal': '(a) own traffic above the nominal rate',
  smoothing: '(b) below nominal: SpikeArrest smoothing over N processors',
  'other-consumers': '(c) other consumers of the same bucket',
  exhaustion: '(d) minute/day/tenant limit used up',
  unexplained: '(e) unexplained',
};

const LAYER_WORDS: Readonly<Record<CounterLayer, string>> = {
  'product-minute': 'minute throttle',
  'product-day': 'daily quota',
  'tenant-minute': 'tenant minute',
  'tenant-day': 'tenant day',
};

/** One layer-evidence item in words. */
export function layerEvidenceWords(evidence: LayerEvidence): string {
  switch (evidence.code) {
    case 'FAULT_SPIKE_ARREST':
      return evidence.rate === null
        ? 'Apigee fault policies.ratelimit.SpikeArrestViolation without a readable MessageRate'
        : `Apigee fault policies.ratelimit.SpikeArrestViolation: ${evidence.rate}p${evidence.unit === 'minute' ? 'm' : 's'} across ${evidence.processors} message processor(s)`;
    case 'FAULT_GATEWAY_SPIKE':
      return 'gateway spike-arrest message';
    case 'FAULT_XMLRPC_THROTTLE':
      return 'XML-RPC ThrottlingException: the legacy credit bank was empty';
    case 'FAULT_QUOTA_VIOLATION':
      return evidence.window === null
        ? 'Apigee fault policies.ratelimit.QuotaViolation; no counters say which window: assumed the minute throttle'
        : `Apigee fault policies.ratelimit.QuotaViolation; the ${evidence.window === 'day' ? 'daily quota' : 'minute throttle'} was exhausted`;
    case 'COUNTER_EXHAUSTED':
      return evidence.neighbour === null
        ? `${evidence.header} ${evidence.value} on this response`
        : `${evidence.header} ${evidence.value} on the neighbouring response ${where(evidence.neighbour)}`;
    case 'COUNTER_PROJECTED_EXHAUSTED':
      return `${evidence.header} ${evidence.available} on ${where(evidence.neighbour)}, and ${evidence.ownSince} own request(s) since: nothing left; this 429 carried no counters`;
    case 'COUNTERS_HAVE_ROOM':
      return `every counter on this response has room (${leftWords(evidence.left)}); SpikeArrest reports no counter`;
    case 'NEIGHBOURS_HAVE_ROOM':
      return `the responses around it (${evidence.neighbours.map(where).join(', ')}) had room (${leftWords(evidence.left)}); this 429 carried no counters`;
    case 'OWN_COUNT_AT_LIMIT':
      return `own requests ${count(evidence.count)} had reached the ${LAYER_WORDS[evidence.layer]} limit ${count(evidence.limit)}`;
    case 'OWN_COUNT_BELOW_LIMITS':
      return `no counters on or around it; own requests in the last second ${evidence.lastSecond} against spike ${evidence.spikeRate}/s, minute and day below their limits`;
    case 'NO_COUNTERS_ON_THIS_429':
      return evidence.countersElsewhere
        ? 'no counters on or around this 429 although the log’s other responses carry them: SpikeArrest rejects before the quota policies add theirs'
        : 'no fault, no counters and no known limit: SpikeArrest, which reports no counter, is the likeliest';
    case 'WINDOW_EMPTY_NEXT':
      return `the key's next response read the ${LAYER_WORDS[evidence.layer]} as empty, and the client's own requests in between cannot have used the room read here: this reading lagged`;
    case 'WINDOW_ALREADY_EMPTY':
      return isDayLayer(evidence.layer)
        ? `an earlier response the same UTC day already read the ${LAYER_WORDS[evidence.layer]} as empty`
        : `an earlier response in the same minute already read the ${LAYER_WORDS[evidence.layer]} as empty, and too few of the client's own requests have aged out since to free the room read here`;
    case 'SPIKE_REJECTS_FIRST':
      return `the ${LAYER_WORDS[evidence.quota]} was full too, but SpikeArrest (which runs first) would have rejected it anyway (probability ${percent(evidence.probability)})`;
    case 'BARE_LIKE_SPIKE_429S':
      return `the ${LAYER_WORDS[evidence.quota]} looked full, but this 429 carries no counters while the log's ${count(evidence.quota429sWithCounters)} quota 429s do (${count(evidence.spike429sWithCounters)} 429s with counters read room): SpikeArrest's 429s come without them`;
    case 'COUNTERS_LIKE_QUOTA_429S':
      return `this 429 carries counters, as the log's ${count(evidence.quota429sWithCounters)} quota 429s do, while its ${count(evidence.bare429s)} SpikeArrest 429s come without: the ${LAYER_WORDS[evidence.quota]} read ${evidence.left} left, a reading that lagged an empty window`;
    case 'NO_SPIKE_CAUSE':
      return `the ${LAYER_WORDS[evidence.quota]} read ${evidence.left} left, but own or others' requests on the key explain a SpikeArrest rejection here under only ${percent(evidence.possible)} of the model: a reading that lagged an empty window`;
    case 'NO_EVIDENCE':
      return 'no fault code, no counters on or around this response, and no known limit it exceeded';
  }
}

/** One explanation-evidence item in words. */
export function explanationEvidenceWords(evidence: ExplanationEvidence): string {
  switch (evidence.code) {
    case 'ABOVE_NOMINAL':
      return `own traffic above the nominal ${evidence.rate}/s (${evidence.gapMs === null ? `${evidence.lastSecond} in the last second` : `${evidence.gapMs} ms after the previous request, nominal one per ${Math.round(evidence.nominalMs)} ms`})`;
    case 'WITHIN_PROCESSOR_INTERVAL':
      return `${evidence.gapMs === null ? 'own requests in the same second' : `own gap ${evidence.gapMs} ms`} inside one processor's interval of ${Math.round(evidence.intervalMs)} ms (probability ${percent(evidence.probability)})`;
    case 'OTHER_CONSUMERS_ON_KEY':
      return `other consumers of the key (probability ${percent(evidence.probability)}; ${evidence.from === 'counters' ? `${(evidence.perSecond ?? 0).toFixed(2)} requests/s by the counters` : 'their rate fitted from the log'})`;
    case 'NO_OWN_REQUEST_IN_INTERVAL':
      return `no own request within ${Math.round(evidence.intervalMs)} ms before it${evidence.gapMs === null ? '' : ` (previous ${evidence.gapMs} ms earlier)`}`;
    case 'COUNTERS_SHOW_NO_OTHER_TRAFFIC':
      return `the ${LAYER_WORDS[evidence.layer]} counter shows no other traffic`;
    case 'OWN_SHARE_OF_LIMIT':
      return `own ${count(evidence.own)} of ${evidence.limit === null ? 'an unknown limit' : count(evidence.limit)} in the ${LAYER_WORDS[evidence.layer]}`;
    case 'OTHERS_IN_BUCKET':
      return `${count(evidence.requests)} requests by others in the ${LAYER_WORDS[evidence.layer]}`;
    case 'DAY_USED_BEFORE_LOG':
      return `${count(evidence.usedBefore)} requests of the ${LAYER_WORDS[evidence.layer]} came before your log began; at your logged pace you would have sent about ${count(evidence.atOwnPace)}`;
    case 'OWN_PACE_FILLS_WINDOW':
      return `only your errors were logged, and they come about ${count(Math.round(evidence.spacingMs))} ms apart: about ${count(evidence.perMinute)} requests a minute, enough alone for the ${LAYER_WORDS[evidence.layer]} limit of ${count(evidence.limit)}`;
    case 'OWN_BUCKET_BELOW_CEILING':
      return `your credential's own counter was at ${count(evidence.productUsed)} of the ${LAYER_WORDS[evidence.layer]} ceiling ${count(evidence.limit)}: other integrations of the tenant used the rest`;
    case 'SPACING_NOT_MEASURABLE':
      return evidence.why === 'errors-only'
        ? 'only throttled responses were logged for this key: its spacing is unknown'
        : 'this key’s rows are minutes or more apart: its spacing is unknown';
    case 'SPACING_INFERRED':
      return evidence.from === 'counters'
        ? `only errors were logged; the server counted about one request every ${evidence.spacingMs} ms between them (yours or others')`
        : evidence.gapsPerSpacing > 1
          ? `only errors were logged; the shortest gaps between them are about ${evidence.spacingMs * evidence.gapsPerSpacing} ms, read as ${evidence.gapsPerSpacing} requests of about ${evidence.spacingMs} ms (two errors in a row need a spacing below half the interval)`
          : `only errors were logged; the shortest gaps between them are about ${evidence.spacingMs} ms`;
    case 'NO_SPIKE_MODEL':
      return 'no request reached the SpikeArrest model';
    case 'LAYER_UNKNOWN':
      return 'the limit that fired is unknown';
  }
}

/** The paragraph that answers "why" for one key or the whole log. */
export function summaryWords(summary: ThrottleSummary, throttling: ThrottleReport, ledger: LedgerReport): string {
  const total = summary.throttled;
  if (total === 0) return 'No throttled responses.';
  const counts = summary.byExplanation;
  const spike = throttling.spike.setting;
  const parts: string[] = [];
  if (summary.spacing === 'errors-only')
    parts.push(
      'The log holds only throttled responses, so the spacing of your requests cannot be measured: log every response, not just the errors (README "What to log").',
    );
  else if (summary.spacing === 'sparse')
    parts.push('The log’s rows are minutes or more apart, so it cannot show how close together your requests were.');
  if (throttling.timestampResolutionMs === 1000)
    parts.push(
      'The log has whole-second timestamps, so spacing inside a second is unknown; log milliseconds for a sharper answer.',
    );
  const of = (n: number) => `${count(n)} of ${count(total)}`;
  if (counts.smoothing > 0 && spike) {
    const gap = summary.medianGapAt429Ms;
    const share = summary.expectedRejectionShareAtThatGap;
    parts.push(
      `${of(counts.smoothing)} 429s came below the nominal ${spike.rate}/s: ` +
        (gap === null
          ? `you sent fewer than ${spike.rate} requests in that second, `
          : `your requests were ${gap} ms apart (median), slower than the nominal one per ${Math.round(1000 / spike.rate)} ms, `) +
        `but SpikeArrest with UseEffectiveCount splits the rate over ${processorWords(spike)}, ` +
        `so each one admits one request per ${spike.intervalMs === null ? '?' : Math.round(spike.intervalMs)} ms and a request routed to a busy one is rejected` +
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
    const note = othersNote(ledger);
    parts.push(
      `${of(counts['other-consumers'])} 429s are best explained by other consumers of the same bucket${note ? `: ${note}` : ' (traffic your log does not contain)'}. If that traffic used the same key (another server, thread or plugin), it also shared your per-second SpikeArrest bucket.`,
    );
  }
  if (counts.exhaustion > 0)
    parts.push(
      `${of(counts.exhaustion)} 429s hit a minute, day, tenant or credit limit that your own traffic used up.`,
    );
  if (counts.unexplained > 0)
    parts.push(`${of(counts.unexplained)} 429s are not explained by the log: ${unexplainedWhy(summary, throttling)}.`);
  if (summary.ambiguous > 0)
    parts.push(
      `${of(summary.ambiguous)} could be read either way: the log cannot tell the two likeliest causes apart for them.`,
    );
  if (spike && !spike.rateIdentified && spike.rateFrom === 'fit') parts.push(rateDoubtWords(spike));
  const floor = spike ? admittedFloorWords(spike) : null;
  if (floor) parts.push(floor);
  const advice = summary.advice;
  if (advice.minSpacingMs !== null && counts.exhaustion + counts.unexplained < total)
    parts.push(`To avoid them: keep at least ${advice.minSpacingMs} ms between requests of one key, one at a time.`);
  return parts.join(' ');
}

/** "5/s on 7 message processors (fitted; 90 % credible 6–8)". */
export function processorWords(spike: SpikeSetting): string {
  const credible = spike.processorsCredible;
  const range = credible
    ? credible.low === credible.high
      ? `${credible.low}`
      : `${credible.low}–${credible.high}`
    : '?';
  if (spike.processors === null || !spike.processorsIdentified)
    return `an unmeasured number of message processors (the log allows ${range}${spike.processors === null ? '' : `, ${spike.processorsEstimate === 'median' ? 'median' : 'most probably'} ${spike.processors}`})`;
  const from = spike.processorsFrom === 'fault' ? 'read from the faults' : 'fitted to your log';
  return `${spike.processors} message processors (${from}; ${Math.round((credible?.level ?? 0.9) * 100)} % credible ${range})`;
}

/** The SpikeArrest setting in one line. */
export function settingWords(spike: SpikeSetting): string {
  const interval =
    spike.intervalMs === null ? '' : `, one request per ${Math.round(spike.intervalMs)} ms per processor`;
  return `${spike.rate}/s (from ${spike.rateFrom}${spike.rateIdentified ? '' : ', not certain'}) on ${processorWords(spike)}${interval}`;
}

/** What the advice says, one line each. */
export function adviceLines(advice: Advice, spike: SpikeSetting | null): string[] {
  const lines: string[] = [];
  if (advice.minSpacingMs !== null) {
    const covers =
      advice.coversIntervalMs === null
        ? ''
        : ` (covers every setting the log allows: up to ${Math.round(advice.coversIntervalMs)} ms per processor${spike ? ` at ${spike.rate}/s` : ''})`;
    lines.push(`spacing: at least ${advice.minSpacingMs} ms between requests of one key${covers}`);
  }
  if (advice.failingSpacingMs !== null)
    lines.push(`the log shows your own requests rejected at gaps up to ${advice.failingSpacingMs} ms`);
  if (advice.workingSpacingMs !== null)
    lines.push(
      `the log shows no request of yours rejected by SpikeArrest at gaps down to ${advice.workingSpacingMs} ms, and none closer tried`,
    );
  if (advice.curve.length > 0)
    lines.push(
      `expected 429 share by spacing: ${advice.curve.map((point) => `${seconds(point.spacingMs)} ${(point.expectedShare * 100).toFixed(point.expectedShare < 0.1 && point.expectedShare > 0 ? 1 : 0)} %`).join(', ')}`,
    );
  if (advice.sustainedSpacingMs.perMinute !== null)
    lines.push(`minute limit: on average at least ${advice.sustainedSpacingMs.perMinute} ms apart per bucket`);
  if (advice.sustainedSpacingMs.perDay !== null)
    lines.push(`day limit: on average at least ${advice.sustainedSpacingMs.perDay} ms apart per bucket, sustained`);
  lines.push(`concurrency: ${advice.concurrency} request in flight per key`);
  lines.push(
    'pacer: createPacer() from keap-throttle paces each key like this and learns N as it goes; --emit-pacer pacer.json writes its options for this log (README "Pacing")',
  );
  lines.push(`p-queue: ${pQueueCode(advice)}`);
  lines.push(`bottleneck: ${bottleneckCode(advice)}`);
  lines.push(...retryLines(advice));
  return lines;
}

/** A ready p-queue constructor for the advice. */
export function pQueueCode(advice: Advice): string {
  return `new PQueue({ concurrency: ${advice.concurrency}, interval: ${advice.limiter.intervalMs}, intervalCap: 1 })`;
}

/** A ready bottleneck constructor for the advice. */
export function bottleneckCode(advice: Advice): string {
  const reservoir = advice.limiter.reservoirPerMinute;
  const refill =
    reservoir === null
      ? ''
      : `, reservoir: ${reservoir}, reservoirRefreshAmount: ${reservoir}, reservoirRefreshInterval: 60_000`;
  return `new Bottleneck({ maxConcurrent: ${advice.concurrency}, minTime: ${advice.limiter.intervalMs}${refill} })`;
}

function retryLines(advice: Advice): string[] {
  return [
    'retry: Keap sends no reliable Retry-After: do not wait for one.',
    `retry: after a spike 429, wait at least ${advice.retry.spikeWaitMs === null ? 'one processor interval' : `${Math.ceil(advice.retry.spikeWaitMs)} ms (one processor's interval)`} plus random jitter before retrying that key, doubling up to 60 s.`,
    `retry: after a minute-throttle 429, wait until your oldest request of the last 60 s is a minute old (at most ${advice.retry.minuteWaitMs / 1000} s).`,
    'retry: after a daily-quota 429, stop until x-keap-product-quota-expiry-time (the next 00:00 UTC).',
  ];
}

/** An errors-only log's floor under the rate, when it ruled a compared rate out, and the share the day counter
 * confirms; null when neither says anything. */
export function admittedFloorWords(spike: SpikeSetting): string | null {
  const floor = spike.admitted;
  if (!floor) return null;
  const ruledOut = spike.rateCandidates.filter((c) => c.rate < floor.leastRate).map((c) => `${c.rate}/s`);
  const counted = floor.byDayCounter.length === 0 ? null : shareWords(floor.byDayCounter, floor.spanS);
  if (ruledOut.length === 0) return counted && `Only errors were logged, but ${counted}`;
  const floorWords = `Only errors were logged, but they come a steady ${Math.round(floor.spacingMs)} ms apart: about ${floor.admittedPerSecond.toFixed(1)} requests/s got through over ${Math.round(floor.spanS)} s, more than ${ruledOut.join(' or ')} admits, so the rate is at least ${Math.ceil(floor.leastRate)}/s.`;
  return counted ? `${floorWords} And ${counted}` : floorWords;
}

// The readings of the day counter that confirm a steady client, and what their share of rejections is used for.
function shareWords(counted: NonNullable<SpikeSetting['admitted']>['byDayCounter'], spanS: number): string {
  const readings = counted.map(
    (train) =>
      `${Math.round(train.sent)} requests (${Math.round((100 * train.rejected) / train.sent)} % of them rejected)`,
  );
  return `the day counter shows ${readings.join(' or ')} sent in ${Math.round(spanS)} s; each rate and N predicts that share for the client's spacing, and it weighs them.`;
}

function rateDoubtWords(spike: SpikeSetting): string {
  const ranked = [...spike.rateCandidates]
    .filter((c) => c.probability >= 0.05)
    .sort((a, b) => b.probability - a.probability);
  const list = ranked.map((c) => `${c.rate}/s (${percent(c.probability)})`).join(', ');
  return `The log cannot tell the SpikeArrest rate for certain: ${list}; the advice covers each of them.`;
}

function unexplainedWhy(summary: ThrottleSummary, throttling: ThrottleReport): string {
  const codes =
    summary.key === ALL_KEYS
      ? throttling.unexplained.dataset
      : (throttling.unexplained.keys.get(summary.key) ?? new Set());
  const reasons: string[] = [];
  if (codes.has('SPACING_NOT_MEASURABLE')) reasons.push('the log cannot show the spacing of those requests');
  if (codes.has('NO_OWN_REQUEST_IN_INTERVAL'))
    reasons.push(
      codes.has('COUNTERS_SHOW_NO_OTHER_TRAFFIC')
        ? 'no own request was inside one processor’s interval and the counters show no other traffic (possibly eventual consistency in Apigee’s counters)'
        : 'no own request was inside one processor’s interval',
    );
  if (codes.has('NO_SPIKE_MODEL')) reasons.push('no request reached the SpikeArrest model');
  if (codes.has('LAYER_UNKNOWN')) reasons.push('no fault, counter or profile says which limit fired');
  return reasons.length > 0 ? reasons.join('; ') : 'no fault, counter or spacing accounts for them';
}

/** "the server counted 26 requests your log does not contain (daily quota, between … and …)", or null. */
export function othersNote(ledger: LedgerReport): string | null {
  const layer = (['product-day', 'product-minute', 'tenant-day', 'tenant-minute'] as const).find(
    (name) => ledger.foreign[name].requests > 0,
  );
  if (!layer) return null;
  const episodes = ledger.layers[layer].flatMap((group) => group.serverAhead);
  const from = Math.min(...episodes.map((episode) => episode.startAfter ?? episode.start));
  const to = Math.max(...episodes.map((episode) => episode.end));
  const span = episodes.length > 0 ? `, between ${shortUtc(from)} and ${shortUtc(to)}` : '';
  return `the server counted ${count(ledger.foreign[layer].requests)} requests your log does not contain (${LAYER_WORDS[layer]}${span})`;
}

function leftWords(left: PerCounterLayer<number | null>): string {
  const parts: string[] = [];
  for (const layer of ['product-minute', 'product-day', 'tenant-minute', 'tenant-day'] as const) {
    const value = left[layer];
    if (value !== null) parts.push(`${LAYER_WORDS[layer]} ${count(value)} left`);
  }
  return parts.join(', ');
}

function where(ref: SourceRef): string {
  return `${ref.file}:${ref.line}`;
}

function percent(probability: number): string {
  return `${Math.round(probability * 100)} %`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 100 === 0 ? 1 : 2)} s` : `${ms} ms`;
}

const MODEL_NAMES = {
  'effective-count': 'SpikeArrest with UseEffectiveCount (N processors, random routing)',
  'sliding-window': 'a plain sliding window of one second',
  baseline: 'no model (429s at random, at their overall share)',
} as const;

/** The fit's model comparison in words a person can weigh: which reading explains the log best, and by how much. */
export function modelComparisonLines(fit: SpikeFitSummary): string[] {
  const lines = [
    `fitted to ${count(fit.observations)} requests (${count(fit.accepted)} accepted, ${count(fit.rejected)} rejected by SpikeArrest)`,
  ];
  for (const row of fit.comparison)
    lines.push(
      `${MODEL_NAMES[row.model]}: ${row.deltaAic === 0 ? 'explains the log best' : `fits worse by ${row.deltaAic.toFixed(1)} AIC points${row.deltaAic > 10 ? ' (clearly worse)' : row.deltaAic < 2 ? ' (about as well)' : ''}`}`,
    );
  lines.push(
    'AIC weighs how likely each reading makes the accepted and rejected requests against how many numbers it fits; lower is better, and a difference under 2 says the log cannot tell the two apart.',
  );
  const best = fit.cells.slice(0, 5).map((cell) => `${cell.rate}/s × ${cell.processors} (${percent(cell.posterior)})`);
  if (best.length > 0) lines.push(`most probable settings: ${best.join(', ')}`);
  return lines;
}
