import type { ThrottleReport } from './attribute/throttle-analysis.js';
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
}
