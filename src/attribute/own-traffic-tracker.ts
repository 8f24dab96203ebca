import type { RequestEvent } from '../types.js';
import type { ForeignTraffic, OwnTraffic } from './attribution-types.js';

const DAY_MS = 86_400_000;

/** Interim per-key own-traffic counts until the ledger provides them. */
export function createOwnTrafficTracker() {
  const keys = new Map<string, { times: number[]; day: number; dayCount: number; last: number | null }>();
  return {
    observe(event: RequestEvent): { own: OwnTraffic; foreign: ForeignTraffic } {
      const key = event.keyId ?? '';
      let state = keys.get(key);
      if (!state) {
        state = { times: [], day: -1, dayCount: 0, last: null };
        keys.set(key, state);
      }
      const day = Math.floor(event.ts / DAY_MS);
      if (day !== state.day) {
        state.day = day;
        state.dayCount = 0;
      }
      state.dayCount++;
      state.times.push(event.ts);
      while ((state.times[0] ?? Infinity) <= event.ts - 60_000) state.times.shift();
      const within = (ms: number) => state.times.filter((t) => t > event.ts - ms).length;
      const own: OwnTraffic = { lastSecond: within(1000), last100ms: within(100), rollingMinute: state.times.length, utcDay: state.dayCount, gapMs: state.last === null ? null : event.ts - state.last };
      state.last = event.ts;
      return { own, foreign: { productMinute: null, productDay: null, tenantMinute: null } };
    },
  };
}
