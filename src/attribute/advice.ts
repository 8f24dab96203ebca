import { MOST_PROCESSORS_SEEN } from '../policy/profiles.js';
import { minimumSafeSpacingMs, perProcessorIntervalMs } from '../spike/index.js';
import type { Profile } from '../types.js';
import type { SpikeSetting } from './explain.js';

/** What a client should change: spacing, concurrency, ready-made limiter settings and retry rules. */
export interface Advice {
  /** Smallest gap between two requests of one key that the spike model never rejects (ms). */
  readonly minSpacingMs: number | null;
  /** The processor count that spacing assumes, and whether it was measured. */
  readonly processorsAssumed: number | null;
  readonly processorsMeasured: boolean;
  /** Average spacing the minute and day limits allow for one bucket (ms). */
  readonly sustainedSpacingMs: { readonly perMinute: number | null; readonly perDay: number | null };
  readonly concurrency: number;
  readonly limiters: { readonly pQueue: string; readonly bottleneck: string };
  readonly retry: readonly string[];
}

/** Advice for one key from the spike setting and the profile's minute/day limits. */
export function adviseClient(spike: SpikeSetting | null, profile: Profile | null): Advice {
  const processors = spike?.processors ?? (spike ? MOST_PROCESSORS_SEEN : null);
  const minSpacingMs =
    spike && processors !== null
      ? Math.ceil(minimumSafeSpacingMs(0, { rate: spike.rate, unit: 'second', processors, routing: 'random' }))
      : null;
  const perMinute = profile?.perMinute ? Math.ceil(60_000 / profile.perMinute) : null;
  const perDay = profile?.perDay ? Math.ceil(86_400_000 / profile.perDay) : null;
  const gap = Math.max(minSpacingMs ?? 0, perMinute ?? 0) || 1000;
  const reservoir = profile?.perMinute
    ? `, reservoir: ${profile.perMinute}, reservoirRefreshAmount: ${profile.perMinute}, reservoirRefreshInterval: 60_000`
    : '';
  const interval =
    spike && processors !== null ? Math.ceil(perProcessorIntervalMs(spike.rate, 'second', processors)) : gap;
  return {
    minSpacingMs,
    processorsAssumed: processors,
    processorsMeasured: spike?.processorsFrom !== null && spike?.processorsFrom !== undefined,
    sustainedSpacingMs: { perMinute, perDay },
    concurrency: 1,
    limiters: {
      pQueue: `new PQueue({ concurrency: 1, interval: ${gap}, intervalCap: 1 })`,
      bottleneck: `new Bottleneck({ maxConcurrent: 1, minTime: ${gap}${reservoir} })`,
    },
    retry: [
      'Keap sends no reliable Retry-After: do not wait for one.',
      `After a spike 429, wait at least ${interval} ms (one processor's interval) plus random jitter before retrying that key, doubling up to 60 s.`,
      'After a minute-throttle 429, wait until your oldest request of the last 60 s is a minute old (at most 60 s).',
      'After a daily-quota 429, stop until x-keap-product-quota-expiry-time (the next 00:00 UTC).',
    ],
  };
}
