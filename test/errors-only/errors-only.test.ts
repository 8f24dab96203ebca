import { describe, expect, it } from 'vitest';
import { createErrorsOnlyAnalysis } from '../../src/errors-only/index.js';
import { templateOf } from '../../src/errors-only/endpoints.js';
import { findProfile } from '../../src/policy/profiles.js';
import type { MessageRate, ResponseBody } from '../../src/types.js';
import { KEAP_429, makeEvent } from '../helpers/events.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const spike = (periodMicros: number | null): ResponseBody => {
  const messageRate: MessageRate | null =
    periodMicros === null ? null : { messagesPerPeriod: 25, periodMicros, maxBurst: 1 };
  return {
    kind: 'spike-arrest',
    faultstring:
      periodMicros === null
        ? 'Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=6 (truncated...)'
        : `Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=25, periodInMicroseconds=${periodMicros}}`,
    messageRate,
  };
};

function analyse(events: Parameters<typeof makeEvent>[0][], options: { zone?: 'chicago'; formats?: string[] } = {}) {
  const analysis = createErrorsOnlyAnalysis({
    zone: options.zone ? { kind: 'iana', name: 'America/Chicago' } : null,
    formats: options.formats ?? ['csv'],
  });
  for (const event of events) analysis.observe(makeEvent(event));
  return analysis;
}

describe('errors-only analysis', () => {
  it('reads rate and N from the faults, counts the cut-off ones apart, and compares with the profile', () => {
    const start = Date.UTC(2022, 6, 11, 13);
    const periods = [6e6, 6e6, 5e6, 7e6, null];
    const result = analyse(periods.map((p, i) => ({ ts: start + i * HOUR, status: 429, body: spike(p) }))).finish(
      findProfile('legacy-key-2022') ?? null,
    );
    expect(result?.faults).toMatchObject({
      rate: 25,
      unit: 'second',
      processorsMin: 5,
      processorsMax: 7,
      perProcessorIntervalMs: { min: 200, max: 280 },
      truncated: 1,
      profileRate: 25,
      agreesWithProfile: true,
    });
    expect(result?.faults.spikeRates.map((r) => [r.processors, r.count])).toEqual([
      [6, 2],
      [5, 1],
      [7, 1],
    ]);
    expect(result?.scope).toEqual({ spike: 'key', minuteAndDay: 'key' });
    expect(result?.findings).toEqual(
      expect.arrayContaining(['throttling-response', 'spike-arrest-layer', 'rate-from-fault', 'isolated-throttling']),
    );
    expect(result?.logNext).toEqual(expect.arrayContaining(['log-every-response', 'log-full-body']));
  });

  it('counts per UTC and local hour and weekday, and tells bursts from isolated 429s', () => {
    // Mon 2022-07-11 13:10:54Z = 08:10:54 in Chicago (CDT); a burst of three 2 s apart, then two isolated.
    const start = Date.UTC(2022, 6, 11, 13, 10, 54);
    const times = [start, start + 2000, start + 4000, start + 3 * HOUR, start + DAY];
    const result = analyse(
      times.map((ts) => ({ ts, status: 429, body: KEAP_429 })),
      { zone: 'chicago' },
    ).finish(null);
    const clusters = result?.clusters;
    expect(clusters?.byHourUtc[13]).toBe(4);
    expect(clusters?.byHourUtc[16]).toBe(1);
    expect(clusters?.byWeekdayUtc.slice(1, 3)).toEqual([4, 1]);
    expect(clusters?.local?.byHour[8]).toBe(4);
    expect(clusters?.local?.byHour[11]).toBe(1);
    expect(clusters).toMatchObject({ bursts: 1, largestBurst: 3, isolated: 2, minGapMs: 2000 });
    expect(clusters?.gaps).toEqual({ underSecond: 0, underMinute: 2, underHour: 0, hourOrMore: 2 });
    expect(result?.findings).toContain('bursts');
  });

  it('sees 429s that run up to 00:00 UTC and stop there as the daily quota, and not otherwise', () => {
    const days = [Date.UTC(2026, 2, 2), Date.UTC(2026, 2, 3)];
    const quotaDays = days.flatMap((day) =>
      [20, 22, 23.5, 23.9].map((hour) => ({ ts: day + hour * HOUR, status: 429 })),
    );
    const daily = analyse(quotaDays).finish(null);
    expect(daily?.utcMidnight).toMatchObject({
      days: 2,
      daysWithSeveral: 2,
      daysEndingAtMidnight: 2,
      pattern: 'daily-quota',
    });
    expect(daily?.utcMidnight.nearMidnight).toBe(2);
    expect(daily?.findings).toContain('daily-quota-layer');
    // The same hours, but the 429s carry on right after midnight: not a reset.
    const carryOn = analyse([...quotaDays, { ts: days[1]! + 5 * 60_000, status: 429 }]).finish(null);
    expect(carryOn?.utcMidnight.daysEndingAtMidnight).toBe(1);
    const spread = analyse([3, 9, 15].map((hour) => ({ ts: days[0]! + hour * HOUR, status: 429 }))).finish(null);
    expect(spread?.utcMidnight.pattern).toBe('none');
    expect(spread?.findings).toContain('no-utc-midnight-pattern');
  });

  it('lists endpoints with ids folded, says whether the log has successes, and which language to give a snippet for', () => {
    const result = analyse(
      [
        { status: 200 },
        { status: 429, method: 'POST', path: '/crm/rest/v1/orders/17/payments' },
        { status: 429, method: 'POST', path: '/crm/rest/v1/orders/18/payments?x=1' },
        { status: 429, method: 'GET', path: '/crm/rest/v1/contacts' },
        { status: 404, path: '/crm/rest/v1/contacts/9' },
      ],
      { formats: ['csv', 'python-log'] },
    ).finish(null);
    expect(result).toMatchObject({ applies: false, successes: 1, throttled: 3, language: 'python' });
    expect(result?.endpoints).toEqual([
      { method: 'POST', path: '/crm/rest/v1/orders/{id}/payments', count: 2 },
      { method: 'GET', path: '/crm/rest/v1/contacts', count: 1 },
    ]);
    expect(templateOf('/crm/rest/v2/contacts/8f1c2a40-0000-4000-8000-100000000008/tags')).toBe(
      '/crm/rest/v2/contacts/{id}/tags',
    );
    expect(analyse([{ status: 200 }]).finish(null)).toBeNull();
  });
});
