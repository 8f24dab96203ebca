// One minute/day bucket (a tenant, a developer app, a key or the whole log): own traffic per count
// variant beside the server's readings for that bucket.
import { DayComparison } from './day-comparison.js';
import { FixedWindowTally } from './fixed-window-tally.js';
import type { CountVariant, GroupedBy } from './ledger-types.js';
import { MinuteComparison } from './minute-comparison.js';
import { RollingCount } from './rolling-count.js';
import { DAY_MS, MINUTE_MS } from './time.js';

/** Own requests of one count variant in every window the minute/day layers need. */
export interface OwnWindows {
  readonly rolling: RollingCount;
  readonly minute: FixedWindowTally;
  readonly day: FixedWindowTally;
  total: number;
}

/** Own counts at one time for one variant. */
export interface OwnSnapshot {
  readonly rolling: number;
  readonly fixed: number;
  readonly day: number;
  readonly total: number;
}

const MAX_KEYS_LISTED = 20;

function bookInto(own: OwnWindows, ts: number, counted: boolean): void {
  if (counted) {
    own.rolling.add(ts);
    own.minute.add(ts);
    own.day.add(ts);
    own.total++;
  } else {
    own.rolling.countAt(ts);
    own.minute.countAt(ts);
    own.day.countAt(ts);
  }
}

/** A minute/day counter bucket and everything the ledger knows about it. */
export class CounterBucket {
  readonly id: string;
  readonly groupedBy: GroupedBy;
  readonly own: Record<CountVariant, OwnWindows>;
  readonly minute: MinuteComparison;
  readonly day: DayComparison;
  minuteLimitHeader: number | null = null;
  dayLimitHeader: number | null = null;
  readonly keys: string[] = [];
  keysTruncated = false;
  /** Requests booked here without a tenant id of their own. */
  inferredTenant = 0;
  firstTs: number | null = null;
  lastTs: number | null = null;

  constructor(
    id: string,
    groupedBy: GroupedBy,
    dayLayer: 'product-day' | 'tenant-day',
    tolerance: number,
    smoothingMs: number,
    topWindows: number,
  ) {
    this.id = id;
    this.groupedBy = groupedBy;
    const windows = (): OwnWindows => ({
      rolling: new RollingCount(MINUTE_MS),
      minute: new FixedWindowTally(MINUTE_MS, topWindows),
      day: new FixedWindowTally(DAY_MS, topWindows),
      total: 0,
    });
    this.own = { all: windows(), 'excluding-429': windows() };
    this.minute = new MinuteComparison(tolerance, smoothingMs);
    this.day = new DayComparison(dayLayer, id, tolerance, smoothingMs);
  }

  /** Books one request at `ts` into the variants it counts for, and advances the others' windows. */
  book(ts: number, counts: Readonly<Record<CountVariant, boolean>>, keyId: string | null): void {
    this.bookCounted(ts, counts.all, counts['excluding-429'], keyId);
  }

  /** {@link book} with the two variants' answers as arguments. */
  bookCounted(ts: number, all: boolean, excluding429: boolean, keyId: string | null): void {
    this.firstTs ??= ts;
    this.lastTs = ts;
    if (keyId !== null && keyId !== this.lastKey && !this.keys.includes(keyId)) {
      if (this.keys.length < MAX_KEYS_LISTED) this.keys.push(keyId);
      else this.keysTruncated = true;
    }
    this.lastKey = keyId;
    bookInto(this.own.all, ts, all);
    bookInto(this.own['excluding-429'], ts, excluding429);
  }

  private lastKey: string | null = null;

  /** Own counts of one variant at `ts` (call after book for the same ts). */
  ownAt(ts: number, variant: CountVariant): OwnSnapshot {
    const own = this.own[variant];
    return {
      rolling: own.rolling.countAt(ts),
      fixed: own.minute.countAt(ts),
      day: own.day.countAt(ts),
      total: own.total,
    };
  }

  /** Entries held (for memory checks): rolling timestamps separately from the rest. */
  size(): { readonly timestamps: number; readonly other: number } {
    const timestamps = this.own.all.rolling.size + this.own['excluding-429'].rolling.size;
    const windows =
      this.own.all.minute.size +
      this.own.all.day.size +
      this.own['excluding-429'].minute.size +
      this.own['excluding-429'].day.size;
    return { timestamps, other: windows + this.minute.size + this.day.size + this.keys.length };
  }
}
