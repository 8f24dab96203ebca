import { NO_KEY } from '../attribute/vocabulary.js';
import { spikeBucketId, tenantBucketId } from '../ledger/index.js';
import { keyIdentity } from '../normalise/redact.js';
import { clientAnswer, errorAnswer } from './client-answer.js';
import { fetchCall } from './fetch-adapter.js';
import { createHeadroomBucket, type HeadroomBucket } from './headroom.js';
import { createKeyQueue } from './key-queue.js';
import { createKeySpacing } from './key-spacing.js';
import { runPacedCall, type CallContext, type PacedKey } from './paced-call.js';
import { resolvePacerOptions, type PacerOptions } from './pacer-options.js';
import { createStatsCounter, type PacerStats } from './pacer-stats.js';

// The pacer: one spacing model and queue per key, one headroom bucket per tenant, one call loop.

/** Options of one schedule() call. */
export interface ScheduleOptions {
  readonly signal?: AbortSignal;
  /** False when fn cannot be called twice (default true). */
  readonly retry?: boolean;
}

/** A pacer for Keap's gateway. */
export interface Pacer {
  /** A drop-in fetch: same arguments, same answers, paced per key (from Authorization / X-Keap-API-Key). */
  fetch(input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit): Promise<Response>;
  /**
   * Runs fn in the key's turn (key: the credential as sent, or any name; only its fingerprint is kept).
   * fn's result (a fetch Response, an axios response, or an error carrying one) teaches the pacer.
   */
  schedule<T>(key: string, fn: () => Promise<T>, options?: ScheduleOptions): Promise<T>;
  stats(): PacerStats;
}

/** A pacer; RangeError for an option out of range, TypeError for a fromReport that is not a report. */
export function createPacer(options: PacerOptions = {}): Pacer {
  const settings = resolvePacerOptions(options);
  const stats = createStatsCounter();
  const buckets = new Map<string, HeadroomBucket>();
  const keys = new Map<string, PacedKey>();
  const context: CallContext = {
    clock: settings.clock,
    stats,
    maxRetries: settings.maxRetries,
    deadlineMs: settings.deadlineMs,
    random: settings.random,
  };

  const bucketNamed = (id: string): HeadroomBucket => {
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = createHeadroomBucket(id, settings.headroomReserve)));
    return bucket;
  };

  const keyNamed = (id: string): PacedKey => {
    const known = keys.get(id);
    if (known) return known;
    // Until an answer names the tenant, the key is a bucket of its own.
    let bucket = bucketNamed(spikeBucketId(id === NO_KEY ? null : id));
    const spacing = createKeySpacing({
      mode: settings.mode,
      targetShare: settings.targetShare,
      knowledge: settings.knowledge,
    });
    const key: PacedKey = {
      id,
      spacing,
      queue: createKeyQueue({
        clock: settings.clock,
        spacing,
        bucket: () => bucket,
        concurrency: settings.concurrency,
      }),
      bucket: () => bucket,
      joinTenant(tenantId) {
        if (tenantId) bucket = bucketNamed(tenantBucketId(tenantId));
      },
    };
    keys.set(id, key);
    return key;
  };

  return {
    fetch(input, init) {
      const { key, plan } = fetchCall(settings.fetch, input, init);
      return runPacedCall(keyNamed(key), plan, context);
    },
    schedule<T>(key: string, fn: () => Promise<T>, scheduleOptions: ScheduleOptions = {}): Promise<T> {
      const id = keyIdentity(key, true) ?? NO_KEY;
      return runPacedCall<T>(
        keyNamed(id),
        {
          attempt: fn,
          answerOf: clientAnswer,
          answerOfError: errorAnswer,
          discard: (result: T) => {
            if (typeof Response !== 'undefined' && result instanceof Response)
              void result.body?.cancel().catch(() => undefined);
          },
          replayable: scheduleOptions.retry ?? true,
          signal: scheduleOptions.signal,
        },
        context,
      );
    },
    stats() {
      return stats.snapshot(
        new Map([...keys].map(([id, key]) => [id, { spacing: key.spacing.snapshot(), queued: key.queue.queued() }])),
      );
    },
  };
}
