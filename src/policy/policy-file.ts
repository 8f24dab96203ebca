import type { Profile } from '../types.js';

/** Problems found in a user's policy file, one per field; empty when valid. */
export function validateProfile(value: unknown): { profile: Profile | null; problems: string[] } {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { profile: null, problems: ['the file must hold one JSON object'] };
  const record = value as Record<string, unknown>;
  const optionalCount = (name: string): number | null => {
    const item = record[name];
    if (item === undefined || item === null) return null;
    if (typeof item !== 'number' || !Number.isFinite(item) || item <= 0) {
      problems.push(`"${name}" must be a positive number or null`);
      return null;
    }
    return item;
  };
  const text = (name: string, fallback: string): string => {
    const item = record[name];
    if (item === undefined) return fallback;
    if (typeof item !== 'string' || item.trim() === '') problems.push(`"${name}" must be a non-empty string`);
    return String(item);
  };
  const credential = record['credential'] ?? 'custom';
  if (!['oauth2', 'pat-sak', 'legacy-key', 'custom'].includes(String(credential)))
    problems.push('"credential" must be oauth2, pat-sak, legacy-key or custom');
  const counterScope = record['counterScope'] ?? 'unknown';
  if (!['developer-app', 'tenant', 'key', 'unknown'].includes(String(counterScope)))
    problems.push('"counterScope" must be developer-app, tenant, key or unknown');
  const profile: Profile = {
    id: text('id', 'custom'),
    label: text('label', 'policy file'),
    credential: credential as Profile['credential'],
    spikePerSecond: optionalCount('spikePerSecond'),
    perMinute: optionalCount('perMinute'),
    perDay: optionalCount('perDay'),
    tenantPerMinute: optionalCount('tenantPerMinute'),
    tenantPerDay: optionalCount('tenantPerDay'),
    counterScope: counterScope as Profile['counterScope'],
    validFrom: typeof record['validFrom'] === 'string' ? record['validFrom'] : null,
    checkedAt: text('checkedAt', 'unknown'),
    source: text('source', 'user policy file'),
  };
  const known = new Set([
    'id',
    'label',
    'credential',
    'spikePerSecond',
    'perMinute',
    'perDay',
    'tenantPerMinute',
    'tenantPerDay',
    'counterScope',
    'validFrom',
    'checkedAt',
    'source',
    'note',
  ]);
  for (const name of Object.keys(record)) if (!known.has(name)) problems.push(`unknown field "${name}"`);
  return { profile: problems.length === 0 ? profile : null, problems };
}
