// The ledger's findings in words: every sentence about counters and their detections is made here.
import type { MinuteBehaviour, RejectedCountInUsed } from '../ledger/index.js';

/** Why the minute counter is read as rolling or fixed (or not yet). */
export function minuteBehaviourWords(behaviour: MinuteBehaviour): string {
  const { meanAbsErrorRolling: rolling, meanAbsErrorFixed: fixed } = behaviour;
  switch (behaviour.code) {
    case 'NO_READINGS':
      return 'no minute counter readings once the log covered a full minute';
    case 'TOO_FEW_READINGS':
      return `only ${behaviour.samples} readings (need ${behaviour.minSamples})`;
    case 'INDISTINGUISHABLE':
      return 'both hypotheses fit about equally (own traffic too even to tell them apart)';
    case 'MEASURED': {
      const matched = behaviour.verdict === 'rolling' ? 'rolling 60 s' : 'UTC-minute';
      return `server used matches own ${matched} count (mean error ${Math.min(rolling ?? 0, fixed ?? 0)} vs ${Math.max(rolling ?? 0, fixed ?? 0)})`;
    }
  }
}

/** Why 429s are (or are not, or not yet) known to increment the server's used. */
export function rejectedCountWords(found: RejectedCountInUsed): string {
  const k = found.rejectedSeen;
  switch (found.code) {
    case 'NO_429_BETWEEN_READINGS':
      return 'no 429 between two counter readings of the same bucket and day';
    case 'WITHIN_JITTER':
      return `only ${k} 429 between readings: within counter jitter`;
    case 'NEITHER_FITS':
      return `neither hypothesis fits: used rose ${found.excessAcrossRejected} beyond own non-429 requests across ${k} 429s`;
    case 'OTHERS_BEFORE_429S':
      return `across ${k} 429s used rose ${found.excessAcrossRejected} beyond own non-429 requests (${found.expectedForeign} expected from others): no more than others causing the 429s would add, so not known`;
    case 'MEASURED':
      return `across ${k} 429s used rose ${found.excessAcrossRejected} beyond own non-429 requests (${found.expectedForeign} expected from others): ${found.verdict === 'yes' ? '429s are counted' : '429s are not counted'}`;
  }
}
