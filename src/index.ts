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
export { renderJson, renderJsonPieces } from './render/json.js';
export { memoryStores, type RecordStore, type RecordStoreFactory } from './attribute/record-store.js';
export type { AttributionList } from './attribute/throttle-analysis.js';
export { fileStores } from './spool/file-store.js';
export { workerFitters } from './parallel/worker-fitter.js';
export { renderMarkdown, type MarkdownOptions } from './render/markdown.js';
export { renderHtml, type ChartAssets, type HtmlOptions } from './render/html.js';
export { renderTable, type TableOptions } from './render/table.js';
export { judgeRules, FAIL_ON_REASONS, type GateRules, type GateResult, type RuleResult } from './gate/rules.js';
export type { Report, RunInfo, InputDigest, CommandName } from './report.js';
export type { InputSummary } from './summary/input-tally.js';
export type * from './types.js';
export {
  startMockGateway,
  MOCK_GATEWAY_DEFAULTS,
  type MockGateway,
  type MockGatewayOptions,
  type MockGatewayStats,
  type GatewayLimits,
  type GatewayVerdict,
} from './gateway/index.js';
export {
  createCaptureLog,
  openCaptureLog,
  captureFetch,
  captureAxios,
  captureLine,
  startRecordingProxy,
  type CaptureLine,
  type CaptureLog,
  type CaptureLogOptions,
  type Exchange,
  type AxiosLike,
  type RecordingProxy,
  type RecordingProxyOptions,
} from './capture/index.js';
export {
  createPacer,
  PacerError,
  pacerOptionsFromReport,
  type Pacer,
  type ScheduleOptions,
  type PacerErrorCode,
  type PacerOptions,
  type PacerMode,
  type PacerClock,
  type ProcessorRange,
  type PacerStats,
  type PacerKeyStats,
  type KeySpacingSnapshot,
  type SettingSource,
  type ReportPacerOptions,
} from './pacer/index.js';
