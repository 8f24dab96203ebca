// Runs one scenario: own clients and unlogged traffic through the gateway, then the log text and its ground truth.
import { layerChancesFromLog, type FilterEvent, type OwnOutcome } from './layer-filter.js';
import {
  createClient,
  createForeignStream,
  UPLINK_MS,
  type ClientPlan,
  type ForeignPlan,
  type Send,
} from './clients.js';
import {
  createCounterReporter,
  createGateway,
  type GatewayDecision,
  type GatewayLayer,
  type GatewayRequest,
  type QuotaLimits,
} from './gateway.js';
import {
  KEAP_429_BODY,
  QUOTA_FAULT_BODY,
  spikeFaultBody,
  writeLog,
  type BodyStyle,
  type LogFormat,
  type LoggedResponse,
} from './log-writer.js';
import { createDraw, drawInt } from './prng.js';
import { labelRequest, type OwnContext, type TrueExplanation } from './truth.js';

/** Everything that varies between scenarios (families.ts builds ~260 of them). */
export interface ScenarioSpec {
  readonly id: string;
  readonly family: string;
  readonly seed: number;
  readonly startMs: number;
  readonly rate: number;
  readonly processors: number;
  /** Own keys, all logged (1 or 3); they share the product and tenant buckets, each has its own SpikeArrest. */
  readonly keys: number;
  /** Own requests sent, over all keys. */
  readonly requests: number;
  readonly client: ClientPlan;
  /** Traffic nobody logged; `reach: 'key'` plans use the first own key. */
  readonly foreign: readonly ForeignPlan[];
  readonly limits: QuotaLimits;
  /** Keap's figures (they match a built-in profile) or figures of no profile. */
  readonly limitHeaders: 'keap' | 'custom';
  readonly productDayUsedAtStart: number;
  readonly tenantDayUsedAtStart: number;
  readonly body: BodyStyle;
  readonly countersOnSpike429: boolean;
  readonly spikeLimitHeader: 'absent' | 'empty' | 'rate';
  /** `errors-only`: only the 429s reached the log. */
  readonly logging: 'all' | 'errors-only';
  readonly wholeSecond: boolean;
  readonly format: LogFormat;
  readonly keyColumn: boolean;
  /** Factors for the per-factor table (e.g. `sparse:short`). */
  readonly tags: readonly string[];
}

/** Ground truth for one logged own response. */
export interface TruthRow {
  readonly line: number;
  readonly key: string;
  readonly status: number;
  readonly arrivalMs: number;
  readonly loggedMs: number;
  readonly layer: GatewayLayer | null;
  readonly explanation: TrueExplanation | null;
  readonly alternatives: readonly TrueExplanation[];
  readonly blocker: { readonly own: boolean; readonly arrivalMs: number; readonly line: number | null } | null;
  readonly ownGapMs: number | null;
  readonly ownShare: number | null;
  /**
   * A rejection while a quota was full too, in a log whose 429s look alike (Keap's body, counters on every 429): the
   * chance it was SpikeArrest's for one who knew every processor's state but not the routing. Null otherwise.
   */
  readonly layerSpikeChance: number | null;
  /** The same chance for one who knew the setting and the unlogged traffic but read the processors' state from the log. */
  readonly layerSpikeChanceFromLog: number | null;
}

export interface ScenarioTruth {
  readonly rate: number;
  readonly processors: number;
  /** One processor's interval N·1000/rate, which is also the safe spacing for own traffic under random routing. */
  readonly intervalMs: number;
  readonly safeSpacingMs: number;
  readonly ownSent: number;
  readonly ownThrottled: number;
  readonly rowsLogged: number;
  /** Whether the log lets N (and the rate) be told: see README.md, "Identifiable N". */
  readonly nIdentifiable: boolean;
  readonly identifiableBy: 'fault' | 'timing' | null;
  readonly notIdentifiableBecause: string | null;
  /** Median logged gap between own requests of one key (ms), over the whole log. */
  readonly medianOwnGapMs: number | null;
  readonly rows: readonly TruthRow[];
}

export interface Scenario {
  readonly spec: ScenarioSpec;
  readonly fileName: string;
  readonly text: string;
  readonly truth: ScenarioTruth;
  /** Every gateway decision, own and foreign, when asked for (the generator's own tests recount them). */
  readonly trace?: readonly GatewayDecision[];
}

const KEY_NAMES = ['sak-forms', 'sak-orders', 'sak-sync'] as const;
const ENDPOINTS = [
  ['POST', '/crm/rest/v1/contacts'],
  ['GET', '/crm/rest/v1/contacts'],
  ['PATCH', '/crm/rest/v1/contacts/4102'],
  ['POST', '/crm/rest/v1/orders'],
  ['GET', '/crm/rest/v2/tags'],
] as const;
// Identifiable-N rule (README.md): enough own-caused spike 429s in a dense, millisecond log spaced under the interval.
const MIN_ROWS_FOR_TIMING = 200;
const MIN_OWN_BLOCKED_429S = 20;
const MIN_OWN_BLOCKED_SHARE = 0.3;
// A response leaves the gateway at least this long before the client can send again.
const DOWNLINK_MS = 5;

interface OwnRecord {
  readonly request: GatewayRequest;
  readonly keyIndex: number;
  readonly sendMs: number;
  decision?: GatewayDecision;
  /** What the gateway saw of the request; the log's readings of it are added once every send is known. */
  context?: GatewayContext;
  line?: number;
  response?: LoggedResponse;
}

/** Simulates `spec` and returns its log text with the truth for every logged own row. */
export function runScenario(spec: ScenarioSpec, options: { trace?: boolean } = {}): Scenario {
  const gateway = createGateway({
    rate: spec.rate,
    processors: spec.processors,
    seed: spec.seed,
    limits: spec.limits,
    productDayUsedAtStart: spec.productDayUsedAtStart,
    tenantDayUsedAtStart: spec.tenantDayUsedAtStart,
  });
  const intervalMs = gateway.intervalMs;
  const reporter = createCounterReporter(spec.seed, spec.limits);
  const draw = createDraw(spec.seed, 'scenario');
  const trace: GatewayDecision[] = [];
  const keyNames = KEY_NAMES.slice(0, spec.keys);
  const perKey = Math.ceil(spec.requests / spec.keys);
  const openLoop = spec.client.style !== 'sequential';
  const clients = keyNames.map((_, index) => createClient(spec.client, perKey, spec.seed, `key-${index}`));
  // Pending sends per key, sorted by arrival; open-loop clients do not wait for answers, so all their sends are known now.
  const pending: Send[][] = clients.map((client, index) => {
    const first = client.start(spec.startMs + (index === 0 ? 0 : drawInt(draw, 700)));
    if (!openLoop) return sortByArrival(first);
    const all = [...first];
    for (let batch = client.next(lastSend(first), false); batch; batch = client.next(lastSend(batch), false))
      all.push(...batch);
    return sortByArrival(all);
  });
  const batchOutcome: { lastSendMs: number; lastThrottled: boolean; latestArrival: number }[] = pending.map(() => ({
    lastSendMs: Number.NEGATIVE_INFINITY,
    lastThrottled: false,
    latestArrival: Number.NEGATIVE_INFINITY,
  }));
  const foreign = spec.foreign.map((plan, index) => {
    const next = createForeignStream(plan, spec.startMs, spec.seed, String(index));
    return { plan, next, upcoming: next() };
  });

  const own: OwnRecord[] = [];
  const ownArrivals = keyNames.map(() => [] as number[]);
  const ownPassedSpike = keyNames.map(() => Number.NEGATIVE_INFINITY);
  const foreignPassedSpike = keyNames.map(() => Number.NEGATIVE_INFINITY);
  const foreignOnKey: number[] = [];
  let nextId = 0;
  for (;;) {
    let chosen: { kind: 'own' | 'foreign'; index: number } | null = null;
    let best = Number.POSITIVE_INFINITY;
    for (let index = 0; index < pending.length; index++) {
      const head = pending[index]![0];
      if (head && head.arrivalMs < best) {
        best = head.arrivalMs;
        chosen = { kind: 'own', index };
      }
    }
    // Unlogged traffic only matters while the client runs.
    if (chosen === null) break;
    for (let index = 0; index < foreign.length; index++) {
      const upcoming = foreign[index]!.upcoming;
      if (upcoming < best) {
        best = upcoming;
        chosen = { kind: 'foreign', index };
      }
    }
    if (chosen.kind === 'foreign') {
      const stream = foreign[chosen.index]!;
      const request: GatewayRequest = {
        id: nextId++,
        t: stream.upcoming,
        own: false,
        reach: stream.plan.reach,
        key: stream.plan.reach === 'key' ? keyNames[0]! : null,
      };
      const decision = gateway.process(request);
      if (options.trace) trace.push(decision);
      if (request.reach === 'key' && decision.layer !== 'spike') foreignPassedSpike[0] = request.t;
      if (request.reach === 'key') foreignOnKey.push(request.t);
      stream.upcoming = stream.next();
      continue;
    }
    const keyIndex = chosen.index;
    const send = pending[keyIndex]!.shift()!;
    const key = keyNames[keyIndex]!;
    const request: GatewayRequest = {
      id: nextId++,
      t: send.arrivalMs,
      own: true,
      reach: 'key',
      key,
      arrivalBounds: [send.sendMs + UPLINK_MS[0], send.sendMs + UPLINK_MS[1]],
    };
    const arrivals = ownArrivals[keyIndex]!;
    const context = contextOf(send, arrivals, intervalMs, {
      own: ownPassedSpike[keyIndex]!,
      foreign: foreignPassedSpike[keyIndex]!,
    });
    const decision = gateway.process(request);
    if (options.trace) trace.push(decision);
    arrivals.push(send.arrivalMs);
    if (decision.layer !== 'spike') ownPassedSpike[keyIndex] = send.arrivalMs;
    own.push({ request, keyIndex, sendMs: send.sendMs, decision, context });
    const outcome = batchOutcome[keyIndex]!;
    outcome.latestArrival = Math.max(outcome.latestArrival, send.arrivalMs);
    if (send.sendMs >= outcome.lastSendMs) {
      outcome.lastSendMs = send.sendMs;
      outcome.lastThrottled = !decision.accepted;
    }
    if (!openLoop && pending[keyIndex]!.length === 0) {
      const batch = clients[keyIndex]!.next(outcome.lastSendMs, outcome.lastThrottled);
      if (batch) {
        // The next request can only leave after the last answer came back.
        const earliest = Math.ceil(outcome.latestArrival + DOWNLINK_MS);
        const shift = Math.max(0, earliest - Math.min(...batch.map((item) => item.sendMs)));
        pending[keyIndex] = sortByArrival(
          batch.map((item) => ({ sendMs: item.sendMs + shift, arrivalMs: item.arrivalMs + shift })),
        );
        outcome.lastSendMs = Number.NEGATIVE_INFINITY;
        outcome.latestArrival = Number.NEGATIVE_INFINITY;
      }
    }
  }

  // The log: what the client wrote, in its own time order.
  for (const record of own) {
    const decision = record.decision!;
    const status = decision.accepted ? 200 : 429;
    if (spec.logging === 'errors-only' && status !== 429) continue;
    const [method, path] = ENDPOINTS[drawInt(draw, ENDPOINTS.length)]!;
    const spikeRejected = decision.layer === 'spike';
    const body =
      status === 200
        ? JSON.stringify({ id: 4000 + record.request.id })
        : spec.body === 'keap'
          ? KEAP_429_BODY
          : spikeRejected
            ? spikeFaultBody(spec.rate, spec.processors)
            : QUOTA_FAULT_BODY;
    const counters = spikeRejected && !spec.countersOnSpike429 ? null : reporter.report(decision.counters);
    record.response = {
      loggedMs: record.sendMs,
      key: keyNames[record.keyIndex]!,
      method,
      path,
      status,
      counters,
      dayExpiryMs: decision.counters.dayExpiryMs,
      body,
      requestId: requestIdOf(spec.seed, record.request.id),
    };
  }
  const logged = own
    .filter((record) => record.response)
    .sort((a, b) => loggedTime(a, spec) - loggedTime(b, spec) || a.request.id - b.request.id);
  const { text, lines } = writeLog(
    logged.map((record) => record.response!),
    {
      format: spec.format,
      wholeSecond: spec.wholeSecond,
      keyColumn: spec.keyColumn,
      spikeLimitHeader: spec.spikeLimitHeader,
      rate: spec.rate,
      limits: spec.limits,
      tenantId: 'ab103.infusionsoft.com',
    },
  );
  logged.forEach((record, index) => (record.line = lines[index]));
  const lineOf = new Map(own.map((record) => [record.request.id, record.line ?? null]));

  // Every 429 looks alike (Keap's body, counters on each): where a quota was full too, the layer is a matter of chance.
  const alike = spec.body === 'keap' && spec.countersOnSpike429;
  const fromLog = alike ? chancesFromLog(spec, logged, foreignOnKey, keyNames) : new Map<number, number>();
  // Read off the rows the log holds: an errors-only log shows the gaps between its 429s, not those to unlogged successes.
  const readings = loggedReadings(logged, spec.wholeSecond);
  const rows: TruthRow[] = logged.map((record) => {
    const decision = record.decision!;
    const label = labelRequest(decision, { ...record.context!, ...readings.get(record.request.id)! }, spec.rate);
    return {
      line: record.line!,
      key: keyNames[record.keyIndex]!,
      status: record.response!.status,
      arrivalMs: record.request.t,
      loggedMs: record.sendMs,
      layer: label.layer,
      explanation: label.explanation,
      alternatives: label.alternatives,
      blocker: label.blocker && {
        own: label.blocker.own,
        arrivalMs: label.blocker.arrivalMs,
        line: label.blocker.own ? (lineOf.get(label.blocker.requestId) ?? null) : null,
      },
      ownGapMs: record.context!.gapMs,
      ownShare: label.ownShare,
      layerSpikeChance: alike ? decision.spikeChanceWhenQuotaFull : null,
      layerSpikeChanceFromLog: alike ? (fromLog.get(record.request.id) ?? null) : null,
    };
  });
  const medianOwnGapMs = medianLoggedGap(logged, spec);
  const identifiable = identifiability(spec, rows, intervalMs, medianOwnGapMs);
  return {
    spec,
    fileName: `${spec.id}.${spec.format === 'ndjson' ? 'ndjson' : 'csv'}`,
    text,
    truth: {
      rate: spec.rate,
      processors: spec.processors,
      intervalMs,
      safeSpacingMs: intervalMs,
      ownSent: own.length,
      ownThrottled: own.filter((record) => !record.decision!.accepted).length,
      rowsLogged: logged.length,
      ...identifiable,
      medianOwnGapMs,
      rows,
    },
    ...(options.trace && { trace }),
  };
}

// The log-information filter per key: its logged requests by send time, and (first key) the unlogged ones on it.
function chancesFromLog(
  spec: ScenarioSpec,
  logged: readonly OwnRecord[],
  foreignOnKey: readonly number[],
  keyNames: readonly string[],
): Map<number, number> {
  const chances = new Map<number, number>();
  const meanUplink = (UPLINK_MS[0] + UPLINK_MS[1]) / 2;
  keyNames.forEach((_, keyIndex) => {
    const own: { at: number; event: FilterEvent }[] = logged
      .filter((record) => record.keyIndex === keyIndex)
      .map((record) => {
        const decision = record.decision!;
        const outcome: OwnOutcome = decision.accepted
          ? 'accepted'
          : decision.spikeChanceWhenQuotaFull !== null
            ? 'ambiguous'
            : 'spike';
        return {
          at: record.sendMs + meanUplink,
          event: { kind: 'own', id: record.request.id, sendMs: record.sendMs, outcome },
        };
      });
    const foreign =
      keyIndex === 0
        ? foreignOnKey.map((t) => ({ at: t, event: { kind: 'foreign', arrivalMs: t } as FilterEvent }))
        : [];
    const events = [...own, ...foreign].sort((a, b) => a.at - b.at).map((entry) => entry.event);
    if (!events.some((event) => event.kind === 'own' && event.outcome === 'ambiguous')) return;
    const found = layerChancesFromLog(
      { rate: spec.rate, processors: spec.processors, seed: spec.seed + keyIndex },
      events,
    );
    for (const [id, chance] of found) chances.set(id, chance);
  });
  return chances;
}

/** What the gateway saw of an own request when it judged it. */
type GatewayContext = Omit<OwnContext, 'loggedGapMs' | 'loggedLastSecond'>;

// What the log shows of each own request it holds: the gap back to the key's previous logged send and the logged sends
// in the second up to it, in send order (the log's), not in the order the requests reached the gateway.
function loggedReadings(
  own: readonly { readonly request: GatewayRequest; readonly keyIndex: number; readonly sendMs: number }[],
  wholeSecond: boolean,
): Map<number, Pick<OwnContext, 'loggedGapMs' | 'loggedLastSecond'>> {
  const cut = (ms: number) => (wholeSecond ? Math.floor(ms / 1000) * 1000 : ms);
  const out = new Map<number, Pick<OwnContext, 'loggedGapMs' | 'loggedLastSecond'>>();
  const byKey = new Map<number, { id: number; at: number }[]>();
  for (const record of own) {
    let sends = byKey.get(record.keyIndex);
    if (!sends) byKey.set(record.keyIndex, (sends = []));
    sends.push({ id: record.request.id, at: cut(record.sendMs) });
  }
  for (const sends of byKey.values()) {
    sends.sort((a, b) => a.at - b.at || a.id - b.id);
    let windowStart = 0;
    sends.forEach((send, index) => {
      while ((sends[windowStart] as { at: number }).at <= send.at - 1000) windowStart++;
      const previous = index > 0 ? (sends[index - 1] as { at: number }).at : null;
      out.set(send.id, {
        loggedGapMs: previous === null || (wholeSecond && send.at <= previous) ? null : send.at - previous,
        loggedLastSecond: index - windowStart + 1,
      });
    });
  }
  return out;
}

function contextOf(
  send: Send,
  arrivals: readonly number[],
  intervalMs: number,
  passedSpike: { own: number; foreign: number },
): GatewayContext {
  const t = send.arrivalMs;
  const previous = arrivals[arrivals.length - 1];
  let lastSecond = 1;
  for (let i = arrivals.length - 1; i >= 0 && (arrivals[i] as number) > t - 1000; i--) lastSecond++;
  return {
    gapMs: previous === undefined ? null : t - previous,
    lastSecond,
    ownAcceptedWithinInterval: t - passedSpike.own < intervalMs,
    foreignAcceptedWithinInterval: t - passedSpike.foreign < intervalMs,
  };
}

function identifiability(
  spec: ScenarioSpec,
  rows: readonly TruthRow[],
  intervalMs: number,
  medianGap: number | null,
): Pick<ScenarioTruth, 'nIdentifiable' | 'identifiableBy' | 'notIdentifiableBecause'> {
  const spike = rows.filter((row) => row.layer === 'spike');
  if (spec.body === 'apigee' && spike.length > 0)
    return { nIdentifiable: true, identifiableBy: 'fault', notIdentifiableBecause: null };
  const ownBlocked = spike.filter((row) => row.blocker?.own).length;
  const because = spec.wholeSecond
    ? 'whole-second timestamps'
    : spec.logging === 'errors-only'
      ? 'errors-only log'
      : rows.length < MIN_ROWS_FOR_TIMING
        ? `only ${rows.length} rows`
        : ownBlocked < MIN_OWN_BLOCKED_429S
          ? `only ${ownBlocked} own-caused spike 429s`
          : ownBlocked < MIN_OWN_BLOCKED_SHARE * spike.length
            ? `most spike 429s caused by unlogged traffic (${ownBlocked} of ${spike.length} own)`
            : medianGap === null || medianGap >= intervalMs
              ? `median own gap ${medianGap} ms not under the ${intervalMs} ms interval`
              : null;
  return because === null
    ? { nIdentifiable: true, identifiableBy: 'timing', notIdentifiableBecause: null }
    : { nIdentifiable: false, identifiableBy: null, notIdentifiableBecause: because };
}

function medianLoggedGap(logged: readonly OwnRecord[], spec: ScenarioSpec): number | null {
  const gaps: number[] = [];
  const lastByKey = new Map<number, number>();
  for (const record of logged) {
    const at = loggedTime(record, spec);
    const previous = lastByKey.get(record.keyIndex);
    if (previous !== undefined) gaps.push(at - previous);
    lastByKey.set(record.keyIndex, at);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] as number;
}

function loggedTime(record: OwnRecord, spec: ScenarioSpec): number {
  return spec.wholeSecond ? Math.floor(record.sendMs / 1000) * 1000 : record.sendMs;
}

function sortByArrival(sends: Send[]): Send[] {
  return sends.sort((a, b) => a.arrivalMs - b.arrivalMs);
}

function lastSend(batch: readonly Send[]): number {
  return Math.max(...batch.map((item) => item.sendMs));
}

function requestIdOf(seed: number, id: number): string {
  const hex = ((seed * 2654435761 + id * 40503) >>> 0).toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${String(id).padStart(12, '0')}`;
}
