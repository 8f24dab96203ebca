// Everything the ledger holds between events, shared by the streaming ledger and the report builder.
import type { BucketIdentity } from './bucket-identity.js';
import type { CounterBucket } from './counter-bucket.js';
import type { CountingEvidence } from './counting-rules.js';
import type { LedgerOptions } from './ledger-types.js';
import type { DailyReset } from './ledger-report-types.js';
import type { MinuteBehaviourDetector } from './minute-behaviour.js';
import type { RejectedCountDetector } from './rejected-count-detector.js';
import type { SnapshotChecker } from './snapshot-check.js';
import type { SpikeKey } from './spike-key.js';

/** Everything the ledger holds, shared with the report builder. */
export interface LedgerState extends CountingEvidence {
  readonly options: Required<Omit<LedgerOptions, 'profile'>> & Pick<LedgerOptions, 'profile'>;
  readonly spikeKeys: Map<string, SpikeKey>;
  readonly productBuckets: Map<string, CounterBucket>;
  readonly tenantBuckets: Map<string, CounterBucket>;
  readonly identity: BucketIdentity;
  readonly productMinuteBehaviour: MinuteBehaviourDetector;
  readonly tenantMinuteBehaviour: MinuteBehaviourDetector;
  readonly productRejected: RejectedCountDetector;
  readonly tenantRejected: RejectedCountDetector;
  readonly checker: SnapshotChecker;
  readonly resets: DailyReset[];
  resetsOmitted: number;
  firstTs: number | null;
  lastTs: number | null;
  events: number;
  rejectedRequests: number;
}
