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
    tally.addAside({
      code: 'JOINED',
      source: { file: 'a.csv', line: 4 },
      into: { file: 'a.csv', line: 3 },
      detail: 'y',
    });
    tally.addAside({ code: 'NOT_A_REQUEST', source: { file: 'a.csv', line: 5 }, detail: 'z' });
    const summary = tally.result();
    expect(summary.rows).toEqual({ read: 11, used: 2, skipped: 7, aside: 2 });
    expect(summary.files).toEqual([
      {
        name: 'a.csv',
        format: 'csv',
        rows: 11,
        used: 2,
        skipped: 7,
        skippedByCode: { BAD_STATUS: 7 },
        aside: 2,
        asideByCode: { JOINED: 1, NOT_A_REQUEST: 1 },
        notes: [],
      },
      {
        name: 'empty.csv',
        format: 'csv',
        rows: 0,
        used: 0,
        skipped: 0,
        skippedByCode: {},
        aside: 0,
        asideByCode: {},
        notes: [],
      },
    ]);
    expect(summary.aside.map((group) => [group.code, group.count, group.examples[0]?.intoLine])).toEqual([
      ['JOINED', 1, 3],
      ['NOT_A_REQUEST', 1, undefined],
    ]);
    expect(summary.skipped[0]?.examples.map((e) => e.line)).toEqual([10, 11, 12, 13, 14]);
    expect(summary.span).toEqual({ firstMs: Date.UTC(2026, 0, 1) + 1000, lastMs: Date.UTC(2026, 0, 1) + 2000 });
    expect(summary.throttled).toBe(1);
    expect(summary.keys).toEqual(['w1']);
  });

  it('keeps the zone hint most zone-less rows agree on, with how many agree', () => {
    const tally = createInputTally();
    const hint = { offsetMinutes: -360, zone: 'America/Chicago', from: 'date-header' } as const;
    for (let line = 2; line < 5; line++)
      tally.addSkip({ code: 'TIMESTAMP_WITHOUT_ZONE', source: { file: 'a.log', line }, detail: 'x', zoneHint: hint });
    tally.addSkip({
      code: 'TIMESTAMP_WITHOUT_ZONE',
      source: { file: 'a.log', line: 9 },
      detail: 'x',
      zoneHint: { offsetMinutes: 0, zone: 'UTC', from: 'date-header' },
    });
    expect(tally.result().zoneHint).toEqual({ ...hint, rows: 3, rowsWithHint: 4 });
  });
});
