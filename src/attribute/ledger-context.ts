import type { LedgerPoint, LedgerReport } from '../ledger/index.js';
import type { ForeignTraffic, OwnTraffic } from './attribution-types.js';

// The ledger's view of each event and of the whole log, reshaped for the 429 attribution.

// Apigee counters lag by up to ~10 s: other consumers' traffic shortly before an episode shows counts too.
const EPISODE_LEAD_MS = 10_000;
const LAYER_WORDS = {
  'product-day': 'daily quota',
  'product-minute': 'minute throttle',
  'tenant-minute': 'tenant minute',
  'tenant-day': 'tenant day',
} as const;

/** The client's own traffic around an event, as the attribution reads it. */
export function ownTraffic(point: LedgerPoint): OwnTraffic {
  const { own } = point;
  return {
    lastSecond: own.lastSecond,
    last100ms: own.last100ms,
    rollingMinute: own.rollingMinute,
    utcDay: own.utcDay,
    gapMs: point.gapMs,
  };
}

/** Other consumers of the same buckets at an event, as far as the server's counters show. */
export function foreignTraffic(point: LedgerPoint): ForeignTraffic {
  return {
    productMinute: point.foreign['product-minute'].requests,
    productDay: point.foreign['product-day'].requests,
    tenantMinute: point.foreign['tenant-minute'].requests,
  };
}

/** Other consumers' requests per second in the product buckets around a time (epoch ms): the densest episode covering it, else 0. */
export function foreignRateAt(ledger: LedgerReport): (ts: number) => number {
  const layers = [ledger.layers['product-minute'], ledger.layers['product-day']];
  const spans = layers.flat().flatMap((group) =>
    group.serverAhead.map((episode) => {
      const from = Date.parse(episode.startAfter ?? episode.start);
      const to = Date.parse(episode.end);
      return { from: from - EPISODE_LEAD_MS, to, perSecond: episode.foreignRequests / Math.max(1, (to - from) / 1000) };
    }),
  );
  return (ts) =>
    spans.reduce((rate, span) => (ts >= span.from && ts <= span.to ? Math.max(rate, span.perSecond) : rate), 0);
}

/** "the server counted 26 requests your log does not contain (daily quota, between … and …)", or undefined. */
export function othersNote(ledger: LedgerReport): string | undefined {
  const layer = (['product-day', 'product-minute', 'tenant-day', 'tenant-minute'] as const).find(
    (name) => ledger.foreign[name].requests > 0,
  );
  if (!layer) return undefined;
  const episodes = ledger.layers[layer].flatMap((group) => group.serverAhead);
  const from = episodes.map((episode) => episode.startAfter ?? episode.start).sort()[0];
  const to = episodes
    .map((episode) => episode.end)
    .sort()
    .at(-1);
  return `the server counted ${ledger.foreign[layer].requests} requests your log does not contain (${LAYER_WORDS[layer]}${from && to ? `, between ${from} and ${to}` : ''})`;
}
