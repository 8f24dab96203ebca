import Table from 'cli-table3';
import type { SimulationReport } from '../simulate.js';
import type { Style } from './style.js';
import { count, humanDuration } from './time-format.js';

/** The simulation as one JSON document. */
export function renderSimulationJson(report: SimulationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The simulation as a terminal table: 429s as logged vs under the new pacing, per key. */
export function renderSimulationTable(report: SimulationReport, style: Style): string {
  const { model, pacing } = report;
  const pacingWords = [
    pacing.spacingMs !== undefined ? `at least ${pacing.spacingMs} ms apart` : null,
    pacing.ratePerSecond !== undefined ? `at most ${pacing.ratePerSecond}/s` : null,
    pacing.concurrency !== undefined
      ? `${pacing.concurrency} in flight (assuming ${pacing.latencyMs} ms responses)`
      : null,
  ].filter(Boolean);
  const intervalMs = Math.round((1000 / model.rate) * model.processors);
  const head = `${style.bold('What-if')}: requests of each key ${pacingWords.join(', ')}, against SpikeArrest ${model.rate}/s (${model.rateFrom}) on ${model.processors} processors (${model.processorsFrom}, ${model.routing} routing): one per ${intervalMs} ms per processor; seed ${report.seed}.`;
  const table = new Table({
    head: [
      'key',
      'requests',
      '429s in log',
      'predicted as logged',
      'predicted with new pacing',
      'mean delay added',
      'time to send all',
    ],
    style: { head: [], border: [] },
  });
  for (const row of [...report.keys, ...(report.keys.length > 1 ? [report.total] : [])]) {
    table.push([
      row.key,
      count(row.requests),
      count(row.observedThrottled),
      `${row.asLogged.expected.toFixed(1)} (sim ${row.asLogged.simulated})`,
      style.bold(`${row.repaced.expected.toFixed(1)} (sim ${row.repaced.simulated})`),
      `${Math.round(row.addedDelayMs.mean)} ms`,
      `${humanDuration(row.spanMs.asLogged)} → ${humanDuration(row.spanMs.repaced)}`,
    ]);
  }
  return `${head}\n${table.toString()}\n"predicted" is the model's expected count; "sim" one seeded run of it.\n`;
}
