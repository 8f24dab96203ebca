// Where each layer's limit comes from: the log's own headers win over the profile (Keap changes its limits).
import { TENANT_CEILING_2026 } from '../policy/profiles.js';
import type { Profile } from '../types.js';
import type { LimitInfo } from './ledger-report-types.js';
import type { CounterLayer } from './ledger-types.js';

const TENANT_CEILING_FROM = Date.parse(`${TENANT_CEILING_2026.validFrom}T00:00:00Z`);

/** The limit of a counter layer: the bucket's latest header, else the profile's figure in force at `atMs`. */
export function counterLimit(
  layer: CounterLayer,
  header: number | null,
  profile: Profile | null,
  atMs: number,
): LimitInfo {
  if (header !== null) return { value: header, source: 'header', profileId: null, code: 'FROM_HEADER' };
  if (profile === null) return { value: null, source: null, profileId: null, code: 'NO_PROFILE' };
  const value = profileFigure(layer, profile);
  // The tenant ceiling only exists since 2026-06-08; a built-in profile's figure does not apply to older traffic.
  const tenant = layer === 'tenant-minute' || layer === 'tenant-day';
  if (value !== null && tenant && profile.credential !== 'custom' && atMs < TENANT_CEILING_FROM) {
    return { value: null, source: null, profileId: profile.id, code: 'TENANT_CEILING_NOT_IN_FORCE' };
  }
  return fromProfile(profile, value);
}

/** Just the value of {@link counterLimit} (asked for on every event, so no object is made for it). */
export function counterLimitValue(
  layer: CounterLayer,
  header: number | null,
  profile: Profile | null,
  atMs: number,
): number | null {
  if (header !== null) return header;
  if (profile === null) return null;
  const value = profileFigure(layer, profile);
  const tenant = layer === 'tenant-minute' || layer === 'tenant-day';
  if (value !== null && tenant && profile.credential !== 'custom' && atMs < TENANT_CEILING_FROM) return null;
  return value;
}

/** The SpikeArrest rate: `x-keap-product-spike-limit` when it named one, else the profile's. */
export function spikeLimit(header: number | null, profile: Profile | null): LimitInfo {
  if (header !== null) return { value: header, source: 'header', profileId: null, code: 'FROM_HEADER' };
  if (profile === null) return { value: null, source: null, profileId: null, code: 'NO_PROFILE' };
  return fromProfile(profile, profile.spikePerSecond);
}

function fromProfile(profile: Profile, value: number | null): LimitInfo {
  if (value === null) return { value: null, source: null, profileId: profile.id, code: 'PROFILE_HAS_NO_FIGURE' };
  return { value, source: 'profile', profileId: profile.id, code: 'FROM_PROFILE' };
}

function profileFigure(layer: CounterLayer, profile: Profile): number | null {
  switch (layer) {
    case 'product-minute':
      return profile.perMinute;
    case 'product-day':
      return profile.perDay;
    case 'tenant-minute':
      return profile.tenantPerMinute;
    case 'tenant-day':
      return profile.tenantPerDay;
  }
}
