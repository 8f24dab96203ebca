// Turns a stream of (server used − own count) readings for one bucket into a smoothed estimate of
// other consumers' traffic and into "server ahead" episodes, tolerating Apigee's counter jitter.
// Two strategies share this base: a level of excess (minute windows) and a cumulative excess (the day).
import type { Confidence } from '../types.js';
import type { ForeignEstimate } from './ledger-point.js';
import type { DriftBasis } from './ledger-types.js';
import { MedianSmoother } from './median-smoother.js';
import { DAY_MS, MINUTE_MS, windowStart } from './time.js';

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

/** What every run of excess records, whatever the strategy. */
export interface DriftRun {
  readonly start: number;
  readonly startAfter: number | null;
  end: number;
  peak: number;
  samples: number;
  inconsistent: boolean;
}

interface LastReading {
  ts: number;
  level: number;
  samples: number;
  spread: number;
  consistent: boolean;
}

const MAX_EPISODES = 50; // per tracker; later ones are only counted

/** Smoothing, estimates and episode bookkeeping shared by the level and cumulative strategies. */
export abstract class DriftTracker<R extends DriftRun> {
  readonly basis: DriftBasis;
  protected readonly tolerance: number;
  protected readonly smoother: MedianSmoother;
  protected run: R | null = null;
  protected prevTs: number | null = null;
  protected last: LastReading | null = null;
  // One record, rewritten by every reading (readings come for nearly every event).
  private readonly reading: LastReading = { ts: 0, level: 0, samples: 0, spread: 0, consistent: true };
  private readonly smoothingMs: number;
  private rise: { start: number; after: number | null } | null = null;
  private readonly stored: DriftEpisode[] = [];
  private omittedCount = 0;
  private closedTotal = 0;
  private closedCount = 0;
  // Estimates are asked for on every event and mostly repeat: the unknowns are made once, the last smoothed one kept.
  private readonly unknowns: Readonly<Record<'NO_READING' | 'NO_READING_IN_WINDOW' | 'READING_STALE', ForeignEstimate>>;
  private lastEstimate: ForeignEstimate | null = null;

  constructor(basis: DriftBasis, tolerance: number, smoothingMs: number) {
    this.basis = basis;
    this.tolerance = tolerance;
    this.smoothingMs = smoothingMs;
    this.smoother = new MedianSmoother(smoothingMs);
    const unknown = (code: ForeignEstimate['code']): ForeignEstimate => ({
      requests: null,
      basis,
      confidence: 'low',
      code,
      ifOtherCounting: null,
    });
    this.unknowns = {
      NO_READING: unknown('NO_READING'),
      NO_READING_IN_WINDOW: unknown('NO_READING_IN_WINDOW'),
      READING_STALE: unknown('READING_STALE'),
    };
  }

  /** Feeds one reading: `raw` = server used − own count in the basis window (utc-day: both as differences since the day's first reading). */
  sample(ts: number, raw: number, consistent: boolean): void {
    this.smoother.add(ts, raw);
    const level = this.smoother.median();
    // The raw series dates the start: smoothing would put it a few readings late.
    if (raw - this.reference() >= 1) this.rise ??= { start: ts, after: this.prevTs };
    else this.rise = null;
    this.step(ts, level, consistent);
    const reading = this.reading;
    reading.ts = ts;
    reading.level = level;
    reading.samples = this.smoother.count;
    reading.spread = this.smoother.spread();
    reading.consistent = consistent;
    this.last = reading;
    this.prevTs = ts;
  }

  /** Starts a new counting period: a new UTC minute (utc-minute) or a new day / reset (utc-day). */
  restartPeriod(): void {
    this.smoother.clear();
    this.rise = null;
  }

  /** Other consumers' requests in the basis window at `ts`, from the latest reading. */
  estimate(ts: number): ForeignEstimate {
    const last = this.last;
    if (last === null) return this.unknowns.NO_READING;
    if (this.basis !== 'rolling-60s') {
      const size = this.basis === 'utc-minute' ? MINUTE_MS : DAY_MS;
      if (windowStart(ts, size) !== windowStart(last.ts, size)) return this.unknowns.NO_READING_IN_WINDOW;
    }
    const age = ts - last.ts;
    if (age > this.smoothingMs) return this.unknowns.READING_STALE;
    let confidence: Confidence;
    if (!last.consistent) confidence = 'low';
    else if (last.samples >= 3 && last.spread <= this.tolerance) confidence = 'high';
    else if (last.samples >= 2) confidence = 'medium';
    else confidence = 'low';
    if (age > 0 && confidence === 'high') confidence = 'medium';
    const requests = Math.max(0, Math.round(last.level));
    const previous = this.lastEstimate;
    if (previous !== null && previous.requests === requests && previous.confidence === confidence) return previous;
    this.lastEstimate = { requests, basis: this.basis, confidence, code: 'SMOOTHED', ifOtherCounting: null };
    return this.lastEstimate;
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

  /** Advances the strategy's run with one smoothed level. */
  protected abstract step(ts: number, level: number, consistent: boolean): void;

  /** The level an excess is measured from (0 for levels; the last closed total for cumulative counts). */
  protected abstract reference(): number;

  /** Other consumers' requests a finished run stands for. */
  protected abstract foreignOf(run: R, maxExcess: number): number;

  /** The start of a new run: where the raw rise began (or at this reading), after the last quiet reading. */
  protected runStart(ts: number): { readonly start: number; readonly startAfter: number | null } {
    return { start: this.rise?.start ?? ts, startAfter: this.rise ? this.rise.after : this.prevTs };
  }

  /** The episode a run stands for, or null when it never rose above the jitter tolerance. */
  protected close(run: R): DriftEpisode | null {
    const maxExcess = run.peak - this.reference();
    if (maxExcess <= this.tolerance) return null;
    let confidence: Confidence;
    if (run.inconsistent || this.doubtful(run) || run.samples < 3) confidence = 'low';
    else if (maxExcess >= 2 * this.tolerance && run.samples >= 5) confidence = 'high';
    else confidence = 'medium';
    return {
      start: run.start,
      startAfter: run.startAfter,
      end: run.end,
      maxExcess: Math.round(maxExcess),
      foreignRequests: Math.round(this.foreignOf(run, maxExcess)),
      responses: run.samples,
      confidence,
    };
  }

  /** A strategy's own reason to doubt a run (a cumulative count that fell back). */
  protected doubtful(_run: R): boolean {
    return false;
  }

  /** Stores a closed episode (the first 50) and always counts it. */
  protected keep(episode: DriftEpisode | null): void {
    if (episode === null) return;
    this.closedCount++;
    this.closedTotal += episode.foreignRequests;
    if (this.stored.length < MAX_EPISODES) this.stored.push(episode);
    else this.omittedCount++;
  }
}
