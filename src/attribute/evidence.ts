// The facts behind a verdict, as codes and numbers; render/verdict-words.ts words each one.
import type { PerCounterLayer } from '../ledger/index.js';
import type { CounterLayer } from '../ledger/index.js';
import type { SourceRef } from '../types.js';

/** Why a throttled response was blamed on its limit layer. */
export type LayerEvidence =
  | {
      readonly code: 'FAULT_SPIKE_ARREST';
      /** The fault's MessageRate read as rate per unit over N processors; null when the fault had none (or it was cut). */
      readonly rate: number | null;
      readonly unit: 'second' | 'minute' | null;
      readonly processors: number | null;
    }
  | { readonly code: 'FAULT_GATEWAY_SPIKE' }
  | { readonly code: 'FAULT_XMLRPC_THROTTLE' }
  | { readonly code: 'FAULT_QUOTA_VIOLATION'; readonly window: 'day' | 'minute' | null }
  | {
      readonly code: 'COUNTER_EXHAUSTED';
      readonly layer: CounterLayer;
      readonly header: string;
      readonly value: number;
      /** The counter was on this response, or on the neighbour named. */
      readonly neighbour: SourceRef | null;
    }
  | {
      readonly code: 'COUNTER_PROJECTED_EXHAUSTED';
      readonly layer: CounterLayer;
      readonly header: string;
      /** available on the earlier response, and own counted requests sent since. */
      readonly available: number;
      readonly ownSince: number;
      readonly neighbour: SourceRef;
    }
  | {
      readonly code: 'COUNTERS_HAVE_ROOM';
      readonly left: PerCounterLayer<number | null>;
      readonly tightestShare: number | null;
    }
  | {
      readonly code: 'NEIGHBOURS_HAVE_ROOM';
      readonly left: PerCounterLayer<number | null>;
      readonly neighbours: readonly SourceRef[];
    }
  | {
      readonly code: 'OWN_COUNT_AT_LIMIT';
      readonly layer: CounterLayer;
      readonly count: number;
      readonly limit: number;
    }
  | { readonly code: 'OWN_COUNT_BELOW_LIMITS'; readonly lastSecond: number; readonly spikeRate: number }
  | { readonly code: 'NO_COUNTERS_ON_THIS_429'; readonly countersElsewhere: boolean }
  | { readonly code: 'WINDOW_ALREADY_EMPTY'; readonly layer: CounterLayer }
  | { readonly code: 'WINDOW_EMPTY_NEXT'; readonly layer: CounterLayer }
  | {
      readonly code: 'SPIKE_REJECTS_FIRST';
      /** The quota window that was empty too, and how likely SpikeArrest was to reject the request anyway. */
      readonly quota: CounterLayer;
      readonly probability: number;
    }
  | {
      readonly code: 'BARE_LIKE_SPIKE_429S';
      /** The quota window that looked empty, and the log's 429s that carried counters: quota ones, and ones reading room. */
      readonly quota: CounterLayer;
      readonly quota429sWithCounters: number;
      readonly spike429sWithCounters: number;
    }
  | {
      readonly code: 'COUNTERS_LIKE_QUOTA_429S';
      /** The quota counter that read a little room, what it read, and the log's 429s with counters and bare ones. */
      readonly quota: CounterLayer;
      readonly left: number;
      readonly quota429sWithCounters: number;
      readonly bare429s: number;
    }
  | {
      readonly code: 'NO_SPIKE_CAUSE';
      /** The quota counter that read a little room and what it read; how likely SpikeArrest could reject it at all. */
      readonly quota: CounterLayer;
      readonly left: number;
      readonly possible: number;
    }
  | { readonly code: 'NO_EVIDENCE' };

/** Why a throttled response got its explanation (a)–(e). */
export type ExplanationEvidence =
  | {
      readonly code: 'ABOVE_NOMINAL';
      readonly gapMs: number | null;
      readonly nominalMs: number;
      readonly lastSecond: number;
      readonly rate: number;
    }
  | {
      readonly code: 'WITHIN_PROCESSOR_INTERVAL';
      readonly gapMs: number | null;
      readonly intervalMs: number;
      readonly probability: number;
    }
  | {
      readonly code: 'OTHER_CONSUMERS_ON_KEY';
      readonly probability: number;
      /** Others' requests per second on this key: read off the counters, or fitted when the log has none. */
      readonly perSecond: number | null;
      readonly from: 'counters' | 'fit';
    }
  | { readonly code: 'NO_OWN_REQUEST_IN_INTERVAL'; readonly intervalMs: number; readonly gapMs: number | null }
  | { readonly code: 'COUNTERS_SHOW_NO_OTHER_TRAFFIC'; readonly layer: CounterLayer }
  | {
      readonly code: 'OWN_SHARE_OF_LIMIT';
      readonly layer: CounterLayer;
      readonly own: number;
      readonly limit: number | null;
    }
  | { readonly code: 'OTHERS_IN_BUCKET'; readonly layer: CounterLayer; readonly requests: number }
  | {
      readonly code: 'OWN_BUCKET_BELOW_CEILING';
      readonly layer: CounterLayer;
      readonly productUsed: number;
      readonly limit: number;
    }
  | {
      readonly code: 'OWN_PACE_FILLS_WINDOW';
      readonly layer: CounterLayer;
      /** An errors-only key: the spacing its errors show, and the requests per minute that makes. */
      readonly spacingMs: number;
      readonly perMinute: number;
      readonly limit: number;
    }
  | {
      readonly code: 'DAY_USED_BEFORE_LOG';
      readonly layer: CounterLayer;
      /** Requests of the day the log does not hold, and how many the client's logged pace would have sent before it began. */
      readonly usedBefore: number;
      readonly atOwnPace: number;
    }
  | { readonly code: 'SPACING_NOT_MEASURABLE'; readonly why: 'errors-only' | 'sparse' }
  | {
      readonly code: 'SPACING_INFERRED';
      readonly spacingMs: number;
      readonly from: 'counters' | 'gaps';
      /** How many spacings the shortest gap between errors was taken as (1 for counters). */
      readonly gapsPerSpacing: number;
    }
  | { readonly code: 'NO_SPIKE_MODEL' }
  | { readonly code: 'LAYER_UNKNOWN' };

/** Every evidence code, for renderers and tests that must cover them all. */
export type EvidenceCode = LayerEvidence['code'] | ExplanationEvidence['code'];
