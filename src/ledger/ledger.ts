// The ledger: books every request into its spike, product and tenant buckets, holds the server's
// counters against the own counts, and keeps only window contents and per-bucket summaries.
import type { CounterSnapshot, RequestEvent, SpikeLimit } from '../types.js';
import { BucketIdentity } from './bucket-identity.js';
import { CounterBucket } from './counter-bucket.js';
import { countedRequests, minuteModel } from './counting-rules.js';
import { counterLimitValue } from './layer-limits.js';
import {
  COUNTER_JITTER_UNITS,
  type CountVariant,
  type Ledger,
  type LedgerOptions,
  type LedgerStateSize,
} from './ledger-types.js';
import type { LedgerReport } from './ledger-report-types.js';
import type { ForeignEstimate, LedgerPoint, PerCounterLayer, ServerReading } from './ledger-point.js';
import { buildLedgerReport } from './ledger-report.js';
import type { LedgerState } from './ledger-state.js';
import { MinuteBehaviourDetector } from './minute-behaviour.js';
import type { MinuteCoverage } from './minute-comparison.js';
import { RejectedCountDetector } from './rejected-count-detector.js';
import { SnapshotChecker } from './snapshot-check.js';
import { SpikeKey } from './spike-key.js';
import { MINUTE_MS, windowStart } from './time.js';

const MAX_RESETS = 400; // about a year of daily resets for two layers; later ones are only counted

/** Creates a ledger; feed it events in ascending time order. */
export function createLedger(options: LedgerOptions): Ledger {
  const tolerance = options.jitterTolerance ?? COUNTER_JITTER_UNITS;
  const smoothingWindowMs = options.smoothingWindowMs ?? 15_000;
  const topWindows = options.topWindows ?? 5;
  const state: LedgerState = {
    options: { profile: options.profile, jitterTolerance: tolerance, smoothingWindowMs, topWindows },
    spikeKeys: new Map(),
    productBuckets: new Map(),
    tenantBuckets: new Map(),
    identity: new BucketIdentity(options.profile?.counterScope ?? 'unknown'),
    productMinuteBehaviour: new MinuteBehaviourDetector('product-minute'),
    tenantMinuteBehaviour: new MinuteBehaviourDetector('tenant-minute'),
    productRejected: new RejectedCountDetector('product-day', tolerance),
    tenantRejected: new RejectedCountDetector('tenant-day', tolerance),
    checker: new SnapshotChecker(),
    resets: [],
    resetsOmitted: 0,
    firstTs: null,
    lastTs: null,
    events: 0,
    rejectedRequests: 0,
  };

  function bucket(
    map: Map<string, CounterBucket>,
    id: string,
    groupedBy: CounterBucket['groupedBy'],
    dayLayer: 'product-day' | 'tenant-day',
  ): CounterBucket {
    let found = map.get(id);
    if (!found) {
      found = new CounterBucket(id, groupedBy, dayLayer, tolerance, smoothingWindowMs, topWindows);
      map.set(id, found);
    }
    return found;
  }

  // A day reading's interval goes straight to the family's rejected-count detector.
  const toProductRejected = (deltaUsed: number, ownAll: number, ownExcluding429: number, durationMs: number) =>
    state.productRejected.addCounts(deltaUsed, ownAll, ownExcluding429, durationMs);
  const toTenantRejected = (deltaUsed: number, ownAll: number, ownExcluding429: number, durationMs: number) =>
    state.tenantRejected.addCounts(deltaUsed, ownAll, ownExcluding429, durationMs);

  // Books the minute and day readings of one family (product or tenant) against one bucket.
  function compare(
    target: CounterBucket,
    event: RequestEvent,
    ts: number,
    coverage: MinuteCoverage,
    family: 'product' | 'tenant',
  ): void {
    const minuteLayer = family === 'product' ? 'product-minute' : 'tenant-minute';
    const dayLayer = family === 'product' ? 'product-day' : 'tenant-day';
    const minuteSnapshot = family === 'product' ? event.counters.productThrottle : event.counters.tenantMinute;
    const daySnapshot = family === 'product' ? event.counters.productQuota : event.counters.tenantDay;
    if (minuteSnapshot) {
      if (minuteSnapshot.limit !== null) target.minuteLimitHeader = minuteSnapshot.limit;
      const consistent = state.checker.check(minuteLayer, minuteSnapshot, ts, event.source);
      if (minuteSnapshot.used !== null) {
        const all = target.own.all;
        const excluding = target.own['excluding-429'];
        const detector = family === 'product' ? state.productMinuteBehaviour : state.tenantMinuteBehaviour;
        target.minute.observeCounts(
          ts,
          minuteSnapshot.used,
          all.rolling.countAt(ts),
          all.minute.countAt(ts),
          excluding.rolling.countAt(ts),
          excluding.minute.countAt(ts),
          coverage,
          consistent,
          detector,
        );
      }
    }
    if (daySnapshot) {
      if (daySnapshot.limit !== null) target.dayLimitHeader = daySnapshot.limit;
      const consistent = state.checker.check(dayLayer, daySnapshot, ts, event.source);
      if (daySnapshot.used !== null) {
        const expiryMs =
          'expiryMs' in daySnapshot && typeof daySnapshot.expiryMs === 'number' ? daySnapshot.expiryMs : null;
        const reset = target.day.observeCounts(
          ts,
          daySnapshot.used,
          expiryMs,
          target.own.all.total,
          target.own['excluding-429'].total,
          consistent,
          family === 'product' ? toProductRejected : toTenantRejected,
        );
        if (reset) {
          if (state.resets.length < MAX_RESETS) state.resets.push(reset);
          else state.resetsOmitted++;
        }
      }
    }
  }

  // What successive points share is made once and handed out again while it stays the same.
  let lastBuckets: LedgerPoint['buckets'] | null = null;
  let lastLimits: LedgerPoint['limits'] | null = null;
  let lastForeign: LedgerPoint['foreign'] | null = null;

  function observe(event: RequestEvent): LedgerPoint {
    // Input is sorted upstream; clamping keeps windows sane if a row slips through out of order.
    const ts = state.lastTs === null ? event.ts : Math.max(event.ts, state.lastTs);
    state.firstTs ??= ts;
    state.lastTs = ts;
    state.events++;
    const logStart = state.firstTs;
    const coverage = coverageOf(ts - logStart >= MINUTE_MS, logStart <= windowStart(ts, MINUTE_MS));

    const spikeId = state.identity.spikeBucket(event.keyId);
    let spikeKey = state.spikeKeys.get(spikeId);
    if (!spikeKey) {
      spikeKey = new SpikeKey(spikeId, event.keyId, topWindows);
      state.spikeKeys.set(spikeId, spikeKey);
    }
    spikeKey.book(ts);
    const spikeLimit = event.counters.spikeLimit;
    if (spikeLimit && spikeLimit.unit === 'second' && spikeLimit.rate !== null) spikeKey.limitHeader = spikeLimit.rate;

    // Auth failures are rejected before any quota policy runs; 429s may or may not be counted.
    const authFailure = event.status === 401 || event.body.kind === 'auth-fault';
    const countedAll = !authFailure;
    const countedExcluding429 = !authFailure && event.status !== 429;
    if (countedAll && !countedExcluding429) state.rejectedRequests++;

    const tenant = state.identity.resolveTenant(event.keyId, event.counters.tenantId);
    const productId = state.identity.productBucket(event.keyId, tenant.tenantId);
    const product = bucket(state.productBuckets, productId.id, productId.groupedBy, 'product-day');
    const tenantBucket = bucket(
      state.tenantBuckets,
      state.identity.tenantBucket(tenant.tenantId),
      'tenant',
      'tenant-day',
    );
    product.bookCounted(ts, countedAll, countedExcluding429, event.keyId);
    tenantBucket.bookCounted(ts, countedAll, countedExcluding429, event.keyId);
    if (tenant.from !== 'header') {
      tenantBucket.inferredTenant++;
      if (productId.groupedBy === 'tenant') product.inferredTenant++;
    }
    compare(product, event, ts, coverage, 'product');
    compare(tenantBucket, event, ts, coverage, 'tenant');

    const counted = countedRequests(state);
    const variant = counted.variant;
    const model = minuteModel(state, variant).model;
    const own = product.own[variant];
    const tenantOwn = tenantBucket.own[variant];
    const otherVariant: CountVariant = variant === 'all' ? 'excluding-429' : 'all';
    // While it is unknown whether 429s count, an estimate that depends on the answer is hedged.
    const undecided = counted.code === 'ASSUMED_NOT_COUNTED';
    let productMinute = product.minute.estimate(ts, variant, model, coverage);
    let productDay = product.day.estimate(ts, variant);
    let tenantMinute = tenantBucket.minute.estimate(ts, variant, model, coverage);
    let tenantDay = tenantBucket.day.estimate(ts, variant);
    if (undecided) {
      productMinute = hedge(productMinute, product.minute.estimate(ts, otherVariant, model, coverage), tolerance);
      productDay = hedge(productDay, product.day.estimate(ts, otherVariant), tolerance);
      tenantMinute = hedge(tenantMinute, tenantBucket.minute.estimate(ts, otherVariant, model, coverage), tolerance);
      tenantDay = hedge(tenantDay, tenantBucket.day.estimate(ts, otherVariant), tolerance);
    }
    const profile = options.profile;
    const productMinuteLimit = counterLimitValue('product-minute', product.minuteLimitHeader, profile, ts);
    const productDayLimit = counterLimitValue('product-day', product.dayLimitHeader, profile, ts);
    const tenantMinuteLimit = counterLimitValue('tenant-minute', tenantBucket.minuteLimitHeader, profile, ts);
    const tenantDayLimit = counterLimitValue('tenant-day', tenantBucket.dayLimitHeader, profile, ts);
    const limits = (lastLimits = sameOrNew(
      lastLimits,
      productMinuteLimit,
      productDayLimit,
      tenantMinuteLimit,
      tenantDayLimit,
    ));
    const foreign = (lastForeign = sameOrNew(lastForeign, productMinute, productDay, tenantMinute, tenantDay));
    let buckets = lastBuckets;
    if (
      buckets === null ||
      buckets.spike !== spikeId ||
      buckets.product !== productId.id ||
      buckets.productGroupedBy !== productId.groupedBy ||
      buckets.tenant !== tenantBucket.id ||
      buckets.tenantId !== tenant.tenantId ||
      buckets.tenantFrom !== tenant.from
    ) {
      buckets = lastBuckets = {
        spike: spikeId,
        product: productId.id,
        productGroupedBy: productId.groupedBy,
        tenant: tenantBucket.id,
        tenantId: tenant.tenantId,
        tenantFrom: tenant.from,
      };
    }
    const counters = event.counters;

    return {
      ts,
      keyId: event.keyId,
      buckets,
      counted: countedOf(countedAll, countedExcluding429),
      countedVariant: variant,
      own: {
        lastSecond: spikeKey.lastSecond,
        last100ms: spikeKey.last100ms,
        rollingMinute: own.rolling.countAt(ts),
        utcMinute: own.minute.countAt(ts),
        utcDay: own.day.countAt(ts),
        tenantRollingMinute: tenantOwn.rolling.countAt(ts),
        tenantUtcDay: tenantOwn.day.countAt(ts),
        gapMs: spikeKey.gapMs,
      },
      server: {
        spike: spikeLimit ? spikeReading(spikeLimit) : null,
        'product-minute': reading(counters.productThrottle),
        'product-day': reading(counters.productQuota),
        'tenant-minute': reading(counters.tenantMinute),
        'tenant-day': reading(counters.tenantDay),
      },
      foreign,
      limits,
      lastUsed: {
        'product-minute': product.minute.lastUsed,
        'product-day': product.day.lastUsed,
        'tenant-minute': tenantBucket.minute.lastUsed,
        'tenant-day': tenantBucket.day.lastUsed,
      },
    };
  }

  function stateSize(): LedgerStateSize {
    let queuedTimestamps = 0;
    let histogramBuckets = 0;
    let trackerEntries = 0;
    for (const key of state.spikeKeys.values()) {
      const size = key.size();
      queuedTimestamps += size.timestamps;
      histogramBuckets += size.histogram;
      trackerEntries += size.other;
    }
    for (const target of [...state.productBuckets.values(), ...state.tenantBuckets.values()]) {
      const size = target.size();
      queuedTimestamps += size.timestamps;
      trackerEntries += size.other;
    }
    const otherEntries = state.identity.size + state.resets.length + state.checker.examples.length;
    return {
      spikeKeys: state.spikeKeys.size,
      buckets: state.productBuckets.size + state.tenantBuckets.size,
      queuedTimestamps,
      histogramBuckets,
      trackerEntries,
      otherEntries,
      total: queuedTimestamps + histogramBuckets + trackerEntries + otherEntries,
    };
  }

  return { observe, finish: (): LedgerReport => buildLedgerReport(state), stateSize };
}

// Four coverages and three countings are all there are: made once, not per event.
const COVERAGES: readonly MinuteCoverage[] = [
  { rolling: false, fixed: false },
  { rolling: false, fixed: true },
  { rolling: true, fixed: false },
  { rolling: true, fixed: true },
];

function coverageOf(rolling: boolean, fixed: boolean): MinuteCoverage {
  return COVERAGES[(rolling ? 2 : 0) + (fixed ? 1 : 0)] as MinuteCoverage;
}

const COUNTED: readonly LedgerPoint['counted'][] = [
  { all: false, excluding429: false },
  { all: false, excluding429: true },
  { all: true, excluding429: false },
  { all: true, excluding429: true },
];

function countedOf(all: boolean, excluding429: boolean): LedgerPoint['counted'] {
  return COUNTED[(all ? 2 : 0) + (excluding429 ? 1 : 0)] as LedgerPoint['counted'];
}

// Successive points share one per-layer record while its four values stay the same (they seldom change).
function sameOrNew<T>(
  previous: PerCounterLayer<T> | null,
  productMinute: T,
  productDay: T,
  tenantMinute: T,
  tenantDay: T,
): PerCounterLayer<T> {
  if (
    previous !== null &&
    previous['product-minute'] === productMinute &&
    previous['product-day'] === productDay &&
    previous['tenant-minute'] === tenantMinute &&
    previous['tenant-day'] === tenantDay
  )
    return previous;
  return {
    'product-minute': productMinute,
    'product-day': productDay,
    'tenant-minute': tenantMinute,
    'tenant-day': tenantDay,
  };
}

// A family whose headers came blank (a CSV's empty cells, Keap's own 401s) read nothing.
function reading(snapshot: CounterSnapshot | undefined): ServerReading | null {
  if (!snapshot || (snapshot.used === null && snapshot.available === null && snapshot.limit === null)) return null;
  return { used: snapshot.used, available: snapshot.available, limit: snapshot.limit };
}

// Successive responses share one spike-limit object (the normaliser keeps it): so can their readings.
const spikeReadings = new WeakMap<SpikeLimit, ServerReading>();

function spikeReading(limit: SpikeLimit): ServerReading {
  let found = spikeReadings.get(limit);
  if (!found) {
    found = { used: null, available: null, limit: limit.unit === 'second' ? limit.rate : null };
    spikeReadings.set(limit, found);
  }
  return found;
}

// While it is unknown whether 429s count, an estimate that depends on the answer is less certain.
function hedge(chosen: ForeignEstimate, other: ForeignEstimate, tolerance: number): ForeignEstimate {
  if (chosen.requests === null || other.requests === null || Math.abs(chosen.requests - other.requests) <= tolerance)
    return chosen;
  return {
    ...chosen,
    confidence: chosen.confidence === 'high' ? 'medium' : chosen.confidence,
    ifOtherCounting: other.requests,
  };
}
