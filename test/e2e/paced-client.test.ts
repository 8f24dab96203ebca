import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeJson } from '../helpers/run-bin.js';
import { serveBin, type ServedBin } from '../helpers/serve-bin.js';
import { fileSchemaErrors, parseLines } from '../capture/capture-schema.js';
import { NOMINAL_MS, PROCESSOR_MS, SCENARIO, pacedGaps, runPacedClient } from './pacing.js';

// Client → `record` proxy → `mock-gateway`, each a real process on loopback; 120 requests, about 14 s.
const COUNT = 120;
const SECRET = 'KeapAK-e2e-paced-0123456789abcdefghijk';

let dir: string;
let out: string;
let statuses: number[] = [];
let gatewayStderr = '';
let recorded: Array<Record<string, any>> = [];
let recordedText = '';
let report: any;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-e2e-'));
  out = join(dir, 'recorded.ndjson');
  const served: ServedBin[] = [];
  try {
    const gateway = await serveBin([
      'mock-gateway',
      '--port',
      '0',
      '--rate',
      String(SCENARIO.rate),
      '--processors',
      String(SCENARIO.processors),
      '--per-minute',
      String(SCENARIO.perMinute),
      '--per-day',
      String(SCENARIO.perDay),
      '--seed',
      String(SCENARIO.seed),
    ]);
    served.push(gateway);
    const proxy = await serveBin(['record', '--target', gateway.url, '--out', out, '--port', '0']);
    served.push(proxy);
    statuses = await runPacedClient(
      `${proxy.url}/crm/rest/v1/contacts?limit=1`,
      { authorization: `Bearer ${SECRET}` },
      pacedGaps(COUNT, 5),
    );
    await served.pop()?.stop('SIGINT');
    gatewayStderr = (await served.pop()?.stop('SIGTERM'))?.stderr ?? '';
  } finally {
    for (const bin of served) await bin.stop('SIGKILL');
  }
  recordedText = await readFile(out, 'utf8');
  recorded = parseLines(recordedText);
  const analysed = await analyzeJson([out]);
  expect(analysed.result.code).toBe(0);
  report = analysed.json;
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('end to end: a client paced below the nominal rate, through record, against mock-gateway', () => {
  it('gets 429s although it never sends faster than the nominal rate', () => {
    const throttled = statuses.filter((s) => s === 429).length;
    expect(statuses).toHaveLength(COUNT);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // P(reject) is 1/5 to 2/5 per request at these gaps: far from zero and far from all.
    expect(throttled).toBeGreaterThanOrEqual(10);
    expect(throttled).toBeLessThanOrEqual(60);
    const sent = recorded.map((line) => Date.parse(line['sent_at']));
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThan(NOMINAL_MS);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number;
    expect(median).toBeLessThan(PROCESSOR_MS);
    expect((COUNT - 1) / ((sent.at(-1)! - sent[0]!) / 1000)).toBeLessThan(SCENARIO.rate / 2);
  });

  it('records every exchange: the 429s in the log are the ones the client and the gateway counted', () => {
    expect(fileSchemaErrors(recordedText)).toEqual([]);
    expect(recordedText).not.toContain(SECRET);
    expect(recorded.map((line) => line['status'])).toEqual(statuses);
    const throttled = statuses.filter((s) => s === 429).length;
    expect(gatewayStderr).toContain(
      `stopped: ${COUNT} requests, ${COUNT - throttled} accepted, ${throttled} throttled (spike ${throttled})`,
    );
  });

  it('analyze attributes every 429 to SpikeArrest smoothing inside one processor interval', () => {
    const throttled = statuses.filter((s) => s === 429).length;
    expect(report.input.rows).toEqual({ read: COUNT, used: COUNT, skipped: 0, aside: 0 });
    expect(report.profile.profile.id).toBe('oauth2');
    expect(report.throttling.throttled).toBe(throttled);
    expect(report.throttling.verdict.dataset.byLayer.spike).toBe(throttled);
    expect(report.throttling.verdict.dataset.byExplanation).toEqual({
      'above-nominal': 0,
      smoothing: throttled,
      'other-consumers': 0,
      exhaustion: 0,
      unexplained: 0,
    });
    for (const attribution of report.throttling.attributions) expect(attribution.own.gapMs).toBeGreaterThan(NOMINAL_MS);
    const models = report.throttling.spikeModel.fit.comparison.map((row: { model: string }) => row.model);
    expect(models[0]).toBe('effective-count');
  });

  it('fits the number of message processors within one of the gateway’s', () => {
    expect(report.throttling.spikeModel.setting).toMatchObject({ rate: SCENARIO.rate, processorsFrom: 'fit' });
    expect(Math.abs(report.throttling.spikeModel.setting.processors - SCENARIO.processors)).toBeLessThanOrEqual(1);
  });
});
