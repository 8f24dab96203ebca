import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGateway, type MockGateway } from '../../src/index.js';
import { keyIdentity } from '../../src/normalise/redact.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumInstalled } from '../helpers/chromium.js';
import { analyzeJson, root } from '../helpers/run-bin.js';
import { NOMINAL_MS, SCENARIO, pacedGaps } from './pacing.js';

const missing = chromiumInstalled ? null : `needs ${CHROMIUM} (apt-get install chromium, as .ci/run does)`;
if (missing) console.log(`skipping the browser HAR test: ${missing}`);
const COUNT = 40;
const SECRET = 'KeapAK-browser-0123456789abcdefghijklmn';

let dir: string;
let harPath: string;
let gateway: MockGateway;
let site: Server;
let seen: number[] = [];

beforeAll(async () => {
  if (missing) return;
  dir = await mkdtemp(join(tmpdir(), 'kt-har-'));
  harPath = join(dir, 'page.har');
  // With Apigee's faults the HAR's 429 bodies carry N in their MessageRate, as Keap's 2022 ones did.
  gateway = await startMockGateway({ ...SCENARIO, faults: true });
  const page = await readFile(`${root}test/e2e/paced-page.html`);
  // The page comes from another loopback origin, so every call is cross-origin (CORS) like a real widget's.
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  // launch() gives every run a fresh temporary profile of its own (it refuses --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, urlFilter: `${gateway.url}/**` } });
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    seen = (await tab.evaluate(
      `runPaced(${JSON.stringify(gateway.url)}, ${JSON.stringify(SECRET)}, ${JSON.stringify(pacedGaps(COUNT, 9))})`,
    )) as number[];
    expect(await tab.textContent('#state')).toBe('done');
    // The HAR is written when its context closes.
    await context.close();
  } finally {
    await browser.close();
  }
}, 60_000);

afterAll(async () => {
  if (missing) return;
  await gateway.close();
  await new Promise<void>((resolve) => site.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('end to end: a page in Chromium calls the mock gateway, Playwright records a HAR, analyze reads it', () => {
  it.skipIf(missing !== null)('reads every call of the page with the statuses the page saw', async () => {
    const throttled = seen.filter((s) => s === 429).length;
    expect(seen).toHaveLength(COUNT);
    expect(throttled).toBeGreaterThan(0);
    expect(gateway.stats()).toMatchObject({ accepted: COUNT - throttled, spike: throttled });

    const { json, result } = await analyzeJson([harPath]);
    expect(result.code).toBe(0);
    expect(json.input.files).toEqual([
      expect.objectContaining({ format: 'har', rows: COUNT, used: COUNT, skipped: 0 }),
    ]);
    expect(json.input.rows).toEqual({ read: COUNT, used: COUNT, skipped: 0, aside: 0 });
    const statusCounts = json.input.statuses.map((row: { status: number; count: number }) => [row.status, row.count]);
    expect(statusCounts).toEqual(
      [
        [200, COUNT - throttled],
        [429, throttled],
      ].filter(([, count]) => (count as number) > 0),
    );
    expect(json.throttling.throttled).toBe(throttled);
    expect(json.input.keys.distinct).toEqual([keyIdentity(SECRET, true)]);
    expect(result.stdout).not.toContain(SECRET);
  });

  it.skipIf(missing !== null)('reads N from the faults in the HAR and attributes the 429s to smoothing', async () => {
    const throttled = seen.filter((s) => s === 429).length;
    const { json } = await analyzeJson([harPath]);
    expect(json.throttling.spikeModel.setting).toMatchObject({
      rate: SCENARIO.rate,
      processors: SCENARIO.processors,
      processorsFrom: 'fault',
    });
    expect(json.throttling.verdict.dataset.byLayer.spike).toBe(throttled);
    // A loaded machine delays the browser's requests unevenly: most 429s show the page's own spacing inside the
    // interval; one whose own gap the browser stretched may read as another consumer, never as above nominal.
    const {
      smoothing,
      'other-consumers': others,
      'above-nominal': above,
    } = json.throttling.verdict.dataset.byExplanation;
    expect([smoothing + others, above]).toEqual([throttled, 0]);
    expect(smoothing).toBeGreaterThanOrEqual(Math.ceil(throttled * 0.8));
    for (const attribution of json.throttling.attributions) expect(attribution.own.gapMs).toBeGreaterThan(NOMINAL_MS);
  });
});
