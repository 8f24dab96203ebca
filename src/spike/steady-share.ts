import { runEffectiveCount } from './effective-count.js';
import { createRandom, type Random } from './prng.js';

// An errors-only log of a steady client still shows what share of its requests SpikeArrest rejected, and each
// (rate, N) predicts that share for the client's spacing: the share weighs the cells where no accepted request was
// logged to fit them with.

/** A steady client's requests as its logged errors show them. */
export interface SteadyTrain {
  readonly spacingMs: number;
  readonly sent: number;
  readonly rejected: number;
}

/** One cell's weight from the share (natural log, 0 for a perfect fit). */
export interface CellWeight {
  readonly rate: number;
  readonly processors: number;
  readonly logWeight: number;
}

// The jitter a steady client's gaps may have (± this share of the spacing, uniform): unknown, so every level counts.
const JITTER_LEVELS = [0.05, 0.15, 0.3] as const;
const SIMULATED_SENDS = 4000;
// How far the steady-client model itself may be off in the share (bursts, pauses, the uplink's delay).
const MODEL_ERROR = 0.03;

/** The share of a steady client's requests the effective-count gateway rejects at (rate, N), per jitter level. */
export function steadyRejectedShares(spacingMs: number, rate: number, processors: number): number[] {
  return JITTER_LEVELS.map((jitter, level) => {
    const sends = steadySends(spacingMs, jitter, createRandom(101 + level));
    const outcomes = runEffectiveCount(sends, { rate, unit: 'second', processors, seed: 1 + level });
    return outcomes.rejected / SIMULATED_SENDS;
  });
}

// A steady client's send times, each gap the spacing ± `jitter` of it.
function* steadySends(spacingMs: number, jitter: number, random: Random): Generator<number> {
  let tMs = 0;
  for (let sent = 0; sent < SIMULATED_SENDS; sent++) {
    yield tMs;
    tMs += spacingMs * (1 + jitter * (2 * random() - 1));
  }
}

/** Each cell's weight: how well its predicted share matches the share a train shows (each reading of it as likely). */
export function steadyShareWeights(
  trains: readonly SteadyTrain[],
  rates: readonly number[],
  processors: readonly number[],
): CellWeight[] {
  const readable = trains.filter((train) => train.sent > 0 && train.spacingMs > 0);
  if (readable.length === 0) return [];
  const weights: CellWeight[] = [];
  for (const rate of rates) {
    for (const n of processors) {
      let total = 0;
      for (const train of readable) total += Math.exp(fitOf(train, rate, n));
      weights.push({ rate, processors: n, logWeight: Math.log(total / readable.length) });
    }
  }
  return weights;
}

// A Gaussian log weight (0 at a perfect fit) of the share seen against the share (rate, N) predicts at its spacing.
function fitOf(train: SteadyTrain, rate: number, processors: number): number {
  const observed = Math.min(1, train.rejected / train.sent);
  // The share counted is itself a sample; never narrower than one request in the train.
  const sampling = Math.max(observed * (1 - observed), 1 / train.sent) / train.sent;
  const shares = steadyRejectedShares(train.spacingMs, rate, processors);
  const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
  const spread = shares.reduce((sum, share) => sum + (share - mean) ** 2, 0) / shares.length;
  const simulation = (mean * (1 - mean)) / SIMULATED_SENDS;
  const variance = sampling + MODEL_ERROR ** 2 + spread + simulation;
  return -((observed - mean) ** 2) / (2 * variance);
}
