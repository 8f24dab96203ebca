import type { CounterReadings } from '../details/throttled-details.js';
import type { Report, RunInfo } from '../report.js';
import { version } from '../version.js';
import { withIsoTimes } from './json-times.js';
import { isoUtc } from './time-format.js';
import { summaryWords } from './verdict-words.js';
import type { ExplainedAttribution } from '../attribute/attribution-types.js';
import type { ThrottleSummary } from '../attribute/summary.js';

/** The report as one JSON document: schemaVersion first, ISO-8601 UTC times beside their epoch ms. */
export function renderJson(report: Report): string {
  let text = '';
  for (const piece of renderJsonPieces(report)) text += piece;
  return text;
}

// Stands in the document for the list of throttled responses, which is written item by item where it stands.
const ATTRIBUTIONS_HERE = '\u0000keap-throttle:attributions\u0000';
// Items are handed out in pieces about this long. Not longer: the buffer a 64K piece is written from was promoted
// before it died (half-429s log: 52 MB promoted per 200k rows against 31 with 16K pieces).
const PIECE_CHARS = 16 * 1024;

/**
 * {@link renderJson} in pieces, the throttled responses read one at a time from the report's list (a spool), so
 * the whole document is never held: the same text as JSON.stringify(document, null, 2) would make.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  const text = documentText(report);
  const marker = JSON.stringify(ATTRIBUTIONS_HERE);
  const at = text.indexOf(marker);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart, at))?.[0] ?? '';
  const itemIndent = `${indent}  `;
  yield text.slice(0, at);
  if (report.throttling.attributions.count === 0) yield '[]';
  else {
    let piece = '[\n';
    let first = true;
    for (const item of report.throttling.attributions) {
      const json = JSON.stringify(attributionJson(item), null, 2).replaceAll('\n', `\n${itemIndent}`);
      piece += `${first ? '' : ',\n'}${itemIndent}${json}`;
      first = false;
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}\n${indent}]`;
  }
  yield text.slice(at + marker.length);
}

function documentText(report: Report): string {
  const { input, profile, run } = report;
  const document = {
    schemaVersion: report.schemaVersion,
    kind: 'analysis',
    ...provenanceJson(run),
    gate: run?.gate ?? null,
    input: {
      rows: input.rows,
      span: input.span && {
        first: isoUtc(input.span.firstMs),
        last: isoUtc(input.span.lastMs),
        firstMs: input.span.firstMs,
        lastMs: input.span.lastMs,
        durationMs: input.span.lastMs - input.span.firstMs,
      },
      files: input.files,
      skipped: input.skipped,
      aside: input.aside,
      zoneHint: input.zoneHint,
      statuses: input.statuses,
      throttled: input.throttled,
      keys: { column: input.keyColumn, distinct: input.keys },
      tenants: input.tenants,
      headerGenerations: input.headerGenerations,
      timeFromDateHeader: input.timeFromDateHeader,
    },
    profile,
    ledger: withIsoTimes(report.ledger),
    throttling: throttlingJson(report),
    errorsOnly: report.errorsOnly,
    series: withIsoTimes(report.series),
    details: {
      throttled: report.details.throttled,
      detailed: report.details.detailed.map((detail) => ({
        file: detail.source.file,
        line: detail.source.line,
        time: isoUtc(detail.ts),
        timeMs: detail.ts,
        status: detail.status,
        requestId: detail.requestId,
        fault: detail.fault,
        before: readingsJson(detail.before),
        at: readingsJson(detail.at),
        after: readingsJson(detail.after),
      })),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Which tool and command made the document, and from what: shared by the analysis and simulation JSON. */
export function provenanceJson(run: RunInfo | null) {
  return {
    tool: { name: 'keap-throttle', version: run?.tool.version ?? version },
    command: run?.command ?? null,
    run: run && { argv: run.argv, inputs: run.inputs, zone: run.zone },
  };
}

function readingsJson(readings: CounterReadings | null) {
  return (
    readings && {
      file: readings.source.file,
      line: readings.source.line,
      time: isoUtc(readings.ts),
      timeMs: readings.ts,
      readings: readings.readings,
    }
  );
}

function throttlingJson(report: Report) {
  const { throttling, ledger } = report;
  const withSummary = (summary: ThrottleSummary) => ({
    ...summary,
    summary: summaryWords(summary, throttling, ledger),
  });
  return {
    throttled: throttling.throttled,
    timestampResolutionMs: throttling.timestampResolutionMs,
    verdict: { dataset: withSummary(throttling.verdict.dataset), keys: throttling.verdict.keys.map(withSummary) },
    spikeModel: throttling.spike,
    otherErrors: throttling.otherErrors,
    attributions: ATTRIBUTIONS_HERE,
  };
}

function attributionJson(item: ExplainedAttribution) {
  return {
    file: item.source.file,
    line: item.source.line,
    time: isoUtc(item.ts),
    timeMs: item.ts,
    status: item.status,
    key: item.keyId,
    method: item.method,
    path: item.path,
    layer: item.layer,
    confidence: item.confidence,
    explanation: item.explanation,
    explanationConfidence: item.why.confidence,
    probabilities: item.why.probabilities,
    ambiguous: item.why.ambiguous,
    basis: item.basis,
    evidence: item.evidence,
    explanationEvidence: item.why.evidence,
    neighbours: item.neighbours,
    own: item.own,
    left: item.left,
    foreign: item.foreign,
    limits: item.limits,
    faultRate: item.faultRate,
  };
}
