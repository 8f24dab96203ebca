// Which quota windows a key's responses last showed empty: an exhausted day stays empty until 00:00 UTC
// and a minute for up to 60 s, so a later "2 left" in the same window is a lagging reading, not room, unless
// the minute read room in between or the client's own requests aging out of it since freed that much.
import {
  COUNTER_JITTER_UNITS,
  COUNTER_LAYERS,
  isDayLayer,
  type CounterLayer,
  type LedgerPoint,
  type PerCounterLayer,
} from '../ledger/index.js';
import type { RequestEvent } from '../types.js';
import { leftIn, leftOf } from './counters-left.js';
import { ownInWindow } from './own-in-window.js';
import { NO_KEY } from './vocabulary.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface WindowState {
  emptyAt: number | null;
  roomAt: number | null;
  /** The own requests the ledger counted in the window when it was read empty. */
  ownAtEmpty: number;
}

const NONE_EMPTY: PerCounterLayer<boolean> = {
  'product-minute': false,
  'product-day': false,
  'tenant-minute': false,
  'tenant-day': false,
};

// Read empty earlier in the same window (the UTC day, or the last minute), with no room read since.
function stillEmpty(window: WindowState, day: boolean, ts: number): boolean {
  const { emptyAt, roomAt } = window;
  if (emptyAt === null || (roomAt !== null && roomAt > emptyAt)) return false;
  return day ? Math.floor(emptyAt / DAY_MS) === Math.floor(ts / DAY_MS) : ts - emptyAt <= MINUTE_MS;
}

/** Tracks, per key, when each layer was last read as empty and as having room. */
export function createEmptyWindows() {
  const byKey = new Map<string, Record<CounterLayer, WindowState>>();
  const stateOf = (key: string): Record<CounterLayer, WindowState> => {
    let state = byKey.get(key);
    if (!state) {
      state = Object.fromEntries(
        COUNTER_LAYERS.map((layer) => [layer, { emptyAt: null, roomAt: null, ownAtEmpty: 0 }]),
      ) as Record<CounterLayer, WindowState>;
      byKey.set(key, state);
    }
    return state;
  };
  return {
    /** Per layer: an earlier response of this key showed it empty within the same window, with no room read since. */
    emptyBefore(event: RequestEvent, point: LedgerPoint): PerCounterLayer<boolean> {
      const state = stateOf(event.keyId ?? NO_KEY);
      // A rolling minute is no longer known empty once more of the client's own requests have aged out of it than
      // were counted since, by the room read now.
      const minute = (layer: CounterLayer): boolean =>
        stillEmpty(state[layer], false, event.ts) &&
        state[layer].ownAtEmpty - ownInWindow(point, layer) < (leftIn(event.counters, layer) ?? 1);
      const productMinute = minute('product-minute');
      const productDay = stillEmpty(state['product-day'], true, event.ts);
      const tenantMinute = minute('tenant-minute');
      const tenantDay = stillEmpty(state['tenant-day'], true, event.ts);
      // Asked for on every response and nearly always all false: that answer is made once.
      if (!productMinute && !productDay && !tenantMinute && !tenantDay) return NONE_EMPTY;
      return {
        'product-minute': productMinute,
        'product-day': productDay,
        'tenant-minute': tenantMinute,
        'tenant-day': tenantDay,
      };
    },
    /** Books this response's readings. */
    observe(event: RequestEvent, point: LedgerPoint): void {
      const left = leftOf(event.counters);
      const state = stateOf(event.keyId ?? NO_KEY);
      for (let index = 0; index < COUNTER_LAYERS.length; index++) {
        const layer = COUNTER_LAYERS[index] as CounterLayer;
        const value = left[layer];
        if (value === null) continue;
        if (value <= 0) {
          state[layer].emptyAt = event.ts;
          state[layer].ownAtEmpty = ownInWindow(point, layer);
        }
        // A day read empty stays so until 00:00 UTC, so a later reading of a little room lagged; a rolling minute frees
        // room as requests age out, and two lagging readings in a row are rarer than one that is right: any room counts.
        else if (value > COUNTER_JITTER_UNITS || !isDayLayer(layer)) state[layer].roomAt = event.ts;
      }
    },
  };
}
