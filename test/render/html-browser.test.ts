// The HTML report in a real browser (Debian's chromium via playwright-core): loaded from disk, it
// must draw every chart, log no console error, make no network request, and run nothing from the log.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBusyLog } from '../helpers/busy-log.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumInstalled } from '../helpers/chromium.js';
import { root } from '../helpers/run-bin.js';
import { runMain } from '../helpers/run-main.js';

// CI must never skip this test; only a machine without chromium (and without apt to get it) may.
if (!chromiumInstalled && process.env['CI'])
  throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs it with apt-get`);
if (!chromiumInstalled)
  console.warn(`skipping the browser test: ${CHROMIUM} is not installed (apt-get install chromium)`);

const TIME_CHARTS = ['per-second', 'per-minute', 'per-day'];

interface PageOutcome {
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
  readonly charts: Record<string, { series: number; points: number; canvas: boolean; inked: number }>;
}

describe.skipIf(!chromiumInstalled)('HTML report in chromium', () => {
  let context: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keap-throttle-html-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: CHROMIUM_ARGS,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function load(file: string, screenshot?: string): Promise<PageOutcome> {
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const outcome: PageOutcome = { errors: [], requests: [], dialogs: [], charts: {} };
    page.on('console', (message) => {
      if (message.type() === 'error') outcome.errors.push(message.text());
    });
    page.on('pageerror', (error) => outcome.errors.push(error.message));
    page.on('dialog', (dialog) => {
      outcome.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (request.url() !== url) outcome.requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    // Browser-side code is passed as text: the tests are type-checked without the DOM library.
    await page.waitForFunction('window.keapCharts !== undefined');
    // Each chart's canvas must carry ink, not only exist: count non-transparent pixels.
    Object.assign(
      outcome.charts,
      await page.evaluate<Record<string, object>>(`(() => {
        const out = {};
        for (const [name, info] of Object.entries(window.keapCharts)) {
          const canvas = document.querySelector('[data-chart="' + name + '"] canvas');
          let inked = 0;
          if (canvas) {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          }
          out[name] = { ...info, inked };
        }
        return out;
      })()`),
    );
    if (screenshot) {
      // The verdict, advice and charts; the per-429 table below them is long and tested as text.
      const bottom = await page.evaluate<number>(`(() => {
        const last = document.querySelector('[data-chart="share"]') || document.querySelector('[data-chart="spacing"]');
        return Math.ceil(last.getBoundingClientRect().bottom + window.scrollY + 24);
      })()`);
      await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: bottom } });
    }
    await page.close();
    return outcome;
  }

  it('draws every chart of a busy log with no console error and no network request; screenshot in .ci/out', async () => {
    const log = await writeBusyLog(dir);
    const html = join(dir, 'busy.html');
    const result = await runMain(['analyze', log, '--format', 'html', '-o', html, '--tz', 'America/Chicago']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    await mkdir(join(root, '.ci/out'), { recursive: true });
    const outcome = await load(html, join(root, '.ci/out/html-report.png'));
    expect(outcome.errors).toEqual([]);
    expect(outcome.requests).toEqual([]);
    expect(Object.keys(outcome.charts).sort()).toEqual([...TIME_CHARTS, 'share', 'spacing'].sort());
    for (const [name, chart] of Object.entries(outcome.charts)) {
      expect(chart.canvas, name).toBe(true);
      expect(chart.points, name).toBeGreaterThan(1);
      expect(chart.series, name).toBeGreaterThanOrEqual(1);
      expect(chart.inked, name).toBeGreaterThan(1000);
    }
    // 45 minutes fit in at most 600 points: 1 s doubled to 8 s bins (338 points).
    expect(outcome.charts['per-second']?.points).toBeGreaterThan(200);
    expect(outcome.charts['per-second']?.points).toBeLessThanOrEqual(600);
  }, 120_000);

  it('loads the report of every bundled log without an error or a request', async () => {
    const logs = await readdir(join(root, 'fixtures/logs'));
    expect(logs.length).toBeGreaterThan(5);
    for (const name of logs) {
      const html = join(dir, `${name}.html`);
      // The thread 88137 logs were written in CDT without a zone; the bare list of times says no status.
      const extra = name.includes('88137') ? ['--tz', 'America/Chicago', '--status', '429'] : [];
      const result = await runMain([
        'analyze',
        join(root, 'fixtures/logs', name),
        ...extra,
        '--format',
        'html',
        '-o',
        html,
      ]);
      expect(result.code, name).toBe(0);
      const outcome = await load(html);
      expect(outcome.errors, name).toEqual([]);
      expect(outcome.requests, name).toEqual([]);
      for (const chart of TIME_CHARTS) expect(outcome.charts[chart]?.points, `${name} ${chart}`).toBeGreaterThan(0);
    }
  }, 180_000);

  it('shows markup from the log as text and runs none of it', async () => {
    const hostile = [
      'ts,method,url,status,x-request-id,body',
      `2026-03-02T10:00:00.000Z,GET,"/crm/rest/v1/contacts?q=<img src=x onerror=alert(1)>",429,"</script><script>alert(2)</script>","<svg onload=alert(3)>"`,
      '2026-03-02T10:00:01.000Z,GET,/crm/rest/v1/contacts,200,ok,',
    ].join('\n');
    const log = join(dir, 'hostile.csv');
    await writeFile(log, `${hostile}\n`);
    const html = join(dir, 'hostile.html');
    expect((await runMain(['analyze', log, '--format', 'html', '-o', html])).code).toBe(0);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const table = await page.locator('#throttled').innerText();
    await page.close();
    expect(dialogs).toEqual([]);
    expect(table).toContain('</script><script>alert(2)</script>');
  }, 60_000);
});
