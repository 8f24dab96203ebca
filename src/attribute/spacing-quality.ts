// Whether a key's log can measure its spacing: an errors-only log, or one with minutes between rows,
// says nothing about how close together the client's requests were.
import { onlyErrorsLogged, type KeySpacing } from '../spike/index.js';

/** measurable, errors-only (no accepted request logged), or sparse (most gaps longer than a minute). */
export type SpacingQuality = 'measurable' | 'errors-only' | 'sparse';

// Nothing in SpikeArrest acts over more than a few seconds; a minute between rows is not spacing.
const SPARSE_GAP_MS = 60_000;

/** How measurable one key's spacing is. */
export function spacingQuality(key: KeySpacing): SpacingQuality {
  if (onlyErrorsLogged(key.accepted, key.rejected)) return 'errors-only';
  const gaps = key.spacing.count;
  if (gaps === 0) return 'sparse';
  const long = key.spacing.bins
    .filter((bin) => bin.upToMs === null || bin.upToMs > SPARSE_GAP_MS)
    .reduce((sum, bin) => sum + bin.count, 0);
  return long * 2 > gaps ? 'sparse' : 'measurable';
}
