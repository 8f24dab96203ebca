// Public library API: import { analyze } from 'keap-throttle'. No side effects on import.
export { analyze, type AnalysisInput, type AnalyzeOptions } from './analyze.js';
export { ERROR_CATALOGUE, KeapThrottleError, isKeapThrottleError, type ErrorCode } from './errors.js';
export { openInput, type OpenedInput } from './read/open-input.js';
export { sniffInput, type SniffedInput } from './read/read-input.js';
export { createNormaliser } from './normalise/normalise.js';
export { readCounters } from './normalise/counters.js';
export { readBody } from './normalise/body.js';
export { parseMessageRate } from './normalise/message-rate.js';
export { parseTimestamp } from './normalise/timestamp.js';
export { parseZone } from './normalise/time-zone.js';
export { BUILT_IN_PROFILES, findProfile } from './policy/profiles.js';
export { createProfileDetector, type ProfileChoice } from './policy/infer-profile.js';
export { renderJson } from './render/json.js';
export type { Report } from './report.js';
export type { InputSummary } from './summary/input-tally.js';
export type * from './types.js';
