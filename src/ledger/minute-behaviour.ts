// Keap announced a rolling minute (2020) but Apigee's default quota resets at the top of the minute;
// the data decides: whichever own count tracks the server's `used` better is the model in force.
import type { CountVariant } from './ledger-types.js';
import type { MinuteBehaviour } from './ledger-report-types.js';

const MIN_SAMPLES = 10;

interface ErrorSums {
  rolling: number;
  fixed: number;
  samples: number;
}

/** Accumulates |used − own rolling 60 s| and |used − own UTC minute| per count variant for one minute layer. */
export class MinuteBehaviourDetector {
  private readonly sums: Record<CountVariant, ErrorSums> = {
    all: { rolling: 0, fixed: 0, samples: 0 },
    'excluding-429': { rolling: 0, fixed: 0, samples: 0 },
  };
  private readonly layer: 'product-minute' | 'tenant-minute';
  // Asked for per event and changed only by add(): kept until then.
  private readonly known: Record<CountVariant, MinuteBehaviour['verdict'] | null> = {
    all: null,
    'excluding-429': null,
  };

  constructor(layer: 'product-minute' | 'tenant-minute') {
    this.layer = layer;
  }

  /** Adds one reading where the log covers both the last 60 s and the current UTC minute. */
  add(variant: CountVariant, used: number, rollingCount: number, fixedCount: number): void {
    const sums = this.sums[variant];
    sums.rolling += Math.abs(used - rollingCount);
    sums.fixed += Math.abs(used - fixedCount);
    sums.samples++;
    this.known[variant] = null;
  }

  /** The verdict alone, without building the report object (called per event). */
  verdict(variant: CountVariant): MinuteBehaviour['verdict'] {
    const known = this.known[variant];
    if (known !== null) return known;
    const { rolling, fixed, samples } = this.sums[variant];
    const verdict = samples < MIN_SAMPLES ? 'undetermined' : decide(round2(rolling / samples), round2(fixed / samples));
    this.known[variant] = verdict;
    return verdict;
  }

  /** Verdict for one variant: the hypothesis whose mean error is at most half the other's, and at least 1 unit better. */
  result(variant: CountVariant): MinuteBehaviour {
    const { rolling, fixed, samples } = this.sums[variant];
    const none = { layer: null, meanAbsErrorRolling: null, meanAbsErrorFixed: null, samples, minSamples: MIN_SAMPLES };
    if (samples === 0) return { ...none, verdict: 'undetermined', code: 'NO_READINGS' };
    const meanRolling = round2(rolling / samples);
    const meanFixed = round2(fixed / samples);
    const base = { ...none, layer: this.layer, meanAbsErrorRolling: meanRolling, meanAbsErrorFixed: meanFixed };
    if (samples < MIN_SAMPLES) return { ...base, verdict: 'undetermined', code: 'TOO_FEW_READINGS' };
    const verdict = decide(meanRolling, meanFixed);
    return { ...base, verdict, code: verdict === 'undetermined' ? 'INDISTINGUISHABLE' : 'MEASURED' };
  }

  /** Whether any reading was compared. */
  hasSamples(variant: CountVariant): boolean {
    return this.sums[variant].samples > 0;
  }
}

function decide(meanRolling: number, meanFixed: number): MinuteBehaviour['verdict'] {
  const low = Math.min(meanRolling, meanFixed);
  const high = Math.max(meanRolling, meanFixed);
  if (high - low < 1 || low > high / 2) return 'undetermined';
  return meanRolling < meanFixed ? 'rolling' : 'fixed';
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
