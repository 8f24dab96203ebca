import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { readCsvRecords } from '../../src/read/csv-records.js';
import { createRandom } from '../../src/spike/prng.js';

// Ways a logged row goes wrong in practice; none may make a row disappear from the count.
const BREAKERS: ((row: string[]) => string[])[] = [
  (row) => [row[0] as string, 'abc', row[2] as string],
  (row) => ['yesterday', row[1] as string, row[2] as string],
  (row) => [row[0] as string, '', row[2] as string],
  (row) => [...row, 'extra'],
  (row) => row.slice(0, 2),
  (row) => [row[0] as string, row[1] as string, '{"code":"429","message":"Quota Exceeded"}'],
  (row) => [row[0] as string, row[1] as string, 'say "hi"'],
  (row) => [row[0] as string, row[1] as string, '"a"b'],
  (row) => [(row[0] as string).replace('Z', ''), row[1] as string, row[2] as string],
  (row) => [row[0] as string, '99999', row[2] as string],
];

async function* once(text: string) {
  yield Buffer.from(text);
}

describe('every CSV row is counted as used or skipped', () => {
  it.each([1, 2, 3, 4, 5])('holds for randomly broken logs (seed %i)', async (seed) => {
    const random = createRandom(seed);
    const rows = 400;
    const lines = ['ts,status,body'];
    let broken = 0;
    for (let i = 0; i < rows; i++) {
      let row = [new Date(Date.UTC(2026, 2, 2, 10) + i * 250).toISOString(), random() < 0.1 ? '429' : '200', 'ok'];
      if (random() < 0.3) {
        row = (BREAKERS[Math.floor(random() * BREAKERS.length)] as (r: string[]) => string[])(row);
        broken++;
      }
      lines.push(row.join(','));
    }
    const report = await analyze([
      {
        name: 'broken.csv',
        format: 'csv',
        items: readCsvRecords(once(`${lines.join('\r\n')}\r\n`), 'broken.csv', ','),
      },
    ]);
    expect(broken).toBeGreaterThan(60);
    expect(report.input.rows.read).toBe(rows);
    expect(report.input.rows.used + report.input.rows.skipped).toBe(rows);
    // Every skip names a real data line (2 … rows + 1).
    for (const group of report.input.skipped)
      for (const example of group.examples)
        (expect(example.line).toBeGreaterThanOrEqual(2), expect(example.line).toBeLessThanOrEqual(rows + 1));
  });
});

// The text formats: random entries, traces, stray lines and broken times; every row must be counted once.
const PY_LINES: ((i: number, ts: string) => string[])[] = [
  (i, ts) => [`${ts} INFO app: tagging contact ${i}`],
  (i, ts) => [
    `${ts} DEBUG urllib3.connectionpool: https://api.infusionsoft.com:443 "POST /crm/rest/v1/c/${i} HTTP/1.1" 429 85`,
  ],
  (i, ts) => [`${ts} INFO app: POST https://api.infusionsoft.com/crm/rest/v1/c/${i} -> 200 headers={'Date': 'x'}`],
  (i, ts) => [
    `${ts} ERROR app: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/c/${i}`,
    'Traceback (most recent call last):',
    '  File "x.py", line 1, in <module>',
  ],
  (_i, ts) => [`${ts} INFO app: POST https://api.stripe.com/v1/charges -> 200`],
  (i) => [
    `yesterday ERROR app: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/c/${i}`,
  ],
  () => ['a stray print() line'],
  (i, ts) => [
    `${ts} DEBUG urllib3.connectionpool: https://api.infusionsoft.com:443 "GET /crm/rest/v1/j/${i} HTTP/1.1" 429 85`,
    `${ts} ERROR app: 429 Client Error: Too Many Requests for url: https://api.infusionsoft.com/crm/rest/v1/j/${i}`,
  ],
];

describe('every row of a text log is counted as used, skipped or set aside', () => {
  it.each([1, 2, 3])('holds for random Python logs (seed %i)', async (seed) => {
    const random = createRandom(seed);
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const ts = new Date(Date.UTC(2026, 2, 2, 10) + i * 700)
        .toISOString()
        .replace('T', ' ')
        .replace('Z', '')
        .replace('.', ',');
      lines.push(...(PY_LINES[Math.floor(random() * PY_LINES.length)] as (i: number, ts: string) => string[])(i, ts));
    }
    const { readAppLogRecords } = await import('../../src/read/logs/app-log-records.js');
    const report = await analyze(
      [
        {
          name: 'app.log',
          format: 'python-log',
          items: readAppLogRecords(once(`${lines.join('\n')}\n`), 'app.log', 'python'),
        },
      ],
      { zone: { kind: 'fixed', offsetMinutes: 0, name: 'UTC' } },
    );
    const { rows } = report.input;
    const entries = lines.filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line)).length;
    const traces = lines.filter((line) => line.startsWith('Traceback')).length;
    expect(rows.read).toBe(rows.used + rows.skipped + rows.aside);
    expect(report.input.aside.find((group) => group.code === 'JOINED')?.count).toBeGreaterThan(10);
    // Stray lines and the broken-time lines continue the entry above them; each entry and each trace is one row.
    expect(rows.read).toBe(entries + traces + (/^\d{4}/.test(lines[0] ?? '') ? 0 : 1));
  });
});
