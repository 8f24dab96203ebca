// The fitting thread: counts the SpikeArrest evidence for the observations the main thread sends, so the binning
// (most of the fit's cost) runs beside the reading and the ledger.
import { parentPort, workerData } from 'node:worker_threads';
import { createSpikeFitter } from '../spike/index.js';
import { DONE, IN_FLIGHT, replayBatch, type FromWorker, type ToWorker, type WorkerStart } from './fit-protocol.js';

const start = workerData as WorkerStart;
const flags = new Int32Array(start.flags);
const fitter = createSpikeFitter({ ...start.options, countBins: true });
const keys: string[] = [];
let failure: string | null = null;

const answer = (message: FromWorker, transfer: ArrayBuffer[] = []): void => {
  start.answers.postMessage(message, transfer);
  Atomics.store(flags, DONE, 1);
  Atomics.notify(flags, DONE);
};

parentPort?.on('message', (message: ToWorker) => {
  if (message.kind === 'finish') {
    if (failure !== null) answer({ kind: 'error', message: failure });
    else {
      try {
        // Columns handed over, not a Map of every bin copied: the copy on each side had set the run's peak.
        const evidence = fitter.packedEvidence();
        answer(
          { kind: 'evidence', evidence },
          evidence.bins.flatMap((bins) => [bins.keys.buffer, bins.counts.buffer]),
        );
      } catch (error) {
        answer({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
    return;
  }
  try {
    if (failure === null) {
      for (const key of message.keys) keys.push(key);
      replayBatch(message.data, message.count, keys, fitter);
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    Atomics.sub(flags, IN_FLIGHT, 1);
    Atomics.notify(flags, IN_FLIGHT);
  }
});
