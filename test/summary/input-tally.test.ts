import { describe, expect, it } from 'vitest';
import { createInputTally } from '../../src/summary/input-tally.js';
import { makeEvent } from '../helpers/events.js';

describe('createInputTally', () => {
  it('counts every row once as used or skipped, per file and per reason, with the first examples', () => {
    const tally = createInputTally();
    tally.addFile('a.csv', 'csv');
    tally.addFile('empty.csv', 'csv');
    tally.addEvent(makeEvent({ status: 200, ts: 2000 + Date.UTC(2026, 0, 1), source: { file: 'a.csv', line: 2 } }));
    tally.addEvent(
      makeEvent({ status: 429, ts: 1000 + Date.UTC(2026, 0, 1), keyId: 'w1', source: { file: 'a.csv', line: 3 } }),
    );
    for (let line = 10; line < 17; line++)
      tally.addSkip({ code: 'BAD_STATUS', source: { file: 'a.csv', line }, detail: 'x' });
    const summary = tally.result();
    expect(summary.rows).toEqual({ read: 9, used: 2, skipped: 7 });
    expect(summary.files).toEqual([
      { name: 'a.csv', format: 'csv', rows: 9, used: 2, skipped: 7, skippedByCode: { BAD_STATUS: 7 }, notes: [] },
      { name: 'empty.csv', format: 'csv', rows: 0, used: 0, skipped: 0, skippedByCode: {}, notes: [] },
    ]);
    expect(summary.skipped[0]?.examples.map((e) => e.line)).toEqual([10, 11, 12, 13, 14]);
    expect(summary.span).toEqual({ firstMs: Date.UTC(2026, 0, 1) + 1000, lastMs: Date.UTC(2026, 0, 1) + 2000 });
    expect(summary.throttled).toBe(1);
    expect(summary.keys).toEqual(['w1']);
  });
});
