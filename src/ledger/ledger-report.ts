// Turns the ledger's state into the plain whole-log report (epoch ms times, counts, codes).
import type { Profile } from '../types.js';
import { productScopeNote, spikeScopeNote, tenantScopeNote } from './bucket-identity.js';
import type { CounterBucket } from './counter-bucket.js';
import type { DriftEpisode } from './drift-tracker.js';
import { GAP_RESOLUTION } from './gap-histogram.js';
import { countedRequests, minuteBehaviour, minuteModel, rejectedDetector } from './counting-rules.js';
import { counterLimit, spikeLimit } from './layer-limits.js';
import type { LedgerState } from './ledger-state.js';
import {
  COUNTER_LAYERS,
  type CountVariant,
  type CounterLayer,
  type DriftBasis,
  type MinuteModel,
} from './ledger-types.js';
import type {
  CounterGroupReport,
  Headroom,
  LedgerReport,
  SpikeGroupReport,
  WindowCountReport,
  WindowPeak,
} from './ledger-report-types.js';
import type { RollingPeak } from './rolling-count.js';
import type { SpikeKey } from './spike-key.js';
import type { WindowCount } from './fixed-window-tally.js';
import { DAY_MS, MINUTE_MS } from './time.js';

/** The whole-log report from the ledger's state. */
export function buildLedgerReport(state: LedgerState): LedgerReport {
  const { profile, topWindows } = state.options;
  const counted = countedRequests(state);
  const variant = counted.variant;
  const minute = minuteModel(state, variant);
  const model = minute.model;

  const spike = [...state.spikeKeys.values()].map((key) => spikeGroup(key, profile, topWindows));
  const groups = (layer: CounterLayer, buckets: Map<string, CounterBucket>) =>
    [...buckets.values()].map((bucket) => counterGroup(layer, bucket, variant, model, profile, topWindows));
  const layers = {
    spike,
    'product-minute': groups('product-minute', state.productBuckets),
    'product-day': groups('product-day', state.productBuckets),
    'tenant-minute': groups('tenant-minute', state.tenantBuckets),
    'tenant-day': groups('tenant-day', state.tenantBuckets),
  };
  const foreign = {} as Record<CounterLayer, { requests: number; episodes: number }>;
  for (const layer of COUNTER_LAYERS) {
    foreign[layer] = { requests: 0, episodes: 0 };
    for (const group of layers[layer]) {
      foreign[layer].requests += group.foreignRequests;
      foreign[layer].episodes += group.serverAhead.length + group.episodesOmitted;
    }
  }
  const checker = state.checker;
  return {
    profile: profile
      ? {
          id: profile.id,
          label: profile.label,
          source: profile.source,
          validFrom: profile.validFrom,
          checkedAt: profile.checkedAt,
        }
      : null,
    options: {
      jitterTolerance: state.options.jitterTolerance,
      smoothingWindowMs: state.options.smoothingWindowMs,
      topWindows,
    },
    coverage: {
      first: state.firstTs,
      last: state.lastTs,
      events: state.events,
    },
    countedRequests: { ...counted },
    minuteModel: { ...minute },
    layers,
    detections: {
      dailyResets: [...state.resets],
      dailyResetsOmitted: state.resetsOmitted,
      minuteBehaviour: minuteBehaviour(state, variant),
      tenantMinuteBehaviour: state.tenantMinuteBehaviour.result(variant),
      inconsistentSnapshots: {
        count: checker.count,
        byLayer: { ...checker.byLayer },
        mismatches: checker.mismatches,
        overLimit: checker.overLimit,
        examples: [...checker.examples],
      },
      rejectedCountInUsed: rejectedDetector(state).result(),
    },
    foreign,
  };
}

function spikeGroup(key: SpikeKey, profile: Profile | null, topWindows: number): SpikeGroupReport {
  const limit = spikeLimit(key.limitHeader, profile);
  const perSecond = key.second.peak;
  return {
    bucket: key.id,
    keyId: key.keyId,
    scopeNote: spikeScopeNote(key.id),
    limit,
    requests: key.requests,
    first: key.firstTs ?? 0,
    last: key.lastTs ?? 0,
    peakPerSecond: rollingPeak(perSecond),
    peakPer100ms: rollingPeak(key.tenth.peak),
    headroom: headroom(limit.value, perSecond?.count ?? null),
    busiestSeconds: key.seconds.busiest(topWindows).map(windowCount),
    spacing: {
      gaps: key.gaps.count,
      minMs: key.gaps.min,
      p5Ms: key.gaps.quantile(0.05),
      medianMs: key.gaps.quantile(0.5),
      shortMedianMs: key.gaps.shortClusterMedian(),
      resolution: GAP_RESOLUTION,
    },
  };
}

function counterGroup(
  layer: CounterLayer,
  bucket: CounterBucket,
  variant: CountVariant,
  model: MinuteModel,
  profile: Profile | null,
  topWindows: number,
): CounterGroupReport {
  const isMinute = layer === 'product-minute' || layer === 'tenant-minute';
  const isTenant = layer === 'tenant-minute' || layer === 'tenant-day';
  const own = bucket.own[variant];
  const tally = isMinute ? own.minute : own.day;
  const sizeMs = isMinute ? MINUTE_MS : DAY_MS;
  const fixedPeak = tally.peak();
  const peakFixed =
    fixedPeak === null ? null : { count: fixedPeak.count, start: fixedPeak.start, end: fixedPeak.start + sizeMs };
  const peakRolling = isMinute ? rollingPeak(own.rolling.peak) : null;
  const headroomBasis: DriftBasis = isMinute ? model : 'utc-day';
  const peakCount = headroomBasis === 'rolling-60s' ? (peakRolling?.count ?? null) : (peakFixed?.count ?? null);
  const isMinuteLayer = layer === 'product-minute' || layer === 'tenant-minute';
  const limit = counterLimit(
    layer,
    isMinuteLayer ? bucket.minuteLimitHeader : bucket.dayLimitHeader,
    profile,
    bucket.lastTs ?? 0,
  );
  const comparison = isMinute ? bucket.minute : bucket.day;
  const tracker = isMinute ? bucket.minute.trackers[variant][model] : bucket.day.trackers[variant];
  const found = tracker.episodes();
  return {
    layer,
    bucket: bucket.id,
    groupedBy: bucket.groupedBy,
    scopeNote: isTenant
      ? tenantScopeNote(bucket.id, bucket.inferredTenant)
      : productScopeNote(bucket.id, bucket.groupedBy, bucket.inferredTenant),
    keys: [...bucket.keys],
    keysTruncated: bucket.keysTruncated,
    limit,
    requests: { counted: own.total, all: bucket.own.all.total, excluding429: bucket.own['excluding-429'].total },
    first: bucket.firstTs ?? 0,
    last: bucket.lastTs ?? 0,
    peakRolling,
    peakFixed,
    headroomBasis,
    headroom: headroom(limit.value, peakCount),
    busiestWindows: tally.busiest(topWindows).map(windowCount),
    server: { snapshots: comparison.snapshots, maxUsed: comparison.maxUsed, lastUsed: comparison.lastUsed },
    serverAhead: found.episodes.map((episode) => serverAhead(layer, bucket.id, headroomBasis, episode)),
    episodesOmitted: found.omitted,
    foreignRequests: found.total,
  };
}

function headroom(limit: number | null, peak: number | null): Headroom | null {
  if (limit === null || limit <= 0 || peak === null) return null;
  const requests = limit - peak;
  return { requests, percent: Math.round((requests / limit) * 1000) / 10 };
}

function rollingPeak(peak: RollingPeak | null): WindowPeak | null {
  return peak === null ? null : { count: peak.count, start: peak.firstTs, end: peak.lastTs };
}

function windowCount(entry: WindowCount): WindowCountReport {
  return { start: entry.start, count: entry.count };
}

function serverAhead(
  layer: CounterLayer,
  bucket: string,
  basis: DriftBasis,
  episode: DriftEpisode,
): CounterGroupReport['serverAhead'][number] {
  return {
    layer,
    bucket,
    basis,
    start: episode.start,
    startAfter: episode.startAfter,
    end: episode.end,
    maxExcess: episode.maxExcess,
    foreignRequests: episode.foreignRequests,
    responses: episode.responses,
    confidence: episode.confidence,
  };
}
