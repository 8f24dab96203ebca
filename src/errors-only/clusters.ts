import type { ClusterSummary } from './errors-only-report.js';
import type { ZoneSpec } from '../normalise/time-zone.js';
import { localClock } from './local-clock.js';

// 429s closer than this belong to one burst: a client loop or a retry storm, not a chance meeting.
export const BURST_WINDOW_MS = 10_000;
const HOUR_MS = 3_600_000;

/** Counts throttled responses per hour and weekday and groups them into bursts; times must arrive in order. */
export function createClusterCounter(zone: ZoneSpec | null) {
  const byHourUtc = new Array<number>(24).fill(0);
  const byWeekdayUtc = new Array<number>(7).fill(0);
  const localHour = new Array<number>(24).fill(0);
  const localWeekday = new Array<number>(7).fill(0);
  const gaps = { underSecond: 0, underMinute: 0, underHour: 0, hourOrMore: 0 };
  let previous: number | null = null;
  let run = 0;
  let bursts = 0;
  let largestBurst = 0;
  let isolated = 0;
  let minGapMs: number | null = null;
  const closeRun = () => {
    if (run === 1) isolated++;
    if (run >= 2) {
      bursts++;
      largestBurst = Math.max(largestBurst, run);
    }
  };
  return {
    observe(ts: number): void {
      const date = new Date(ts);
      byHourUtc[date.getUTCHours()]!++;
      byWeekdayUtc[date.getUTCDay()]!++;
      if (zone) {
        const local = localClock(ts, zone);
        localHour[local.hour]!++;
        localWeekday[local.weekday]!++;
      }
      if (previous !== null) {
        const gap = ts - previous;
        minGapMs = minGapMs === null ? gap : Math.min(minGapMs, gap);
        if (gap < 1000) gaps.underSecond++;
        else if (gap < 60_000) gaps.underMinute++;
        else if (gap < HOUR_MS) gaps.underHour++;
        else gaps.hourOrMore++;
        if (gap <= BURST_WINDOW_MS) run++;
        else {
          closeRun();
          run = 1;
        }
      } else {
        run = 1;
      }
      previous = ts;
    },
    result(): ClusterSummary {
      closeRun();
      run = 0;
      return {
        byHourUtc,
        byWeekdayUtc,
        local: zone ? { zone: zone.name, byHour: localHour, byWeekday: localWeekday } : null,
        burstWindowMs: BURST_WINDOW_MS,
        bursts,
        largestBurst,
        isolated,
        minGapMs,
        gaps,
      };
    },
  };
}
