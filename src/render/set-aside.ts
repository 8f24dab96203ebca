import type { InputSummary } from '../summary/input-tally.js';
import { describeZoneHint } from '../normalise/zone-hint.js';
import type { Style } from './style.js';
import { count } from './time-format.js';

const ASIDE_WORDS = {
  JOINED: 'joined into the request they describe',
  NOT_A_REQUEST: 'not a Keap call',
  STACK_TRACE: 'stack traces',
} as const;

/** Rows set aside (so read = used + skipped + set aside) and the zone hint; '' when there is neither. */
export function renderSetAside(input: InputSummary, style: Style): string {
  const lines: string[] = [];
  if (input.rows.aside > 0) {
    const groups = input.aside.map((group) => {
      const first = group.examples[0];
      const where = first
        ? ` (first ${first.file}:${first.line}${first.intoLine ? ` → line ${first.intoLine}` : ''})`
        : '';
      return `${group.code} ×${count(group.count)} ${ASIDE_WORDS[group.code]}${where}`;
    });
    lines.push(
      `${style.bold('Set aside')} ${count(input.rows.aside)} of ${count(input.rows.read)} rows, not requests of their own: ${groups.join('; ')}`,
    );
  }
  if (input.zoneHint) {
    const { relation, suggestion } = describeZoneHint(input.zoneHint);
    lines.push(
      `${style.yellow('Zone')}: ${count(input.zoneHint.rows)} row(s) without a zone are ${relation}: ${suggestion}?`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
