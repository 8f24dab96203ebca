// The pacer options a keap-throttle JSON report supports: its SpikeArrest setting
// (throttling.spikeModel.setting) and its advice (throttling.verdict.dataset.advice).

/** The part of PacerOptions a report (or `analyze --emit-pacer`) gives. */
export interface ReportPacerOptions {
  /** Present when a fault, the profile or the fit names the rate. */
  rate?: number;
  /** A number when the log pins N, else the range it allows. */
  processors?: number | { low: number; high: number };
  /** The advice's spacing, which covers every setting the log allows. */
  startSpacingMs?: number;
  /** Just above the widest gap the log shows the key's own requests rejected at. */
  minSpacingMs?: number;
}

/** Reads a parsed `analyze --json` report (TypeError when it is not one; {} when it has no spike model). */
export function pacerOptionsFromReport(report: unknown): ReportPacerOptions {
  const throttling = field(report, 'throttling');
  if (throttling === undefined || field(report, 'schemaVersion') === undefined)
    throw new TypeError('fromReport: not a keap-throttle JSON report (no schemaVersion and throttling)');
  const setting = field(field(throttling, 'spikeModel'), 'setting');
  const advice = field(field(field(throttling, 'verdict'), 'dataset'), 'advice');
  const options: ReportPacerOptions = {};
  const rate = positive(field(setting, 'rate'));
  const rateFrom = field(setting, 'rateFrom');
  if (rate !== null && (rateFrom === 'fault' || rateFrom === 'profile' || field(setting, 'rateIdentified') === true))
    options.rate = rate;
  const processors = whole(field(setting, 'processors'));
  const credible = field(setting, 'processorsCredible');
  const low = whole(field(credible, 'low'));
  const high = whole(field(credible, 'high'));
  // Faults over a week can name several N: the credible range, when the report has one, is what the log allows.
  if (low !== null && high !== null && low <= high) options.processors = low === high ? low : { low, high };
  else if (processors !== null && field(setting, 'processorsFrom') === 'fault') options.processors = processors;
  const minSpacing = positive(field(advice, 'minSpacingMs'));
  const upper = positive(field(setting, 'intervalUpperMs'));
  if (minSpacing !== null || upper !== null) options.startSpacingMs = Math.max(minSpacing ?? 0, upper ?? 0);
  const failing = positive(field(advice, 'failingSpacingMs'));
  if (failing !== null) options.minSpacingMs = failing + 1;
  return options;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function positive(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function whole(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}
