// Which own count the server's counters are compared with: one rule, used while streaming and at the end.
import type { CountVariant, MinuteModel } from './ledger-types.js';
import type { CountedRequestsCode, MinuteBehaviour } from './ledger-report-types.js';
import type { MinuteBehaviourDetector } from './minute-behaviour.js';
import type { RejectedCountDetector } from './rejected-count-detector.js';

/** The detectors the rules read. */
export interface CountingEvidence {
  readonly productRejected: RejectedCountDetector;
  readonly tenantRejected: RejectedCountDetector;
  readonly productMinuteBehaviour: MinuteBehaviourDetector;
  readonly tenantMinuteBehaviour: MinuteBehaviourDetector;
  /** 429s seen so far (counted or not). */
  readonly rejectedRequests: number;
}

/** The detector that decides whether 429s count: product-day, or tenant-day when only it saw 429s. */
export function rejectedDetector(evidence: CountingEvidence): RejectedCountDetector {
  const { productRejected, tenantRejected } = evidence;
  return productRejected.rejectedSeen > 0 || tenantRejected.rejectedSeen === 0 ? productRejected : tenantRejected;
}

/** Own requests compared with `used`: 429s are counted only once the data says the server counts them. */
export function countedRequests(evidence: CountingEvidence): CountedRequests {
  if (evidence.rejectedRequests === 0) return NO_429S;
  const verdict = rejectedDetector(evidence).verdict();
  if (verdict === 'undetermined') return ASSUMED_NOT_COUNTED;
  return verdict === 'yes' ? COUNTED : NOT_COUNTED;
}

/** Which own requests are compared, and why. */
export interface CountedRequests {
  readonly variant: CountVariant;
  readonly code: CountedRequestsCode;
}

// Asked for on every event: the four possible answers are made once.
const NO_429S: CountedRequests = { variant: 'excluding-429', code: 'NO_429S' };
const ASSUMED_NOT_COUNTED: CountedRequests = { variant: 'excluding-429', code: 'ASSUMED_NOT_COUNTED' };
const COUNTED: CountedRequests = { variant: 'all', code: 'MEASURED' };
const NOT_COUNTED: CountedRequests = { variant: 'excluding-429', code: 'MEASURED' };

/** Whether the count variant in force is still a guess (429s seen, their counting not determined). */
export function countingUndetermined(evidence: CountingEvidence): boolean {
  return countedRequests(evidence).code === 'ASSUMED_NOT_COUNTED';
}

/** The minute layer whose behaviour decides: product-minute unless it is undetermined and tenant-minute is not. */
export function decidingMinuteDetector(evidence: CountingEvidence, variant: CountVariant): MinuteBehaviourDetector {
  const { productMinuteBehaviour: product, tenantMinuteBehaviour: tenant } = evidence;
  if (product.verdict(variant) !== 'undetermined') return product;
  if (tenant.verdict(variant) !== 'undetermined') return tenant;
  return product.hasSamples(variant) || !tenant.hasSamples(variant) ? product : tenant;
}

/** Minute model in force: rolling (as Keap announced) unless the data says fixed UTC minutes. */
export function minuteModel(
  evidence: CountingEvidence,
  variant: CountVariant,
): { readonly model: MinuteModel; readonly code: 'MEASURED' | 'ASSUMED_ROLLING' } {
  const verdict = decidingMinuteDetector(evidence, variant).verdict(variant);
  if (verdict === 'undetermined') return ASSUMED_ROLLING;
  return verdict === 'fixed' ? MEASURED_FIXED : MEASURED_ROLLING;
}

const ASSUMED_ROLLING = { model: 'rolling-60s', code: 'ASSUMED_ROLLING' } as const;
const MEASURED_FIXED = { model: 'utc-minute', code: 'MEASURED' } as const;
const MEASURED_ROLLING = { model: 'rolling-60s', code: 'MEASURED' } as const;

/** The minute behaviour reported: the deciding detector's result. */
export function minuteBehaviour(evidence: CountingEvidence, variant: CountVariant): MinuteBehaviour {
  return decidingMinuteDetector(evidence, variant).result(variant);
}
