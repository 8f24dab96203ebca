import type { ThrottleReport } from './attribute/throttle-analysis.js';
import type { ErrorsOnlyReport } from './errors-only/index.js';
import type { LedgerReport } from './ledger/index.js';
import type { ProfileChoice } from './policy/infer-profile.js';
import type { InputSummary } from './summary/input-tally.js';

/** Everything an analysis found, as plain data; renderers turn it into text. */
export interface Report {
  readonly schemaVersion: 1;
  readonly input: InputSummary;
  readonly profile: ProfileChoice;
  readonly ledger: LedgerReport;
  readonly throttling: ThrottleReport;
  /** What the throttled responses alone tell (clusters, fault rates, what to log next); null without any. */
  readonly errorsOnly: ErrorsOnlyReport | null;
}
