// The labelled scenario set: ~260 seeded scenarios covering every factor of issue 9's first paragraph.
import type { ClientPlan, ForeignPlan } from './clients.js';
import type { QuotaLimits } from './gateway.js';
import { LOG_FORMATS, type BodyStyle, type LogFormat } from './log-writer.js';
import { createDraw, drawBetween, drawInt, type Draw } from './prng.js';
import { runScenario, type Scenario, type ScenarioSpec } from './run-scenario.js';

export const RATES = [5, 10, 25] as const;
const MAX_PROCESSORS = 10;
const SHORT_ROWS: readonly [number, number] = [12, 40];
// Until a foreign stream's end: "for the whole log".
const FOREVER_MS = 1e12;

/** Keap's published figures: PAT/SAK 240/min and 30,000/day (they match both the 10/s and the 5/s profile), OAuth 1,500/min and 150,000/day. */
const KEAP_SAK: QuotaLimits = {
  productPerMinute: 240,
  productPerDay: 30_000,
  tenantPerMinute: 10_000,
  tenantPerDay: 250_000,
};
const KEAP_OAUTH: QuotaLimits = {
  productPerMinute: 1500,
  productPerDay: 150_000,
  tenantPerMinute: 10_000,
  tenantPerDay: 250_000,
};
// Figures no built-in profile has, so the analyser must take them from the headers and fit the rate.
const CUSTOM_MINUTE_LIMITS = [300, 480, 720, 900, 1200, 2000, 3600, 6000] as const;

/** Keap's figures for a spike rate: 25/s is the OAuth default, 5 and 10/s are PAT/SAK readings. */
export function keapLimits(rate: number): QuotaLimits {
  return rate === 25 ? KEAP_OAUTH : KEAP_SAK;
}

/** What a family sets for one scenario; everything left out is drawn from the scenario's own seed. */
export interface ScenarioSettings {
  readonly rate: number;
  readonly processors: number;
  readonly requests: number;
  /** Own spacing as a share of the per-processor interval N·1000/rate (ignored when `client` is given). */
  readonly spacingFactor?: number;
  readonly client?: ClientPlan;
  readonly burstShare?: number;
  readonly keys?: number;
  readonly body?: BodyStyle;
  readonly countersOnSpike429?: boolean;
  readonly limitHeaders?: 'keap' | 'custom';
  readonly limits?: QuotaLimits;
  readonly foreign?: readonly ForeignPlan[];
  /** Add background traffic on the tenant's other keys/apps (never on the client's keys). */
  readonly background?: boolean;
  readonly productDayUsedAtStart?: number;
  readonly tenantDayUsedAtStart?: number;
  readonly logging?: 'all' | 'errors-only';
  readonly wholeSecond?: boolean;
  readonly startMs?: number;
  readonly spikeLimitHeader?: 'absent' | 'empty' | 'rate';
  readonly tags?: readonly string[];
}

/** Every scenario spec, deterministic for a seed. */
export function scenarioSpecs(seed = 9): ScenarioSpec[] {
  const specs: ScenarioSpec[] = [];
  const add = (family: string, settings: (draw: Draw, index: number) => ScenarioSettings, count: number) => {
    for (let index = 0; index < count; index++) {
      const id = `${family}-${String(index + 1).padStart(2, '0')}`;
      const draw = createDraw(seed, id);
      specs.push(build(id, family, seed, specs.length, draw, settings(draw, index)));
    }
  };

  // Spike smoothing over the whole grid of rates, N and spacing, with Keap's generic body (what SAK/PAT users get).
  add(
    'grid-generic',
    (draw, index) => {
      const rate = RATES[Math.floor(index / 20)]!;
      const processors = 1 + (Math.floor(index / 2) % MAX_PROCESSORS);
      const low = index % 2 === 0;
      return {
        rate,
        processors,
        requests: (processors + index) % 2 === 0 ? 300 : 1500,
        spacingFactor: low ? drawBetween(draw, 0.3, 0.6) : drawBetween(draw, 0.6, 0.9),
        body: 'keap',
        limitHeaders: (processors + Math.floor(index / 20)) % 2 === 0 ? 'keap' : 'custom',
        background: draw() < 0.4,
      };
    },
    60,
  );
  // The same with Apigee fault bodies, whose MessageRate names N.
  add(
    'grid-faults',
    (draw, index) => ({
      rate: RATES[Math.floor(index / 10)]!,
      processors: 1 + (index % MAX_PROCESSORS),
      requests: index % 2 === 0 ? 1500 : 300,
      spacingFactor: drawBetween(draw, 0.3, 0.9),
      body: 'apigee',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
      background: draw() < 0.4,
    }),
    30,
  );
  add(
    'three-keys',
    (draw, index) => ({
      rate: RATES[index % 3]!,
      processors: 2 + drawInt(draw, MAX_PROCESSORS - 1),
      requests: index % 2 === 0 ? 1500 : 300,
      keys: 3,
      spacingFactor: drawBetween(draw, 0.3, 0.9),
      body: index % 4 < 2 ? 'keap' : 'apigee',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
      background: draw() < 0.4,
    }),
    16,
  );
  // An unlogged second worker on the same key: below the interval itself (mixed causes) or well above it (others only).
  add(
    'same-key-worker',
    (draw, index) => {
      const rate = RATES[index % 3]!;
      const processors = 3 + drawInt(draw, MAX_PROCESSORS - 2);
      const intervalMs = (processors * 1000) / rate;
      const spacingFactor = index < 7 ? drawBetween(draw, 0.4, 0.9) : drawBetween(draw, 1.1, 2.5);
      const requests = index % 2 === 0 ? 1500 : 300;
      const durationMs = requests * spacingFactor * intervalMs;
      const wholeLog = index % 2 === 1;
      return {
        rate,
        processors,
        requests,
        spacingFactor,
        body: index % 4 < 2 ? 'keap' : 'apigee',
        limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
        foreign: [
          {
            reach: 'key',
            // Between a third of one and one and a half worker requests per processor interval.
            perSecond: (drawBetween(draw, 0.3, 1.5) * 1000) / intervalMs,
            fromMs: wholeLog ? 0 : 0.2 * durationMs,
            toMs: wholeLog ? FOREVER_MS : 0.7 * durationMs,
            pattern: index % 3 === 0 ? 'poisson' : 'steady',
          },
        ],
      };
    },
    20,
  );
  // Clients above the nominal rate: parallel bursts, or a queue paced faster than 1/rate.
  add(
    'above-nominal',
    (draw, index) => {
      const rate = RATES[index % 3]!;
      const processors = 2 + drawInt(draw, 7);
      const paced = index >= 9;
      const client: ClientPlan | undefined = paced
        ? { style: 'paced', spacingMs: (drawBetween(draw, 0.5, 0.9) * 1000) / rate, jitter: 0.2, burstShare: 0 }
        : undefined;
      return {
        rate,
        processors,
        requests: index % 2 === 0 ? 1500 : 300,
        spacingFactor: drawBetween(draw, 0.5, 0.9),
        burstShare: drawBetween(draw, 0.1, 0.3),
        ...(client && { client }),
        body: index % 3 === 0 ? 'apigee' : 'keap',
        limitHeaders: 'custom',
      };
    },
    12,
  );
  addExhaustionFamilies(add);
  // Sparse logs: only the 429s logged, a handful of rows, or a job that runs every few hours.
  add(
    'errors-only',
    (draw, index) => ({
      rate: RATES[index % 3]!,
      processors: 2 + drawInt(draw, MAX_PROCESSORS - 1),
      requests: index % 2 === 0 ? 1500 : 300,
      spacingFactor: drawBetween(draw, 0.3, 0.8),
      body: index % 4 < 2 ? 'keap' : 'apigee',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
      logging: 'errors-only',
    }),
    16,
  );
  add(
    'short-log',
    (draw, index) => ({
      rate: RATES[index % 3]!,
      processors: 2 + drawInt(draw, MAX_PROCESSORS - 1),
      requests: SHORT_ROWS[0] + drawInt(draw, SHORT_ROWS[1] - SHORT_ROWS[0] + 1),
      spacingFactor: drawBetween(draw, 0.3, 0.8),
      body: index % 2 === 0 ? 'keap' : 'apigee',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
    }),
    12,
  );
  add(
    'hours-apart',
    (draw, index) => {
      const rate = RATES[index % 3]!;
      const processors = 3 + drawInt(draw, 6);
      const perSession = 3 + drawInt(draw, 4);
      return {
        rate,
        processors,
        requests: perSession * (6 + drawInt(draw, 10)),
        client: {
          style: 'sessions',
          perSession,
          spacingMs: (drawBetween(draw, 0.2, 0.7) * processors * 1000) / rate,
          gapHours: [1, 6],
        },
        body: index % 2 === 0 ? 'keap' : 'apigee',
        limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
        wholeSecond: index % 3 === 0,
      };
    },
    10,
  );
  add(
    'whole-second',
    (draw, index) => ({
      rate: RATES[index % 3]!,
      processors: 1 + drawInt(draw, MAX_PROCESSORS),
      requests: index % 2 === 0 ? 1500 : 300,
      spacingFactor: drawBetween(draw, 0.3, 0.9),
      body: index % 4 < 2 ? 'keap' : 'apigee',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
      wholeSecond: true,
    }),
    12,
  );
  // Negative control: own spacing wider than the interval, so own traffic alone is never rejected by SpikeArrest.
  add(
    'wide-spacing',
    (draw, index) => ({
      rate: RATES[index % 3]!,
      processors: 1 + drawInt(draw, MAX_PROCESSORS),
      requests: index % 2 === 0 ? 1500 : 300,
      spacingFactor: drawBetween(draw, 1.1, 2),
      body: 'keap',
      limitHeaders: draw() < 0.5 ? 'keap' : 'custom',
      background: true,
    }),
    6,
  );
  // (5/s, N) and (10/s, 2N) share one interval: only the rejection pattern tells them apart, under headers both profiles match.
  add(
    'rate-twins',
    (draw, index) => {
      const half = 1 + Math.floor(index / 2);
      const fast = index % 2 === 1;
      return {
        rate: fast ? 10 : 5,
        processors: fast ? 2 * half : half,
        requests: 1500,
        spacingFactor: drawBetween(draw, 0.5, 0.8),
        body: 'keap',
        limitHeaders: 'keap',
        tags: [`twin:${half}`],
      };
    },
    10,
  );
  addForumCases(specs, seed);
  return specs;
}

type Add = (family: string, settings: (draw: Draw, index: number) => ScenarioSettings, count: number) => void;

// Minute, day and tenant limits used up by the client's own traffic, and by others'.
function addExhaustionFamilies(add: Add): void {
  // `ownShareOf`: keep own traffic at most this share of a minute limit (the "others" families).
  const common = (draw: Draw, index: number, ownShareOf?: number) => {
    const rate = RATES[index % 3]!;
    const processors = 1 + drawInt(draw, 6);
    const intervalMs = (processors * 1000) / rate;
    // Mostly clear of the spike interval, sometimes inside it so both layers fire in one log.
    let spacingFactor = index % 3 === 2 ? drawBetween(draw, 0.6, 0.9) : drawBetween(draw, 1.05, 1.5);
    if (ownShareOf) spacingFactor = Math.max(spacingFactor, 60_000 / (0.4 * ownShareOf) / intervalMs);
    const requests = index % 2 === 0 ? 1500 : 300;
    const perMinute = 60_000 / (spacingFactor * intervalMs);
    return {
      rate,
      processors,
      spacingFactor,
      requests,
      perMinute,
      body: (index % 4 < 2 ? 'keap' : 'apigee') as BodyStyle,
    };
  };
  const big = (limits: Partial<QuotaLimits>): QuotaLimits => ({
    productPerMinute: 100_000,
    productPerDay: 10_000_000,
    tenantPerMinute: 200_000,
    tenantPerDay: 20_000_000,
    ...limits,
  });
  add(
    'minute-own',
    (draw, index) => {
      const base = common(draw, index);
      return {
        ...base,
        limitHeaders: 'custom',
        limits: big({ productPerMinute: ownMinuteLimit(draw, base) }),
      };
    },
    6,
  );
  add(
    'minute-others',
    (draw, index) => {
      const keap = index < 3;
      const limit = keap ? keapLimits(RATES[index % 3]!).productPerMinute : 300 + 60 * drawInt(draw, 10);
      const base = common(draw, index, limit);
      const othersPerMinute = limit * drawBetween(draw, 1.3, 1.8) - base.perMinute;
      return {
        ...base,
        limitHeaders: keap ? 'keap' : 'custom',
        limits: keap ? keapLimits(base.rate) : big({ productPerMinute: limit }),
        foreign: [
          { reach: 'product', perSecond: othersPerMinute / 60, fromMs: 0, toMs: FOREVER_MS, pattern: 'poisson' },
        ],
      };
    },
    6,
  );
  add(
    'day-own',
    (draw, index) => {
      const base = common(draw, index);
      return {
        ...base,
        limitHeaders: 'custom',
        limits: big({ productPerDay: Math.round(base.requests * ownFill(draw, base.spacingFactor) * 0.8) }),
      };
    },
    6,
  );
  add(
    'day-others',
    (draw, index) => {
      // Odd: others use the day up during the log (the log can tell); even: it was nearly used up before the log began.
      if (index % 2 === 1) {
        const base = common(draw, index, 600);
        const othersPerSecond = drawBetween(draw, 1.5, 4);
        const durationS = (base.requests * 60) / base.perMinute;
        return {
          ...base,
          limitHeaders: 'custom',
          limits: big({
            productPerMinute: 600,
            productPerDay: Math.round(0.5 * (othersPerSecond * durationS + base.requests)),
          }),
          foreign: [{ reach: 'product', perSecond: othersPerSecond, fromMs: 0, toMs: FOREVER_MS, pattern: 'poisson' }],
          tags: ['others-during-log'],
        };
      }
      const base = common(draw, index);
      const limits = keapLimits(base.rate);
      const nearMidnight = index === 4;
      return {
        ...base,
        limitHeaders: 'keap',
        limits,
        productDayUsedAtStart: limits.productPerDay - Math.round(base.requests * drawBetween(draw, 0.3, 0.5)),
        // One starts shortly before 00:00 UTC, so the daily quota resets inside the log.
        ...(nearMidnight && { startMs: Date.UTC(2026, 8, 14 + index, 23, 52) }),
        tags: ['used-before-log', ...(nearMidnight ? ['day-reset-in-log'] : [])],
      };
    },
    6,
  );
  add(
    'tenant-minute-own',
    (draw, index) => {
      const base = common(draw, index);
      return {
        ...base,
        limitHeaders: 'custom',
        limits: big({
          productPerMinute: Math.round(base.perMinute * 3),
          tenantPerMinute: ownMinuteLimit(draw, base),
        }),
      };
    },
    6,
  );
  add(
    'tenant-minute-others',
    (draw, index) => {
      const ceiling = index >= 4;
      const limits = ceiling ? keapLimits(RATES[index % 3]!) : big({ tenantPerMinute: 600 });
      const base = common(draw, index, ceiling ? limits.productPerMinute : limits.tenantPerMinute);
      const othersPerMinute = limits.tenantPerMinute * drawBetween(draw, 1.2, 1.5) - base.perMinute;
      const requests = ceiling ? 1500 : base.requests;
      const stormFromMs = 0.1 * requests * (60_000 / base.perMinute);
      return {
        ...base,
        requests,
        limitHeaders: ceiling ? 'keap' : 'custom',
        limits,
        foreign: [
          {
            reach: 'tenant',
            perSecond: othersPerMinute / 60,
            // The documented 10,000/min ceiling is reached in a three-minute storm of other apps' traffic.
            fromMs: ceiling ? stormFromMs : 0,
            toMs: ceiling ? stormFromMs + 180_000 : FOREVER_MS,
            pattern: 'poisson',
          },
        ],
        tags: ceiling ? ['tenant-ceiling-2026'] : [],
      };
    },
    6,
  );
  add(
    'tenant-day-own',
    (draw, index) => {
      const base = common(draw, index);
      return {
        ...base,
        limitHeaders: 'custom',
        limits: big({ tenantPerDay: Math.round(base.requests * ownFill(draw, base.spacingFactor) * 0.8) }),
      };
    },
    6,
  );
  add(
    'tenant-day-others',
    (draw, index) => {
      // Odd: other apps use the tenant day up during the log; even: it was nearly used up before the log began.
      if (index % 2 === 1) {
        const base = common(draw, index, 600);
        const othersPerSecond = drawBetween(draw, 3, 8);
        const durationS = (base.requests * 60) / base.perMinute;
        return {
          ...base,
          limitHeaders: 'custom',
          limits: big({
            productPerMinute: 600,
            tenantPerDay: Math.round(0.5 * (othersPerSecond * durationS + base.requests)),
          }),
          foreign: [{ reach: 'tenant', perSecond: othersPerSecond, fromMs: 0, toMs: FOREVER_MS, pattern: 'poisson' }],
          tags: ['others-during-log'],
        };
      }
      const base = common(draw, index);
      const limits = keapLimits(base.rate);
      return {
        ...base,
        limitHeaders: 'keap',
        limits,
        tenantDayUsedAtStart: limits.tenantPerDay - Math.round(base.requests * drawBetween(draw, 0.3, 0.5)),
        tags: ['used-before-log'],
      };
    },
    6,
  );
}

// Share of the own rate a limit is set to so that own traffic runs it out: lower when SpikeArrest also rejects some.
function ownFill(draw: Draw, spacingFactor: number): number {
  return spacingFactor < 1 ? drawBetween(draw, 0.35, 0.5) : drawBetween(draw, 0.6, 0.85);
}

// A minute limit the client's own traffic runs out, even when the whole log lasts less than a minute.
function ownMinuteLimit(draw: Draw, base: { perMinute: number; requests: number; spacingFactor: number }): number {
  const fill = ownFill(draw, base.spacingFactor);
  return Math.max(20, Math.round(Math.min(base.perMinute, base.requests / 2) * fill));
}

// The forum threads' cases (issue 9 "Done when"): sleep(1) on a 5/s SAK at N = 5, 6, 7; the legacy key's
// order flow a few times a day with faults; sleep(5) with another server on the same key.
function addForumCases(specs: ScenarioSpec[], seed: number): void {
  const forum = (id: string, settings: ScenarioSettings) => {
    const draw = createDraw(seed, id);
    specs.push(build(id, 'forum', seed, specs.length, draw, settings));
  };
  for (const processors of [5, 6, 7]) {
    forum(`forum-sleep1-n${processors}`, {
      rate: 5,
      processors,
      requests: 1500,
      client: { style: 'sequential', sleepMs: 1000, latencyMs: 100, burstShare: 0 },
      body: 'keap',
      limitHeaders: 'keap',
      countersOnSpike429: true,
      spikeLimitHeader: 'empty',
    });
  }
  forum('forum-legacy-orders', {
    rate: 25,
    processors: 6,
    requests: 30,
    client: { style: 'sessions', perSession: 3, spacingMs: 40, gapHours: [1, 14] },
    body: 'apigee',
    // The legacy key's 2022 figures (a built-in profile).
    limitHeaders: 'keap',
    limits: { productPerMinute: 120, productPerDay: 1500, tenantPerMinute: 10_000, tenantPerDay: 250_000 },
    wholeSecond: true,
    countersOnSpike429: false,
  });
  forum('forum-sleep5-worker', {
    rate: 5,
    processors: 6,
    requests: 300,
    client: { style: 'sequential', sleepMs: 5000, latencyMs: 150, burstShare: 0 },
    body: 'keap',
    limitHeaders: 'keap',
    foreign: [{ reach: 'key', perSecond: 2.5, fromMs: 8 * 60_000, toMs: 18 * 60_000, pattern: 'steady' }],
  });
}

/** One spec outside the set (for the generator's own tests): the same defaults as the families use. */
export function buildSpec(id: string, settings: ScenarioSettings, seed = 9): ScenarioSpec {
  return build(id, 'custom', seed, 0, createDraw(seed, id), settings);
}

function build(
  id: string,
  family: string,
  seed: number,
  ordinal: number,
  draw: Draw,
  s: ScenarioSettings,
): ScenarioSpec {
  const intervalMs = (s.processors * 1000) / s.rate;
  const spacingMs = (s.spacingFactor ?? 1) * intervalMs;
  const client = s.client ?? clientFor(draw, spacingMs, s.burstShare ?? 0);
  const keys = s.keys ?? 1;
  const ownPerMinute = (60_000 / Math.max(1, spacingMs)) * keys;
  const limitHeaders = s.limitHeaders ?? 'keap';
  const limits =
    s.limits ??
    (limitHeaders === 'keap'
      ? keapLimits(s.rate)
      : customLimits(CUSTOM_MINUTE_LIMITS.find((limit) => limit >= 1.5 * ownPerMinute) ?? 6000));
  const background: ForeignPlan[] = s.background
    ? [
        ...(draw() < 0.6
          ? [
              {
                reach: 'product' as const,
                perSecond: drawBetween(draw, 0.1, 0.8),
                fromMs: 0,
                toMs: FOREVER_MS,
                pattern: 'poisson' as const,
              },
            ]
          : []),
        { reach: 'tenant', perSecond: drawBetween(draw, 1, 5), fromMs: 0, toMs: FOREVER_MS, pattern: 'poisson' },
      ]
    : [];
  const foreign = [...(s.foreign ?? []), ...background];
  const format: LogFormat = LOG_FORMATS[[0, 0, 0, 0, 1, 1, 2][ordinal % 7]!]!;
  const body = s.body ?? 'keap';
  const countersOnSpike429 = s.countersOnSpike429 ?? draw() < 0.5;
  const roll = draw();
  const spikeLimitHeader = s.spikeLimitHeader ?? (roll < 0.5 ? 'empty' : roll < 0.85 ? 'absent' : 'rate');
  const logging = s.logging ?? 'all';
  const wholeSecond = s.wholeSecond ?? false;
  const startMs = s.startMs ?? Date.UTC(2026, 7, 11 + drawInt(draw, 60), 8 + drawInt(draw, 8), drawInt(draw, 60));
  const factor = s.client ? null : (s.spacingFactor ?? null);
  const sparse =
    logging === 'errors-only'
      ? 'errors-only'
      : client.style === 'sessions'
        ? 'hours'
        : s.requests <= SHORT_ROWS[1]
          ? 'short'
          : 'none';
  const tags = [
    `rate:${s.rate}`,
    `N:${s.processors <= 3 ? '1-3' : s.processors <= 6 ? '4-6' : '7-10'}`,
    `rows:${s.requests <= SHORT_ROWS[1] ? 'short' : s.requests >= 1500 ? '1500' : s.requests >= 300 ? '300' : 'other'}`,
    `keys:${keys}`,
    `body:${body}`,
    `counters-on-spike-429:${countersOnSpike429 ? 'yes' : 'no'}`,
    `headers:${limitHeaders}`,
    `same-key-worker:${foreign.some((plan) => plan.reach === 'key') ? 'yes' : 'no'}`,
    `background:${background.length > 0 ? 'yes' : 'no'}`,
    `sparse:${sparse}`,
    `times:${wholeSecond ? 'whole-second' : 'ms'}`,
    `format:${format}`,
    `spacing:${factor === null ? 'plan' : factor < 0.6 ? '0.3-0.6' : factor < 1 ? '0.6-0.9' : '>1'}`,
    ...((s.burstShare ?? 0) > 0 || (client.style === 'paced' && client.spacingMs < 1000 / s.rate)
      ? ['above-nominal-client']
      : []),
    ...(s.tags ?? []),
  ];
  return {
    id,
    family,
    seed: (seed * 7919 + ordinal * 104_729) >>> 0,
    startMs,
    rate: s.rate,
    processors: s.processors,
    keys,
    requests: s.requests,
    client,
    foreign,
    limits,
    limitHeaders,
    productDayUsedAtStart: s.productDayUsedAtStart ?? 0,
    tenantDayUsedAtStart: s.tenantDayUsedAtStart ?? 0,
    body,
    countersOnSpike429,
    spikeLimitHeader,
    logging,
    wholeSecond,
    format,
    keyColumn: keys > 1 || draw() < 0.5,
    tags,
  };
}

function customLimits(perMinute: number): QuotaLimits {
  return {
    productPerMinute: perMinute,
    productPerDay: perMinute * 120,
    tenantPerMinute: Math.max(10_000, perMinute * 4),
    tenantPerDay: Math.max(250_000, perMinute * 500),
  };
}

// A sleep loop when the spacing leaves room for a response; a paced queue (several in flight) when it does not.
function clientFor(draw: Draw, spacingMs: number, burstShare: number): ClientPlan {
  if (spacingMs >= 150) {
    const latencyMs = Math.min(250, spacingMs * drawBetween(draw, 0.15, 0.5));
    return { style: 'sequential', sleepMs: Math.max(0, spacingMs - latencyMs), latencyMs, burstShare };
  }
  return { style: 'paced', spacingMs, jitter: drawBetween(draw, 0.1, 0.3), burstShare };
}

/** Every scenario, generated. */
export function generateScenarios(seed = 9): Scenario[] {
  return scenarioSpecs(seed).map((spec) => runScenario(spec));
}
