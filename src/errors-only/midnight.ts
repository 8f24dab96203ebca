import type { MidnightSummary } from './errors-only-report.js';

const DAY_MS = 86_400_000;
// Close enough to 00:00 UTC to be the daily reset at work, far enough to allow a client's retry loop.
export const MIDNIGHT_WINDOW_MS = 15 * 60_000;
// A year of days is plenty; a hostile file cannot grow this without bound.
const MAX_DAYS = 5000;

/** Tracks, per UTC day, when the throttled responses start and stop, to see whether they stop at 00:00 UTC. */
export function createMidnightCounter() {
  const days = new Map<number, { count: number; first: number; last: number }>();
  let nearMidnight = 0;
  let total = 0;
  return {
    observe(ts: number): void {
      total++;
      const intoDay = ((ts % DAY_MS) + DAY_MS) % DAY_MS;
      if (intoDay <= MIDNIGHT_WINDOW_MS || DAY_MS - intoDay <= MIDNIGHT_WINDOW_MS) nearMidnight++;
      const day = Math.floor(ts / DAY_MS);
      const entry = days.get(day);
      if (entry) {
        entry.count++;
        entry.first = Math.min(entry.first, ts);
        entry.last = Math.max(entry.last, ts);
      } else if (days.size < MAX_DAYS) {
        days.set(day, { count: 1, first: ts, last: ts });
      }
    },
    result(): MidnightSummary {
      let daysWithSeveral = 0;
      let daysEndingAtMidnight = 0;
      for (const [day, entry] of days) {
        if (entry.count < 2) continue;
        daysWithSeveral++;
        const midnight = (day + 1) * DAY_MS;
        const next = days.get(day + 1);
        const resumesRightAfter = next !== undefined && next.first - midnight <= MIDNIGHT_WINDOW_MS;
        if (midnight - entry.last <= MIDNIGHT_WINDOW_MS && !resumesRightAfter) daysEndingAtMidnight++;
      }
      return {
        days: days.size,
        nearMidnight,
        expectedNearMidnight: (total * 2 * MIDNIGHT_WINDOW_MS) / DAY_MS,
        daysEndingAtMidnight,
        daysWithSeveral,
        pattern: daysEndingAtMidnight > 0 && daysEndingAtMidnight * 2 >= daysWithSeveral ? 'daily-quota' : 'none',
      };
    },
  };
}
