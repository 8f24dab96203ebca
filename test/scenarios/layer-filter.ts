// The best any analyser could do with a log's layer calls where a quota was full too: a particle filter over every
// processor's last accepted arrival, knowing the true setting (rate, N) and the unlogged traffic on the key, and
// reading the log as it is: own send times (the uplink's 5–30 ms unknown), which requests got through, and which
// 429s came while every quota had room (SpikeArrest's). The routing is unknown, as for anyone outside the gateway.
import { UPLINK_MS } from './clients.js';
import { createDraw, drawInt } from './prng.js';

/** One request on the key, in the order the gateway saw them (own ones by send time). */
export type FilterEvent =
  | { readonly kind: 'own'; readonly id: number; readonly sendMs: number; readonly outcome: OwnOutcome }
  | { readonly kind: 'foreign'; readonly arrivalMs: number };

/** accepted: got through; spike: a 429 while every quota had room; ambiguous: a 429 while some quota was full. */
export type OwnOutcome = 'accepted' | 'spike' | 'ambiguous';

const PARTICLES = 400;
// A 429's call may also use the rows after it (a success soon after says the processors were free): this many events.
const LAG_EVENTS = 32;

/** For each ambiguous own 429 (by id): the chance SpikeArrest rejected it, given the log up to 32 events after it. */
export function layerChancesFromLog(
  setting: { readonly rate: number; readonly processors: number; readonly seed: number },
  events: readonly FilterEvent[],
): Map<number, number> {
  const n = setting.processors;
  const intervalMs = (n * 1000) / setting.rate;
  const draw = createDraw(setting.seed, 'layer-filter');
  let last: Float64Array[] = Array.from({ length: PARTICLES }, () =>
    new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
  );
  let weights: Float64Array = new Float64Array(PARTICLES).fill(1 / PARTICLES);
  const chances = new Map<number, number>();
  const free: number[] = [];
  // Per particle, whether SpikeArrest rejected each of the last LAG_EVENTS ambiguous 429s (a ring), copied on resampling.
  let rejectedBy: Uint8Array[] = Array.from({ length: PARTICLES }, () => new Uint8Array(LAG_EVENTS + 1));
  const waiting: { id: number; slot: number; eventIndex: number }[] = [];
  let ambiguousSeen = 0;

  const busyAt = (processors: Float64Array, arrivalMs: number): number => {
    free.length = 0;
    for (let j = 0; j < n; j++) if (!(Math.abs(arrivalMs - (processors[j] as number)) < intervalMs)) free.push(j);
    return n - free.length;
  };
  const pass = (processors: Float64Array, arrivalMs: number): void => {
    processors[free[drawInt(draw, free.length)] as number] = arrivalMs;
  };
  const settle = (upToIndex: number): void => {
    while (waiting.length > 0 && (waiting[0] as { eventIndex: number }).eventIndex <= upToIndex) {
      const { id, slot } = waiting.shift() as { id: number; slot: number };
      let mass = 0;
      for (let p = 0; p < PARTICLES; p++)
        mass += (weights[p] as number) * ((rejectedBy[p] as Uint8Array)[slot] as number);
      chances.set(id, mass);
    }
  };

  events.forEach((event, index) => {
    const ambiguous = event.kind === 'own' && event.outcome === 'ambiguous';
    const slot = ambiguousSeen % (LAG_EVENTS + 1);
    for (let p = 0; p < PARTICLES; p++) {
      const processors = last[p] as Float64Array;
      const arrivalMs =
        event.kind === 'own' ? event.sendMs + UPLINK_MS[0] + draw() * (UPLINK_MS[1] - UPLINK_MS[0]) : event.arrivalMs;
      const rejectChance = busyAt(processors, arrivalMs) / n;
      if (event.kind === 'foreign') {
        if (draw() >= rejectChance) pass(processors, arrivalMs);
        continue;
      }
      switch (event.outcome) {
        case 'accepted':
          weights[p] = (weights[p] as number) * (1 - rejectChance);
          if (free.length > 0) pass(processors, arrivalMs);
          break;
        case 'spike':
          weights[p] = (weights[p] as number) * rejectChance;
          break;
        case 'ambiguous': {
          const rejected = draw() < rejectChance;
          (rejectedBy[p] as Uint8Array)[slot] = rejected ? 1 : 0;
          if (!rejected) pass(processors, arrivalMs);
          break;
        }
      }
    }
    if (ambiguous) {
      waiting.push({ id: event.id, slot, eventIndex: index + LAG_EVENTS });
      ambiguousSeen++;
    }
    ({ last, weights, rejectedBy } = normalised(last, weights, rejectedBy, draw));
    settle(index);
  });
  settle(Number.POSITIVE_INFINITY);
  return chances;
}

// Weights summing to 1, resampled (systematically) once fewer than half the particles carry them.
function normalised(
  last: Float64Array[],
  weights: Float64Array,
  rejectedBy: Uint8Array[],
  draw: () => number,
): { last: Float64Array[]; weights: Float64Array; rejectedBy: Uint8Array[] } {
  const count = weights.length;
  let sum = 0;
  for (const weight of weights) sum += weight;
  // Every particle contradicted the log (a model mismatch): go on from where they are, equally weighted.
  if (!(sum > 0)) return { last, weights: new Float64Array(count).fill(1 / count), rejectedBy };
  let squares = 0;
  for (let p = 0; p < count; p++) {
    weights[p] = (weights[p] as number) / sum;
    squares += (weights[p] as number) ** 2;
  }
  if (1 / squares >= count / 2) return { last, weights, rejectedBy };
  const picks: number[] = [];
  const step = 1 / count;
  let target = draw() * step;
  let cumulative = 0;
  for (let p = 0; p < count && picks.length < count; p++) {
    cumulative += weights[p] as number;
    while (target < cumulative && picks.length < count) {
      picks.push(p);
      target += step;
    }
  }
  while (picks.length < count) picks.push(count - 1);
  return {
    last: picks.map((p) => Float64Array.from(last[p] as Float64Array)),
    weights: new Float64Array(count).fill(step),
    rejectedBy: picks.map((p) => Uint8Array.from(rejectedBy[p] as Uint8Array)),
  };
}
