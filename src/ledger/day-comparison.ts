// Logs start mid-day, so the day's absolute `used` cannot be matched; differences between two
// readings in the same UTC day can: Δused − own requests between them = other consumers' requests.
import { CumulativeDriftTracker } from './cumulative-drift-tracker.js';
import type { CountVariant } from './ledger-types.js';
import type { DailyReset } from './ledger-report-types.js';
import type { ForeignEstimate } from './ledger-point.js';
import type { CounterInterval } from './rejected-count-detector.js';
import { DAY_MS, windowStart } from './time.js';

/** One response's daily counter: used, and the bucket's expiry when the header carries it (epoch ms). */
export interface DayReading {
  readonly used: number;
  readonly expiryMs: number | null;
}

/** What one reading changed: a reset found, or an interval for the rejected-count detector. */
export interface DayObservation {
  readonly reset: DailyReset | null;
  readonly interval: CounterInterval | null;
}

interface Reading {
  readonly ts: number;
  readonly used: number;
  readonly expiryMs: number | null;
  readonly ownAll: number;
  readonly ownExcluding429: number;
}

/** One bucket's day-layer comparison with the server, with reset detection. */
export class DayComparison {
  readonly trackers: Record<CountVariant, CumulativeDriftTracker>;
  private prev: Reading | null = null;
  private anchor: Reading | null = null;
  private readonly layer: 'product-day' | 'tenant-day';
  private readonly bucket: string;
  private readonly tolerance: number;
  snapshots = 0;
  maxUsed: number | null = null;
  lastUsed: number | null = null;

  constructor(layer: 'product-day' | 'tenant-day', bucket: string, tolerance: number, smoothingMs: number) {
    this.layer = layer;
    this.bucket = bucket;
    this.tolerance = tolerance;
    this.trackers = {
      all: new CumulativeDriftTracker(tolerance, smoothingMs),
      'excluding-429': new CumulativeDriftTracker(tolerance, smoothingMs),
    };
  }

  /** Compares one reading with own cumulative counts (requests since the log began, per variant). */
  observe(
    ts: number,
    reading: DayReading,
    ownTotal: Readonly<Record<CountVariant, number>>,
    consistent: boolean,
  ): DayObservation {
    let interval: CounterInterval | null = null;
    const reset = this.observeCounts(
      ts,
      reading.used,
      reading.expiryMs,
      ownTotal.all,
      ownTotal['excluding-429'],
      consistent,
      (deltaUsed, ownAll, ownExcluding429, durationMs) => {
        interval = { deltaUsed, ownAll, ownExcluding429, durationMs };
      },
    );
    return { reset, interval };
  }

  /** {@link observe} with numbers as arguments: the interval (if any) goes to `onInterval`, the reset is returned. */
  observeCounts(
    ts: number,
    used: number,
    expiryMs: number | null,
    ownAll: number,
    ownExcluding429: number,
    consistent: boolean,
    onInterval: (deltaUsed: number, ownAll: number, ownExcluding429: number, durationMs: number) => void,
  ): DailyReset | null {
    this.snapshots++;
    this.lastUsed = used;
    this.maxUsed = this.maxUsed === null ? used : Math.max(this.maxUsed, used);
    const current: Reading = { ts, used, expiryMs, ownAll, ownExcluding429 };
    let reset: DailyReset | null = null;
    const prev = this.prev;
    if (prev !== null) {
      reset = this.findReset(prev, current);
      const dayChanged = windowStart(ts, DAY_MS) !== windowStart(prev.ts, DAY_MS);
      if (reset !== null || dayChanged) {
        this.trackers.all.restartPeriod();
        this.trackers['excluding-429'].restartPeriod();
        this.anchor = null;
      } else {
        onInterval(
          current.used - prev.used,
          ownAll - prev.ownAll,
          ownExcluding429 - prev.ownExcluding429,
          ts - prev.ts,
        );
      }
    }
    this.anchor ??= current;
    const anchor = this.anchor;
    this.trackers.all.sample(ts, current.used - anchor.used - (ownAll - anchor.ownAll), consistent);
    this.trackers['excluding-429'].sample(
      ts,
      current.used - anchor.used - (ownExcluding429 - anchor.ownExcluding429),
      consistent,
    );
    this.prev = current;
    return reset;
  }

  /** Other consumers since the day's first reading, under one variant. */
  estimate(ts: number, variant: CountVariant): ForeignEstimate {
    return this.trackers[variant].estimate(ts);
  }

  /** Entries held (for memory checks). */
  get size(): number {
    return 2 + this.trackers.all.size + this.trackers['excluding-429'].size;
  }

  private findReset(prev: Reading, current: Reading): DailyReset | null {
    // expiry-time is the next UTC midnight; it moves forward exactly when the bucket resets.
    const expiryMoved = prev.expiryMs !== null && current.expiryMs !== null && current.expiryMs > prev.expiryMs;
    const dropped = current.used < prev.used - this.tolerance && current.used <= prev.used / 2;
    if (!expiryMoved && !dropped) return null;
    const midnight = windowStart(current.ts, DAY_MS);
    let at: number;
    if (expiryMoved && prev.expiryMs !== null && prev.expiryMs <= current.ts) at = prev.expiryMs;
    else if (midnight > prev.ts) at = midnight;
    else at = current.ts;
    const evidence: ('expiry-time' | 'used-drop')[] = [];
    if (expiryMoved) evidence.push('expiry-time');
    if (dropped) evidence.push('used-drop');
    return {
      layer: this.layer,
      bucket: this.bucket,
      at,
      detectedAt: current.ts,
      atMidnight: at % DAY_MS === 0,
      evidence,
      usedBefore: prev.used,
      usedAfter: current.used,
      expiryBefore: prev.expiryMs,
      expiryAfter: current.expiryMs,
    };
  }
}
