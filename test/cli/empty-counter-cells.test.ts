import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeJson } from '../helpers/run-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'kt-empty-cells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The same three responses as a CSV (a cell per header column on every row) and as NDJSON (headers only where sent).
const times = ['2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.100Z', '2026-03-02T10:00:00.900Z'];
const csv = [
  'timestamp,status,x-keap-product-throttle-limit,x-keap-product-throttle-available,x-keap-product-quota-limit,x-keap-product-quota-available',
  `${times[0]},200,240,200,30000,29000`,
  `${times[1]},429,,,,`,
  `${times[2]},200,240,199,30000,28999`,
].join('\n');
const ndjson = [
  {
    timestamp: times[0],
    status: 200,
    headers: {
      'x-keap-product-throttle-limit': '240',
      'x-keap-product-throttle-available': '200',
      'x-keap-product-quota-limit': '30000',
      'x-keap-product-quota-available': '29000',
    },
  },
  { timestamp: times[1], status: 429, headers: {} },
  {
    timestamp: times[2],
    status: 200,
    headers: {
      'x-keap-product-throttle-limit': '240',
      'x-keap-product-throttle-available': '199',
      'x-keap-product-quota-limit': '30000',
      'x-keap-product-quota-available': '28999',
    },
  },
]
  .map((row) => JSON.stringify(row))
  .join('\n');

describe('a 429 without counters reads the same from a CSV with empty cells as from NDJSON without headers', () => {
  it('has no counters "at" it, the readings before and after it, and one verdict', async () => {
    writeFileSync(join(dir, 'log.csv'), `${csv}\n`);
    writeFileSync(join(dir, 'log.ndjson'), `${ndjson}\n`);
    const fromCsv = (await analyzeJson([join(dir, 'log.csv')])).json;
    const fromNdjson = (await analyzeJson([join(dir, 'log.ndjson')])).json;
    for (const report of [fromCsv, fromNdjson]) {
      const detail = report.details.detailed[0];
      expect(detail.at).toBeNull();
      expect(detail.before.readings['product-minute']).not.toBeNull();
      expect(detail.after.readings['product-minute']).not.toBeNull();
    }
    const verdict = (report: any) => report.throttling.attributions.map((a: any) => [a.layer, a.explanation, a.basis]);
    expect(verdict(fromCsv)).toEqual(verdict(fromNdjson));
  });
});
