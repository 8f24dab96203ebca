// How the scenarios' clients send: the logged client's own keys, and the traffic nobody logged.
import { createDraw, drawBetween, drawExponential, drawInt, type Draw } from './prng.js';

/** How one own key sends its requests. */
export type ClientPlan =
  /** A loop of request, wait for the response, sleep: the gap is latency + sleep. */
  | {
      readonly style: 'sequential';
      readonly sleepMs: number;
      /** Median latency of a successful response; 429s come back in 20–60 ms. */
      readonly latencyMs: number;
      /** Share of sends that are a burst of 2–3 parallel requests (above the nominal rate). */
      readonly burstShare: number;
    }
  /** A timer or queue that fires every `spacingMs` ± jitter, whatever the responses. */
  | { readonly style: 'paced'; readonly spacingMs: number; readonly jitter: number; readonly burstShare: number }
  /** A job that runs a few requests `spacingMs` apart, then sleeps for hours. */
  | {
      readonly style: 'sessions';
      readonly perSession: number;
      readonly spacingMs: number;
      readonly gapHours: readonly [number, number];
    };

/** One request a client puts on the wire: when it left, and when the gateway saw it. */
export interface Send {
  readonly sendMs: number;
  readonly arrivalMs: number;
}

// One-way delay from the client to the gateway: the log holds the send time, the gateway judges the arrival.
export const UPLINK_MS: readonly [number, number] = [5, 30];
// Parallel requests of one burst leave this close together.
const BURST_SPREAD_MS: readonly [number, number] = [2, 20];

/** A client that, given the outcome of its last batch, says what it sends next (or null when done). */
export interface Client {
  /** The first batch. */
  start(startMs: number): Send[];
  /** The next batch after the last request of the previous one; `throttled` is that request's outcome. */
  next(lastSendMs: number, throttled: boolean): Send[] | null;
}

/** A client following `plan` for `requests` sends, with its own random stream. */
export function createClient(plan: ClientPlan, requests: number, seed: number, name: string): Client {
  const draw = createDraw(seed, `client-${name}`);
  let sent = 0;
  const arrive = (sendMs: number): Send => ({ sendMs, arrivalMs: sendMs + drawBetween(draw, ...UPLINK_MS) });
  const batchFrom = (firstMs: number, burstShare: number): Send[] => {
    const size = draw() < burstShare ? 2 + drawInt(draw, 2) : 1;
    const batch: Send[] = [];
    let t = firstMs;
    for (let i = 0; i < size && sent < requests; i++) {
      batch.push(arrive(Math.round(t)));
      sent++;
      t += drawBetween(draw, ...BURST_SPREAD_MS);
    }
    return batch;
  };
  return {
    start(startMs) {
      return batchFrom(startMs, plan.style === 'sessions' ? 0 : plan.burstShare);
    },
    next(lastSendMs, throttled) {
      if (sent >= requests) return null;
      switch (plan.style) {
        case 'sequential': {
          const latency = throttled ? drawBetween(draw, 20, 60) : responseLatency(draw, plan.latencyMs);
          // Timers overshoot by a few ms.
          return batchFrom(lastSendMs + latency + plan.sleepMs + drawBetween(draw, 0, 4), plan.burstShare);
        }
        case 'paced':
          return batchFrom(lastSendMs + plan.spacingMs * (1 + plan.jitter * (2 * draw() - 1)), plan.burstShare);
        case 'sessions': {
          const newSession = sent % plan.perSession === 0;
          const gap = newSession
            ? drawBetween(draw, plan.gapHours[0], plan.gapHours[1]) * 3_600_000
            : plan.spacingMs * (0.8 + 0.4 * draw());
          return batchFrom(lastSendMs + gap, 0);
        }
      }
    },
  };
}

// Mostly near the median, a slow tail now and then (a database write, a cold cache).
function responseLatency(draw: Draw, medianMs: number): number {
  const base = medianMs * (0.7 + 0.6 * draw());
  return draw() < 0.05 ? base * drawBetween(draw, 2, 3) : base;
}

/** Unlogged traffic: arrival times from `fromMs` to `toMs`. */
export interface ForeignPlan {
  readonly reach: 'key' | 'product' | 'tenant';
  readonly perSecond: number;
  /** Relative to the log's start. */
  readonly fromMs: number;
  readonly toMs: number;
  /** `steady`: a worker looping with jitter; `poisson`: many independent callers. */
  readonly pattern: 'steady' | 'poisson';
}

/** An endless stream of arrival times for `plan` (Infinity once it has ended). */
export function createForeignStream(plan: ForeignPlan, startMs: number, seed: number, name: string): () => number {
  const draw = createDraw(seed, `foreign-${name}`);
  const meanGap = 1000 / plan.perSecond;
  let t = startMs + plan.fromMs;
  return () => {
    t += plan.pattern === 'poisson' ? drawExponential(draw, meanGap) : meanGap * (0.6 + 0.8 * draw());
    return t <= startMs + plan.toMs ? Math.round(t * 10) / 10 : Number.POSITIVE_INFINITY;
  };
}
