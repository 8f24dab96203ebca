import type { Report } from '../report.js';
import { isoUtc } from './time-format.js';

/** The report as one JSON document: schemaVersion first, ISO-8601 UTC times beside their epoch ms. */
export function renderJson(report: Report): string {
  const { input, profile } = report;
  const document = {
    schemaVersion: report.schemaVersion,
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
    ledger: report.ledger,
    throttling: throttlingJson(report),
    errorsOnly: report.errorsOnly,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function throttlingJson(report: Report) {
  const { throttling } = report;
  return {
    throttled: throttling.throttled,
    detailedAttributions: throttling.detailedAttributions,
    timestampResolutionMs: throttling.timestampResolutionMs,
    verdict: throttling.verdict,
    spikeModel: throttling.spike,
    otherErrors: throttling.otherErrors,
    attributions: throttling.attributions.map((item) => ({
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
      basis: item.basis,
      evidence: item.evidence,
      neighbours: item.neighbours,
      own: item.own,
      headroom: item.headroom,
      foreign: item.foreign,
      faultRate: item.faultRate,
    })),
  };
}
