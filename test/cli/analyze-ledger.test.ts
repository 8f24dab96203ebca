import { describe, expect, it } from 'vitest';
import { analyzeJson, runBin } from '../helpers/run-bin.js';

const logs = 'fixtures/logs/';
const group = (json: any, layer: string, bucket?: string) =>
  json.ledger.layers[layer].find((g: any) => bucket === undefined || g.bucket === bucket);

describe('analyze rebuilds each limit layer on the real-sample fixtures', () => {
  it('H1 (pastebin 2024-08-14): header limits, own peaks, headroom and the server counters', async () => {
    const { json } = await analyzeJson([`${logs}h1-pastebin-2024-08-14.har`]);
    const minute = group(json, 'product-minute', 'tenant:ps359.infusionsoft.com');
    expect(minute.limit).toMatchObject({ value: 240, source: 'header' });
    expect(minute.peakRolling.count).toBe(5);
    expect(minute.headroom).toEqual({ requests: 235, percent: 97.9 });
    const day = group(json, 'product-day', 'tenant:ps359.infusionsoft.com');
    expect(day.limit).toMatchObject({ value: 150000, source: 'header' });
    expect(day.server).toEqual({ snapshots: 5, maxUsed: 142, lastUsed: 142 });
    expect(group(json, 'tenant-minute', 'tenant:ps359.infusionsoft.com').limit).toMatchObject({
      value: 5000,
      source: 'header',
    });
    const spike = json.ledger.layers.spike[0];
    expect(spike.limit).toMatchObject({ value: 10 });
    expect(spike.spacing).toMatchObject({ gaps: 4, minMs: 1000, medianMs: 1000 });
    expect(json.ledger.foreign['product-day'].requests).toBe(0);
  });

  it('H2 (PAT, Postman 2026): the UTC-midnight reset from expiry-time and the used drop', async () => {
    const { json } = await analyzeJson([`${logs}h2-postman-pat-2026-02-18.json`]);
    expect(json.ledger.detections.dailyResets).toEqual([
      expect.objectContaining({
        layer: 'product-day',
        at: '2026-02-19T00:00:00.000Z',
        atMidnight: true,
        usedBefore: 29413,
        usedAfter: 1,
        expiryBefore: '2026-02-19T00:00:00.000Z',
        expiryAfter: '2026-02-20T00:00:00.000Z',
      }),
    ]);
    expect(group(json, 'product-day').busiestWindows).toEqual([
      { start: '2026-02-18T00:00:00.000Z', startMs: Date.parse('2026-02-18T00:00:00.000Z'), count: 3 },
      { start: '2026-02-19T00:00:00.000Z', startMs: Date.parse('2026-02-19T00:00:00.000Z'), count: 3 },
    ]);
  });

  it('H3 (tenant minute|day, 2026-08-11): both tenant windows with their header limits, and tenant neighbours', async () => {
    const { json } = await analyzeJson([`${logs}h3-tenant-pipe-2026-08-11.ndjson`]);
    expect(group(json, 'tenant-minute', 'tenant:ab103.infusionsoft.com').limit).toMatchObject({
      value: 10000,
      source: 'header',
    });
    const day = group(json, 'tenant-day', 'tenant:ab103.infusionsoft.com');
    expect(day.limit).toMatchObject({ value: 250000, source: 'header' });
    expect(day.server.maxUsed).toBe(16);
    // Own 6 requests, tenant used 1 → 16: others sent 10 in between, 3 units of jitter tolerance aside.
    expect(day.foreignRequests).toBeGreaterThanOrEqual(5);
    expect(day.foreignRequests).toBeLessThanOrEqual(10);
  });

  it('seed 89944 fixture: the server counted the other consumer, 4 requests per call from 14:00:39 to 14:01:10', async () => {
    const { json } = await analyzeJson([`${logs}sak-sleep5-thread89944.csv`]);
    const day = group(json, 'product-day');
    expect(day.foreignRequests).toBeGreaterThanOrEqual(24);
    expect(day.foreignRequests).toBeLessThanOrEqual(28);
    expect(day.serverAhead[0]).toMatchObject({ startAfter: '2026-02-18T14:00:35.007Z' });
    expect(json.throttling.verdict.dataset.byExplanation['other-consumers']).toBe(2);
    expect(json.throttling.verdict.dataset.summary).toMatch(
      /the server counted \d+ requests your log does not contain \(daily quota, between 2026-02-18 14:00:35Z and/,
    );
  });

  it('prints the layer table with limits, peaks and what the server counted beyond the log', async () => {
    // Wide enough for every cell on one line; narrower terminals wrap cells (test/cli/layout).
    const result = await runBin(['analyze', `${logs}sak-sleep5-thread89944.csv`], { env: { COLUMNS: '200' } });
    expect(result.stdout).toMatch(
      /product-day\s+│ tenant:\(unknown\) │ 30,000 \(header\) │ 22 at 2026-02-18 00:00:00Z │ 29,978 \(99.9 %\) │ 559, 29,441 left\s+│ 26 requests/,
    );
    expect(result.stdout).toMatch(
      /Server ahead of your log \(product-day\): 26 requests by others between 2026-02-18 14:00:35Z and 2026-02-18 14:01:20Z/,
    );
  });
});
