// What the main thread and the fitting thread say to each other: the fitter's options, then batches of
// observations (seven numbers each, the keys named once), then a request for the evidence.
import type { MessagePort } from 'node:worker_threads';
import {
  newObservationRecord,
  type PackedFitEvidence,
  type SpikeFitOptions,
  type SpikeFitter,
  type SpikeObservation,
} from '../spike/index.js';

/** Numbers per observation: key index, time, outcome, others' rate known (1/0), others' rate, resolution, steady (1/0). */
export const FIELDS = 7;
/** Observations per batch sent. */
export const BATCH = 8192;
/** Batches sent but not yet counted, at most: past it the main thread waits, so memory stays bounded. */
export const MAX_IN_FLIGHT = 8;

export const OUTCOMES = ['accepted', 'rejected', 'passed', 'held'] as const;

/** Slots of the shared Int32Array. */
export const DONE = 0;
export const IN_FLIGHT = 1;

/** Main → worker. */
export type ToWorker =
  | { readonly kind: 'batch'; readonly keys: readonly string[]; readonly data: Float64Array; readonly count: number }
  | { readonly kind: 'finish' };

/** Worker → main, once asked: the evidence (its bins as columns, transferred), or why the worker could not count it. */
export type FromWorker =
  | { readonly kind: 'evidence'; readonly evidence: PackedFitEvidence }
  | { readonly kind: 'error'; readonly message: string };

/** What the worker starts with. */
export interface WorkerStart {
  readonly options: SpikeFitOptions;
  /** DONE: set to 1 when the answer is posted; IN_FLIGHT: batches not yet counted (the main thread waits on both). */
  readonly flags: SharedArrayBuffer;
  /** Where the answer is posted. */
  readonly answers: MessagePort;
}

/** Writes one observation at row `row` of a batch. */
export function encodeObservation(
  data: Float64Array,
  row: number,
  keyIndex: number,
  observation: SpikeObservation,
): void {
  const at = row * FIELDS;
  data[at] = keyIndex;
  data[at + 1] = observation.tMs;
  data[at + 2] = OUTCOMES.indexOf(observation.outcome);
  data[at + 3] = observation.foreignPerSecond === null ? 0 : 1;
  data[at + 4] = observation.foreignPerSecond ?? 0;
  data[at + 5] = observation.resolutionMs;
  data[at + 6] = observation.spreadSteady ? 1 : 0;
}

/** Feeds the first `count` rows of a batch to a fitter, in order (keys: every key named so far, by index). */
export function replayBatch(data: Float64Array, count: number, keys: readonly string[], fitter: SpikeFitter): void {
  const observation = newObservationRecord();
  for (let row = 0; row < count; row++) {
    const at = row * FIELDS;
    observation.key = keys[data[at] as number] as string;
    observation.tMs = data[at + 1] as number;
    observation.outcome = OUTCOMES[data[at + 2] as number] as SpikeObservation['outcome'];
    observation.foreignPerSecond = data[at + 3] === 1 ? (data[at + 4] as number) : null;
    observation.resolutionMs = data[at + 5] as number;
    observation.spreadSteady = data[at + 6] === 1;
    fitter.observe(observation);
  }
}
