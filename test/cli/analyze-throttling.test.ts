import { describe, expect, it } from 'vitest';
import { analyzeJson, runBin } from '../helpers/run-bin.js';

const logs = 'fixtures/logs/';
const layersOf = (json: any) => json.throttling.attributions.map((a: any) => a.layer);

describe('analyze attributes each 429 in the real-sample fixtures', () => {
  it('thread 88137: ten SpikeArrest faults, rate 25/s and N = 6 read from the faults', async () => {
    const { json } = await analyzeJson([`${logs}legacy-spike-cdt-thread88137.csv`, '--tz', 'America/Chicago']);
    const { throttling } = json;
    expect(throttling.throttled).toBe(10);
    expect(layersOf(json)).toEqual(Array(10).fill('spike'));
    expect(throttling.attributions.map((a: any) => a.faultRate.processors)).toEqual([6, 6, 5, 6, 7, 6, 6, 5, 6, 7]);
    expect(throttling.spikeModel.setting).toMatchObject({
      rate: 25,
      processors: 6,
      rateFrom: 'fault',
      processorsFrom: 'fault',
      processorsCredible: { low: 5, high: 7 },
    });
    expect(throttling.attributions[0]).toMatchObject({
      file: `${logs}legacy-spike-cdt-thread88137.csv`,
      line: 4,
      time: '2022-07-08T21:38:14.000Z',
      layer: 'spike',
      confidence: 'high',
      basis: 'fault',
    });
    // Two other order calls logged in the same second as each fault: spread across that second they sit 333 ms apart,
    // beyond one processor's 200–280 ms, so the model leans to other users of the shared legacy key; never above
    // nominal (3 in a second against 25/s), and the two readings are both reported.
    const { byExplanation } = throttling.verdict.dataset;
    expect([byExplanation['other-consumers'] + byExplanation.smoothing, byExplanation['above-nominal']]).toEqual([
      10, 0,
    ]);
    for (const attribution of throttling.attributions) expect(attribution.probabilities.smoothing).toBeGreaterThan(0.1);
    // The faults showed up to 7 processors: the advice covers 7 × 40 ms.
    expect(throttling.verdict.dataset.advice.minSpacingMs).toBe(280);
  });

  it('H4: a QuotaViolation with quota-available 0 is the daily quota', async () => {
    const { json } = await analyzeJson([`${logs}h4-docs-apigee-names-2021.csv`]);
    expect(json.throttling.attributions).toHaveLength(1);
    expect(json.throttling.attributions[0]).toMatchObject({
      line: 6,
      layer: 'product-day',
      confidence: 'high',
      basis: 'fault',
    });
  });

  it('the XML-RPC ThrottlingException on HTTP 500 is the legacy credit bank, not a server error', async () => {
    const { json } = await analyzeJson([`${logs}xmlrpc-credit-bank-2019.csv`]);
    expect(layersOf(json)).toEqual(['legacy-credit']);
    expect(json.throttling.otherErrors).toEqual([]);
  });

  it('a generic 429 whose own counters have room is SpikeArrest (raw header block)', async () => {
    const { json } = await analyzeJson([`${logs}headers-column-raw-block.csv`]);
    expect(json.throttling.attributions[0]).toMatchObject({
      line: 24,
      layer: 'spike',
      basis: 'counters-on-response',
      left: { 'product-minute': 1497, 'product-day': 147998 },
    });
  });

  it('counts 401 and 405 apart and never calls them throttling', async () => {
    const h3 = await analyzeJson([`${logs}h3-tenant-pipe-2026-08-11.ndjson`]);
    expect(h3.json.throttling.throttled).toBe(0);
    expect(h3.json.throttling.otherErrors).toEqual([
      { status: 401, count: 1, examples: [{ file: `${logs}h3-tenant-pipe-2026-08-11.ndjson`, line: 1 }] },
    ]);
    const seed = await analyzeJson([`${logs}sak-sleep5-thread89944.csv`]);
    expect(seed.json.throttling.otherErrors.map((e: any) => [e.status, e.count])).toEqual([[405, 1]]);
    expect(seed.json.throttling.throttled).toBe(2);
  });

  it('--fail-on sets exit 1 only for a matching reason, and refuses unknown reasons with exit 2', async () => {
    const file = `${logs}legacy-spike-cdt-thread88137.csv`;
    expect(
      (await runBin(['analyze', file, '--tz', 'America/Chicago', '--fail-on', 'other-consumers,smoothing'])).code,
    ).toBe(1);
    expect(
      (await runBin(['analyze', file, '--tz', 'America/Chicago', '--fail-on', 'exhaustion,above-nominal'])).code,
    ).toBe(0);
    expect((await runBin(['analyze', file, '--tz', 'America/Chicago', '--fail-on', 'any'])).code).toBe(1);
    expect((await runBin(['analyze', `${logs}h2-postman-pat-2026-02-18.json`, '--fail-on', 'any'])).code).toBe(0);
    const bad = await runBin(['analyze', file, '--fail-on', 'sometimes']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--fail-on does not know "sometimes"/)]);
  });
});
