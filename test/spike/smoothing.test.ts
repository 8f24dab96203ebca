import { describe, expect, it } from 'vitest';
import {
  createSmoothingLimiter,
  readVolosOptions,
  readVolosRequest,
  smoothTimeline,
  type SmoothingDecision,
  type SmoothingOptions,
  type SmoothingRequest,
} from '../../src/spike/index.js';

interface Expected {
  readonly index: number;
  readonly allowed: boolean;
  readonly used?: number;
  readonly expiryMs?: number;
  readonly decidedMs?: number;
  readonly queued?: boolean;
}

interface Scenario {
  readonly id: string;
  readonly options: SmoothingOptions;
  readonly requests: readonly SmoothingRequest[];
  readonly expect: readonly Expected[];
}

const at = (tMs: number, key?: string, weight?: number): SmoothingRequest => ({
  tMs,
  ...(key ? { key } : {}),
  ...(weight ? { weight } : {}),
});
const every = (n: number, stepMs: number, key?: string): SmoothingRequest[] =>
  Array.from({ length: n }, (_, i) => at(i * stepMs, key));
const ps = (rate: number, bufferSize?: number): SmoothingOptions => ({
  rate,
  unit: 'second',
  ...(bufferSize ? { bufferSize } : {}),
});
const pm = (rate: number, bufferSize?: number): SmoothingOptions => ({
  rate,
  unit: 'minute',
  ...(bufferSize ? { bufferSize } : {}),
});

// real-samples.md "Public SpikeArrest scenarios"; t in ms from the first request.
const SCENARIOS: readonly Scenario[] = [
  { id: 'V1', options: ps(100), requests: [at(0, 'x')], expect: [{ index: 0, allowed: true, used: 1, expiryMs: 10 }] },
  {
    id: 'V2',
    options: ps(100),
    requests: [at(0, 'y'), at(5, 'y'), at(11, 'y')],
    expect: [
      { index: 0, allowed: true, used: 1, expiryMs: 10 },
      { index: 1, allowed: false, used: 2, expiryMs: 5 },
      { index: 2, allowed: true, used: 1, expiryMs: 10 },
    ],
  },
  {
    id: 'V6',
    options: pm(6000, 5),
    requests: [at(0, 'x')],
    expect: [{ index: 0, allowed: true, used: 1, expiryMs: 10, queued: false }],
  },
  {
    // Three at once: volos pops the newest queued request first.
    id: 'V7',
    options: pm(6000, 5),
    requests: [at(0, 'y'), at(0, 'y'), at(0, 'y')],
    expect: [
      { index: 0, allowed: true, used: 1, expiryMs: 10, decidedMs: 0, queued: false },
      { index: 2, allowed: true, used: 1, expiryMs: 10, decidedMs: 10, queued: true },
      { index: 1, allowed: true, used: 1, expiryMs: 10, decidedMs: 20, queued: true },
    ],
  },
  {
    // The literal volos test: the third request is sent 10 ms after the second one was released.
    id: 'V7-as-tested',
    options: pm(6000, 5),
    requests: [at(0, 'y'), at(0, 'y'), at(20, 'y')],
    expect: [
      { index: 0, allowed: true, used: 1, expiryMs: 10, decidedMs: 0 },
      { index: 1, allowed: true, used: 1, expiryMs: 10, decidedMs: 10, queued: true },
      { index: 2, allowed: true, used: 1, expiryMs: 10, decidedMs: 20, queued: false },
    ],
  },
  {
    id: 'V8',
    options: pm(6000, 5),
    requests: [...every(6, 0, 'z'), at(0, 'z')],
    expect: [
      { index: 0, allowed: true, used: 1, decidedMs: 0 },
      { index: 6, allowed: false, used: 5, decidedMs: 0, queued: false },
      { index: 5, allowed: true, decidedMs: 10, queued: true },
      { index: 4, allowed: true, decidedMs: 20, queued: true },
      { index: 3, allowed: true, decidedMs: 30, queued: true },
      { index: 2, allowed: true, decidedMs: 40, queued: true },
      { index: 1, allowed: true, decidedMs: 50, queued: true },
    ],
  },
  {
    id: 'V9',
    options: pm(1),
    requests: [at(0, '/count'), at(1, '/count')],
    expect: [
      { index: 0, allowed: true, used: 1, expiryMs: 60_000 },
      { index: 1, allowed: false, used: 2, expiryMs: 59_999 },
    ],
  },
  {
    id: 'V10',
    options: pm(1),
    requests: [at(0, '/count'), at(1, '/count'), at(2, '/count')],
    expect: [{ index: 2, allowed: false, used: 3, expiryMs: 59_998 }],
  },
  {
    id: 'V11',
    options: pm(1),
    requests: [at(0, '/count'), at(1, '/count'), at(2, '/count'), at(3, '/count')],
    expect: [{ index: 3, allowed: false, used: 4, expiryMs: 59_997 }],
  },
  {
    id: 'V12',
    options: pm(1),
    requests: [at(0, '/countWeight', 2), at(1, '/countWeight', 2)],
    expect: [
      { index: 0, allowed: true, used: 2, expiryMs: 120_000 },
      { index: 1, allowed: false, used: 4, expiryMs: 119_999 },
    ],
  },
  {
    id: 'V13',
    options: pm(1),
    requests: [at(0, '/countWeight', 2), at(1, '/countWeight', 2), at(2, '/countWeight2', 2), at(3, '/countWeight', 2)],
    expect: [
      { index: 2, allowed: true, used: 2, expiryMs: 120_000 },
      { index: 3, allowed: false, used: 6, expiryMs: 119_997 },
    ],
  },
  {
    id: 'M1',
    options: pm(1),
    requests: [at(0), at(1)],
    expect: [
      { index: 0, allowed: true, used: 1 },
      { index: 1, allowed: false, used: 2 },
    ],
  },
  {
    id: 'D1',
    options: pm(30),
    requests: [at(0), at(1999), at(2000)],
    expect: [
      { index: 1, allowed: false, expiryMs: 1 },
      { index: 2, allowed: true, expiryMs: 2000 },
    ],
  },
  {
    id: 'D2',
    options: pm(30),
    requests: [...every(30, 2000), at(59_000)],
    expect: [...Array.from({ length: 30 }, (_, i) => ({ index: i, allowed: true })), { index: 30, allowed: false }],
  },
  {
    id: 'D2-tighter',
    options: pm(30),
    requests: every(31, 1900),
    expect: Array.from({ length: 31 }, (_, i) => ({ index: i, allowed: i % 2 === 0 })),
  },
  {
    id: 'D3-pair',
    options: ps(10),
    requests: [at(0), at(99)],
    expect: [
      { index: 0, allowed: true },
      { index: 1, allowed: false },
    ],
  },
  {
    id: 'D3-eleven',
    options: ps(10),
    requests: [...every(10, 100), at(950)],
    expect: [...Array.from({ length: 10 }, (_, i) => ({ index: i, allowed: true })), { index: 10, allowed: false }],
  },
  {
    id: 'D4',
    options: ps(5),
    requests: every(20, 200),
    expect: Array.from({ length: 20 }, (_, i) => ({ index: i, allowed: true })),
  },
  {
    id: 'D4-faster',
    options: ps(5),
    requests: every(20, 199),
    expect: Array.from({ length: 20 }, (_, i) => ({ index: i, allowed: i % 2 === 0 })),
  },
  {
    id: 'D5',
    options: pm(12),
    requests: every(12, 5000),
    expect: Array.from({ length: 12 }, (_, i) => ({ index: i, allowed: true })),
  },
  {
    id: 'D6',
    options: pm(5),
    requests: [at(0), at(11_999), at(12_000)],
    expect: [
      { index: 1, allowed: false },
      { index: 2, allowed: true },
    ],
  },
  {
    id: 'D7',
    options: pm(6),
    requests: [at(0), at(9_999)],
    expect: [
      { index: 0, allowed: true },
      { index: 1, allowed: false },
    ],
  },
  {
    id: 'N1',
    options: pm(4),
    requests: every(10, 100),
    expect: Array.from({ length: 10 }, (_, i) => ({ index: i, allowed: i === 0 })),
  },
];

function byIndex(decisions: readonly SmoothingDecision[]): Map<number, SmoothingDecision> {
  return new Map(decisions.map((d) => [d.index, d]));
}

describe('smoothing scenarios', () => {
  it.each(SCENARIOS)('$id', (scenario) => {
    const decisions = [...smoothTimeline(scenario.requests, scenario.options)];
    expect(decisions).toHaveLength(scenario.requests.length);
    const got = byIndex(decisions);
    for (const e of scenario.expect) {
      const d = got.get(e.index);
      expect(d, `decision ${e.index}`).toBeDefined();
      expect({ index: d!.index, allowed: d!.allowed }).toEqual({ index: e.index, allowed: e.allowed });
      if (e.used !== undefined) expect(d!.used).toBe(e.used);
      if (e.expiryMs !== undefined) expect(d!.expiryMs).toBe(e.expiryMs);
      if (e.decidedMs !== undefined) expect(d!.decidedMs).toBe(e.decidedMs);
      if (e.queued !== undefined) expect(d!.queued).toBe(e.queued);
    }
  });

  it('yields decisions in the order they are made', () => {
    const decisions = [...smoothTimeline([...every(6, 0, 'z'), at(0, 'z')], pm(6000, 5))];
    expect(decisions.map((d) => d.index)).toEqual([0, 6, 5, 4, 3, 2, 1]);
  });

  it('releases the oldest queued request first when asked for fifo', () => {
    const decisions = [...smoothTimeline([at(0, 'y'), at(0, 'y'), at(0, 'y')], { ...pm(6000, 5), queueOrder: 'fifo' })];
    expect(decisions.map((d) => [d.index, d.decidedMs])).toEqual([
      [0, 0],
      [1, 10],
      [2, 20],
    ]);
  });

  it('releases queued requests of a key before a later arrival on another key is answered', () => {
    const limiter = createSmoothingLimiter(pm(6000, 5));
    expect(limiter.submit(at(0, 'a')).map((d) => d.index)).toEqual([0]);
    expect(limiter.submit(at(3, 'a'))).toEqual([]);
    const later = limiter.submit(at(15, 'b'));
    expect(later.map((d) => [d.index, d.key, d.decidedMs])).toEqual([
      [1, 'a', 10],
      [2, 'b', 15],
    ]);
    expect(limiter.drain()).toEqual([]);
  });

  it('keeps separate windows per key', () => {
    const decisions = [...smoothTimeline([at(0, 'a'), at(1, 'b'), at(2, 'a')], ps(10))];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('refuses a non-positive rate', () => {
    expect(() => createSmoothingLimiter({ rate: 0, unit: 'second' })).toThrow(RangeError);
  });
});

describe('volos option reading (V3–V5)', () => {
  it('V3: refuses timeUnit hour', () => {
    expect(readVolosOptions({ timeUnit: 'hour', allow: 2 })).toEqual({
      ok: false,
      code: 'INVALID_TIME_UNIT',
      field: 'timeUnit',
    });
  });

  it("V4: refuses allow 'hey'", () => {
    expect(readVolosOptions({ timeUnit: 'minute', allow: 'hey' })).toEqual({
      ok: false,
      code: 'NOT_A_NUMBER',
      field: 'allow',
    });
  });

  it('V5: defaults the key, refuses a numeric key and a non-numeric weight', () => {
    expect(readVolosRequest({ weight: 1 })).toEqual({ ok: true, key: '_default', weight: 1 });
    expect(readVolosRequest({ key: 1, weight: 1 })).toEqual({ ok: false, code: 'KEY_NOT_STRING', field: 'key' });
    expect(readVolosRequest({ key: 'x', weight: 'x' })).toEqual({
      ok: false,
      code: 'WEIGHT_NOT_NUMBER',
      field: 'weight',
    });
  });

  it('applies volos defaults and string numbers', () => {
    expect(readVolosOptions({})).toEqual({ ok: true, options: { rate: 1, unit: 'second', bufferSize: 0 } });
    expect(readVolosOptions({ timeUnit: 'minute', allow: '6000', bufferSize: '5' })).toEqual({
      ok: true,
      options: { rate: 6000, unit: 'minute', bufferSize: 5 },
    });
    expect(readVolosRequest({ key: 'k', weight: 0 })).toEqual({ ok: true, key: 'k', weight: 1 });
  });

  it('refuses a negative allow and a non-number bufferSize', () => {
    expect(readVolosOptions({ allow: -3 })).toEqual({ ok: false, code: 'NOT_POSITIVE', field: 'allow' });
    expect(readVolosOptions({ allow: 3, bufferSize: true })).toEqual({
      ok: false,
      code: 'NOT_A_NUMBER',
      field: 'bufferSize',
    });
  });
});
