// An independent model of Keap's gateway, the judge of the labelled scenarios. It must not import src/:
// a scorer that shared the analyser's model would only measure the model against itself.
import { createDraw, drawInt, type Draw } from './prng.js';

/** The limit layers, in the order the gateway applies them. */
export const GATEWAY_LAYERS = ['spike', 'product-minute', 'product-day', 'tenant-minute', 'tenant-day'] as const;
export type GatewayLayer = (typeof GATEWAY_LAYERS)[number];
export type QuotaLayer = Exclude<GatewayLayer, 'spike'>;

/**
 * Which buckets a request passes through: `key` = one of the client's own keys (its SpikeArrest, the
 * product bucket, the tenant), `product` = another PAT/SAK key of the tenant (product bucket, tenant),
 * `tenant` = another app on the tenant (tenant ceiling only).
 */
export type Reach = 'key' | 'product' | 'tenant';

/** One request as the gateway sees it: arrival time (ms), whose it is and which key it used. */
export interface GatewayRequest {
  readonly id: number;
  readonly t: number;
  readonly own: boolean;
  readonly reach: Reach;
  /** The key for `reach: 'key'`; null otherwise. */
  readonly key: string | null;
}

export interface QuotaLimits {
  readonly productPerMinute: number;
  readonly productPerDay: number;
  readonly tenantPerMinute: number;
  readonly tenantPerDay: number;
}

export interface GatewayConfig {
  /** SpikeArrest rate per second and message processors (UseEffectiveCount=true). */
  readonly rate: number;
  readonly processors: number;
  readonly seed: number;
  readonly limits: QuotaLimits;
  /** Used on the first request's UTC day before the log starts, by consumers outside the log. */
  readonly productDayUsedAtStart?: number;
  readonly tenantDayUsedAtStart?: number;
}

/** The rejecting quota window at the moment of rejection (true counts, not the reported ones). */
export interface WindowShare {
  readonly limit: number;
  /** Requests counted in the window: all of them, and the client's own. */
  readonly total: number;
  readonly own: number;
  /** Own requests that reached the quotas in the window (passed SpikeArrest), counted or not. */
  readonly ownDemand: number;
  /**
   * Counted before the log began and possibly the client's own keys earlier that day: the prior product-day
   * usage, and for the tenant day at most that much (the product counter bounds what the client's keys used).
   */
  readonly beforeLogMaybeOwn: number;
}

/** True counter values after a request (what a perfectly consistent server would report). */
export interface CounterState {
  readonly productMinute: number;
  readonly productDay: number;
  readonly tenantMinute: number;
  readonly tenantDay: number;
  /** Next 00:00 UTC after the request, epoch ms (the daily buckets' expiry). */
  readonly dayExpiryMs: number;
}

export interface GatewayDecision {
  readonly request: GatewayRequest;
  readonly accepted: boolean;
  /** The layer that rejected it; null when accepted. */
  readonly layer: GatewayLayer | null;
  /** Processor the request was routed to (key requests only). */
  readonly processor: number | null;
  /** For a spike rejection: that processor's last accepted request. */
  readonly blocker: GatewayRequest | null;
  /** For a quota rejection: the rejecting window. */
  readonly share: WindowShare | null;
  readonly counters: CounterState;
  /**
   * For a rejected key request while some quota was full too: the chance SpikeArrest rejected it, as one who knew every
   * processor's state but not the routing would put it (busy processors / N). Null otherwise.
   */
  readonly spikeChanceWhenQuotaFull: number | null;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * SpikeArrest with UseEffectiveCount over N processors (each a capacity-1 bucket refilled every
 * N·1000/rate ms, which with capacity 1 means "at least that long since its last accepted request"),
 * random routing from its own PRNG, then the quotas in order: product minute (rolling 60 s), product
 * day (UTC day), tenant minute (rolling 60 s), tenant day (UTC day). A request SpikeArrest rejects never
 * reaches the quotas; a request any quota rejects is counted by none of them. Requests must arrive in
 * time order.
 */
export function createGateway(config: GatewayConfig) {
  const intervalMs = (config.processors * 1000) / config.rate;
  const route: Draw = createDraw(config.seed, 'gateway-routing');
  const processorsByKey = new Map<string, (GatewayRequest | null)[]>();
  const product = createBucket();
  const tenant = createBucket();
  const ownDemandMinute = createRolling(MINUTE_MS);
  const ownDemandDay = createDayCount();
  let lastT = Number.NEGATIVE_INFINITY;
  let priorDay: number | null = null;

  const prior = (t: number, used: number | undefined) => (utcDay(t) === priorDay ? (used ?? 0) : 0);

  return {
    intervalMs,
    process(request: GatewayRequest): GatewayDecision {
      if (request.t < lastT) throw new RangeError(`request ${request.id} at ${request.t} arrives before ${lastT}`);
      lastT = request.t;
      priorDay ??= utcDay(request.t);
      const { t } = request;
      const { limits } = config;
      const productDayPrior = prior(t, config.productDayUsedAtStart);
      const tenantDayPrior = prior(t, config.tenantDayUsedAtStart);
      const checks: readonly [QuotaLayer, boolean, () => WindowShare][] = [
        [
          'product-minute',
          request.reach !== 'tenant',
          () => window(limits.productPerMinute, product.minute.count(t), product.ownMinute.count(t), false, 0),
        ],
        [
          'product-day',
          request.reach !== 'tenant',
          () =>
            window(
              limits.productPerDay,
              product.day.count(t) + productDayPrior,
              product.ownDay.count(t),
              true,
              productDayPrior,
            ),
        ],
        [
          'tenant-minute',
          true,
          () => window(limits.tenantPerMinute, tenant.minute.count(t), tenant.ownMinute.count(t), false, 0),
        ],
        [
          'tenant-day',
          true,
          () =>
            window(
              limits.tenantPerDay,
              tenant.day.count(t) + tenantDayPrior,
              tenant.ownDay.count(t),
              true,
              Math.min(tenantDayPrior, productDayPrior),
            ),
        ],
      ];
      let processor: number | null = null;
      let busy: number | null = null;
      if (request.reach === 'key') {
        const key = request.key ?? '';
        let processors = processorsByKey.get(key);
        if (!processors) {
          processors = new Array<GatewayRequest | null>(config.processors).fill(null);
          processorsByKey.set(key, processors);
        }
        busy = processors.filter((held) => held !== null && t - held.t < intervalMs).length;
        processor = drawInt(route, config.processors);
        const last = processors[processor] ?? null;
        if (last !== null && t - last.t < intervalMs) {
          return {
            request,
            accepted: false,
            layer: 'spike',
            processor,
            blocker: last,
            share: null,
            counters: state(t),
            spikeChanceWhenQuotaFull: fullQuota() ? busy / config.processors : null,
          };
        }
        processors[processor] = request;
      }
      if (request.own) {
        ownDemandMinute.add(t);
        ownDemandDay.add(t);
      }
      const full = fullQuota();
      if (full) {
        const spikeChanceWhenQuotaFull = busy === null ? null : busy / config.processors;
        return {
          request,
          accepted: false,
          ...full,
          processor,
          blocker: null,
          counters: state(t),
          spikeChanceWhenQuotaFull,
        };
      }
      if (request.reach !== 'tenant') product.count(t, request.own);
      tenant.count(t, request.own);
      return {
        request,
        accepted: true,
        layer: null,
        processor,
        blocker: null,
        share: null,
        counters: state(t),
        spikeChanceWhenQuotaFull: null,
      };

      function fullQuota(): { layer: QuotaLayer; share: WindowShare } | null {
        for (const [layer, applies, measure] of checks) {
          if (!applies) continue;
          const share = measure();
          if (share.total >= share.limit) return { layer, share };
        }
        return null;
      }

      function window(limit: number, total: number, own: number, daily: boolean, beforeLog: number): WindowShare {
        const ownDemand = daily ? ownDemandDay.count(t) : ownDemandMinute.count(t);
        return { limit, total, own, ownDemand, beforeLogMaybeOwn: beforeLog };
      }
    },
  };

  function state(t: number): CounterState {
    return {
      productMinute: product.minute.count(t),
      productDay: product.day.count(t) + prior(t, config.productDayUsedAtStart),
      tenantMinute: tenant.minute.count(t),
      tenantDay: tenant.day.count(t) + prior(t, config.tenantDayUsedAtStart),
      dayExpiryMs: (utcDay(t) + 1) * DAY_MS,
    };
  }
}

export type Gateway = ReturnType<typeof createGateway>;

/** Reported counter values, as the headers would carry them. */
export interface ReportedCounters {
  readonly productMinuteUsed: number;
  readonly productDayUsed: number;
  readonly tenantMinuteUsed: number;
  readonly tenantDayUsed: number;
}

// Apigee's counters are eventually consistent: a reading sometimes lags the truth or repeats the last one.
const LAG_SHARE = 0.12;
const REPEAT_SHARE = 0.06;
const MOST_JITTER = 3;

/** Turns true counter states into what the headers report: now and then 1–3 units behind, or the previous reading again. */
export function createCounterReporter(seed: number, limits: QuotaLimits) {
  const jitter = createDraw(seed, 'counter-jitter');
  const last = new Map<string, { value: number; day: number }>();
  const read = (name: string, truth: number, limit: number, day: number): number => {
    const previous = last.get(name);
    const roll = jitter();
    let value = truth;
    if (roll < LAG_SHARE) value = truth - 1 - drawInt(jitter, MOST_JITTER);
    else if (
      roll < LAG_SHARE + REPEAT_SHARE &&
      previous &&
      previous.day === day &&
      Math.abs(truth - previous.value) <= MOST_JITTER
    )
      value = previous.value;
    value = Math.max(0, Math.min(limit, value));
    last.set(name, { value, day });
    return value;
  };
  return {
    report(counters: CounterState): ReportedCounters {
      const day = counters.dayExpiryMs;
      return {
        productMinuteUsed: read('product-minute', counters.productMinute, limits.productPerMinute, day),
        productDayUsed: read('product-day', counters.productDay, limits.productPerDay, day),
        tenantMinuteUsed: read('tenant-minute', counters.tenantMinute, limits.tenantPerMinute, day),
        tenantDayUsed: read('tenant-day', counters.tenantDay, limits.tenantPerDay, day),
      };
    },
  };
}

function utcDay(t: number): number {
  return Math.floor(t / DAY_MS);
}

function createBucket() {
  const minute = createRolling(MINUTE_MS);
  const ownMinute = createRolling(MINUTE_MS);
  const day = createDayCount();
  const ownDay = createDayCount();
  return {
    minute,
    ownMinute,
    day,
    ownDay,
    count(t: number, own: boolean): void {
      minute.add(t);
      day.add(t);
      if (own) {
        ownMinute.add(t);
        ownDay.add(t);
      }
    },
  };
}

// Requests in (t − window, t].
function createRolling(windowMs: number) {
  let times: number[] = [];
  let head = 0;
  return {
    add(t: number): void {
      times.push(t);
    },
    count(t: number): number {
      while (head < times.length && (times[head] as number) <= t - windowMs) head++;
      if (head > 4096 && head * 2 > times.length) {
        times = times.slice(head);
        head = 0;
      }
      return times.length - head;
    },
  };
}

// Requests since the last 00:00 UTC.
function createDayCount() {
  let day = Number.NaN;
  let count = 0;
  return {
    add(t: number): void {
      if (utcDay(t) !== day) {
        day = utcDay(t);
        count = 0;
      }
      count++;
    },
    count(t: number): number {
      return utcDay(t) === day ? count : 0;
    },
  };
}
