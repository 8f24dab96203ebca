// `used + available` should equal `limit`; when it does not, the reading is flagged rather than trusted.
import type { CounterSnapshot, SourceRef } from '../types.js';
import type { CounterLayer } from './ledger-types.js';
import type { InconsistentExample } from './ledger-report-types.js';

const MAX_EXAMPLES = 5;

/** Counts readings where used + available ≠ limit and keeps the first few. */
export class SnapshotChecker {
  count = 0;
  mismatches = 0;
  overLimit = 0;
  readonly byLayer: Record<CounterLayer, number> = {
    'product-minute': 0,
    'product-day': 0,
    'tenant-minute': 0,
    'tenant-day': 0,
  };
  readonly examples: InconsistentExample[] = [];

  /** Checks one reading; returns false only for a mismatch (an over-limit reading is still a usable count). */
  check(layer: CounterLayer, snapshot: CounterSnapshot, ts: number, source: SourceRef): boolean {
    const { limit, used, available } = snapshot;
    if (limit === null || used === null || available === null || used + available === limit) return true;
    const kind = available <= 0 && used >= limit ? 'over-limit' : 'mismatch';
    this.count++;
    this.byLayer[layer]++;
    if (kind === 'over-limit') this.overLimit++;
    else this.mismatches++;
    if (this.examples.length < MAX_EXAMPLES)
      this.examples.push({ at: ts, source: `${source.file}:${source.line}`, layer, limit, used, available, kind });
    return kind === 'over-limit';
  }
}
