// Which quota windows a key's responses last showed empty: an exhausted day stays empty until 00:00 UTC
// and a minute for up to 60 s, so a later "2 left" in the same window is a lagging reading, not room.
import { COUNTER_JITTER_UNITS, COUNTER_LAYERS, type CounterLayer, type PerCounterLayer } from '../ledger/index.js';
import type { RequestEvent } from '../types.js';
import { leftOf } from './counters-left.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface WindowState {
  emptyAt: number | null;
  roomAt: number | null;
}

/** Tracks, per key, when each layer was last read as empty and as having room. */
export function createEmptyWindows() {
  const byKey = new Map<string, Record<CounterLayer, WindowState>>();
  const stateOf = (key: string): Record<CounterLayer, WindowState> => {
    let state = byKey.get(key);
    if (!state) {
      state = Object.fromEntries(COUNTER_LAYERS.map((layer) => [layer, { emptyAt: null, roomAt: null }])) as Record<
        CounterLayer,
        WindowState
      >;
      byKey.set(key, state);
    }
    return state;
  };
  return {
    /** Per layer: an earlier response of this key showed it empty within the same window, with no room read since. */
    emptyBefore(event: RequestEvent): PerCounterLayer<boolean> {
      const state = stateOf(event.keyId ?? '');
      const still = (layer: CounterLayer): boolean => {
        const { emptyAt, roomAt } = state[layer];
        if (emptyAt === null || (roomAt !== null && roomAt > emptyAt)) return false;
        const day = layer === 'product-day' || layer === 'tenant-day';
        return day ? Math.floor(emptyAt / DAY_MS) === Math.floor(event.ts / DAY_MS) : event.ts - emptyAt <= MINUTE_MS;
      };
      return {
        'product-minute': still('product-minute'),
        'product-day': still('product-day'),
        'tenant-minute': still('tenant-minute'),
        'tenant-day': still('tenant-day'),
      };
    },
    /** Books this response's readings. */
    observe(event: RequestEvent): void {
      const left = leftOf(event.counters);
      const state = stateOf(event.keyId ?? '');
      for (const layer of COUNTER_LAYERS) {
        const value = left[layer];
        if (value === null) continue;
        if (value <= 0) state[layer].emptyAt = event.ts;
        else if (value > COUNTER_JITTER_UNITS) state[layer].roomAt = event.ts;
      }
    },
  };
}
