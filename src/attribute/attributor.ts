import type { Profile, RequestEvent } from '../types.js';
import type { Attribution, ForeignTraffic, OwnTraffic } from './attribution-types.js';
import { classifyThrottle } from './classify.js';
import { isThrottled } from './is-throttled.js';

/** How far around a counter-less 429 to look for a response that carried counters. */
const NEIGHBOUR_WINDOW_MS = 10_000;

interface Pending {
  readonly event: RequestEvent;
  readonly own: OwnTraffic;
  readonly foreign: ForeignTraffic;
  readonly before: RequestEvent | null;
  readonly bucket: string;
}

/** Judges throttled responses as the timeline streams past, waiting briefly for the next response with counters. */
export function createAttributor(options: { profile: Profile | null; epsilon?: number }) {
  const epsilon = options.epsilon ?? 3;
  const lastWithCounters = new Map<string, RequestEvent>();
  let pending: Pending[] = [];

  const judge = (item: Pending, after: RequestEvent | null): Attribution =>
    classifyThrottle({
      event: item.event,
      own: item.own,
      foreign: item.foreign,
      before: item.before,
      after,
      profile: options.profile,
      epsilon,
    });

  return {
    /** Feeds one event (in time order) with its ledger context; returns the verdicts that became final. */
    observe(event: RequestEvent, own: OwnTraffic, foreign: ForeignTraffic): Attribution[] {
      const done: Attribution[] = [];
      const bucket = bucketOf(event);
      const carries = hasCounters(event);
      const still: Pending[] = [];
      for (const item of pending) {
        if (carries && item.bucket === bucket && !isThrottled(event)) done.push(judge(item, event));
        else if (event.ts - item.event.ts > NEIGHBOUR_WINDOW_MS) done.push(judge(item, null));
        else still.push(item);
      }
      pending = still;
      if (isThrottled(event)) {
        const previous = lastWithCounters.get(bucket);
        const before = previous && event.ts - previous.ts <= NEIGHBOUR_WINDOW_MS ? previous : null;
        // Counters on the 429 itself are the strongest evidence: no need to wait for a neighbour.
        if (carries || event.body.kind === 'spike-arrest' || event.body.kind === 'xmlrpc-throttle')
          done.push(judge({ event, own, foreign, before, bucket }, null));
        else pending.push({ event, own, foreign, before, bucket });
      } else if (carries) {
        lastWithCounters.set(bucket, event);
      }
      return done;
    },
    /** Judges what is still waiting for a neighbour at the end of the log. */
    finish(): Attribution[] {
      const done = pending.map((item) => judge(item, null));
      pending = [];
      return done;
    },
  };
}

// Per key: a 429 often carries no tenant header, so the tenant cannot be part of the match.
function bucketOf(event: RequestEvent): string {
  return event.keyId ?? '';
}

function hasCounters(event: RequestEvent): boolean {
  const { counters } = event;
  const numbers = [counters.productThrottle, counters.productQuota, counters.tenantMinute, counters.tenantDay].some(
    (family) => family && (family.available !== null || family.used !== null),
  );
  return numbers;
}
