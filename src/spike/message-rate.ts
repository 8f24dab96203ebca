import type { MessageRate } from '../types.js';
import type { RateUnit } from './units.js';

// Apigee prints each message processor's own share as `MessageRate{…}` (Java toString), so the
// fault string reveals both the configured Rate and the live processor count N (domain §3.3).

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60_000_000;

/** The `MessageRate{…}` found anywhere in a text (parsed where bodies are read). */
export { parseMessageRate } from '../normalise/message-rate.js';

/** What a MessageRate says about the policy: configured rate and unit, processor count N, burst, intervals in ms. */
export interface MessageRateReading {
  /** Configured Rate (messagesPerPeriod), per `unit`. */
  readonly rate: number;
  /** 'second' when the period is under 60 s, else 'minute'. */
  readonly unit: RateUnit;
  /** N = period ÷ unit; may be fractional for an odd period (see processorsWhole). */
  readonly processors: number;
  readonly processorsWhole: boolean;
  /** maxBurstMessageCount as printed. */
  readonly burst: number;
  /** Burst predicted by the 10 % rule, max(1, 0.1 × rate ÷ N) (domain §3.3). */
  readonly tenPercentBurst: number;
  /** One processor's interval in ms: period ÷ rate (25 per 6 s → 240). */
  readonly perProcessorIntervalMs: number;
  /** The configured rate's nominal interval in ms: unit ÷ rate (25ps → 40). */
  readonly nominalIntervalMs: number;
}

/** Reads rate, unit, N, burst and the per-processor interval (ms) out of a parsed MessageRate. */
export function readMessageRate(mr: MessageRate): MessageRateReading {
  // A whole minute or more can only come from a per-minute rate in practice (N ≥ 60 is implausible).
  const unit: RateUnit = mr.periodMicros < MICROS_PER_MINUTE ? 'second' : 'minute';
  const unitMicros = unit === 'second' ? MICROS_PER_SECOND : MICROS_PER_MINUTE;
  const processors = mr.periodMicros / unitMicros;
  const rate = mr.messagesPerPeriod;
  return {
    rate,
    unit,
    processors,
    processorsWhole: Number.isInteger(processors),
    burst: mr.maxBurst,
    tenPercentBurst: Math.max(1, (0.1 * rate) / processors),
    perProcessorIntervalMs: mr.periodMicros / 1000 / rate,
    nominalIntervalMs: unitMicros / 1000 / rate,
  };
}
