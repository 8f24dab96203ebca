import type { Profile, RequestEvent } from '../types.js';
import { BUILT_IN_PROFILES, TENANT_CEILING_2026 } from './profiles.js';

/** Where a limit the profile choice rests on was read. */
export type LimitSource =
  | 'x-keap-product-throttle-limit'
  | 'x-keap-product-quota-limit'
  | 'x-keap-product-spike-limit'
  | 'spike-arrest-fault'
  | 'tenant-minute-limit'
  | 'tenant-day-limit';

/** One fact behind a profile choice. */
export type ProfileEvidence =
  | {
      readonly code: 'LIMIT_SEEN';
      readonly source: LimitSource;
      readonly values: readonly { readonly value: number; readonly responses: number }[];
    }
  | { readonly code: 'NO_LIMITS_IN_LOG' }
  | { readonly code: 'MATCHES_NO_PROFILE' }
  | { readonly code: 'CHOSEN_BY_USER' };

/** Which profile the analysis uses and why. */
export interface ProfileChoice {
  readonly profile: Profile | null;
  readonly basis: 'user' | 'headers' | 'fault' | 'none';
  readonly confidence: 'high' | 'medium' | 'low';
  readonly evidence: readonly ProfileEvidence[];
  /** Other published profiles the log's limits match just as well (e.g. 240/min + 30,000/day: PAT/SAK 10/s and SAK 5/s). */
  readonly alsoMatching: readonly Profile[];
}

interface Seen {
  readonly values: Map<number, number>;
}

/** Collects the limits a log's headers and faults reveal, then picks the profile that fits them. */
export function createProfileDetector(profiles: readonly Profile[] = BUILT_IN_PROFILES) {
  const throttle: Seen = { values: new Map() };
  const quota: Seen = { values: new Map() };
  const spike: Seen = { values: new Map() };
  const faultRate: Seen = { values: new Map() };
  const tenantMinute: Seen = { values: new Map() };
  const tenantDay: Seen = { values: new Map() };
  let firstTs: number | null = null;
  const note = (seen: Seen, value: number | null | undefined) => {
    if (value !== null && value !== undefined) seen.values.set(value, (seen.values.get(value) ?? 0) + 1);
  };
  return {
    observe(event: RequestEvent): void {
      firstTs ??= event.ts;
      const { counters, body } = event;
      note(throttle, counters.productThrottle?.limit);
      note(quota, counters.productQuota?.limit);
      if (counters.spikeLimit?.unit === 'second') note(spike, counters.spikeLimit.rate);
      note(tenantMinute, counters.tenantMinute?.limit);
      note(tenantDay, counters.tenantDay?.limit);
      if (body.kind === 'spike-arrest' && body.messageRate && body.messageRate.periodMicros < 60_000_000)
        note(faultRate, body.messageRate.messagesPerPeriod);
    },
    /** True once the headers have named a minute or day limit: enough to choose. */
    get decided(): boolean {
      return throttle.values.size > 0 || quota.values.size > 0;
    },
    result(): ProfileChoice {
      return chooseProfile(profiles, {
        throttle: mostCommon(throttle),
        quota: mostCommon(quota),
        spike: mostCommon(spike) ?? mostCommon(faultRate),
        spikeFromFault: mostCommon(spike) === null && mostCommon(faultRate) !== null,
        tenantMinute: mostCommon(tenantMinute),
        tenantDay: mostCommon(tenantDay),
        evidence: [
          describe('x-keap-product-throttle-limit', throttle),
          describe('x-keap-product-quota-limit', quota),
          describe('x-keap-product-spike-limit', spike),
          describe('spike-arrest-fault', faultRate),
          describe('tenant-minute-limit', tenantMinute),
          describe('tenant-day-limit', tenantDay),
        ].filter((item): item is ProfileEvidence => item !== null),
        logStart: firstTs,
      });
    },
  };
}

interface Observed {
  readonly throttle: number | null;
  readonly quota: number | null;
  readonly spike: number | null;
  readonly spikeFromFault: boolean;
  readonly tenantMinute: number | null;
  readonly tenantDay: number | null;
  readonly evidence: ProfileEvidence[];
  readonly logStart: number | null;
}

function chooseProfile(profiles: readonly Profile[], seen: Observed): ProfileChoice {
  if (seen.throttle === null && seen.quota === null && seen.spike === null) {
    return {
      profile: null,
      basis: 'none',
      confidence: 'low',
      evidence: [{ code: 'NO_LIMITS_IN_LOG' }],
      alsoMatching: [],
    };
  }
  const inForce = profiles.filter(
    (profile) => seen.logStart === null || profile.validFrom === null || Date.parse(profile.validFrom) <= seen.logStart,
  );
  let best: { profile: Profile; score: number; mismatches: number } | null = null;
  const scored: { profile: Profile; score: number }[] = [];
  for (const profile of inForce) {
    let score = 0;
    let mismatches = 0;
    for (const [observed, expected, weight] of [
      [seen.throttle, profile.perMinute, 2],
      [seen.quota, profile.perDay, 2],
      [seen.spike, profile.spikePerSecond, 1],
    ] as const) {
      if (observed === null || expected === null) continue;
      if (observed === expected) score += weight;
      else mismatches++;
    }
    if (mismatches === 0 && score > 0) scored.push({ profile, score });
    // Newer figures win ties: the list is ordered newest first within each credential.
    if (mismatches === 0 && score > 0 && (!best || score > best.score)) best = { profile, score, mismatches };
  }
  if (best) {
    const top = best;
    const profile = withTenant(top.profile, seen);
    const basis = seen.throttle === null && seen.quota === null ? 'fault' : 'headers';
    const alsoMatching = scored
      .filter((entry) => entry.score === top.score && entry.profile !== top.profile)
      .map((entry) => entry.profile);
    // A tie between published profiles is not high confidence, however many headers agree.
    const confidence = top.score >= 4 && alsoMatching.length === 0 ? 'high' : 'medium';
    return { profile, basis, confidence, evidence: seen.evidence, alsoMatching };
  }
  return {
    profile: fromHeaders(seen),
    basis: 'headers',
    confidence: 'medium',
    evidence: [...seen.evidence, { code: 'MATCHES_NO_PROFILE' }],
    alsoMatching: [],
  };
}

// The tenant ceiling is the same for every credential: take it from the headers when they carry it,
// and do not claim the 2026 ceiling for a log older than it.
function withTenant(profile: Profile, seen: Observed): Profile {
  if (seen.tenantMinute === null && seen.tenantDay === null) {
    const beforeCeiling = seen.logStart !== null && seen.logStart < Date.parse(TENANT_CEILING_2026.validFrom);
    return beforeCeiling ? { ...profile, tenantPerMinute: null, tenantPerDay: null } : profile;
  }
  return {
    ...profile,
    tenantPerMinute: seen.tenantMinute ?? profile.tenantPerMinute,
    tenantPerDay: seen.tenantDay ?? profile.tenantPerDay,
  };
}

function fromHeaders(seen: Observed): Profile {
  const credential = seen.throttle === 1500 ? 'oauth2' : seen.throttle === 240 ? 'pat-sak' : 'custom';
  return {
    id: 'from-headers',
    label: `limits from this log's headers (${credential === 'custom' ? 'credential unknown' : `looks like ${credential}`})`,
    credential,
    spikePerSecond: seen.spike,
    perMinute: seen.throttle,
    perDay: seen.quota,
    tenantPerMinute: seen.tenantMinute,
    tenantPerDay: seen.tenantDay,
    counterScope: credential === 'oauth2' ? 'developer-app' : credential === 'pat-sak' ? 'tenant' : 'unknown',
    validFrom: null,
    checkedAt: seen.logStart === null ? 'unknown' : new Date(seen.logStart).toISOString().slice(0, 10),
    source: 'x-keap-* response headers in the analysed log',
  };
}

function mostCommon(seen: Seen): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (const [value, count] of seen.values) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function describe(source: LimitSource, seen: Seen): ProfileEvidence | null {
  if (seen.values.size === 0) return null;
  const values = [...seen.values].sort((a, b) => b[1] - a[1]).map(([value, responses]) => ({ value, responses }));
  return { code: 'LIMIT_SEEN', source, values };
}
