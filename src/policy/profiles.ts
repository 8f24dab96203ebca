import type { Profile } from '../types.js';

// Keap's limits as data: each figure set names where it was published and when, because Keap has
// changed them in 2020, 2022 and 2026 and the sources disagree (see README "Profiles").
const QUOTA_PAGE = 'https://developer.infusionsoft.com/api-token-quota-and-usage-measurements/';
const THROTTLING_FAQ = 'https://developer.infusionsoft.com/faqs/how-does-throttling-work/';
const TENANT_2026 = 'https://developer.infusionsoft.com/?p=2637';

/** Tenant-wide ceilings in force from 2026-06-08 for every token type. */
export const TENANT_CEILING_2026 = {
  perMinute: 10_000,
  perDay: 250_000,
  validFrom: '2026-06-08',
  source: TENANT_2026,
} as const;

/** Every tenant ceiling known, oldest first; only the documented 2026 one is assumed when headers are silent. */
export const TENANT_CEILINGS = [
  {
    perMinute: 5000,
    perDay: null,
    validFrom: '2024-08-14',
    source: 'https://pastebin.com/Y9EnSpbW',
    note: 'observed in a scalar x-keap-tenant-throttle-limit header; never documented',
  },
  { ...TENANT_CEILING_2026, note: 'documented; sent as pipe-delimited minute|day headers' },
] as const;

/** The most message processors Keap's SpikeArrest faults have shown (25 per 5–7 s, thread 88137): assumed when none is measured. */
export const MOST_PROCESSORS_SEEN = 7;

/** Built-in profiles, newest first within each credential type. */
export const BUILT_IN_PROFILES: readonly Profile[] = [
  {
    id: 'oauth2',
    label: 'OAuth2 access token (developer app)',
    credential: 'oauth2',
    spikePerSecond: 25,
    perMinute: 1500,
    perDay: 150_000,
    tenantPerMinute: TENANT_CEILING_2026.perMinute,
    tenantPerDay: TENANT_CEILING_2026.perDay,
    counterScope: 'developer-app',
    validFrom: '2023-01-01',
    checkedAt: '2026-11-22',
    source: `${QUOTA_PAGE} ; ${THROTTLING_FAQ} ; tenant ceiling ${TENANT_2026}`,
    note: 'Spike 25/s is the documented default per-second policy; minute and day counters are shared by every tenant that authorised the app.',
  },
  {
    id: 'pat-sak',
    label: 'Personal Access Token / Service Account Key',
    credential: 'pat-sak',
    spikePerSecond: 10,
    perMinute: 240,
    perDay: 30_000,
    tenantPerMinute: TENANT_CEILING_2026.perMinute,
    tenantPerDay: TENANT_CEILING_2026.perDay,
    counterScope: 'tenant',
    validFrom: '2023-01-01',
    checkedAt: '2026-11-22',
    source: `${QUOTA_PAGE} ; tenant-level counters: https://integration.keap.com/t/another-api-throttling-question/92313 ; tenant ceiling ${TENANT_2026}`,
    note: 'Docs say 10/s per key; minute and day counters are shared by all PAT/SAK keys of the tenant.',
  },
  {
    id: 'sak-5ps-2023',
    label: 'Service Account Key, SpikeArrest 5ps (Keap staff, ~2023)',
    credential: 'pat-sak',
    spikePerSecond: 5,
    perMinute: 240,
    perDay: 30_000,
    tenantPerMinute: null,
    tenantPerDay: null,
    counterScope: 'tenant',
    validFrom: '2022-10-01',
    checkedAt: '2026-11-22',
    source: 'https://integration.keap.com/t/api-error-quota-exceeded-request-throttled/89944',
    note: 'Staff: SpikeArrest Rate=5ps with UseEffectiveCount=true for Service Account Keys.',
  },
  {
    id: 'sak-2022-staff',
    label: 'Service Account Key (Keap staff, 2022)',
    credential: 'pat-sak',
    spikePerSecond: 5,
    perMinute: 120,
    perDay: 15_000,
    tenantPerMinute: null,
    tenantPerDay: null,
    counterScope: 'key',
    validFrom: '2022-07-01',
    checkedAt: '2026-11-22',
    source: 'https://integration.keap.com/t/intermittently-receiving-spike-arrest-violation/88137',
    note: 'Unconfirmed by a second source; older than the 240/min, 30,000/day docs.',
  },
  {
    id: 'legacy-key-2022',
    label: 'Legacy API key on REST (Keap staff, 2022)',
    credential: 'legacy-key',
    spikePerSecond: 25,
    perMinute: 120,
    perDay: 1500,
    tenantPerMinute: null,
    tenantPerDay: null,
    counterScope: 'key',
    validFrom: '2022-07-01',
    checkedAt: '2026-11-22',
    source: 'https://integration.keap.com/t/intermittently-receiving-spike-arrest-violation/88137',
    note: 'Legacy keys were revoked from Q1 2025 (https://developer.infusionsoft.com/legacy-key-deprecation).',
  },
  {
    id: 'oauth2-2020',
    label: 'OAuth2 after the Apigee migration (2020)',
    credential: 'oauth2',
    spikePerSecond: null,
    perMinute: 1500,
    perDay: 150_000,
    tenantPerMinute: null,
    tenantPerDay: null,
    counterScope: 'developer-app',
    validFrom: '2020-01-31',
    checkedAt: '2026-11-22',
    source: 'https://integration.keap.com/t/apigee-migration-update/74173',
  },
];

/** The profile with this id, or undefined. */
export function findProfile(id: string, profiles: readonly Profile[] = BUILT_IN_PROFILES): Profile | undefined {
  return profiles.find((p) => p.id === id);
}
