import type { LayerName } from '../types.js';
import type { KeySpacingSnapshot } from './key-spacing.js';

// What a pacer has done so far, counted as it happens; a snapshot is plain data.

/** One key's part of the stats (the key as a fingerprint, never the credential). */
export interface PacerKeyStats extends KeySpacingSnapshot {
  readonly key: string;
  readonly sent: number;
  readonly throttled: number;
  /** Calls waiting for their turn now. */
  readonly queued: number;
}

/** A pacer's totals. */
export interface PacerStats {
  /** Calls made (pacer.fetch / pacer.schedule). */
  readonly calls: number;
  /** Requests sent, retries included. */
  readonly sent: number;
  /** Throttled answers by the layer that fired. */
  readonly throttled: Readonly<Record<LayerName, number>>;
  readonly retries: number;
  /** Calls that ended in a PacerError or an error of the client. */
  readonly failed: number;
  /** Time calls spent waiting for their turn, retries' waits included (ms, summed over calls). */
  readonly waitingMs: number;
  readonly keys: readonly PacerKeyStats[];
}

/** Counters a pacer updates. */
export interface StatsCounter {
  call(): void;
  sent(key: string): void;
  throttled(key: string, layer: LayerName): void;
  retry(): void;
  failed(): void;
  waited(ms: number): void;
  snapshot(keys: ReadonlyMap<string, { spacing: KeySpacingSnapshot; queued: number }>): PacerStats;
}

/** Fresh counters. */
export function createStatsCounter(): StatsCounter {
  let calls = 0;
  let sent = 0;
  let retries = 0;
  let failed = 0;
  let waitingMs = 0;
  const throttled: Record<LayerName, number> = {
    spike: 0,
    'product-minute': 0,
    'product-day': 0,
    'tenant-minute': 0,
    'tenant-day': 0,
  };
  const perKey = new Map<string, { sent: number; throttled: number }>();
  const keyCounts = (key: string): { sent: number; throttled: number } => {
    let counts = perKey.get(key);
    if (!counts) perKey.set(key, (counts = { sent: 0, throttled: 0 }));
    return counts;
  };
  return {
    call: () => void calls++,
    sent(key) {
      sent++;
      keyCounts(key).sent++;
    },
    throttled(key, layer) {
      throttled[layer]++;
      keyCounts(key).throttled++;
    },
    retry: () => void retries++,
    failed: () => void failed++,
    waited(ms) {
      waitingMs += Math.max(0, ms);
    },
    snapshot(keys) {
      return {
        calls,
        sent,
        throttled: { ...throttled },
        retries,
        failed,
        waitingMs,
        keys: [...keys].map(([key, state]) => ({
          key,
          ...state.spacing,
          sent: perKey.get(key)?.sent ?? 0,
          throttled: perKey.get(key)?.throttled ?? 0,
          queued: state.queued,
        })),
      };
    },
  };
}
