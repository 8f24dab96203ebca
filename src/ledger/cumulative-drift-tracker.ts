// The UTC day: others' requests only accumulate, so the excess since the day's first reading is a running total.
import { DriftTracker, type DriftRun } from './drift-tracker.js';

interface CumulativeRun extends DriftRun {
  fellBack: boolean;
  // when the cumulative excess last grew
  lastRiseTs: number;
}

const QUIET_MS = 60_000; // a daily excess that has not grown for a minute ends its episode

/** Other consumers since the day's first reading: a cumulative excess over own traffic. */
export class CumulativeDriftTracker extends DriftTracker<CumulativeRun> {
  private baseline = 0;

  constructor(tolerance: number, smoothingMs: number) {
    super('utc-day', tolerance, smoothingMs);
  }

  override restartPeriod(): void {
    super.restartPeriod();
    if (this.run) this.keep(this.close(this.run));
    this.run = null;
    this.baseline = 0;
    this.last = null;
  }

  protected step(ts: number, level: number, consistent: boolean): void {
    const excess = level - this.baseline;
    const run = this.run;
    if (run === null) {
      if (excess < 1) return;
      const { start, startAfter } = this.runStart(ts);
      const end = this.smoother.earliestAtLeast(level) ?? ts;
      this.run = {
        start,
        startAfter,
        end,
        peak: level,
        samples: 1,
        inconsistent: !consistent,
        fellBack: false,
        lastRiseTs: ts,
      };
      return;
    }
    run.samples++;
    run.inconsistent ||= !consistent;
    if (level > run.peak) {
      run.peak = level;
      run.end = this.smoother.earliestAtLeast(level) ?? ts;
      run.lastRiseTs = ts;
    }
    if (excess < 1) {
      // A cumulative count of others cannot shrink: falling back means the rise was a counter glitch.
      run.fellBack = true;
      this.keep(this.close(run));
      this.run = null;
    } else if (ts - run.lastRiseTs >= QUIET_MS && run.peak - this.baseline > this.tolerance) {
      this.keep(this.close(run));
      this.run = null;
      this.baseline = level;
    }
  }

  protected reference(): number {
    return this.baseline;
  }

  protected foreignOf(_run: CumulativeRun, maxExcess: number): number {
    return maxExcess;
  }

  protected override doubtful(run: CumulativeRun): boolean {
    return run.fellBack;
  }
}
