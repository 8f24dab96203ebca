// Whether this log's SpikeArrest 429s come without counters while its quota 429s carry them: the quota policies
// add the headers, and SpikeArrest rejects before they run. Where the log shows that split, a 429's counters name its layer.
import { COUNTER_JITTER_UNITS } from '../ledger/index.js';
import type { Attribution } from './attribution-types.js';
import { firstExhausted } from './counters-left.js';

/** The split as the log shows it: quota 429s read empty on the response itself, and no 429 read room there. */
export interface CounterSignature {
  /** 429s whose own counters named an empty quota (and how many read room, which SpikeArrest's would). */
  readonly quota429sWithCounters: number;
  readonly spike429sWithCounters: number;
  /** 429s without counters on the response. */
  readonly bare429s: number;
}

// Fewer quota 429s with counters than this say too little about what the log's 429s carry.
const MIN_QUOTA_429S_WITH_COUNTERS = 5;
// A lagging counter may read a few left on a quota 429 now and then; more than this share of room readings means spike 429s carry counters.
const ROOM_READINGS_TOLERATED = 0.05;

/** Counts the log's 429s as they are decided; `current()` is the signature so far, or null while the log does not show it. */
export function createSignatureTracker() {
  let quota429sWithCounters = 0;
  let spike429sWithCounters = 0;
  let bare429s = 0;
  return {
    add(verdict: Pick<Attribution, 'basis' | 'layer' | 'left'>, status: number): void {
      if (verdict.basis === 'fault' || status !== 429) return;
      if (verdict.basis !== 'counters-on-response') bare429s++;
      // A spike verdict on counters reading a little room (none read empty) is the one the signature decides: it counts
      // for neither side.
      else if (verdict.layer === 'spike' && firstExhausted(verdict.left, COUNTER_JITTER_UNITS) === null)
        spike429sWithCounters++;
      else if (verdict.layer !== 'spike') quota429sWithCounters++;
    },
    current(): CounterSignature | null {
      if (quota429sWithCounters < MIN_QUOTA_429S_WITH_COUNTERS || bare429s === 0) return null;
      if (spike429sWithCounters > ROOM_READINGS_TOLERATED * quota429sWithCounters) return null;
      return { quota429sWithCounters, spike429sWithCounters, bare429s };
    },
  };
}
