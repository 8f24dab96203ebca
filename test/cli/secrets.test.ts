import { describe, expect, it } from 'vitest';
import { analyzeJson, runBin } from '../helpers/run-bin.js';
import { leakedSecrets } from '../helpers/secrets.js';

const dir = 'fixtures/secrets/';

// Each fixture plants secrets where logs hold them; every one leaked from the 0.1.0 build (issue 10).
const CASES: readonly {
  readonly file: string;
  readonly secrets: readonly string[];
  readonly rows: { read: number; used: number; skipped: number; aside: number };
  readonly check: (json: any) => void;
}[] = [
  {
    file: 'gateway-message.json',
    secrets: ['Zq1GwMsgA7f3k9', 'Zq2GwObjB8g4m1'],
    rows: { read: 3, used: 3, skipped: 0, aside: 0 },
    check: (json) =>
      // Evidence is codes and numbers: no byte of the message reaches the report.
      expect(json.throttling.attributions.map((a: any) => a.evidence[0])).toEqual([
        { code: 'FAULT_GATEWAY_SPIKE' },
        { code: 'FAULT_GATEWAY_SPIKE' },
      ]),
  },
  {
    file: 'gateway-message-base64.har',
    secrets: ['Zq3HarB64C9h5n2'],
    rows: { read: 2, used: 2, skipped: 0, aside: 0 },
    check: (json) => expect(json.throttling.attributions[0].evidence).toEqual([{ code: 'FAULT_GATEWAY_SPIKE' }]),
  },
  {
    file: 'text-faults.csv',
    secrets: ['Zq4TokD1j6p3', 'Zq5KeyE2k7q4', 'Zq6IdfF3m8r5', 'Zq7XmlG4n9s6', 'Zs2TokV8b4f1'],
    rows: { read: 6, used: 6, skipped: 0, aside: 0 },
    check: (json) => {
      const evidence = json.throttling.attributions.map((a: any) => a.evidence[0].code);
      expect(evidence.slice(0, 4)).toEqual([
        'FAULT_GATEWAY_SPIKE',
        'FAULT_GATEWAY_SPIKE',
        'FAULT_QUOTA_VIOLATION',
        'FAULT_XMLRPC_THROTTLE',
      ]);
    },
  },
  {
    file: 'url-params.csv',
    secrets: [
      'Zq8UrlH5p1t7',
      'Zq9UrlJ6q2u8',
      'Zr1UrlK7r3v9',
      'Zr2UrlL8s4w1',
      'Zr3FrgM9t5x2',
      'Zr4UsrN1u6y3',
      'Zr5UsrP2v7z4',
    ],
    rows: { read: 7, used: 7, skipped: 0, aside: 0 },
    check: (json) =>
      expect(json.throttling.attributions.map((a: any) => a.path)).toEqual([
        '/crm/rest/v1/contacts?limit=1&api-key=[redacted]',
        '/crm/rest/v1/tags?accessToken=[redacted]',
        '/crm/rest/v1/tags?id_token=[redacted]&x-keap-api-key=[redacted]',
        '/oauth/callback#access_token=[redacted]&token_type=bearer',
        '/crm/rest/v1/tags',
        '/crm/rest/v1/tags',
      ]),
  },
  ...(
    [
      ['key-column-key.csv', 'Zr6KeyQ3w8a5bc16'],
      ['key-column-client-id.csv', 'Zr7CidR4x9b6cd16'],
      ['key-column-credential.csv', 'Zr8CrdS5y1c7de16'],
    ] as const
  ).map(([file, secret]) => ({
    file,
    secrets: [secret],
    rows: { read: 2, used: 2, skipped: 0, aside: 0 },
    check: (json: any) => {
      // A 16-character value: short, but the column holds credentials, so only the fingerprint is shown.
      expect(json.input.keys.distinct).toEqual([expect.stringMatching(/^key#[0-9a-f]{8}$/)]);
      expect(json.throttling.attributions[0].key).toBe(json.input.keys.distinct[0]);
    },
  })),
  {
    file: 'broken-json-line.ndjson',
    secrets: ['Zr9BrkT6z2d8', 'Zs1BrkU7a3e9'],
    rows: { read: 4, used: 2, skipped: 2, aside: 0 },
    check: (json) =>
      expect(json.input.skipped).toEqual([
        {
          code: 'MALFORMED_ROW',
          count: 2,
          examples: [
            { file: `${dir}broken-json-line.ndjson`, line: 2, detail: 'not valid JSON' },
            { file: `${dir}broken-json-line.ndjson`, line: 3, detail: 'not valid JSON' },
          ],
        },
      ]),
  },
];

describe('no planted secret reaches any output (fixtures/secrets)', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('%s: counts, redacted shapes, no secret in JSON', async (_f, c) => {
    const { json, result } = await analyzeJson([`${dir}${c.file}`]);
    expect(result.code).toBe(0);
    expect(json.input.rows).toEqual(c.rows);
    c.check(json);
    expect(leakedSecrets(result.stdout + result.stderr, c.secrets)).toEqual([]);
  });

  it.each(CASES.map((c) => [c.file, c] as const))('%s: no secret in the table or in --strict errors', async (_f, c) => {
    const table = await runBin(['analyze', `${dir}${c.file}`, '--strict']);
    expect(table.code).toBe(c.rows.skipped > 0 ? 2 : 0);
    expect(table.stdout).toMatch(new RegExp(`${c.rows.read} read, ${c.rows.used} used, ${c.rows.skipped} skipped`));
    expect(leakedSecrets(table.stdout + table.stderr, c.secrets)).toEqual([]);
  });
});
