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
