// A SpikeFitter whose binning runs on a worker thread: the main thread keeps each key's own requests (the gap
// questions are asked while streaming) and sends every observation on in batches; result() waits for the worker's
// evidence and makes the same posterior the in-process fitter would. A log with fewer observations than one batch
// is counted in-process at the end: a thread would cost more than it saves.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  createSpikeFitter,
  posteriorOfEvidence,
  type FitEvidence,
  type SpikeFitOptions,
  type SpikeFitter,
  type SpikeFitterFactory,
  unpackEvidence,
} from '../spike/index.js';
import {
  BATCH,
  DONE,
  encodeObservation,
  FIELDS,
  IN_FLIGHT,
  MAX_IN_FLIGHT,
  replayBatch,
  type FromWorker,
  type ToWorker,
  type WorkerStart,
} from './fit-protocol.js';

// At most 8 batches of 8,192 are ever outstanding (well under a second of counting): a thread silent this long is dead.
const ANSWER_TIMEOUT_MS = 2 * 60_000;
// Run from source (tests under a TypeScript loader) a worker cannot load the .ts file: the binning stays in-process.
const WORKER_URL = new URL('./fit-worker.js', import.meta.url);
const CAN_START_WORKER = import.meta.url.endsWith('.js');

/** Fitters that count their bins on a worker thread (one per fitter), once the log has more than a batch. */
export const workerFitters: SpikeFitterFactory = (options) => createWorkerFitter(options);

/** Where full batches go: a thread, or (run from source) a fitter in this one. */
interface Counter {
  send(keys: string[], data: Float64Array<ArrayBuffer>, count: number): void;
  evidence(): FitEvidence;
}

function createWorkerFitter(options: SpikeFitOptions): SpikeFitter {
  // The options are checked here, where a RangeError belongs, before any thread starts.
  const shadow = createSpikeFitter({ ...options, countBins: false });
  const keyIndex = new Map<string, number>();
  const allKeys: string[] = [];
  let newKeys: string[] = [];
  let data: Float64Array<ArrayBuffer> = new Float64Array(BATCH * FIELDS);
  let count = 0;
  let counter: Counter | null = null;
  // A thread answers once: later calls get the same evidence (nothing is observed after the end of the log).
  let answered: FitEvidence | null = null;

  const flush = (): void => {
    counter ??= (CAN_START_WORKER ? startWorker(options) : null) ?? localCounter(options, allKeys);
    counter.send(newKeys, data, count);
    newKeys = [];
    data = new Float64Array(BATCH * FIELDS);
    count = 0;
  };

  return {
    observe(observation) {
      shadow.observe(observation);
      let index = keyIndex.get(observation.key);
      if (index === undefined) {
        index = keyIndex.size;
        keyIndex.set(observation.key, index);
        allKeys.push(observation.key);
        newKeys.push(observation.key);
      }
      encodeObservation(data, count, index, observation);
      count++;
      if (count === BATCH) flush();
    },
    recentAcceptedGaps: (key, tMs, limit) => shadow.recentAcceptedGaps(key, tMs, limit),
    recentPassedGaps: (key, tMs, limit) => shadow.recentPassedGaps(key, tMs, limit),
    evidence() {
      if (answered) return answered;
      if (counter === null) {
        const local = createSpikeFitter(options);
        replayBatch(data, count, allKeys, local);
        answered = local.evidence();
      } else {
        if (count > 0 || newKeys.length > 0) flush();
        answered = counter.evidence();
      }
      return answered;
    },
    result(prior = {}) {
      return posteriorOfEvidence(options, this.evidence(), prior);
    },
  };
}

function localCounter(options: SpikeFitOptions, keys: readonly string[]): Counter {
  const fitter = createSpikeFitter(options);
  return {
    send: (_keys, data, count) => replayBatch(data, count, keys, fitter),
    evidence: () => fitter.evidence(),
  };
}

// A thread, or null where this process's Node options cannot start one (the fit then runs in this thread).
function startWorker(options: SpikeFitOptions): Counter | null {
  const flags = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const view = new Int32Array(flags);
  // Answers come on a port of their own, so they can be read synchronously (receiveMessageOnPort).
  const answers = new MessageChannel();
  const start: WorkerStart = { options: { ...options, countBins: true }, flags, answers: answers.port2 };
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: start, transferList: [answers.port2], ...workerExecArgv() });
  } catch (error) {
    // Options a worker refuses outright, such as V8 flags once the list is given explicitly.
    if ((error as { code?: string }).code === 'ERR_WORKER_INVALID_EXEC_ARGV') return null;
    throw error;
  }
  // The worker never keeps the process alive on its own; an error is reported when the answer is asked for.
  worker.unref();
  let workerError: string | null = null;
  worker.on('error', (error) => {
    workerError = error.message;
  });
  const lost = (): Error => new Error(`the fitting thread did not answer${workerError ? `: ${workerError}` : ''}`);
  return {
    send(keys, data, count) {
      // Bounded: a slow thread holds the reading back rather than letting batches pile up.
      for (let inFlight = Atomics.load(view, IN_FLIGHT); inFlight >= MAX_IN_FLIGHT;) {
        if (workerError !== null || Atomics.wait(view, IN_FLIGHT, inFlight, ANSWER_TIMEOUT_MS) === 'timed-out')
          throw lost();
        inFlight = Atomics.load(view, IN_FLIGHT);
      }
      Atomics.add(view, IN_FLIGHT, 1);
      worker.postMessage({ kind: 'batch', keys, data, count } satisfies ToWorker, [data.buffer]);
    },
    evidence() {
      worker.postMessage({ kind: 'finish' } satisfies ToWorker);
      const waited = Atomics.wait(view, DONE, 0, ANSWER_TIMEOUT_MS);
      const reply = receiveMessageOnPort(answers.port1)?.message as FromWorker | undefined;
      void worker.terminate();
      answers.port1.close();
      if (waited === 'timed-out' || !reply) throw lost();
      if (reply.kind === 'error') throw new Error(`the fitting thread failed: ${reply.message}`);
      return unpackEvidence(reply.evidence);
    },
  };
}

// A worker inherits the process's Node options, and --input-type (node --input-type=module -e …) stops a worker started
// from a file before it runs: the fit would then wait out its timeout for a thread that never began. Only then is the
// list given explicitly, since an explicit list may not hold V8 flags.
function workerExecArgv(): { execArgv?: string[] } {
  const all = process.execArgv;
  if (!all.some((option) => option === '--input-type' || option.startsWith('--input-type='))) return {};
  const kept: string[] = [];
  for (let index = 0; index < all.length; index++) {
    const option = all[index] as string;
    if (option === '--input-type') index++;
    else if (!option.startsWith('--input-type=')) kept.push(option);
  }
  return { execArgv: kept };
}
