import { describe, expect, it } from 'vitest';
import { decideLayer, type LayerFacts } from '../../src/attribute/decide.js';
import { createDelayLine } from '../../src/attribute/delay-line.js';
import { KEAP_429, makeEvent, makePoint, quota, window } from '../helpers/events.js';

const facts = (overrides: Partial<LayerFacts>): LayerFacts => ({
  event: makeEvent({ status: 429, body: KEAP_429 }),
  point: makePoint(),
  before: null,
  after: null,
  spikeRate: 10,
  countersSeen: true,
  emptyBefore: { 'product-minute': false, 'product-day': false, 'tenant-minute': false, 'tenant-day': false },
  ...overrides,
});

describe('decideLayer', () => {
  it('reads a SpikeArrest fault as spike with rate and processors (25 per 6 s → 25ps, N = 6)', () => {
    const verdict = decideLayer(
      facts({
        event: makeEvent({
          status: 429,
          body: {
            kind: 'spike-arrest',
            faultstring: '',
            messageRate: { messagesPerPeriod: 25, periodMicros: 6_000_000, maxBurst: 1 },
          },
        }),
      }),
    );
    expect(verdict).toMatchObject({
      layer: 'spike',
      confidence: 'high',
      basis: 'fault',
      faultRate: { rate: 25, unit: 'second', processors: 6 },
    });
    expect(verdict.evidence).toEqual([{ code: 'FAULT_SPIKE_ARREST', rate: 25, unit: 'second', processors: 6 }]);
  });

  it.each([
    [{ productQuota: quota(30000, 30000) }, 'product-day'],
    [{ productThrottle: window(240, 240) }, 'product-minute'],
    [{ tenantMinute: window(10000, 10000), productThrottle: window(240, 10) }, 'tenant-minute'],
    [{ tenantDay: window(250000, 250000), productThrottle: window(240, 240) }, 'tenant-day'],
    [{ productQuota: quota(30000, 30000), productThrottle: window(240, 240) }, 'product-day'],
  ] as const)('blames the empty counter on the 429 itself: %j → %s', (counters, layer) => {
    const verdict = decideLayer(facts({ event: makeEvent({ status: 429, body: KEAP_429, counters }) }));
    expect(verdict).toMatchObject({ layer, confidence: 'high', basis: 'counters-on-response' });
    expect(verdict.evidence[0]).toMatchObject({ code: 'COUNTER_EXHAUSTED', layer, neighbour: null });
  });

  it('reads a nearly empty counter as empty only when the own counts or the previous response confirm it', () => {
    const event = makeEvent({ status: 429, body: KEAP_429, counters: { productThrottle: window(240, 238) } });
    // 2 left and nothing else says the window was full: a spike 429 in a nearly full minute.
    expect(decideLayer(facts({ event }))).toMatchObject({ layer: 'spike', basis: 'counters-on-response' });
    // 240 own requests already in the rolling minute: the reading lagged, the minute was full.
    const full = decideLayer(facts({ event, point: makePoint({ own: { rollingMinute: 240 } }) }));
    expect(full).toMatchObject({ layer: 'product-minute', confidence: 'high' });
    expect(full.evidence.map((e) => e.code)).toEqual(['COUNTER_EXHAUSTED', 'OWN_COUNT_AT_LIMIT']);
  });

  it("reads a nearly empty counter as empty when the key's next reading finds it empty", () => {
    const event = makeEvent({ status: 429, body: KEAP_429, counters: { productThrottle: window(240, 238) } });
    const emptyNext = makeEvent({ ts: event.ts + 700, status: 429, counters: { productThrottle: window(240, 240) } });
    const roomNext = makeEvent({ ts: event.ts + 700, status: 200, counters: { productThrottle: window(240, 237) } });
    const at = (next: typeof event) => ({ event: next, point: makePoint({ ts: next.ts }) });
    const lagged = decideLayer(facts({ event, next: at(emptyNext) }));
    expect(lagged).toMatchObject({ layer: 'product-minute', confidence: 'high' });
    expect(lagged.evidence.map((e) => e.code)).toEqual(['COUNTER_EXHAUSTED', 'WINDOW_EMPTY_NEXT']);
    expect(decideLayer(facts({ event, next: at(roomNext) }))).toMatchObject({ layer: 'spike' });
  });

  it('does not take an empty next reading as proof when own requests counted in between could have used the room', () => {
    // The 429 reads 2 left with 200 own requests in the rolling minute; the next reading is empty.
    const event = makeEvent({ status: 429, body: KEAP_429, counters: { productThrottle: window(240, 238) } });
    const point = makePoint({ own: { rollingMinute: 200 } });
    const emptyNext = makeEvent({ ts: event.ts + 700, status: 200, counters: { productThrottle: window(240, 240) } });
    const nextWith = (ownInMinute: number) => ({
      event: emptyNext,
      point: makePoint({ ts: emptyNext.ts, own: { rollingMinute: ownInMinute } }),
    });
    // Two own requests counted since (net of those aged out) used the 2 the 429 read: it had room, SpikeArrest fired.
    expect(decideLayer(facts({ event, point, next: nextWith(202) }))).toMatchObject({ layer: 'spike' });
    // One own request since leaves one of the 2 unexplained: the 429's reading lagged an empty minute.
    const lagged = decideLayer(facts({ event, point, next: nextWith(201) }));
    expect(lagged.evidence.map((e) => e.code)).toEqual(['COUNTER_EXHAUSTED', 'WINDOW_EMPTY_NEXT']);
  });

  it('the delay line holds a nearly-empty 429 for its next reading, and decides without one after 10 s', () => {
    const at = 1_780_000_000_000;
    const verdictOf = (followers: readonly ReturnType<typeof makeEvent>[]) => {
      const line = createDelayLine({ spikeRate: 10 });
      const first = makeEvent({ ts: at, status: 429, body: KEAP_429, counters: { productThrottle: window(240, 239) } });
      const released = [first, ...followers].flatMap((event) => line.push(event, makePoint({ ts: event.ts })));
      released.push(...line.finish());
      return released.find((item) => item.event === first)?.verdict;
    };
    const emptyNext = makeEvent({ ts: at + 400, status: 429, counters: { productThrottle: window(240, 240) } });
    expect(verdictOf([emptyNext])?.layer).toBe('product-minute');
    const otherKey = makeEvent({ ts: at + 400, keyId: 'key#other', counters: { productThrottle: window(240, 240) } });
    const late = makeEvent({ ts: at + 11_000, status: 429, counters: { productThrottle: window(240, 240) } });
    expect(verdictOf([otherKey, late])?.layer).toBe('spike');
  });

  it('calls it spike when every counter on the 429 has room (seed: 5 s spacing, 12/240 used)', () => {
    const verdict = decideLayer(
      facts({
        event: makeEvent({
          status: 429,
          body: KEAP_429,
          counters: { productThrottle: window(240, 12), productQuota: quota(30000, 540) },
        }),
      }),
    );
    expect(verdict).toMatchObject({ layer: 'spike', confidence: 'high', basis: 'counters-on-response' });
    expect(verdict.left).toEqual({
      'product-minute': 228,
      'product-day': 29460,
      'tenant-minute': null,
      'tenant-day': null,
    });
  });

  it('lowers confidence when a counter was within 5 % of its limit', () => {
    const verdict = decideLayer(
      facts({ event: makeEvent({ status: 429, body: KEAP_429, counters: { productThrottle: window(240, 230) } }) }),
    );
    expect(verdict).toMatchObject({ layer: 'spike', confidence: 'medium' });
  });

  it('projects a neighbour’s counter: what was left minus the own requests since', () => {
    const beforeEvent = makeEvent({ line: 10, counters: { productThrottle: window(240, 238) } });
    const before = { event: beforeEvent, point: makePoint({ own: { rollingMinute: 100 } }) };
    // Two counted own requests since the response that said 2 were left: the minute is full.
    const full = decideLayer(facts({ before, point: makePoint({ own: { rollingMinute: 102 } }) }));
    expect(full).toMatchObject({
      layer: 'product-minute',
      confidence: 'medium',
      basis: 'neighbouring-responses',
      neighbours: [{ file: 'log.csv', line: 10 }],
    });
    expect(full.evidence[0]).toEqual({
      code: 'COUNTER_PROJECTED_EXHAUSTED',
      layer: 'product-minute',
      header: 'x-keap-product-throttle-available',
      available: 2,
      ownSince: 2,
      neighbour: { file: 'log.csv', line: 10 },
    });
    // The same near-full neighbour with no own request since leaves room: SpikeArrest, not the minute.
    const room = decideLayer(facts({ before, point: makePoint({ own: { rollingMinute: 100 } }) }));
    expect(room).toMatchObject({ layer: 'spike', confidence: 'medium', basis: 'neighbouring-responses' });
    expect(room.evidence[0]?.code).toBe('NEIGHBOURS_HAVE_ROOM');
  });

  it('does not blame the minute on a later response that still had room', () => {
    const after = {
      event: makeEvent({ line: 12, counters: { productThrottle: window(240, 239) } }),
      point: makePoint(),
    };
    expect(decideLayer(facts({ after })).layer).toBe('spike');
  });

  it('falls back to own counts against the limits in force, then to the profile’s spike rate, then to SpikeArrest for a bare 429', () => {
    expect(decideLayer(facts({ point: makePoint({ own: { utcDay: 30000 } }) }))).toMatchObject({
      layer: 'product-day',
      basis: 'ledger',
      confidence: 'medium',
    });
    expect(decideLayer(facts({ point: makePoint({ own: { rollingMinute: 240 } }) }))).toMatchObject({
      layer: 'product-minute',
      basis: 'ledger',
    });
    // A custom limit from the headers counts as much as a profile's.
    expect(
      decideLayer(facts({ point: makePoint({ own: { rollingMinute: 90 }, limits: { 'product-minute': 90 } }) })).layer,
    ).toBe('product-minute');
    expect(decideLayer(facts({ point: makePoint({ own: { lastSecond: 14 } }) }))).toMatchObject({
      layer: 'spike',
      basis: 'ledger',
      confidence: 'medium',
    });
    expect(decideLayer(facts({ spikeRate: null, countersSeen: false }))).toMatchObject({
      layer: 'spike',
      confidence: 'low',
      evidence: [{ code: 'NO_COUNTERS_ON_THIS_429', countersElsewhere: false }],
    });
    // A 503 with Keap's body, nothing around it and no profile: nothing says which limit.
    const gateway503 = makeEvent({ status: 503, body: KEAP_429 });
    expect(decideLayer(facts({ event: gateway503, spikeRate: null, countersSeen: false }))).toMatchObject({
      layer: 'unknown',
      confidence: 'low',
      basis: 'none',
      evidence: [{ code: 'NO_EVIDENCE' }],
    });
  });

  it('counts the 429 itself out of the window it was rejected from', () => {
    // 240 counted including this 429 (429s count): only 239 were there before it.
    const point = {
      ...makePoint({ own: { rollingMinute: 240 } }),
      countedVariant: 'all' as const,
      counted: { all: true, excluding429: false },
    };
    expect(decideLayer(facts({ point })).layer).toBe('spike');
  });

  it('decides which window a QuotaViolation means from the counters', () => {
    const body = { kind: 'quota-violation' as const, faultstring: '', identifier: '_default' };
    const day = decideLayer(
      facts({
        event: makeEvent({
          status: 429,
          body,
          counters: { productQuota: quota(150000, 150000), productThrottle: window(1500, 5) },
        }),
      }),
    );
    expect(day).toMatchObject({ layer: 'product-day', evidence: [{ code: 'FAULT_QUOTA_VIOLATION', window: 'day' }] });
    expect(decideLayer(facts({ event: makeEvent({ status: 429, body }) }))).toMatchObject({
      layer: 'product-minute',
      confidence: 'medium',
      evidence: [{ code: 'FAULT_QUOTA_VIOLATION', window: null }],
    });
  });

  it('names the legacy XML-RPC credit bank', () => {
    const event = makeEvent({ status: 500, body: { kind: 'xmlrpc-throttle', faultString: 'ThrottlingException' } });
    expect(decideLayer(facts({ event })).layer).toBe('legacy-credit');
  });
});
