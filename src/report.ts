import type { ThrottleReport } from './attribute/throttle-analysis.js';
import type { ErrorsOnlyReport } from './errors-only/index.js';
import type { ThrottledDetails } from './details/throttled-details.js';
import type { GateResult } from './gate/rules.js';
import type { LedgerReport } from './ledger/index.js';
import type { ZoneSpec } from './normalise/time-zone.js';
import type { ProfileChoice } from './policy/infer-profile.js';
import type { Series } from './series/index.js';
import type { InputSummary } from './summary/input-tally.js';

/** The command that produced a report. */
export type CommandName = 'analyze' | 'check' | 'simulate';

/** One input as read: its bytes' SHA-256 (hashed while streaming, by the CLI) and size. */
export interface InputDigest {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** How the report was made: filled in by the CLI (the library leaves it null). */
export interface RunInfo {
  readonly command: CommandName;
  readonly tool: { readonly name: 'keap-throttle'; readonly version: string };
  /** The arguments as given, with anything that looks like a credential replaced. */
  readonly argv: readonly string[];
  readonly inputs: readonly InputDigest[];
  /** The --tz zone, also used to show times beside UTC; null when not given. */
  readonly zone: ZoneSpec | null;
  /** The --fail-on / check rules and whether they held; null when none was given. */
  readonly gate: GateResult | null;
}

/** Everything an analysis found, as plain data; renderers turn it into text. */
export interface Report {
  readonly schemaVersion: 1;
  readonly run: RunInfo | null;
  readonly input: InputSummary;
  readonly profile: ProfileChoice;
  readonly ledger: LedgerReport;
  readonly throttling: ThrottleReport;
  /** What the throttled responses alone tell (clusters, fault rates, what to log next); null without any. */
  readonly errorsOnly: ErrorsOnlyReport | null;
  /** Traffic over time and the spacing histogram, downsampled for drawing. */
  readonly series: Series;
  /** Request ids, faults and counters around the first throttled responses. */
  readonly details: ThrottledDetails;
}
