// The ledger: books every request into its spike, product and tenant buckets, holds the server's
// counters against the own counts, and keeps only window contents and per-bucket summaries.
import type { CounterSnapshot, RequestEvent } from '../types.js';
import { BucketIdentity } from './bucket-identity.js';
import { CounterBucket } from './counter-bucket.js';
import { countedRequests, countingUndetermined, minuteModel } from './counting-rules.js';
import { counterLimit } from './layer-limits.js';
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
        const all = target.ownAt(ts, 'all');
        const excluding = target.ownAt(ts, 'excluding-429');
        const detector = family === 'product' ? state.productMinuteBehaviour : state.tenantMinuteBehaviour;
        target.minute.observe(
          ts,
          minuteSnapshot.used,
          {
            all: { rolling: all.rolling, fixed: all.fixed },
            'excluding-429': { rolling: excluding.rolling, fixed: excluding.fixed },
          },
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
        const totals = { all: target.own.all.total, 'excluding-429': target.own['excluding-429'].total };
        const found = target.day.observe(ts, { used: daySnapshot.used, expiryMs }, totals, consistent);
        if (found.reset) {
          if (state.resets.length < MAX_RESETS) state.resets.push(found.reset);
          else state.resetsOmitted++;
        }
        if (found.interval) (family === 'product' ? state.productRejected : state.tenantRejected).add(found.interval);
      }
    }
  }

  function observe(event: RequestEvent): LedgerPoint {
    // Input is sorted upstream; clamping keeps windows sane if a row slips through out of order.
    const ts = state.lastTs === null ? event.ts : Math.max(event.ts, state.lastTs);
    state.firstTs ??= ts;
    state.lastTs = ts;
    state.events++;
    const logStart = state.firstTs;
    const coverage: MinuteCoverage = {
      rolling: ts - logStart >= MINUTE_MS,
      fixed: logStart <= windowStart(ts, MINUTE_MS),
    };

    const spikeId = state.identity.spikeBucket(event.keyId);
    let spikeKey = state.spikeKeys.get(spikeId);
    if (!spikeKey) {
      spikeKey = new SpikeKey(spikeId, event.keyId, topWindows);
      state.spikeKeys.set(spikeId, spikeKey);
    }
    const spike = spikeKey.observe(ts);
    const spikeLimit = event.counters.spikeLimit;
    if (spikeLimit && spikeLimit.unit === 'second' && spikeLimit.rate !== null) spikeKey.limitHeader = spikeLimit.rate;

    // Auth failures are rejected before any quota policy runs; 429s may or may not be counted.
    const authFailure = event.status === 401 || event.body.kind === 'auth-fault';
    const counted = { all: !authFailure, 'excluding-429': !authFailure && event.status !== 429 };
    if (counted.all && !counted['excluding-429']) state.rejectedRequests++;

    const tenant = state.identity.resolveTenant(event.keyId, event.counters.tenantId);
    const productId = state.identity.productBucket(event.keyId, tenant.tenantId);
    const product = bucket(state.productBuckets, productId.id, productId.groupedBy, 'product-day');
    const tenantBucket = bucket(
      state.tenantBuckets,
      state.identity.tenantBucket(tenant.tenantId),
      'tenant',
      'tenant-day',
    );
    product.book(ts, counted, event.keyId);
    tenantBucket.book(ts, counted, event.keyId);
    if (tenant.from !== 'header') {
      tenantBucket.inferredTenant++;
      if (productId.groupedBy === 'tenant') product.inferredTenant++;
    }
    compare(product, event, ts, coverage, 'product');
    compare(tenantBucket, event, ts, coverage, 'tenant');

    const variant = countedRequests(state).variant;
    const model = minuteModel(state, variant).model;
    const own = product.ownAt(ts, variant);
    const tenantOwn = tenantBucket.ownAt(ts, variant);
    const otherVariant: CountVariant = variant === 'all' ? 'excluding-429' : 'all';
    const undecided = countingUndetermined(state);
    const pick = (chosen: ForeignEstimate, other: () => ForeignEstimate) =>
      undecided ? hedge(chosen, other(), tolerance) : chosen;
    const profile = options.profile;
    const limits: PerCounterLayer<number | null> = {
      'product-minute': counterLimit('product-minute', product.minuteLimitHeader, profile, ts).value,
      'product-day': counterLimit('product-day', product.dayLimitHeader, profile, ts).value,
      'tenant-minute': counterLimit('tenant-minute', tenantBucket.minuteLimitHeader, profile, ts).value,
      'tenant-day': counterLimit('tenant-day', tenantBucket.dayLimitHeader, profile, ts).value,
    };

    return {
      ts,
      keyId: event.keyId,
      buckets: {
        spike: spikeId,
        product: productId.id,
        productGroupedBy: productId.groupedBy,
        tenant: tenantBucket.id,
        tenantId: tenant.tenantId,
        tenantFrom: tenant.from,
      },
      counted: { all: counted.all, excluding429: counted['excluding-429'] },
      countedVariant: variant,
      own: {
        lastSecond: spike.lastSecond,
        last100ms: spike.last100ms,
        rollingMinute: own.rolling,
        utcMinute: own.fixed,
        utcDay: own.day,
        tenantRollingMinute: tenantOwn.rolling,
        tenantUtcDay: tenantOwn.day,
        gapMs: spike.gapMs,
      },
      server: {
        spike: spikeLimit
          ? { used: null, available: null, limit: spikeLimit.unit === 'second' ? spikeLimit.rate : null }
          : null,
        'product-minute': reading(event.counters.productThrottle),
        'product-day': reading(event.counters.productQuota),
        'tenant-minute': reading(event.counters.tenantMinute),
        'tenant-day': reading(event.counters.tenantDay),
      },
      foreign: {
        'product-minute': pick(product.minute.estimate(ts, variant, model, coverage), () =>
          product.minute.estimate(ts, otherVariant, model, coverage),
        ),
        'product-day': pick(product.day.estimate(ts, variant), () => product.day.estimate(ts, otherVariant)),
        'tenant-minute': pick(tenantBucket.minute.estimate(ts, variant, model, coverage), () =>
          tenantBucket.minute.estimate(ts, otherVariant, model, coverage),
        ),
        'tenant-day': pick(tenantBucket.day.estimate(ts, variant), () => tenantBucket.day.estimate(ts, otherVariant)),
      },
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

function reading(snapshot: CounterSnapshot | undefined): ServerReading | null {
  return snapshot ? { used: snapshot.used, available: snapshot.available, limit: snapshot.limit } : null;
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
