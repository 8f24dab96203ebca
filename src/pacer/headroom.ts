import { leftOf, limitsOf } from '../attribute/counters-left.js';
import { isDayLayer, type CounterLayer } from '../ledger/index.js';
import type { Counters } from '../types.js';

// The minute and day buckets every key of a tenant shares, as Keap's headers report them: the
// latest reading, corrected by the requests sent since, decides how soon the next request may go.
// Below the reserve a bucket is paced to last (the minute at its sustained rate, the day over the
// hours left); empty, it waits until its window frees.

/** When the next request of the bucket may go, and which window holds it back. */
export interface BucketGate {
  readonly dueMs: number;
  readonly layer: CounterLayer | null;
  /** For a day window that is empty: when it resets (epoch ms). */
  readonly resetMs: number | null;
}

/** One bucket's state (all keys of a tenant). */
export interface HeadroomBucket {
  readonly id: string;
  recordSend(sentMs: number): void;
  /** Counters of the answer to a request sent at sentMs. */
  recordReading(counters: Counters, sentMs: number): void;
  /** A throttled answer of this layer: nobody of the bucket sends before untilMs. */
  block(layer: CounterLayer, untilMs: number, resetMs: number | null): void;
  gate(nowMs: number): BucketGate;
  /** When the oldest own request of the minute window is a minute old (now + 1 min when none is). */
  minuteFreesAtMs(nowMs: number): number;
  /** When a day layer resets: `x-keap-product-quota-expiry-time` when sent, else the next 00:00 UTC. */
  dayResetMs(layer: 'product-day' | 'tenant-day', nowMs: number): number;
}

interface Reading {
  readonly limit: number | null;
  readonly available: number;
  readonly sentMs: number;
  readonly expiryMs: number | null;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Sends are remembered long enough to correct a reading up to a minute old across a whole window.
const MEMORY_MS = 2 * MINUTE_MS;

/** A bucket with no reading yet; `reserveShare` of a limit left starts the pacing (0: only when empty). */
export function createHeadroomBucket(id: string, reserveShare: number): HeadroomBucket {
  const sends: number[] = [];
  let lastSendMs = Number.NEGATIVE_INFINITY;
  const readings = new Map<CounterLayer, Reading>();
  const blocks = new Map<CounterLayer, { untilMs: number; resetMs: number | null }>();

  const countBetween = (fromExclusive: number, toInclusive: number): number => {
    let n = 0;
    for (const t of sends) if (t > fromExclusive && t <= toInclusive) n++;
    return n;
  };

  const reserve = (limit: number | null): number =>
    limit === null || reserveShare <= 0 ? 0 : Math.max(1, Math.ceil(limit * reserveShare));

  const oldestInMinute = (nowMs: number): number | null => sends.find((t) => t > nowMs - MINUTE_MS) ?? null;

  const minuteGate = (layer: CounterLayer, reading: Reading, nowMs: number): BucketGate | null => {
    if (nowMs - reading.sentMs >= MINUTE_MS) return null;
    // Own requests that left the window since the reading give room back; those sent since take it.
    const agedOut = countBetween(reading.sentMs - MINUTE_MS, Math.min(reading.sentMs, nowMs - MINUTE_MS));
    const newer = countBetween(Math.max(reading.sentMs, nowMs - MINUTE_MS), nowMs);
    const left = reading.available + agedOut - newer;
    if (left <= 0) {
      const oldest = oldestInMinute(nowMs);
      return { dueMs: (oldest ?? reading.sentMs) + MINUTE_MS + 1, layer, resetMs: null };
    }
    if (left <= reserve(reading.limit) && reading.limit !== null)
      return { dueMs: lastSendMs + MINUTE_MS / reading.limit, layer, resetMs: null };
    return null;
  };

  const dayGate = (layer: 'product-day' | 'tenant-day', reading: Reading, nowMs: number): BucketGate | null => {
    const resetMs = reading.expiryMs ?? nextUtcMidnight(reading.sentMs);
    if (nowMs >= resetMs) return null;
    const left = reading.available - countBetween(reading.sentMs, nowMs);
    if (left <= 0) return { dueMs: resetMs, layer, resetMs };
    if (left <= reserve(reading.limit)) return { dueMs: lastSendMs + (resetMs - nowMs) / left, layer, resetMs: null };
    return null;
  };

  return {
    id,
    recordSend(sentMs) {
      lastSendMs = Math.max(lastSendMs, sentMs);
      sends.push(sentMs);
      while (sends.length > 0 && (sends[0] as number) < sentMs - MEMORY_MS) sends.shift();
    },
    recordReading(counters, sentMs) {
      const left = leftOf(counters);
      const limits = limitsOf(counters);
      for (const layer of Object.keys(left) as CounterLayer[]) {
        const available = left[layer];
        const known = readings.get(layer);
        if (available === null || (known && known.sentMs > sentMs)) continue;
        const expiryMs = layer === 'product-day' ? (counters.productQuota?.expiryMs ?? null) : null;
        readings.set(layer, { limit: limits[layer], available, sentMs, expiryMs });
      }
    },
    block(layer, untilMs, resetMs) {
      const known = blocks.get(layer);
      if (!known || known.untilMs < untilMs) blocks.set(layer, { untilMs, resetMs });
    },
    gate(nowMs) {
      let gate: BucketGate = { dueMs: Number.NEGATIVE_INFINITY, layer: null, resetMs: null };
      const consider = (candidate: BucketGate | null): void => {
        if (candidate && candidate.dueMs > gate.dueMs) gate = candidate;
      };
      for (const [layer, block] of blocks) {
        if (block.untilMs <= nowMs) blocks.delete(layer);
        else consider({ dueMs: block.untilMs, layer, resetMs: block.resetMs });
      }
      for (const [layer, reading] of readings) {
        if (isDayLayer(layer)) consider(dayGate(layer, reading, nowMs));
        else consider(minuteGate(layer, reading, nowMs));
      }
      return gate;
    },
    minuteFreesAtMs(nowMs) {
      const oldest = oldestInMinute(nowMs);
      return (oldest ?? nowMs) + MINUTE_MS + 1;
    },
    dayResetMs(layer, nowMs) {
      const reading = readings.get(layer);
      const expiry = layer === 'product-day' ? (reading?.expiryMs ?? null) : null;
      return expiry !== null && expiry > nowMs ? expiry : nextUtcMidnight(nowMs);
    },
  };
}

// Keap's daily buckets are UTC days (domain §2): the reset is the next 00:00 UTC.
function nextUtcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
}
