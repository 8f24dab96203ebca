import { describe, expect, it } from 'vitest';
import { createSignatureTracker } from '../../src/attribute/counter-signature.js';
import type { AttributionBasis, ThrottleLayer } from '../../src/attribute/vocabulary.js';
import { buildSpec } from '../scenarios/families.js';
import { runScenario } from '../scenarios/run-scenario.js';
import { analyzeScenarioText } from '../scenarios/score.js';

const withCounters = (layer: ThrottleLayer) => ({ basis: 'counters-on-response' as AttributionBasis, layer });
const bare = { basis: 'neighbouring-responses' as AttributionBasis, layer: 'product-minute' as ThrottleLayer };

describe('the counter signature of a log', () => {
  it('holds once five quota 429s carried counters, one came bare, and at most 5 % of those with counters read room', () => {
    const tracker = createSignatureTracker();
    for (let i = 0; i < 4; i++) tracker.add(withCounters('product-minute'), 429);
    tracker.add(bare, 429);
    expect(tracker.current()).toBeNull();
    tracker.add(withCounters('product-day'), 429);
    expect(tracker.current()).toEqual({ quota429sWithCounters: 5, spike429sWithCounters: 0, bare429s: 1 });
    // Faults and rate-limit bodies on other statuses say nothing about what a 429 carries.
    tracker.add({ basis: 'fault', layer: 'spike' }, 429);
    tracker.add(withCounters('spike'), 503);
    expect(tracker.current()).toEqual({ quota429sWithCounters: 5, spike429sWithCounters: 0, bare429s: 1 });
    // One room reading against five quota ones: spike 429s carry counters in this log.
    tracker.add(withCounters('spike'), 429);
    expect(tracker.current()).toBeNull();
    for (let i = 0; i < 15; i++) tracker.add(withCounters('tenant-minute'), 429);
    expect(tracker.current()).toEqual({ quota429sWithCounters: 20, spike429sWithCounters: 1, bare429s: 1 });
  });

  it('where spike 429s come bare, names the layer of every 429 in full minute windows by what it carries', async () => {
    const spec = (countersOnSpike429: boolean) =>
      buildSpec(`signature-${countersOnSpike429}`, {
        rate: 10,
        processors: 4,
        requests: 1500,
        spacingFactor: 0.7,
        body: 'keap',
        countersOnSpike429,
        limitHeaders: 'custom',
        limits: { productPerMinute: 120, productPerDay: 1_000_000, tenantPerMinute: 100_000, tenantPerDay: 10_000_000 },
      });
    const run = async (countersOnSpike429: boolean) => {
      const scenario = runScenario(spec(countersOnSpike429));
      const document = await analyzeScenarioText(scenario);
      const byLine = new Map(document.throttling.attributions.map((item) => [item.line, item]));
      const bareEvidence = document.throttling.attributions.filter((item) =>
        (item as { evidence?: readonly { code: string }[] }).evidence?.some(
          (evidence) => evidence.code === 'BARE_LIKE_SPIKE_429S',
        ),
      ).length;
      const rows = scenario.truth.rows.filter((row) => row.status === 429);
      const layerRight = rows.filter((row) => byLine.get(row.line)?.layer === row.layer).length;
      return { rows: rows.length, layerRight, bareEvidence };
    };
    const bareRun = await run(false);
    expect(bareRun.rows).toBeGreaterThan(500);
    expect(bareRun.bareEvidence).toBeGreaterThan(30);
    expect(bareRun.layerRight).toBe(bareRun.rows);
    // With counters on every 429 the log shows no such split: timing alone decides, and some stay ambiguous.
    const counted = await run(true);
    expect(counted.bareEvidence).toBe(0);
    expect(counted.layerRight).toBeLessThan(counted.rows);
  });
});
