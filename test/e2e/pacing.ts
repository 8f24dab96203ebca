import { createRandom } from '../../src/spike/prng.js';

/** The e2e scenario: Keap's default 25/s SpikeArrest over 5 processors, one processor admitting one request per 200 ms. */
export const SCENARIO = { rate: 25, processors: 5, perMinute: 1500, perDay: 150_000, seed: 11 } as const;
/** Nominal interval 1000/rate. */
export const NOMINAL_MS = 1000 / SCENARIO.rate;
/** One processor's interval N·1000/rate. */
export const PROCESSOR_MS = (SCENARIO.processors * 1000) / SCENARIO.rate;

/**
 * Seeded gaps uniform in [60, 160) ms: always slower than the nominal 40 ms (with 20 ms to spare
 * for a busy machine) and always inside one processor's 200 ms, so every 429 is smoothing; varied
 * enough that the likelihood can tell N = 5 from 4 and 6.
 */
export function pacedGaps(count: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Math.round(60 + random() * 100));
}

/** Sends `count` requests one at a time, each at least its gap after the previous send; returns the statuses. */
export async function runPacedClient(
  url: string,
  headers: Record<string, string>,
  gaps: readonly number[],
): Promise<number[]> {
  const statuses: number[] = [];
  let lastSent = -Infinity;
  for (const gap of gaps) {
    const wait = lastSent + gap - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSent = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}
