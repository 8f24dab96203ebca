import { NO_KEY } from '../attribute/vocabulary.js';
import type { RunInfo } from '../report.js';
import type { SimulationReport } from '../simulate.js';
import { perProcessorIntervalMs } from '../spike/units.js';
import { provenanceJson } from './json.js';
import { paragraph, tableOrBlocks, type Cell } from './layout.js';
import type { Style } from './style.js';
import { NO_KEY_WORDS } from './support-words.js';
import { count, humanDuration } from './time-format.js';

/** The simulation as one JSON document, told apart from an analysis by `kind` and `command`. */
export function renderSimulationJson(report: SimulationReport, run: RunInfo | null = null): string {
  const { schemaVersion, ...rest } = report;
  return `${JSON.stringify({ schemaVersion, kind: 'simulation', ...provenanceJson(run), ...rest }, null, 2)}\n`;
}

/** The simulation as a terminal table: 429s as logged vs under the new pacing, per key. */
export function renderSimulationTable(report: SimulationReport, style: Style, width = 100): string {
  const { model, pacing } = report;
  const pacingWords = [
    pacing.spacingMs !== undefined ? `at least ${pacing.spacingMs} ms apart` : null,
    pacing.ratePerSecond !== undefined ? `at most ${pacing.ratePerSecond}/s` : null,
    pacing.concurrency !== undefined
      ? `${pacing.concurrency} in flight (assuming ${pacing.latencyMs} ms responses)`
      : null,
  ].filter(Boolean);
  const intervalMs = Math.round(perProcessorIntervalMs(model.rate, 'second', model.processors));
  const head = `${style.bold('What-if')}: requests of each key ${pacingWords.join(', ')}, against SpikeArrest ${model.rate}/s (${model.rateFrom}) on ${model.processors} processors (${model.processorsFrom}, ${model.routing} routing): one per ${intervalMs} ms per processor; seed ${report.seed}.`;
  const rows: Cell[][] = [...report.keys, ...(report.keys.length > 1 ? [report.total] : [])].map((row) => [
    row.key === NO_KEY ? NO_KEY_WORDS : row.key,
    count(row.requests),
    count(row.observedThrottled),
    `${row.asLogged.expected.toFixed(1)} (sim ${row.asLogged.simulated})`,
    { text: `${row.repaced.expected.toFixed(1)} (sim ${row.repaced.simulated})`, paint: style.bold },
    `${Math.round(row.addedDelayMs.mean)} ms`,
    `${humanDuration(row.spanMs.asLogged)} → ${humanDuration(row.spanMs.repaced)}`,
  ]);
  const table = tableOrBlocks(
    [
      'key',
      'requests',
      '429s in log',
      'predicted as logged',
      'predicted with new pacing',
      'mean delay added',
      'time to send all',
    ],
    rows,
    width,
  );
  return `${paragraph(head, width)}\n${table}\n"predicted" is the model's expected count; "sim" one seeded run of it.\n`;
}
