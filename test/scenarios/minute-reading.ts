// What a scenario's log wrote on one line for the minute counter, read back the way its writer wrote it, and the
// 429s of a scenario whose minute counter read a little room, beside what the analyser reported for them.
import type { LogFormat } from './log-writer.js';
import { runScenario, type ScenarioSpec, type TruthRow } from './run-scenario.js';
import { analyzeScenarioText, type DiagnosisDocument } from './score.js';

type Reported = DiagnosisDocument['throttling']['attributions'][number];

/** The product minute's `available` on a logged line (1-based); NaN where the format keeps headers in one column. */
export function minuteLeftOnLine(lines: readonly string[], line: number, format: LogFormat): number {
  const text = lines[line - 1] as string;
  if (format === 'ndjson') {
    const headers = (JSON.parse(text) as { response_headers?: Record<string, string> }).response_headers ?? {};
    return Number(headers['x-keap-product-throttle-available']);
  }
  const column = (lines[0] as string).split(',').indexOf('x-keap-product-throttle-available');
  return column < 0 ? Number.NaN : Number(text.split(',')[column]);
}

/** Runs and analyses a scenario: the truth rows `keep` picks whose minute counter read 1–3 left, with their reports. */
export async function rowsReadingLittleRoom(
  spec: ScenarioSpec,
  keep: (row: TruthRow) => boolean,
): Promise<{ readonly row: TruthRow; readonly reported: Reported | undefined }[]> {
  const scenario = runScenario(spec);
  const document = await analyzeScenarioText(scenario);
  const byLine = new Map(document.throttling.attributions.map((a) => [a.line, a]));
  const lines = scenario.text.split('\n');
  return scenario.truth.rows
    .filter((row) => {
      if (!keep(row)) return false;
      const left = minuteLeftOnLine(lines, row.line, spec.format);
      return left >= 1 && left <= 3;
    })
    .map((row) => ({ row, reported: byLine.get(row.line) }));
}
