// A throttled response without counters is judged by the next response of its key that has some, up
// to 10 s later, and Apigee's counters show others' traffic up to ~20 s late; the delay line holds the
// stream that long and releases it in time order, each throttled response with its layer verdict and
// each event with the others' rate the counters showed around it, so downstream sees one ordered stream.
import type { LedgerPoint, PerCounterLayer } from '../ledger/index.js';
import { isThrottled } from '../normalise/throttled.js';
import type { CounterSnapshot, RequestEvent } from '../types.js';
import type { LayerVerdict } from './attribution-types.js';
import { decideLayer, readsNearlyEmpty, type Neighbour } from './decide.js';
import { createEmptyWindows } from './empty-windows.js';
import { NO_KEY } from './vocabulary.js';

/** How far around a counter-less 429 to look for a response that carried counters. */
const NEIGHBOUR_WINDOW_MS = 10_000;
/** Others' traffic shows in the counters this late (sync ~10 s, then a 15 s median): look this far ahead… */
const FOREIGN_LOOKAHEAD_MS = 20_000;
/** …and this far back. */
const FOREIGN_LOOKBACK_MS = 10_000;

// Bodies that name the limit outright.
const DECISIVE_BODIES = new Set(['spike-arrest', 'xmlrpc-throttle', 'gateway-spike']);

/** One event leaving the delay line. */
export interface Released {
  readonly event: RequestEvent;
  readonly point: LedgerPoint;
  /** Throttled responses only. */
  readonly verdict: LayerVerdict | null;
  /** Others' requests per second in the key's product bucket: the most the counters showed from 10 s before to 20 s after; null when none said. */
  readonly foreignPerSecond: number | null;
  /**
   * This event's place among the key's events logged in the same second (0-based), how many there were, and whether
   * the key also logged events in the seconds just before and after (a stream running on, not a lone second's burst).
   */
  readonly inSecond: InSecond;
}

// A held event leaves as its own Released (no copy per event): the others' rate is filled in as it leaves.
interface Held {
  readonly event: RequestEvent;
  readonly point: LedgerPoint;
  readonly throttled: boolean;
  readonly before: Neighbour | null;
  readonly emptyBefore: PerCounterLayer<boolean>;
  verdict: LayerVerdict | null;
  foreignPerSecond: number | null;
  inSecond: InSecond;
}

/** An event's place in its logged second. */
export interface InSecond {
  readonly index: number;
  readonly count: number;
  readonly steady: boolean;
}

// What a released slot of the held list holds until the list is compacted.
const RELEASED = null as unknown as Held;
// An event's place in its second is known only as it leaves.
const NOT_RELEASED: InSecond = { index: 0, count: 1, steady: false };

/** A delay line deciding layers with the profile's spike rate as the last resort. */
export function createDelayLine(options: { readonly spikeRate: number | null }) {
  const lastWithCounters = new Map<string, Neighbour>();
  const held: Held[] = [];
  let head = 0;
  // Throttled responses still waiting for a neighbour: few, so each event looks only at these.
  let pending: Held[] = [];
  // Others' rate per product bucket over a sliding window, as a monotone deque (largest first).
  const foreignMax = new Map<string, { ts: number; perSecond: number }[]>();
  let latestTs = Number.NEGATIVE_INFINITY;
  let countersSeen = false;
  const empty = createEmptyWindows();

  const decide = (item: Held, after: Neighbour | null, next: Neighbour | null = null): void => {
    item.verdict = decideLayer({
      event: item.event,
      point: item.point,
      before: item.before,
      after,
      spikeRate: options.spikeRate,
      countersSeen,
      emptyBefore: item.emptyBefore,
      next,
    });
  };
  // 429s with a nearly empty counter, waiting for the next response of their key that carries counters.
  let awaitingNext: Held[] = [];

  const foreignAround = (item: Held): number | null => {
    const window = foreignMax.get(item.point.buckets.product);
    if (!window) return null;
    while (window.length > 0 && (window[0] as { ts: number }).ts < item.event.ts - FOREIGN_LOOKBACK_MS) window.shift();
    return window.length === 0 ? null : (window[0] as { perSecond: number }).perSecond;
  };

  // Per key: the second being released, how many of its events have left, how many it has (all held by then), and
  // whether the key's seconds either side hold events too.
  const releasing = new Map<string, { second: number; released: number; count: number; steady: boolean }>();
  const placeInSecond = (position: number): InSecond => {
    const item = held[position] as Held;
    const key = item.event.keyId ?? NO_KEY;
    const second = Math.floor(item.event.ts / 1000);
    let state = releasing.get(key);
    if (!state || state.second !== second) {
      // The stream is in time order and a second leaves only after 20 s more have come: its events are all held.
      let count = 0;
      let nextHeld = false;
      for (let i = position; i < held.length; i++) {
        const other = (held[i] as Held).event;
        const otherSecond = Math.floor(other.ts / 1000);
        if (otherSecond > second + 1) break;
        if ((other.keyId ?? NO_KEY) !== key) continue;
        if (otherSecond === second) count++;
        else {
          nextHeld = true;
          break;
        }
      }
      const previousHeld = state !== undefined && state.second === second - 1;
      state = { second, released: 0, count, steady: previousHeld && nextHeld };
      releasing.set(key, state);
    }
    const place = { index: state.released, count: state.count, steady: state.steady };
    state.released++;
    return place;
  };

  const drain = (finishing: boolean, out: Released[]): void => {
    while (head < held.length) {
      const item = held[head] as Held;
      if (item.throttled && item.verdict === null) break;
      if (!finishing && latestTs - item.event.ts <= FOREIGN_LOOKAHEAD_MS) break;
      item.foreignPerSecond = foreignAround(item);
      item.inSecond = placeInSecond(head);
      out.push(item);
      // Released: the slot lets go of it now, not at the next compaction.
      held[head] = RELEASED;
      head++;
    }
    if (head > 256 && head * 2 > held.length) {
      held.splice(0, head);
      head = 0;
    }
  };

  const remember = (point: LedgerPoint): void => {
    const requests = point.foreign['product-minute'].requests;
    if (requests === null) return;
    const perSecond = requests / 60;
    let window = foreignMax.get(point.buckets.product);
    if (window === undefined) {
      window = [];
      foreignMax.set(point.buckets.product, window);
    }
    while (window.length > 0 && (window[window.length - 1] as { perSecond: number }).perSecond <= perSecond)
      window.pop();
    window.push({ ts: point.ts, perSecond });
  };

  return {
    /** Takes one event (time order) with its ledger point; returns the events that can leave, in order. */
    push(event: RequestEvent, point: LedgerPoint): Released[] {
      const out: Released[] = [];
      this.pushInto(event, point, out);
      return out;
    },
    /** {@link push}, adding the events that can leave to `out`. */
    pushInto(event: RequestEvent, point: LedgerPoint, out: Released[]): void {
      // Release first what has its full look-ahead, so no point later than that enters its window.
      latestTs = event.ts;
      drain(false, out);
      remember(point);
      const key = event.keyId ?? NO_KEY;
      const throttled = isThrottled(event);
      const carries = hasCounters(event);
      if (carries && !throttled) countersSeen = true;
      let before: Neighbour | null = null;
      if (throttled) {
        const previous = lastWithCounters.get(key);
        before = previous && event.ts - previous.event.ts <= NEIGHBOUR_WINDOW_MS ? previous : null;
      }
      // The held item is also this event's neighbour record (event and point) for the 429s around it.
      const item: Held = {
        event,
        point,
        throttled,
        before,
        emptyBefore: empty.emptyBefore(event, point),
        verdict: null,
        foreignPerSecond: null,
        inSecond: NOT_RELEASED,
      };
      empty.observe(event, point);
      if (pending.length > 0) {
        for (const waiting of pending) {
          if (carries && !throttled && (waiting.event.keyId ?? NO_KEY) === key) decide(waiting, item);
          else if (event.ts - waiting.event.ts > NEIGHBOUR_WINDOW_MS) decide(waiting, null);
        }
        if (pending.some((waiting) => waiting.verdict !== null))
          pending = pending.filter((waiting) => waiting.verdict === null);
      }
      if (awaitingNext.length > 0) {
        for (const waiting of awaitingNext) {
          if (event.ts - waiting.event.ts > NEIGHBOUR_WINDOW_MS) decide(waiting, null);
          else if (carries && (waiting.event.keyId ?? NO_KEY) === key) decide(waiting, null, item);
        }
        if (awaitingNext.some((waiting) => waiting.verdict !== null))
          awaitingNext = awaitingNext.filter((waiting) => waiting.verdict === null);
      }
      if (!throttled && carries) lastWithCounters.set(key, item);
      // Counters or a fault on the 429 itself are the strongest evidence: no need to wait for a neighbour.
      if (throttled && DECISIVE_BODIES.has(event.body.kind)) decide(item, null);
      // A 429 reading a counter nearly empty waits for its key's next reading: it may have lagged one.
      else if (throttled && carries && readsNearlyEmpty(event)) awaitingNext.push(item);
      else if (throttled && carries) decide(item, null);
      else if (throttled) pending.push(item);
      held.push(item);
      drain(false, out);
    },
    /** Decides what still waits for a neighbour and releases everything. */
    finish(): Released[] {
      for (const item of [...pending, ...awaitingNext]) decide(item, null);
      pending = [];
      awaitingNext = [];
      const out: Released[] = [];
      drain(true, out);
      return out;
    },
  };
}

function hasCounters(event: RequestEvent): boolean {
  const { counters } = event;
  return (
    reports(counters.productThrottle) ||
    reports(counters.productQuota) ||
    reports(counters.tenantMinute) ||
    reports(counters.tenantDay)
  );
}

function reports(family: CounterSnapshot | undefined): boolean {
  return family !== undefined && (family.available !== null || family.used !== null);
}
