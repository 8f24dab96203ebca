// Holds one bucket's minute counter against own traffic under both minute models and both count
// variants, so the report can pick whichever the data supports without a second pass.
import { LevelDriftTracker } from './level-drift-tracker.js';
import type { CountVariant, MinuteModel } from './ledger-types.js';
import type { ForeignEstimate } from './ledger-point.js';
import type { MinuteBehaviourDetector } from './minute-behaviour.js';
import { MINUTE_MS, windowStart } from './time.js';

/** Own requests in the rolling 60 s and in the current UTC minute. */
export interface MinuteOwn {
  readonly rolling: number;
  readonly fixed: number;
}

/** Whether the log reaches back far enough for each model's own count to be complete. */
export interface MinuteCoverage {
  readonly rolling: boolean;
  readonly fixed: boolean;
}

const VARIANTS: readonly CountVariant[] = ['all', 'excluding-429'];

// Asked for on every event while the log is young: made once.
const TOO_SHORT_ROLLING: ForeignEstimate = {
  requests: null,
  basis: 'rolling-60s',
  confidence: 'low',
  code: 'LOG_TOO_SHORT',
  ifOtherCounting: null,
};
const TOO_SHORT_FIXED: ForeignEstimate = { ...TOO_SHORT_ROLLING, basis: 'utc-minute' };

/** One bucket's minute-layer comparison with the server. */
export class MinuteComparison {
  readonly trackers: Record<CountVariant, Record<MinuteModel, LevelDriftTracker>>;
  private minute: number | null = null;
  snapshots = 0;
  maxUsed: number | null = null;
  lastUsed: number | null = null;

  constructor(tolerance: number, smoothingMs: number) {
    const pair = () => ({
      'rolling-60s': new LevelDriftTracker('rolling-60s', tolerance, smoothingMs),
      'utc-minute': new LevelDriftTracker('utc-minute', tolerance, smoothingMs),
    });
    this.trackers = { all: pair(), 'excluding-429': pair() };
  }

  /** Compares one response's minute `used` with own counts under every variant and model. */
  observe(
    ts: number,
    used: number,
    own: Readonly<Record<CountVariant, MinuteOwn>>,
    coverage: MinuteCoverage,
    consistent: boolean,
    detector: MinuteBehaviourDetector,
  ): void {
    const all = own.all;
    const excluding = own['excluding-429'];
    this.observeCounts(
      ts,
      used,
      all.rolling,
      all.fixed,
      excluding.rolling,
      excluding.fixed,
      coverage,
      consistent,
      detector,
    );
  }

  /** {@link observe} with the own counts (all requests; all but 429s) as arguments. */
  observeCounts(
    ts: number,
    used: number,
    allRolling: number,
    allFixed: number,
    excludingRolling: number,
    excludingFixed: number,
    coverage: MinuteCoverage,
    consistent: boolean,
    detector: MinuteBehaviourDetector,
  ): void {
    this.snapshots++;
    this.lastUsed = used;
    this.maxUsed = this.maxUsed === null ? used : Math.max(this.maxUsed, used);
    const minute = windowStart(ts, MINUTE_MS);
    const all = this.trackers.all;
    const excluding = this.trackers['excluding-429'];
    if (minute !== this.minute) {
      all['utc-minute'].restartPeriod();
      excluding['utc-minute'].restartPeriod();
      this.minute = minute;
    }
    if (coverage.rolling) all['rolling-60s'].sample(ts, used - allRolling, consistent);
    if (coverage.fixed) all['utc-minute'].sample(ts, used - allFixed, consistent);
    if (coverage.rolling && coverage.fixed) detector.add('all', used, allRolling, allFixed);
    if (coverage.rolling) excluding['rolling-60s'].sample(ts, used - excludingRolling, consistent);
    if (coverage.fixed) excluding['utc-minute'].sample(ts, used - excludingFixed, consistent);
    if (coverage.rolling && coverage.fixed) detector.add('excluding-429', used, excludingRolling, excludingFixed);
  }

  /** Other consumers in the minute window at `ts` under one variant and model. */
  estimate(ts: number, variant: CountVariant, model: MinuteModel, coverage: MinuteCoverage): ForeignEstimate {
    const covered = model === 'rolling-60s' ? coverage.rolling : coverage.fixed;
    if (!covered) return model === 'rolling-60s' ? TOO_SHORT_ROLLING : TOO_SHORT_FIXED;
    return this.trackers[variant][model].estimate(ts);
  }

  /** Entries held (for memory checks). */
  get size(): number {
    let total = 1;
    for (const variant of VARIANTS)
      total += this.trackers[variant]['rolling-60s'].size + this.trackers[variant]['utc-minute'].size;
    return total;
  }
}
