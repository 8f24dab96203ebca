import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';

const SECRETS = [
  'AT-sec-ret-0001',
  'shortsecret9',
  'COOKIE-SECRET-42',
  'AK-sec-ret-0002',
  'BEARER-SECRET-TOKEN-0003',
  'RT-sec-ret-0004',
  'JSON-SECRET-0005',
];

describe('redaction', () => {
  it.each([['table'], ['json']])('no credential from the log reaches the %s output', async (format) => {
    const result = await runBin(['analyze', 'fixtures/logs/redaction-secrets.csv', '--format', format]);
    expect(result.code).toBe(0);
    const everything = result.stdout + result.stderr;
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    // The key is still told apart, by a fingerprint.
    expect(everything).toMatch(/key#[0-9a-f]{8}/);
  });

  it('keeps the redacted shape of what was there', async () => {
    const json = JSON.parse((await runBin(['analyze', 'fixtures/logs/redaction-secrets.csv', '--json'])).stdout);
    expect(json.input.rows.used).toBe(3);
    expect(json.input.keys.distinct).toHaveLength(1);
    expect(json.throttling.otherErrors.map((e: any) => e.status)).toEqual([500]);
    expect(json.throttling.attributions.map((a: any) => a.path)).toEqual(['/crm/rest/v1/contacts?api_key=[redacted]']);
  });
});
