import type { Report } from '../report.js';
import { ruleWords } from './support-words.js';

/** The check's rules, one line each (`pass`/`FAIL`); with failedOnly, only the failed ones, unprefixed. */
export function renderCheckLines(report: Report, options: { readonly failedOnly?: boolean } = {}): string {
  const rules = report.run?.gate?.rules ?? [];
  const lines = options.failedOnly
    ? rules.filter((rule) => !rule.passed).map(ruleWords)
    : rules.map((rule) => `${rule.passed ? 'pass' : 'FAIL'}  ${ruleWords(rule)}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
