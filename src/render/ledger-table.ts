import { COUNTER_LAYERS, isDayLayer, type CounterGroupReport, type LedgerReport } from '../ledger/index.js';
import { paragraph, tableOrBlocks, type Cell } from './layout.js';
import { minuteBehaviourWords, rejectedCountWords } from './ledger-words.js';
import type { Style } from './style.js';
import { NO_KEY_WORDS } from './support-words.js';
import { count, shortUtc } from './time-format.js';

// Enough windows to see the pattern in a terminal; --json has every one the ledger kept.
const BUSIEST_SHOWN = 3;

/** The ledger section: each limit layer's own peak and headroom beside what the server counted. */
export function renderLedgerTables(ledger: LedgerReport, style: Style, width: number, verbose: boolean): string {
  const out: string[] = [style.bold('Consumption per limit layer (own log vs Keap counters)')];
  const counters: Cell[][] = [];
  for (const layer of COUNTER_LAYERS) {
    for (const group of ledger.layers[layer]) if (worthShowing(group)) counters.push(counterRow(group, style));
  }
  if (counters.length > 0)
    out.push(
      tableOrBlocks(
        ['layer', 'bucket', 'limit', 'own peak', 'headroom', 'server used (max)', 'not in your log'],
        counters,
        width,
      ),
    );
  const spike: Cell[][] = [];
  for (const group of ledger.layers.spike) {
    const spacing = group.spacing;
    spike.push([
      group.keyId ?? NO_KEY_WORDS,
      group.limit.value === null ? '?' : `${group.limit.value}/s (${group.limit.source})`,
      group.peakPerSecond ? `${group.peakPerSecond.count} at ${shortUtc(group.peakPerSecond.start)}` : '-',
      group.peakPer100ms ? String(group.peakPer100ms.count) : '-',
      spacing.gaps === 0 ? '-' : `${spacing.minMs} / ${spacing.p5Ms} / ${spacing.medianMs} ms`,
    ]);
  }
  if (spike.length > 0)
    out.push(tableOrBlocks(['key', 'spike limit', 'peak /s', 'peak /100 ms', 'gap min / p5 / median'], spike, width));
  const notes = new Set<string>();
  for (const layer of COUNTER_LAYERS) {
    for (const group of ledger.layers[layer]) {
      if (!worthShowing(group)) continue;
      if (group.busiestWindows.length > 0) {
        out.push(
          paragraph(
            `Busiest ${isDayLayer(layer) ? 'UTC days' : 'UTC minutes'} (${layer}): ${group.busiestWindows
              .slice(0, BUSIEST_SHOWN)
              .map((w) => `${shortUtc(w.start)} ×${count(w.count)}`)
              .join(', ')}`,
            width,
          ),
        );
      }
      for (const episode of group.serverAhead.slice(0, BUSIEST_SHOWN)) {
        out.push(
          paragraph(
            `Server ahead of your log (${layer}): ${count(episode.foreignRequests)} requests by others between ${shortUtc(episode.startAfter ?? episode.start)} and ${shortUtc(episode.end)}, up to ${count(episode.maxExcess)} at once (${episode.confidence} confidence)`,
            width,
          )
            .split('\n')
            .map(style.yellow)
            .join('\n'),
        );
      }
      if (group.scopeNote) notes.add(group.scopeNote);
    }
  }
  for (const group of ledger.layers.spike) if (group.scopeNote) notes.add(group.scopeNote);
  out.push(...[...notes].map((note) => paragraph(`Note: ${note}`, width).split('\n').map(style.dim).join('\n')));
  out.push(...detectionLines(ledger, verbose).map((line) => paragraph(line, width)));
  return `${out.join('\n')}\n`;
}

// A bucket with neither a known limit nor counters (tenant layers before 2026-06), or holding only
// uncounted requests (a 401 with no tenant id), says nothing new in a terminal; --json keeps it.
function worthShowing(group: CounterGroupReport): boolean {
  if (group.server.maxUsed !== null) return true;
  return group.limit.value !== null && group.requests.counted > 0;
}

function counterRow(group: CounterGroupReport, style: Style): Cell[] {
  const peak = group.peakRolling ?? group.peakFixed;
  const limit = group.limit.value === null ? '?' : `${count(group.limit.value)} (${group.limit.source})`;
  const serverLeft =
    group.limit.value !== null && group.server.maxUsed !== null
      ? `, ${count(Math.max(0, group.limit.value - group.server.maxUsed))} left`
      : '';
  const headroom = group.headroom ? `${count(group.headroom.requests)} (${group.headroom.percent} %)` : '-';
  return [
    group.layer,
    group.bucket,
    limit,
    peak ? `${count(peak.count)} at ${shortUtc(peak.start)}` : '-',
    group.headroom && group.headroom.percent < 10 ? { text: headroom, paint: style.red } : headroom,
    group.server.maxUsed === null ? 'no counters' : `${count(group.server.maxUsed)}${serverLeft}`,
    group.foreignRequests > 0 ? { text: `${count(group.foreignRequests)} requests`, paint: style.yellow } : '0',
  ];
}

// The measurements behind the counter models are for --verbose; the reading itself is always shown.
function detectionLines(ledger: LedgerReport, verbose: boolean): string[] {
  const { detections } = ledger;
  const lines: string[] = [];
  for (const reset of detections.dailyResets)
    lines.push(
      `Daily reset (${reset.layer}) at ${shortUtc(reset.at)}: used ${count(reset.usedBefore)} → ${count(reset.usedAfter)} (${reset.evidence.join(' + ')})`,
    );
  if (detections.minuteBehaviour.verdict !== 'undetermined')
    lines.push(
      `Minute counter behaves as a ${detections.minuteBehaviour.verdict === 'rolling' ? 'rolling 60 s window' : 'fixed UTC minute'}${verbose ? ` (${minuteBehaviourWords(detections.minuteBehaviour)})` : ''}`,
    );
  if (detections.inconsistentSnapshots.mismatches > 0)
    lines.push(
      `${count(detections.inconsistentSnapshots.mismatches)} response(s) where used + available ≠ limit (first at ${detections.inconsistentSnapshots.examples[0]?.source ?? '?'})`,
    );
  if (detections.rejectedCountInUsed.verdict !== 'undetermined')
    lines.push(
      `429s ${detections.rejectedCountInUsed.verdict === 'yes' ? 'do' : 'do not'} increment the server's used${verbose ? ` (${rejectedCountWords(detections.rejectedCountInUsed)})` : ''}`,
    );
  return lines;
}
