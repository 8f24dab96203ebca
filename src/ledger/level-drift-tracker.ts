// Minute windows: the excess is a level that rises and falls as others' requests enter and leave the window.
import { DriftTracker, type DriftRun } from './drift-tracker.js';
import { MINUTE_MS } from './time.js';

interface LevelRun extends DriftRun {
  // rolling: ∫ excess dt; each foreign request stays in a rolling window for exactly 60 s
  area: number;
  lastTs: number;
  lastLevel: number;
  // utc-minute: foreign per minute is the minute's largest excess
  minuteMax: number;
  minuteSum: number;
}

/** Other consumers in a rolling 60 s or a UTC minute: a level of excess over own traffic. */
export class LevelDriftTracker extends DriftTracker<LevelRun> {
  constructor(basis: 'rolling-60s' | 'utc-minute', tolerance: number, smoothingMs: number) {
    super(basis, tolerance, smoothingMs);
  }

  override restartPeriod(): void {
    super.restartPeriod();
    if (this.basis === 'utc-minute' && this.run) {
      this.run.minuteSum += this.run.minuteMax;
      this.run.minuteMax = 0;
    }
  }

  protected step(ts: number, level: number, consistent: boolean): void {
    const run = this.run;
    if (run === null) {
      if (level < 1) return;
      const { start, startAfter } = this.runStart(ts);
      this.run = {
        start,
        startAfter,
        end: ts,
        peak: level,
        samples: 1,
        inconsistent: !consistent,
        area: 0,
        lastTs: ts,
        lastLevel: level,
        minuteMax: level,
        minuteSum: 0,
      };
      return;
    }
    const clipped = Math.max(0, level);
    run.area += ((run.lastLevel + clipped) / 2) * (ts - run.lastTs);
    run.lastTs = ts;
    run.lastLevel = clipped;
    if (level < 1) {
      this.keep(this.close(run));
      this.run = null;
      return;
    }
    run.samples++;
    run.end = ts;
    run.peak = Math.max(run.peak, level);
    run.inconsistent ||= !consistent;
    run.minuteMax = Math.max(run.minuteMax, level);
  }

  protected reference(): number {
    return 0;
  }

  protected foreignOf(run: LevelRun): number {
    return this.basis === 'rolling-60s' ? run.area / MINUTE_MS : run.minuteSum + run.minuteMax;
  }
}
