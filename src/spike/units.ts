// Time arithmetic shared by every SpikeArrest model, so all of them compute intervals identically
// (bit-for-bit equal floats are what lets N = 1 effective count equal plain smoothing exactly).

/** The two units an Apigee SpikeArrest rate can use (`ps`, `pm`). */
export type RateUnit = 'second' | 'minute';

/** Milliseconds in one rate unit: 1000 for 'second', 60000 for 'minute'. */
export function unitMs(unit: RateUnit): number {
  return unit === 'second' ? 1000 : 60_000;
}

/** One processor's smoothing interval in ms: processors × unit ÷ rate (25ps on 6 processors → 240). */
export function perProcessorIntervalMs(rate: number, unit: RateUnit, processors = 1): number {
  return (processors * unitMs(unit)) / rate;
}

/** Whether a rate/processor pair is usable: finite positive rate and a positive integer processor count. */
export function isValidRateParams(rate: number, processors = 1): boolean {
  return Number.isFinite(rate) && rate > 0 && Number.isInteger(processors) && processors >= 1;
}
