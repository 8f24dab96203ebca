import { spikeOutcome } from './attribute/spike-outcome.js';
import { ALL_KEYS, NO_KEY, type ThrottleLayer } from './attribute/vocabulary.js';
import type { ZoneSpec } from './normalise/time-zone.js';
import {
  createRejectionPredictor,
  createRepacer,
  type Pacing,
  type RejectionPredictor,
  type Repacer,
  type Routing,
} from './spike/index.js';
import type { AnalysisInput } from './timeline/timeline-of.js';
import { timelineOf } from './timeline/timeline-of.js';

/** The SpikeArrest setting a replay runs against, and where each number came from. */
export interface SimulationModel {
  readonly rate: number;
  readonly processors: number;
  /** How the gateway's load balancer spreads requests over processors. */
  readonly routing: Routing;
  readonly rateFrom: string;
  readonly processorsFrom: string;
}

/** Predicted 429s for one key (or all keys, `*`), as logged and under the new pacing. */
export interface SimulatedKey {
  readonly key: string;
  readonly requests: number;
  /** 429s in the log that SpikeArrest rejected (by the analysis' layer verdicts). */
  readonly observedThrottled: number;
  readonly asLogged: { readonly expected: number; readonly simulated: number };
  readonly repaced: { readonly expected: number; readonly simulated: number };
  /** How much later requests would go out under the new pacing (ms). */
  readonly addedDelayMs: { readonly mean: number; readonly max: number };
  /** Time from the first to the last send, as logged and as repaced (ms). */
  readonly spanMs: { readonly asLogged: number; readonly repaced: number };
}

/** What `simulate` found. */
export interface SimulationReport {
  readonly schemaVersion: 1;
  readonly model: SimulationModel;
  readonly pacing: Pacing;
  readonly seed: number;
  readonly total: SimulatedKey;
  readonly keys: readonly SimulatedKey[];
}

interface KeyState {
  requests: number;
  observedThrottled: number;
  readonly logged: RejectionPredictor;
  readonly repaced: RejectionPredictor;
  readonly pacer: Repacer;
  delaySum: number;
  delayMax: number;
  first: number;
  lastLogged: number;
  lastSent: number;
}

/** Replays each key's requests through the effective-count model as logged and under `pacing` (streaming). */
export async function simulate(
  inputs: readonly AnalysisInput[],
  options: {
    zone: ZoneSpec | null;
    status?: number | null;
    model: SimulationModel;
    pacing: Pacing;
    seed?: number;
    /** The analysis' layer per throttled row, by `file:line`. */
    layers: ReadonlyMap<string, ThrottleLayer>;
  },
): Promise<SimulationReport> {
  const seed = options.seed ?? 1;
  const params = {
    rate: options.model.rate,
    unit: 'second' as const,
    processors: options.model.processors,
    routing: options.model.routing,
  };
  const keys = new Map<string, KeyState>();
  for await (const item of timelineOf(inputs, options.zone, options.status ?? null)) {
    if (item.kind !== 'event') continue;
    const event = item.event;
    const outcome = spikeOutcome(event, options.layers.get(`${event.source.file}:${event.source.line}`) ?? null);
    if (outcome === 'unobserved') continue;
    const key = event.keyId ?? NO_KEY;
    let state = keys.get(key);
    if (!state) {
      // Each key gets its own seeded routing so adding a key does not change another key's draw.
      const keySeed = seed + keys.size * 7919;
      state = {
        requests: 0,
        observedThrottled: 0,
        logged: createRejectionPredictor(params, keySeed),
        repaced: createRejectionPredictor(params, keySeed),
        pacer: createRepacer(options.pacing),
        delaySum: 0,
        delayMax: 0,
        first: event.ts,
        lastLogged: event.ts,
        lastSent: event.ts,
      };
      keys.set(key, state);
    }
    state.requests++;
    if (outcome === 'rejected') state.observedThrottled++;
    state.logged.push(event.ts);
    const sent = state.pacer.next(event.ts);
    state.repaced.push(sent);
    state.delaySum += sent - event.ts;
    state.delayMax = Math.max(state.delayMax, sent - event.ts);
    state.lastLogged = event.ts;
    state.lastSent = sent;
  }
  const perKey = [...keys].sort(([a], [b]) => a.localeCompare(b)).map(([key, state]) => summarise(key, state));
  return { schemaVersion: 1, model: options.model, pacing: options.pacing, seed, total: combine(perKey), keys: perKey };
}

function summarise(key: string, state: KeyState): SimulatedKey {
  const logged = state.logged.result();
  const repaced = state.repaced.result();
  return {
    key,
    requests: state.requests,
    observedThrottled: state.observedThrottled,
    asLogged: { expected: round(logged.expectedRejections), simulated: logged.simulatedRejections },
    repaced: { expected: round(repaced.expectedRejections), simulated: repaced.simulatedRejections },
    addedDelayMs: { mean: round(state.requests > 0 ? state.delaySum / state.requests : 0), max: state.delayMax },
    spanMs: { asLogged: state.lastLogged - state.first, repaced: state.lastSent - state.first },
  };
}

function combine(keys: readonly SimulatedKey[]): SimulatedKey {
  const sum = (pick: (k: SimulatedKey) => number) => keys.reduce((total, k) => total + pick(k), 0);
  const requests = sum((k) => k.requests);
  return {
    key: ALL_KEYS,
    requests,
    observedThrottled: sum((k) => k.observedThrottled),
    asLogged: { expected: round(sum((k) => k.asLogged.expected)), simulated: sum((k) => k.asLogged.simulated) },
    repaced: { expected: round(sum((k) => k.repaced.expected)), simulated: sum((k) => k.repaced.simulated) },
    addedDelayMs: {
      mean: round(requests > 0 ? sum((k) => k.addedDelayMs.mean * k.requests) / requests : 0),
      max: Math.max(0, ...keys.map((k) => k.addedDelayMs.max)),
    },
    spanMs: {
      asLogged: Math.max(0, ...keys.map((k) => k.spanMs.asLogged)),
      repaced: Math.max(0, ...keys.map((k) => k.spanMs.repaced)),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
