import type { HeadroomBucket } from './headroom.js';
import { bodyMatters, classifyResponse } from './classify-response.js';
import type { KeyQueue } from './key-queue.js';
import type { KeySpacing } from './key-spacing.js';
import type { PacerClock } from './pacer-options.js';
import type { StatsCounter } from './pacer-stats.js';
import { decideRetry } from './retry-policy.js';

// One call from first send to its answer: wait for the turn, send, read what the answer says about
// the limits, teach the key's model, and retry by layer until the answer is not throttled, the
// retries or the deadline run out (the last answer is returned), or the day quota fails it.

/** An answer as the pacer reads it, whatever client produced it. */
export interface Answer {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body text (called for 429 and 5xx answers only). */
  body(): Promise<string>;
}

/** How to send one call and read its outcome. */
export interface CallPlan<T> {
  attempt(): Promise<T>;
  /** The answer inside a result; null when the result is not one the pacer can read. */
  answerOf(result: T): Answer | null;
  /** The answer inside a thrown error (axios throws on a 429); null for network errors. */
  answerOfError(error: unknown): Answer | null;
  /** Frees a result that is retried instead of returned. */
  discard(result: T): void;
  /** False when the request cannot be sent twice (a streamed body). */
  readonly replayable: boolean;
  readonly signal?: AbortSignal | undefined;
}

/** One key's parts as a call uses them. */
export interface PacedKey {
  readonly id: string;
  readonly queue: KeyQueue;
  readonly spacing: KeySpacing;
  bucket(): HeadroomBucket;
  /** The answer named the key's tenant: the key joins that tenant's bucket. */
  joinTenant(tenantId: string | undefined): void;
}

/** The pacer-wide settings a call needs. */
export interface CallContext {
  readonly clock: PacerClock;
  readonly stats: StatsCounter;
  readonly maxRetries: number;
  readonly deadlineMs: number;
  readonly random: () => number;
}

/** Runs one call through the key's queue with retries by layer. */
export async function runPacedCall<T>(key: PacedKey, plan: CallPlan<T>, context: CallContext): Promise<T> {
  const { clock, stats } = context;
  const deadlineMs = clock.now() + context.deadlineMs;
  let attempts = 0;
  let notBeforeMs = Number.NEGATIVE_INFINITY;
  let lastThrottled = false;
  stats.call();
  for (;;) {
    const waitFromMs = clock.now();
    let turn;
    try {
      turn = await key.queue.turn({
        notBeforeMs,
        deadlineMs,
        retry: attempts > 0,
        attempts,
        signal: plan.signal,
      });
    } catch (error) {
      stats.failed();
      throw error;
    }
    const { sentMs } = turn;
    stats.waited(sentMs - waitFromMs);
    stats.sent(key.id);
    attempts++;
    let result: T | undefined;
    let error: unknown;
    let threw = false;
    try {
      result = await plan.attempt();
    } catch (caught) {
      error = caught;
      threw = true;
    }
    const receivedMs = clock.now();
    const answer = threw ? plan.answerOfError(error) : plan.answerOf(result as T);
    if (!answer) {
      // No HTTP answer to read: it may still have reached the gateway, so it counts as sent and let through.
      key.spacing.recordOutcome({ sentMs, receivedMs, rejected: false, headerRate: null, fault: null });
      turn.release();
      if (threw) {
        stats.failed();
        throw error;
      }
      return result as T;
    }
    let reading;
    try {
      const bodyText = bodyMatters(answer.status) ? await answer.body() : '';
      reading = classifyResponse(answer.status, answer.headers, bodyText, lastThrottled);
    } catch (caught) {
      turn.release();
      stats.failed();
      throw caught;
    }
    key.joinTenant(reading.counters.tenantId);
    const bucket = key.bucket();
    bucket.recordReading(reading.counters, sentMs);
    key.spacing.recordOutcome({
      sentMs,
      receivedMs,
      rejected: reading.layer === 'spike',
      headerRate: reading.headerRate,
      fault: reading.fault,
    });
    if (!reading.throttled || reading.layer === null) {
      turn.release();
      if (threw) throw error;
      return result as T;
    }
    stats.throttled(key.id, reading.layer);
    lastThrottled = true;
    const decision = decideRetry({
      layer: reading.layer,
      sentMs,
      nowMs: receivedMs,
      attempts,
      maxRetries: context.maxRetries,
      deadlineMs,
      intervalMs: key.spacing.intervalMs(),
      bucket,
      random: context.random,
    });
    if (decision.kind === 'retry' && decision.block)
      bucket.block(decision.block.layer, decision.block.untilMs, decision.block.resetMs);
    turn.release();
    if (decision.kind === 'fail') {
      if (!threw) plan.discard(result as T);
      stats.failed();
      throw decision.error;
    }
    if (decision.kind === 'give-up' || !plan.replayable) {
      if (threw) throw error;
      return result as T;
    }
    if (!threw) plan.discard(result as T);
    stats.retry();
    notBeforeMs = decision.notBeforeMs;
  }
}
