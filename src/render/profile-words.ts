// The profile choice in words.
import type { ProfileChoice, ProfileEvidence } from '../policy/infer-profile.js';
import type { Profile } from '../types.js';
import { count } from './time-format.js';

const SOURCE_WORDS = {
  'x-keap-product-throttle-limit': 'x-keap-product-throttle-limit',
  'x-keap-product-quota-limit': 'x-keap-product-quota-limit',
  'x-keap-product-spike-limit': 'x-keap-product-spike-limit (per second)',
  'spike-arrest-fault': 'SpikeArrest fault messagesPerPeriod',
  'tenant-minute-limit': 'tenant minute limit',
  'tenant-day-limit': 'tenant day limit',
} as const;

/** One fact behind the profile choice. */
export function profileEvidenceWords(evidence: ProfileEvidence): string {
  switch (evidence.code) {
    case 'LIMIT_SEEN':
      return `${SOURCE_WORDS[evidence.source]}: ${evidence.values.map((v) => `${v.value} on ${count(v.responses)} response${v.responses === 1 ? '' : 's'}`).join(', ')}`;
    case 'NO_LIMITS_IN_LOG':
      return 'no limit headers or SpikeArrest faults in the log; pass --profile';
    case 'MATCHES_NO_PROFILE':
      return 'these limits match no published profile; using them as sent';
    case 'CHOSEN_BY_USER':
      return 'chosen by the user';
  }
}

/** The profile, its limits, its source and date, and any profile that fits the log as well. */
export function profileWords(choice: ProfileChoice): string {
  const { profile, basis, confidence, evidence } = choice;
  if (!profile) return `unknown: ${evidence.map(profileEvidenceWords).join('; ')}`;
  const lines = [
    `${profile.label} [${profile.id}] (from ${basis}, ${confidence} confidence)`,
    limitsWords(profile),
    `source: ${profile.source} (checked ${profile.checkedAt})`,
  ];
  for (const other of choice.alsoMatching)
    lines.push(`also matches ${other.label} [${other.id}]: ${limitsWords(other)} (${other.source})`);
  return lines.join('\n');
}

/** "spike 10 /s, 240 /min, 30,000 /day; tenant …". */
export function limitsWords(profile: Profile): string {
  const part = (value: number | null, unit: string) => (value === null ? `? ${unit}` : `${count(value)} ${unit}`);
  const tenant =
    profile.tenantPerMinute !== null || profile.tenantPerDay !== null
      ? `; tenant ${part(profile.tenantPerMinute, '/min')}, ${part(profile.tenantPerDay, '/day')}`
      : '';
  return `spike ${part(profile.spikePerSecond, '/s')}, ${part(profile.perMinute, '/min')}, ${part(profile.perDay, '/day')}${tenant}`;
}
