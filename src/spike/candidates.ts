// The SpikeArrest settings weighed when nothing names them (a fit over a log, a pacer still learning).

/** Keap's published and staff-quoted spike rates per second: 25 by default, 10 in the PAT docs, 5 for SAKs. */
export const KEAP_SPIKE_RATES: readonly number[] = [5, 10, 25];

/** Processor counts N: Keap's faults show 5–7; room above that lets a fit say when none of those fits. */
export const CANDIDATE_PROCESSORS: readonly number[] = Array.from({ length: 16 }, (_, index) => index + 1);
