import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { serveBin } from '../helpers/serve-bin.js';

const SECRET = 'KeapAK-cli-0123456789abcdefghijklmnop';

describe('keap-throttle mock-gateway', () => {
  it.each([['SIGTERM'], ['SIGINT']] as const)(
    'prints its loopback URL first, serves the options it was given, and stops cleanly on %s',
    async (signal) => {
      const served = await serveBin([
        'mock-gateway',
        '--port',
        '0',
        '--rate',
        '5',
        '--processors',
        '3',
        '--per-minute',
        '4',
        '--per-day',
        '900',
        '--tenant-minute',
        '800',
        '--tenant-day',
        '9000',
        '--seed',
        '2',
        '--faults',
      ]);
      const statuses: number[] = [];
      let lastHeaders: Headers | null = null;
      let spikeBody = '';
      // 100 ms apart, 5/s over 3 processors: some land on a busy processor; the 5th accepted one hits the minute limit.
      for (let i = 0; i < 12; i++) {
        const response = await fetch(`${served.url}/crm/rest/v1/orders`, {
          headers: { authorization: `Bearer ${SECRET}` },
        });
        statuses.push(response.status);
        const text = await response.text();
        if (response.status === 429 && text.includes('SpikeArrestViolation')) spikeBody = text;
        lastHeaders = response.headers;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(lastHeaders?.get('x-keap-product-spike-limit')).toBe('5ps');
      expect(lastHeaders?.get('x-keap-product-throttle-limit')).toBe('4');
      expect(lastHeaders?.get('x-keap-product-quota-limit')).toBe('900');
      expect(lastHeaders?.get('x-keap-tenant-throttle-limit')).toBe('800|9000');
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(spikeBody).toContain('periodInMicroseconds=3000000');
      const { code, stdout, stderr } = await served.stop(signal);
      expect(code).toBe(0);
      expect(stdout).toBe(`listening on ${served.url}\n`);
      const throttled = statuses.filter((s) => s === 429).length;
      expect(stderr).toContain(`stopped: 12 requests, 4 accepted, ${throttled} throttled`);
      expect(stderr).not.toContain(SECRET);
    },
  );

  it('refuses a bad option with one line and exit 2', async () => {
    const result = await runBin(['mock-gateway', '--processors', 'six']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('keap-throttle: error [BAD_OPTION]: --processors "six" must be a whole number ≥ 1\n');
    expect(result.stdout).toBe('');
  });

  it('says the port is taken instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runBin(['mock-gateway', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `keap-throttle: error [BAD_OPTION]: --port ${port}: the port is already in use on 127.0.0.1; pick another port, or --port 0 for any free one\n`,
      );
    } finally {
      blocker.close();
    }
  });
});
