export { createErrorsOnlyAnalysis, type ErrorsOnlyOptions } from './errors-only-analysis.js';
export type * from './errors-only-report.js';
