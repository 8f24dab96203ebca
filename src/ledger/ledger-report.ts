// Turns the ledger's state into the plain, JSON-ready report (ISO UTC times, counts, ms).
import { TENANT_CEILING_2026 } from '../policy/profiles.js';
import type { Profile } from '../types.js';
import { productScopeNote, spikeScopeNote, tenantScopeNote } from './bucket-identity.js';
import type { CounterBucket } from './counter-bucket.js';
import type { DriftEpisode } from './drift-tracker.js';
import { GAP_RESOLUTION_NOTE } from './gap-histogram.js';
import { rejectedDetector } from './ledger.js';
import type { LedgerState } from './ledger.js';
import type {
  CountVariant,
  CounterGroupReport,
  CounterLayer,
  DriftBasis,
  Headroom,
  LedgerReport,
  LimitInfo,
  MinuteBehaviour,
  RejectedCountInUsed,
  SpikeGroupReport,
  WindowPeak,
} from './ledger-types.js';
import type { MinuteModel } from './minute-comparison.js';
import type { RollingPeak } from './rolling-count.js';
import type { SpikeKey } from './spike-key.js';
import type { WindowCount } from './fixed-window-tally.js';
import { DAY_MS, MINUTE_MS, iso } from './time.js';

const TENANT_CEILING_FROM = Date.parse(`${TENANT_CEILING_2026.validFrom}T00:00:00Z`);

/** The whole-log report from the ledger's state. */
export function buildLedgerReport(state: LedgerState): LedgerReport {
  const { profile, topWindows } = state.options;
  const rejected = rejectedDetector(state).result();
  const counted = chooseVariant(rejected, state.rejectedRequests);
  const variant = counted.variant;
  const productBehaviour = state.productMinuteBehaviour.result(variant);
  const tenantBehaviour = state.tenantMinuteBehaviour.result(variant);
  const minuteBehaviour =
    productBehaviour.samples > 0 || tenantBehaviour.samples === 0 ? productBehaviour : tenantBehaviour;
  const minuteModel = chooseMinuteModel(minuteBehaviour);
  const model = minuteModel.model;

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
  for (const layer of ['product-minute', 'product-day', 'tenant-minute', 'tenant-day'] as const) {
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
      first: state.firstTs === null ? null : iso(state.firstTs),
      last: state.lastTs === null ? null : iso(state.lastTs),
      events: state.events,
    },
    countedRequests: counted,
    minuteModel,
    layers,
    detections: {
      dailyResets: [...state.resets],
      dailyResetsOmitted: state.resetsOmitted,
      minuteBehaviour,
      tenantMinuteBehaviour: tenantBehaviour,
      inconsistentSnapshots: {
        count: checker.count,
        byLayer: { ...checker.byLayer },
        mismatches: checker.mismatches,
        overLimit: checker.overLimit,
        examples: [...checker.examples],
      },
      rejectedCountInUsed: rejected,
    },
    foreign,
  };
}

function chooseVariant(rejected: RejectedCountInUsed, rejectedRequests: number): LedgerReport['countedRequests'] {
  if (rejectedRequests === 0) return { variant: 'excluding-429', reason: 'the log has no 429s, so both counts agree' };
  if (rejected.verdict === 'yes') return { variant: 'all', reason: `429s increment used (${rejected.reason})` };
  if (rejected.verdict === 'no')
    return { variant: 'excluding-429', reason: `429s do not increment used (${rejected.reason})` };
  return {
    variant: 'excluding-429',
    reason: `undetermined whether 429s increment used (${rejected.reason}); assumed not, since SpikeArrest rejects before the quota policy counts`,
  };
}

function chooseMinuteModel(behaviour: MinuteBehaviour): LedgerReport['minuteModel'] {
  if (behaviour.verdict === 'fixed')
    return {
      model: 'utc-minute',
      reason: `the server's minute counter follows fixed UTC minutes (${behaviour.reason})`,
    };
  if (behaviour.verdict === 'rolling')
    return { model: 'rolling-60s', reason: `the server's minute counter follows a rolling 60 s (${behaviour.reason})` };
  return {
    model: 'rolling-60s',
    reason: `minute behaviour undetermined (${behaviour.reason}); assumed rolling as Keap announced in 2020`,
  };
}

function spikeGroup(key: SpikeKey, profile: Profile | null, topWindows: number): SpikeGroupReport {
  const limit: LimitInfo =
    key.limitHeader !== null
      ? { value: key.limitHeader, source: 'header', profileId: null, note: 'x-keap-product-spike-limit' }
      : profileLimit(profile, profile?.spikePerSecond ?? null);
  const perSecond = key.second.peak;
  return {
    bucket: key.id,
    keyId: key.keyId,
    scopeNote: spikeScopeNote(key.id),
    limit,
    requests: key.requests,
    first: iso(key.firstTs ?? 0),
    last: iso(key.lastTs ?? 0),
    peakPerSecond: rollingPeak(perSecond),
    peakPer100ms: rollingPeak(key.tenth.peak),
    headroom: headroom(limit.value, perSecond?.count ?? null),
    busiestSeconds: key.seconds.busiest(topWindows).map(windowCount),
    spacing: {
      gaps: key.gaps.count,
      minMs: key.gaps.min,
      p5Ms: key.gaps.quantile(0.05),
      medianMs: key.gaps.quantile(0.5),
      resolution: GAP_RESOLUTION_NOTE,
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
    fixedPeak === null
      ? null
      : { count: fixedPeak.count, start: iso(fixedPeak.start), end: iso(fixedPeak.start + sizeMs) };
  const peakRolling = isMinute ? rollingPeak(own.rolling.peak) : null;
  const headroomBasis: DriftBasis = isMinute ? model : 'utc-day';
  const peakCount = headroomBasis === 'rolling-60s' ? (peakRolling?.count ?? null) : (peakFixed?.count ?? null);
  const limit = counterLimit(layer, bucket, profile);
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
    first: iso(bucket.firstTs ?? 0),
    last: iso(bucket.lastTs ?? 0),
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

function counterLimit(layer: CounterLayer, bucket: CounterBucket, profile: Profile | null): LimitInfo {
  const isMinute = layer === 'product-minute' || layer === 'tenant-minute';
  const header = isMinute ? bucket.minuteLimitHeader : bucket.dayLimitHeader;
  if (header !== null) return { value: header, source: 'header', profileId: null, note: null };
  switch (layer) {
    case 'product-minute':
      return profileLimit(profile, profile?.perMinute ?? null);
    case 'product-day':
      return profileLimit(profile, profile?.perDay ?? null);
    default: {
      const value = layer === 'tenant-minute' ? (profile?.tenantPerMinute ?? null) : (profile?.tenantPerDay ?? null);
      // The tenant ceiling only exists since 2026-06-08; a built-in profile's figure does not apply to older traffic.
      if (value !== null && profile && profile.credential !== 'custom' && (bucket.lastTs ?? 0) < TENANT_CEILING_FROM) {
        return {
          value: null,
          source: null,
          profileId: profile.id,
          note: `the tenant ceiling applies from ${TENANT_CEILING_2026.validFrom}; this traffic is older`,
        };
      }
      return profileLimit(profile, value);
    }
  }
}

function profileLimit(profile: Profile | null, value: number | null): LimitInfo {
  if (profile === null)
    return { value: null, source: null, profileId: null, note: 'no limit in the headers and no profile' };
  if (value === null)
    return { value: null, source: null, profileId: profile.id, note: 'the profile gives no figure for this layer' };
  return { value, source: 'profile', profileId: profile.id, note: profile.source };
}

function headroom(limit: number | null, peak: number | null): Headroom | null {
  if (limit === null || limit <= 0 || peak === null) return null;
  const requests = limit - peak;
  return { requests, percent: Math.round((requests / limit) * 1000) / 10 };
}

function rollingPeak(peak: RollingPeak | null): WindowPeak | null {
  return peak === null ? null : { count: peak.count, start: iso(peak.firstTs), end: iso(peak.lastTs) };
}

function windowCount(entry: WindowCount): { start: string; count: number } {
  return { start: iso(entry.start), count: entry.count };
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
    start: iso(episode.start),
    startAfter: episode.startAfter === null ? null : iso(episode.startAfter),
    end: iso(episode.end),
    maxExcess: episode.maxExcess,
    foreignRequests: episode.foreignRequests,
    responses: episode.responses,
    confidence: episode.confidence,
  };
}
