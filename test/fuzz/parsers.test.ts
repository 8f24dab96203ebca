import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/normalise/body.js';
import { readCounters } from '../../src/normalise/counters.js';
import { parseHeaderBlock } from '../../src/normalise/header-block.js';
import { redactedPath, redactText } from '../../src/normalise/redact.js';
import { parseZone } from '../../src/normalise/time-zone.js';
import { parseTimestamp } from '../../src/normalise/timestamp.js';
import { leakedSecrets } from '../helpers/secrets.js';
import { bodyText, headerName, headerValue, nastyString, secretArb, timeText } from './arbitraries.js';
import { countTried, params, runs } from './config.js';
import { plantedArb } from './secrets.js';

// The header, body and time parsers on their own: total (no exception for any input), bounded, and
// never returning a planted secret or quoting their input in a detail.
const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(strings);
};

describe('fuzz: header parsers', () => {
  it('readCounters takes any header map: numbers are finite or null, texts short', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(headerName, nastyString), fc.oneof(headerValue, nastyString)), { maxLength: 20 }),
        (pairs) => {
          countTried('parser readCounters');
          const counters = readCounters(new Map(pairs.map(([name, value]) => [name.toLowerCase(), value])));
          for (const family of [
            counters.productQuota,
            counters.productThrottle,
            counters.tenantMinute,
            counters.tenantDay,
          ])
            for (const field of ['limit', 'used', 'available', 'interval'] as const) {
              const value = family?.[field];
              expect(value === undefined || value === null || Number.isFinite(value)).toBe(true);
            }
          for (const text of strings(counters)) expect(text.length).toBeLessThanOrEqual(64);
        },
      ),
      params(runs(300)),
    );
  });

  it('parseHeaderBlock takes any cell text', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString, bodyText, fc.json()), (text) => {
        countTried('parser parseHeaderBlock');
        const parsed = parseHeaderBlock(text);
        if (parsed) for (const [name, value] of parsed) expect(typeof name + typeof value).toBe('stringstring');
      }),
      params(runs(300)),
    );
  });
});

describe('fuzz: body parser', () => {
  it('readBody takes any text and keeps only short redacted text', () => {
    fc.assert(
      fc.property(fc.oneof(bodyText, nastyString, fc.string({ maxLength: 2000 })), (text) => {
        countTried('parser readBody');
        for (const field of strings(readBody(text))) expect(field.length).toBeLessThanOrEqual(160);
      }),
      params(runs(300)),
    );
  });

  it('readBody, redactText and redactedPath return no planted secret', () => {
    fc.assert(
      fc.property(plantedArb, secretArb, (plant, secret) => {
        countTried('parser planted secrets');
        const planted = plant(secret);
        const out = [
          ...(planted.body ? strings(readBody(planted.body)) : []),
          ...(planted.url ? [redactedPath(planted.url)] : []),
          ...Object.entries(planted.headers ?? {}).map(([name, value]) => redactText(`${name}: ${value}`)),
        ];
        expect(leakedSecrets(out.join('\n'), [secret])).toEqual([]);
      }),
      params(runs(500)),
    );
  });
});

describe('fuzz: time parser', () => {
  const zones = [
    'America/Chicago',
    'Europe/Berlin',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'America/Sao_Paulo',
    'UTC',
    '+05:30',
  ];

  it('parseTimestamp takes any text: a time in 2000–2099 or a code, and a detail that quotes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(timeText, nastyString, secretArb),
        fc.option(fc.constantFrom(...zones)),
        fc.option(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) })),
        (text, zoneName, latest) => {
          countTried('parser parseTimestamp');
          const result = parseTimestamp(text, zoneName === null ? null : parseZone(zoneName), latest);
          if (result.ok) {
            expect(result.ms).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
            expect(result.ms).toBeLessThan(Date.UTC(2100, 0, 1));
          } else if (/^([G-Z][a-z0-9]{3}){3,5}$/.test(text)) {
            expect(leakedSecrets(result.detail, [text])).toEqual([]);
          }
        },
      ),
      params(runs(300)),
    );
  });

  // A log written by a local clock: instants in order, written as wall times without a zone.
  it('reads every row of a monotone local log back in order, across DST changes in any zone', () => {
    const transitions = [
      Date.UTC(2026, 2, 8, 8),
      Date.UTC(2026, 10, 1, 7),
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 3, 4, 15),
      Date.UTC(2026, 9, 3, 16),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones.filter((zone) => zone.includes('/'))),
        fc.constantFrom(...transitions),
        fc.array(fc.integer({ min: 1_000, max: 20 * 60_000 }), { minLength: 2, maxLength: 40 }),
        (zoneName, around, gaps) => {
          countTried('parser monotone local log');
          const zone = parseZone(zoneName);
          const format = new Intl.DateTimeFormat('en-CA', {
            timeZone: zoneName,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
          });
          let t = around - 3 * 3_600_000;
          let latest: number | null = null;
          for (const gap of gaps) {
            t += gap;
            const p = Object.fromEntries(format.formatToParts(new Date(t)).map((part) => [part.type, part.value]));
            const wall = `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
            const result = parseTimestamp(wall, zone, latest);
            expect(result.ok).toBe(true);
            // Each gap is under the hour a clock falls back, so the log's order tells the two readings apart.
            if (result.ok) expect(result.ms).toBe(t - (t % 1000));
            latest = Math.max(latest ?? -Infinity, t - (t % 1000));
          }
        },
      ),
      params(runs(200)),
    );
  });
});
