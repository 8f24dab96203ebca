import type { MockGateway, PacerClock } from '../../src/index.js';
import { startMockGateway } from '../../src/index.js';
import { perProcessorIntervalMs } from '../../src/spike/units.js';

/** The workload: 25/s over 6 processors (240 ms per processor), an OAuth-sized minute and day. */
export const WORKLOAD = {
  rate: 25,
  processors: 6,
  perMinute: 1500,
  perDay: 150_000,
  requests: 300,
  callers: 20,
} as const;
export const PROCESSOR_MS = perProcessorIntervalMs(WORKLOAD.rate, 'second', WORKLOAD.processors);

/**
 * One clock for the gateway and the pacer that runs `scale` times faster than real time, so 300
 * requests 240 ms apart take under half a minute. A timer fires up to a millisecond late, which
 * the scale would multiply: sleeps end on a timer a millisecond short, then on setImmediate turns.
 */
export function scaledClock(scale: number, startMs = Date.UTC(2026, 2, 3, 12)): PacerClock {
  const realStart = performance.now();
  return {
    now: () => startMs + (performance.now() - realStart) * scale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const until = performance.now() + Math.max(0, ms) / scale;
        let timer: NodeJS.Timeout | undefined;
        let turn: NodeJS.Immediate | undefined;
        const done = (): void => {
          clearTimeout(timer);
          if (turn) clearImmediate(turn);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const spin = (): void => {
          if (performance.now() >= until) done();
          else turn = setImmediate(spin);
        };
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', done, { once: true });
        const realMs = until - performance.now();
        if (realMs > 2) timer = setTimeout(spin, realMs - 1);
        else spin();
      }),
  };
}

/** What the gateway saw of one run: every admission in order. */
export interface GatewayLog {
  readonly gateway: MockGateway;
  readonly admissions: { keyId: string; atMs: number; verdict: string }[];
}

/** A mock gateway on the clock, recording each admission. */
export async function gatewayOn(
  clock: PacerClock,
  options: Parameters<typeof startMockGateway>[0] = {},
): Promise<GatewayLog> {
  const admissions: GatewayLog['admissions'] = [];
  const gateway = await startMockGateway({
    rate: WORKLOAD.rate,
    processors: WORKLOAD.processors,
    perMinute: WORKLOAD.perMinute,
    perDay: WORKLOAD.perDay,
    seed: 7,
    ...options,
    now: clock.now,
    onAdmission: (admission) => admissions.push({ ...admission }),
  });
  return { gateway, admissions };
}

/** `callers` concurrent loops sharing `requests` calls; returns each call's status and the elapsed clock ms. */
export async function runCallers(
  clock: PacerClock,
  requests: number,
  callers: number,
  call: (index: number) => Promise<number>,
): Promise<{ statuses: number[]; elapsedMs: number }> {
  const statuses: number[] = [];
  let next = 0;
  const startMs = clock.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < requests) {
        const index = next++;
        statuses[index] = await call(index);
      }
    }),
  );
  return { statuses, elapsedMs: clock.now() - startMs };
}

/** Gaps (ms) between consecutive arrivals of one key at the gateway. */
export function arrivalGaps(log: GatewayLog, keyId?: string): number[] {
  const times = log.admissions.filter((a) => keyId === undefined || a.keyId === keyId).map((a) => a.atMs);
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

/** The q-quantile (0–1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
