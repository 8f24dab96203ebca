import { createRandom } from '../../src/spike/prng.js';
import { perProcessorIntervalMs } from '../../src/spike/units.js';

/** The e2e scenario: Keap's default 25/s SpikeArrest over 5 processors, one processor admitting one request per 200 ms. */
export const SCENARIO = { rate: 25, processors: 5, perMinute: 1500, perDay: 150_000, seed: 11 } as const;
/** Nominal interval 1000/rate. */
export const NOMINAL_MS = 1000 / SCENARIO.rate;
/** One processor's interval N·1000/rate. */
export const PROCESSOR_MS = perProcessorIntervalMs(SCENARIO.rate, 'second', SCENARIO.processors);

/**
 * Seeded gaps uniform in [60, 160) ms: slower than the nominal 40 ms and inside one processor's
 * 200 ms, so every 429 is smoothing; varied enough that the likelihood can tell N = 5 from 4 and 6.
 */
export function pacedGaps(count: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Math.round(60 + random() * 100));
}

/**
 * Sends one request at a time and sleeps its gap after each answer, like `sleep()` between calls.
 * Waiting after the answer (not after the send) keeps every gap the proxy and the gateway see at
 * least the intended one, however long a busy machine stalls a process.
 */
export async function runPacedClient(
  url: string,
  headers: Record<string, string>,
  gaps: readonly number[],
): Promise<number[]> {
  const statuses: number[] = [];
  for (const gap of gaps) {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    statuses.push(response.status);
    await new Promise((resolve) => setTimeout(resolve, gap));
  }
  return statuses;
}
