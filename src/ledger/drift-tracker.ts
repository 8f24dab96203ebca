// Turns a stream of (server used − own count) readings for one bucket into a smoothed estimate of
// other consumers' traffic and into "server ahead" episodes, tolerating Apigee's counter jitter.
import type { Confidence, DriftBasis, ForeignEstimate } from './ledger-types.js';
import { MedianSmoother } from './median-smoother.js';
import { DAY_MS, MINUTE_MS, iso, windowStart } from './time.js';

/** A confirmed run of readings above the tolerance (epoch ms times). */
export interface DriftEpisode {
  readonly start: number;
  readonly startAfter: number | null;
  readonly end: number;
  readonly maxExcess: number;
  readonly foreignRequests: number;
  readonly responses: number;
  readonly confidence: Confidence;
}

interface Run {
  start: number;
  startAfter: number | null;
  end: number;
  peak: number;
  samples: number;
  inconsistent: boolean;
  fellBack: boolean;
  // rolling: ∫ excess dt; each foreign request stays in a rolling window for exactly 60 s
  area: number;
  lastTs: number;
  lastLevel: number;
  // utc-minute: foreign per minute is the minute's largest excess
  minuteStart: number;
  minuteMax: number;
  minuteSum: number;
  // utc-day: when the cumulative excess last grew
  lastRiseTs: number;
}

interface LastReading {
  readonly ts: number;
  readonly level: number;
  readonly samples: number;
  readonly spread: number;
  readonly consistent: boolean;
}

const QUIET_MS = 60_000; // a daily excess that has not grown for a minute ends its episode
const MAX_EPISODES = 50; // per tracker; later ones are only counted

/** Smoothed other-consumer traffic and server-ahead episodes for one bucket, layer, count variant and minute model. */
export class DriftTracker {
  private readonly basis: DriftBasis;
  private readonly tolerance: number;
  private readonly smoothingMs: number;
  private readonly smoother: MedianSmoother;
  private baseline = 0;
  private run: Run | null = null;
  private prevTs: number | null = null;
  private rise: { start: number; after: number | null } | null = null;
  private last: LastReading | null = null;
  private periodStart: number | null = null;
  private periodStartIso: string | null = null; // cached: estimates quote it on every event
  private readonly stored: DriftEpisode[] = [];
  private omittedCount = 0;
  private closedTotal = 0;
  private closedCount = 0;

  constructor(basis: DriftBasis, tolerance: number, smoothingMs: number) {
    this.basis = basis;
    this.tolerance = tolerance;
    this.smoothingMs = smoothingMs;
    this.smoother = new MedianSmoother(smoothingMs);
  }

  /** Feeds one reading: `raw` = server used − own count in the basis window (utc-day: both as differences since the day's first reading). */
  sample(ts: number, raw: number, consistent: boolean): void {
    if (this.periodStart === null) {
      this.periodStart = ts;
      this.periodStartIso = iso(ts);
    }
    this.smoother.add(ts, raw);
    const level = this.smoother.median();
    // The raw series dates the start: smoothing would put it a few readings late.
    if (raw - this.baseline >= 1) this.rise ??= { start: ts, after: this.prevTs };
    else this.rise = null;
    if (this.basis === 'utc-day') this.stepCumulative(ts, level, consistent);
    else this.stepLevel(ts, level, consistent);
    this.last = { ts, level, samples: this.smoother.count, spread: this.smoother.spread(), consistent };
    this.prevTs = ts;
  }

  /** Starts a new counting period: a new UTC minute (utc-minute) or a new day / reset (utc-day). */
  restartPeriod(): void {
    this.smoother.clear();
    this.rise = null;
    this.periodStart = null;
    this.periodStartIso = null;
    if (this.basis === 'utc-day') {
      if (this.run) this.keep(this.close(this.run));
      this.run = null;
      this.baseline = 0;
      this.last = null;
    } else if (this.basis === 'utc-minute' && this.run) {
      this.run.minuteSum += this.run.minuteMax;
      this.run.minuteMax = 0;
    }
  }

  /** Other consumers' requests in the basis window at `ts`, from the latest reading. */
  estimate(ts: number): ForeignEstimate {
    const last = this.last;
    if (last === null)
      return { requests: null, basis: this.basis, confidence: 'low', reason: 'no server counter for this bucket yet' };
    if (this.basis !== 'rolling-60s') {
      const size = this.basis === 'utc-minute' ? MINUTE_MS : DAY_MS;
      if (windowStart(ts, size) !== windowStart(last.ts, size))
        return {
          requests: null,
          basis: this.basis,
          confidence: 'low',
          reason: `no server counter yet in this UTC ${this.basis === 'utc-minute' ? 'minute' : 'day'}`,
        };
    }
    const age = ts - last.ts;
    if (age > this.smoothingMs)
      return {
        requests: null,
        basis: this.basis,
        confidence: 'low',
        reason: `latest server counter is ${(age / 1000).toFixed(1)} s old`,
      };
    const requests = Math.max(0, Math.round(last.level));
    let confidence: Confidence;
    if (!last.consistent) confidence = 'low';
    else if (last.samples >= 3 && last.spread <= this.tolerance) confidence = 'high';
    else if (last.samples >= 2) confidence = 'medium';
    else confidence = 'low';
    if (age > 0 && confidence === 'high') confidence = 'medium';
    const parts = [
      `median of ${last.samples} reading${last.samples === 1 ? '' : 's'} in ${this.smoothingMs / 1000} s (spread ${last.spread})`,
    ];
    if (this.basis === 'utc-day' && this.periodStartIso !== null)
      parts.push(`counted since the day's first reading at ${this.periodStartIso}`);
    if (last.level <= -this.tolerance)
      parts.push(`server is ${Math.round(-last.level)} behind the log (lag, or requests the server did not count)`);
    if (!last.consistent) parts.push('used + available ≠ limit on the latest reading');
    if (age > 0) parts.push(`carried from the reading ${age} ms earlier`);
    return { requests, basis: this.basis, confidence, reason: parts.join('; ') };
  }

  /** Confirmed episodes so far, including a confirmed run still open (stored ones are capped at 50). */
  episodes(): {
    readonly episodes: DriftEpisode[];
    readonly omitted: number;
    readonly total: number;
    readonly count: number;
  } {
    const open = this.run ? this.close(this.run) : null;
    const episodes = [...this.stored];
    let omitted = this.omittedCount;
    if (open) {
      if (episodes.length < MAX_EPISODES) episodes.push(open);
      else omitted++;
    }
    return {
      episodes,
      omitted,
      total: this.closedTotal + (open?.foreignRequests ?? 0),
      count: this.closedCount + (open ? 1 : 0),
    };
  }

  /** Entries held (for memory checks). */
  get size(): number {
    return this.smoother.count + this.stored.length + 1;
  }

  // A new run of excess starts where the rise began (or at this reading) and after the last quiet reading.
  private openRun(ts: number, level: number, consistent: boolean, end: number, minuteStart: number, minuteMax: number) {
    return {
      start: this.rise?.start ?? ts,
      startAfter: this.rise ? this.rise.after : this.prevTs,
      end,
      peak: level,
      samples: 1,
      inconsistent: !consistent,
      fellBack: false,
      area: 0,
      lastTs: ts,
      lastLevel: level,
      minuteStart,
      minuteMax,
      minuteSum: 0,
      lastRiseTs: ts,
    };
  }

  private stepLevel(ts: number, level: number, consistent: boolean): void {
    const run = this.run;
    if (run === null) {
      if (level < 1) return;
      this.run = this.openRun(ts, level, consistent, ts, windowStart(ts, MINUTE_MS), level);
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

  private stepCumulative(ts: number, level: number, consistent: boolean): void {
    const excess = level - this.baseline;
    const run = this.run;
    if (run === null) {
      if (excess < 1) return;
      this.run = this.openRun(ts, level, consistent, this.smoother.earliestAtLeast(level) ?? ts, 0, 0);
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

  private close(run: Run): DriftEpisode | null {
    const reference = this.basis === 'utc-day' ? this.baseline : 0;
    const maxExcess = run.peak - reference;
    if (maxExcess <= this.tolerance) return null;
    let foreign: number;
    if (this.basis === 'rolling-60s') foreign = run.area / MINUTE_MS;
    else if (this.basis === 'utc-minute') foreign = run.minuteSum + run.minuteMax;
    else foreign = maxExcess;
    let confidence: Confidence;
    if (run.inconsistent || run.fellBack || run.samples < 3) confidence = 'low';
    else if (maxExcess >= 2 * this.tolerance && run.samples >= 5) confidence = 'high';
    else confidence = 'medium';
    return {
      start: run.start,
      startAfter: run.startAfter,
      end: run.end,
      maxExcess: Math.round(maxExcess),
      foreignRequests: Math.round(foreign),
      responses: run.samples,
      confidence,
    };
  }

  private keep(episode: DriftEpisode | null): void {
    if (episode === null) return;
    this.closedCount++;
    this.closedTotal += episode.foreignRequests;
    if (this.stored.length < MAX_EPISODES) this.stored.push(episode);
    else this.omittedCount++;
  }
}
