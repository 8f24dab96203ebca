// The one rule for what SpikeArrest did with a request, shared by the fit, the simulator and the tallies:
// it runs first, so a request another limit rejected had passed it.
import { isOtherError, isThrottled } from '../normalise/throttled.js';
import type { RequestEvent } from '../types.js';
import { COUNTER_JITTER_UNITS } from '../ledger/index.js';
import { anyAtMostLeft } from './counters-left.js';
import type { ThrottleLayer } from './vocabulary.js';

/**
 * accepted (passed SpikeArrest), rejected (by it), passed (a quota rejected it: it got past SpikeArrest unless that
 * would have rejected it too, so it holds a processor but says nothing about SpikeArrest), held (it certainly holds a
 * processor, but is not scored), or unobserved.
 */
export type SpikeOutcome = 'accepted' | 'rejected' | 'passed' | 'held' | 'unobserved';

/**
 * What SpikeArrest did with one request, given the layer its 429 was blamed on (null when not throttled) and, when the
 * log's quota 429s carry counters and its spike 429s do not (counter-signature.ts), whether this one came bare.
 */
export function spikeOutcome(
  event: RequestEvent,
  layer: ThrottleLayer | null,
  bare: boolean | null = null,
): SpikeOutcome {
  if (isOtherError(event)) return 'unobserved';
  // A success that found a quota (nearly) used up is not scored: a rejection then would have read as the quota's.
  if (!isThrottled(event)) return quotaNearlyUsedUp(event) ? 'held' : 'accepted';
  switch (layer) {
    case 'spike':
      // Bare of a fault, at a quota within its jitter of empty: the quota may have rejected it after SpikeArrest passed it.
      return event.body.kind !== 'spike-arrest' && quotaNearlyUsedUp(event) ? 'passed' : 'rejected';
    case 'product-minute':
    case 'product-day':
    case 'tenant-minute':
    case 'tenant-day':
      // Apigee's Quota fault comes from the Quota policy, which only a request SpikeArrest let through reaches: it holds
      // a processor for certain (not scored, like a success at a used-up quota, so an errors-only log stays one).
      if (event.body.kind === 'quota-violation') return 'held';
      // The quotas add the counters: a bare 429 never reached them, one with counters got past SpikeArrest.
      if (bare !== null) return bare ? 'rejected' : 'accepted';
      return 'passed';
    default:
      // The legacy credit bank sits outside the proxy; an unknown layer cannot be booked either way.
      return 'unobserved';
  }
}

// Some quota's counter within its jitter of empty after the request.
function quotaNearlyUsedUp(event: RequestEvent): boolean {
  return anyAtMostLeft(event.counters, COUNTER_JITTER_UNITS);
}
