import { isDayLayer } from '../ledger/index.js';
import type { HeadroomBucket } from './headroom.js';
import type { KeySpacing } from './key-spacing.js';
import { dayQuotaError, PacerError } from './pacer-error.js';
import type { PacerClock } from './pacer-options.js';

// One key's turn-taking: calls wait in order (retries first), and the head goes when the key's
// spacing, its bucket's headroom and its own retry time all allow, with at most `concurrency` in flight.

/** A call's request for its next send. */
export interface TurnRequest {
  /** Not before this time (a retry's wait). */
  readonly notBeforeMs: number;
  /** Absolute deadline of the call. */
  readonly deadlineMs: number;
  /** Retries go before calls that have not been sent yet. */
  readonly retry: boolean;
  /** Requests the call has sent so far. */
  readonly attempts: number;
  readonly signal?: AbortSignal | undefined;
}

/** The right to send once; release() when the answer has been recorded. */
export interface Turn {
  readonly sentMs: number;
  release(): void;
}

/** What a key queue works with. */
export interface KeyQueueParts {
  readonly clock: PacerClock;
  readonly spacing: KeySpacing;
  /** The key's bucket now (it moves to the tenant's once an answer names the tenant). */
  readonly bucket: () => HeadroomBucket;
  readonly concurrency: number;
}

/** One key's queue. */
export interface KeyQueue {
  /** Resolves at the moment the call may send; rejects with a PacerError (deadline, day quota) or the abort reason. */
  turn(request: TurnRequest): Promise<Turn>;
  queued(): number;
}

interface Waiter {
  readonly request: TurnRequest;
  resolve(turn: Turn): void;
  reject(error: unknown): void;
  unlisten(): void;
}

/** A queue with nothing in flight. */
export function createKeyQueue(parts: KeyQueueParts): KeyQueue {
  const { clock, spacing, bucket, concurrency } = parts;
  const waiters: Waiter[] = [];
  let inFlight = 0;
  let running = false;
  let wake = new AbortController();

  const poke = (): void => {
    if (running) wake.abort();
    else void pump();
  };

  const pump = async (): Promise<void> => {
    running = true;
    try {
      while (waiters.length > 0 && inFlight < concurrency) {
        const head = waiters[0] as Waiter;
        const nowMs = clock.now();
        const gate = bucket().gate(nowMs);
        const dueMs = Math.max(head.request.notBeforeMs, spacing.nextSendMs(), gate.dueMs);
        if (dueMs > head.request.deadlineMs) {
          waiters.shift();
          head.unlisten();
          const dayLayer = gate.layer !== null && isDayLayer(gate.layer) ? gate.layer : null;
          head.reject(
            dayLayer && gate.resetMs !== null && gate.dueMs >= dueMs
              ? dayQuotaError(dayLayer, gate.resetMs, head.request.attempts)
              : new PacerError(
                  'DEADLINE_EXCEEDED',
                  `the next request of this key could go only in ${Math.ceil(dueMs - nowMs)} ms, after the call's deadline`,
                  { layer: gate.dueMs >= dueMs ? gate.layer : null, attempts: head.request.attempts },
                ),
          );
          continue;
        }
        if (dueMs > nowMs) {
          wake = new AbortController();
          await clock.sleep(dueMs - nowMs, wake.signal);
          continue;
        }
        waiters.shift();
        head.unlisten();
        inFlight++;
        spacing.recordSend(nowMs);
        bucket().recordSend(nowMs);
        let released = false;
        head.resolve({
          sentMs: nowMs,
          release() {
            if (released) return;
            released = true;
            inFlight--;
            poke();
          },
        });
      }
    } finally {
      running = false;
    }
  };

  return {
    turn(request) {
      return new Promise<Turn>((resolve, reject) => {
        const { signal } = request;
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = (): void => {
          const at = waiters.indexOf(waiter);
          if (at < 0) return;
          waiters.splice(at, 1);
          reject(signal?.reason);
          poke();
        };
        const waiter: Waiter = {
          request,
          resolve,
          reject,
          unlisten: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (request.retry) {
          let at = 0;
          while (at < waiters.length && (waiters[at] as Waiter).request.retry) at++;
          waiters.splice(at, 0, waiter);
        } else waiters.push(waiter);
        poke();
      });
    },
    queued: () => waiters.length,
  };
}
