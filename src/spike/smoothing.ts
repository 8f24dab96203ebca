import { perProcessorIntervalMs, type RateUnit } from './units.js';

// Plain Apigee smoothing (UseEffectiveCount=false, one processor) with volos' exact bookkeeping:
// per key one window; a request at t ≥ windowExpires is allowed and moves the window to
// t + weight × interval; an earlier one is rejected, leaves the window alone and only adds to `used`.

/** Smoothing limiter settings: `rate` per `unit`, optional volos-style queue of `bufferSize` per key. */
export interface SmoothingOptions {
  readonly rate: number;
  readonly unit: RateUnit;
  /** Requests held per key instead of rejected (volos memory buffer); 0 = reject at once. */
  readonly bufferSize?: number;
  /** Which queued request a reopened window releases; volos pops the newest ('lifo'). */
  readonly queueOrder?: 'lifo' | 'fifo';
}

/** One request offered to the limiter: arrival time (ms), bucket key (default `_default`), weight (default 1). */
export interface SmoothingRequest {
  readonly tMs: number;
  readonly key?: string;
  readonly weight?: number;
}

/** The limiter's answer for one request, with volos' `used` and `expiryTime` (ms until the window reopens). */
export interface SmoothingDecision {
  /** 0-based position of the request in submission order. */
  readonly index: number;
  readonly key: string;
  readonly arrivedMs: number;
  /** When the answer was given: arrival, or the release time of a queued request. */
  readonly decidedMs: number;
  readonly allowed: boolean;
  /** True when the request waited in the buffer before being allowed. */
  readonly queued: boolean;
  /** volos `used`: weight of the allowed request, the running total after rejections, or the queue length when the queue is full. */
  readonly used: number;
  /** volos `expiryTime` in ms, measured from decidedMs (queue-full: our estimate of the drain time, volos returns NaN). */
  readonly expiryMs: number;
}

/** A stateful smoothing limiter fed with requests in ascending time order. */
export interface SmoothingLimiter {
  /** Decisions that became final up to req.tMs: releases of queued requests first, then this request unless queued. */
  submit(req: SmoothingRequest): SmoothingDecision[];
  /** Releases queued requests whose window opens at or before tMs. */
  releaseUntil(tMs: number): SmoothingDecision[];
  /** Releases every queued request, one per window. */
  drain(): SmoothingDecision[];
}

interface Pending {
  readonly index: number;
  readonly arrivedMs: number;
  readonly weight: number;
}

interface Bucket {
  windowExpiresMs: number;
  used: number;
  readonly queue: Pending[];
}

/** A new smoothing limiter with the given options (throws RangeError on a non-positive rate). */
export function createSmoothingLimiter(options: SmoothingOptions): SmoothingLimiter {
  if (!(options.rate > 0) || !Number.isFinite(options.rate))
    throw new RangeError(`rate must be a positive number, got ${options.rate}`);
  const windowMs = perProcessorIntervalMs(options.rate, options.unit, 1);
  const bufferSize = options.bufferSize ?? 0;
  const lifo = (options.queueOrder ?? 'lifo') === 'lifo';
  const buckets = new Map<string, Bucket>();
  // Only keys with queued requests need visiting on each arrival.
  const waiting = new Set<string>();
  let nextIndex = 0;

  const bucketFor = (key: string): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = { windowExpiresMs: Number.NEGATIVE_INFINITY, used: 0, queue: [] };
      buckets.set(key, b);
    }
    return b;
  };

  const apply = (b: Bucket, key: string, p: Pending, tMs: number, queued: boolean): SmoothingDecision => {
    const allowed = !(tMs < b.windowExpiresMs);
    if (allowed) {
      b.windowExpiresMs = tMs + p.weight * windowMs;
      b.used = p.weight;
    } else {
      b.used += p.weight;
    }
    return {
      index: p.index,
      key,
      arrivedMs: p.arrivedMs,
      decidedMs: tMs,
      allowed,
      queued,
      used: b.used,
      expiryMs: b.windowExpiresMs - tMs,
    };
  };

  const release = (key: string, b: Bucket, untilMs: number, out: SmoothingDecision[]): void => {
    while (b.queue.length > 0 && b.windowExpiresMs <= untilMs) {
      const p = (lifo ? b.queue.pop() : b.queue.shift()) as Pending;
      out.push(apply(b, key, p, b.windowExpiresMs, true));
    }
  };

  const releaseAll = (untilMs: number): SmoothingDecision[] => {
    const out: SmoothingDecision[] = [];
    for (const key of waiting) {
      const b = buckets.get(key) as Bucket;
      release(key, b, untilMs, out);
      if (b.queue.length === 0) waiting.delete(key);
    }
    return out.sort((a, b) => a.decidedMs - b.decidedMs || a.index - b.index);
  };

  return {
    submit(req) {
      const key = req.key ?? '_default';
      const p: Pending = { index: nextIndex++, arrivedMs: req.tMs, weight: req.weight ?? 1 };
      const out = releaseAll(req.tMs);
      const b = bucketFor(key);
      if (bufferSize <= 0) {
        out.push(apply(b, key, p, req.tMs, false));
      } else if (b.queue.length >= bufferSize) {
        const drainMs = Math.max(0, b.windowExpiresMs - req.tMs) + windowMs * b.queue.length;
        out.push({
          index: p.index,
          key,
          arrivedMs: req.tMs,
          decidedMs: req.tMs,
          allowed: false,
          queued: false,
          used: b.queue.length,
          expiryMs: drainMs,
        });
      } else if (req.tMs < b.windowExpiresMs) {
        b.queue.push(p);
        waiting.add(key);
      } else {
        out.push(apply(b, key, p, req.tMs, false));
      }
      return out;
    },
    releaseUntil(tMs) {
      return releaseAll(tMs);
    },
    drain() {
      return releaseAll(Number.POSITIVE_INFINITY);
    },
  };
}

/** Streams smoothing decisions for requests in ascending time order, in the order they are decided. */
export function* smoothTimeline(
  requests: Iterable<SmoothingRequest>,
  options: SmoothingOptions,
): Generator<SmoothingDecision> {
  const limiter = createSmoothingLimiter(options);
  for (const req of requests) yield* limiter.submit(req);
  yield* limiter.drain();
}
