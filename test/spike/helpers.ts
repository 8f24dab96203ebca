import { createRandom } from '../../src/spike/index.js';

/** Ascending times (ms) with exponential gaps of the given mean, rounded to whole ms, from a seed. */
export function poissonTimes(seed: number, count: number, meanGapMs: number): number[] {
  const random = createRandom(seed);
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += Math.round(-Math.log(1 - random()) * meanGapMs);
    out.push(t);
  }
  return out;
}

/** count times spaced exactly stepMs apart from 0. */
export function steadyTimes(count: number, stepMs: number): number[] {
  return Array.from({ length: count }, (_, i) => i * stepMs);
}
