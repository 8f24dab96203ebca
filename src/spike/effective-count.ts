import { createRandom, randomInt } from './prng.js';
import { isValidRateParams, perProcessorIntervalMs, type RateUnit } from './units.js';

// UseEffectiveCount=true as Keap's fault strings show it: N message processors, each enforcing
// Rate/N with its own burst-capacity bucket, and a load balancer spreading requests over them.
// Each bucket is kept as a theoretical arrival time (GCRA), which with burst 1 is exactly volos'
// `windowExpires` — so N = 1 reproduces plain smoothing bit for bit.

/** How the load balancer picks a processor. */
export type Routing = 'random' | 'round-robin';

/** Whose request it is: the analysed client's, or another consumer of the same key. */
export type Origin = 'own' | 'foreign';

/** Effective-count model settings: `rate` per `unit` over `processors` processors. */
export interface EffectiveCountParams {
  readonly rate: number;
  readonly unit: RateUnit;
  readonly processors: number;
  /** Bucket capacity per processor (maxBurstMessageCount); default 1, values below 1 count as 1. */
  readonly burst?: number;
  /** Default 'random'. */
  readonly routing?: Routing;
  /** Seed for random routing; default 1. */
  readonly seed?: number;
  /** First processor for round-robin routing; default 0. */
  readonly startProcessor?: number;
}

/** A request time in ms, optionally tagged with its origin (default 'own'). */
export interface TimedRequest {
  readonly tMs: number;
  readonly origin?: Origin;
}

/** The model's answer for one request: which processor took it and whether it had a token. */
export interface EffectiveCountDecision {
  readonly index: number;
  readonly tMs: number;
  readonly origin: Origin;
  /** 0-based processor the request was routed to. */
  readonly processor: number;
  readonly accepted: boolean;
}

/** Totals over a run, split by origin. */
export interface OutcomeCounts {
  readonly requests: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly own: { readonly accepted: number; readonly rejected: number };
  readonly foreign: { readonly accepted: number; readonly rejected: number };
}

/** A stateful set of processors; requests must be routed in ascending time order. */
export interface EffectiveCountGateway {
  /** Routes one request at tMs and returns its decision (throws RangeError when time goes backwards). */
  route(tMs: number, origin?: Origin): EffectiveCountDecision;
}

/** A new gateway of `processors` token buckets refilled once per processor interval N × unit ÷ rate. */
export function createEffectiveCountGateway(params: EffectiveCountParams): EffectiveCountGateway {
  if (!isValidRateParams(params.rate, params.processors)) {
    throw new RangeError(`invalid rate ${params.rate} or processors ${params.processors}`);
  }
  const n = params.processors;
  const intervalMs = perProcessorIntervalMs(params.rate, params.unit, n);
  const toleranceMs = (Math.max(1, params.burst ?? 1) - 1) * intervalMs;
  const arrivalDue = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  const random = createRandom(params.seed ?? 1);
  const roundRobin = params.routing === 'round-robin';
  let nextRoundRobin = (((params.startProcessor ?? 0) % n) + n) % n;
  let index = 0;
  let lastMs = Number.NEGATIVE_INFINITY;

  const pick = (): number => {
    if (!roundRobin) return randomInt(random, n);
    const p = nextRoundRobin;
    nextRoundRobin = (nextRoundRobin + 1) % n;
    return p;
  };

  return {
    route(tMs, origin = 'own') {
      if (tMs < lastMs) throw new RangeError(`request times must be ascending: ${tMs} after ${lastMs}`);
      lastMs = tMs;
      const processor = pick();
      const due = arrivalDue[processor] as number;
      const accepted = !(tMs < due - toleranceMs);
      if (accepted) arrivalDue[processor] = Math.max(tMs, due) + intervalMs;
      return { index: index++, tMs, origin, processor, accepted };
    },
  };
}

/** Streams one decision per request (times ascending; a bare number is an own request at that ms). */
export function* simulateEffectiveCount(
  requests: Iterable<number | TimedRequest>,
  params: EffectiveCountParams,
): Generator<EffectiveCountDecision> {
  const gateway = createEffectiveCountGateway(params);
  for (const r of requests) {
    yield typeof r === 'number' ? gateway.route(r) : gateway.route(r.tMs, r.origin ?? 'own');
  }
}

/** Accepted/rejected totals, overall and per origin, over any stream of decisions. */
export function countOutcomes(
  decisions: Iterable<{ readonly origin: Origin; readonly accepted: boolean }>,
): OutcomeCounts {
  const own = { accepted: 0, rejected: 0 };
  const foreign = { accepted: 0, rejected: 0 };
  for (const d of decisions) {
    const side = d.origin === 'own' ? own : foreign;
    if (d.accepted) side.accepted++;
    else side.rejected++;
  }
  const accepted = own.accepted + foreign.accepted;
  const rejected = own.rejected + foreign.rejected;
  return { requests: accepted + rejected, accepted, rejected, own, foreign };
}

/** Runs the effective-count model over requests and returns only the totals. */
export function runEffectiveCount(
  requests: Iterable<number | TimedRequest>,
  params: EffectiveCountParams,
): OutcomeCounts {
  return countOutcomes(simulateEffectiveCount(requests, params));
}
