// The pacer: paces calls to Keap per key by the SpikeArrest model, the minute/day headroom and retries by layer.
export { createPacer, type Pacer, type ScheduleOptions } from './create-pacer.js';
export { PacerError, type PacerErrorCode } from './pacer-error.js';
export type { PacerOptions, PacerMode, PacerClock, ProcessorRange } from './pacer-options.js';
export type { PacerStats, PacerKeyStats } from './pacer-stats.js';
export type { KeySpacingSnapshot, SettingSource } from './key-spacing.js';
export { pacerOptionsFromReport, type ReportPacerOptions } from './report-options.js';
