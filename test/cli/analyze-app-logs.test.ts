import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeJson, root, runBin } from '../helpers/run-bin.js';

const served: Record<string, { status: number; step: string; path: string }[]> = JSON.parse(
  await readFile(`${root}fixtures/clients/served.json`, 'utf8'),
);
const count429 = (name: string) => (served[name] ?? []).filter((s) => s.status === 429).length;

describe('analyze on the logs real clients wrote (fixtures/clients)', () => {
  it.each([
    ['guzzle-monolog.log', [], 'php-log'],
    ['guzzle-laravel.log', ['--tz', 'America/Chicago'], 'php-log'],
    ['python-requests.log', ['--tz', 'America/Chicago'], 'python-log'],
    ['python-httpx.log', ['--tz', 'UTC'], 'python-log'],
    ['curl-i.txt', [], 'http-dump'],
    ['curl-D.txt', [], 'http-dump'],
    ['python-requests-headers.csv', [], 'csv'],
    ['recipe-php.ndjson', [], 'ndjson'],
    ['recipe-python.ndjson', [], 'ndjson'],
    ['recipe-node.ndjson', [], 'ndjson'],
    ['recipe-curl.txt', [], 'http-dump'],
  ])('%s: rows add up, every 429 the server sent is found', async (name, options, format) => {
    const { json, result } = await analyzeJson([`fixtures/clients/${name}`, ...options]);
    expect(result.code).toBe(0);
    const { rows, files } = json.input;
    expect(files[0].format).toBe(format);
    expect(rows.read).toBe(rows.used + rows.skipped + rows.aside);
    expect(rows.skipped).toBe(0);
    expect(json.input.throttled).toBe(count429(name));
    expect(json.throttling.throttled).toBe(count429(name));
  });

  it('reads the limit headers wherever the client put them: a dump, str(headers), a CSV column, a recipe line', async () => {
    for (const [name, options] of [
      ['guzzle-monolog.log', []],
      ['python-requests.log', ['--tz', 'America/Chicago']],
      ['python-httpx.log', ['--tz', 'UTC']],
      ['python-requests-headers.csv', []],
      ['recipe-python.ndjson', []],
      ['curl-i.txt', []],
    ] as const) {
      const { json } = await analyzeJson([`fixtures/clients/${name}`, ...options]);
      expect([name, json.input.headerGenerations]).toEqual([name, { 'x-keap': json.input.rows.used }]);
      expect([name, json.input.tenants]).toEqual([name, ['ab103.infusionsoft.com']]);
    }
  });

  it('Laravel errors-only log: N unknown where Guzzle cut the fault, the endpoints, and what to log next for PHP', async () => {
    const { json } = await analyzeJson(['fixtures/clients/guzzle-laravel.log', '--tz', 'America/Chicago']);
    const spikes = (served['guzzle-laravel.log'] ?? []).filter((s) => s.step.startsWith('spike:')).length;
    expect(json.errorsOnly).toMatchObject({ applies: true, language: 'php' });
    expect(json.errorsOnly.faults.truncated).toBe(spikes);
    expect(json.errorsOnly.faults.rate).toBeNull();
    expect(json.errorsOnly.logNext).toEqual(
      expect.arrayContaining(['log-every-response', 'log-full-body', 'log-zone']),
    );
    const payments = (served['guzzle-laravel.log'] ?? []).filter(
      (s) => s.status === 429 && s.path.endsWith('/payments'),
    );
    expect(json.errorsOnly.endpoints[0]).toEqual({
      method: 'POST',
      path: '/crm/rest/v1/orders/{id}/payments',
      count: payments.length,
    });
    // Guzzle cut each fault inside its MessageRate: SpikeArrest's, with the rate and N unknown.
    const cut = json.throttling.attributions.filter(
      (a: any) => a.evidence[0].code === 'FAULT_SPIKE_ARREST' && a.faultRate === null,
    );
    expect(cut).toHaveLength(spikes);
    expect(json.throttling.otherErrors.map((e: any) => [e.status, e.count])).toEqual([[404, 1]]);
    const table = await runBin(['analyze', 'fixtures/clients/guzzle-laravel.log', '--tz', 'America/Chicago']);
    expect(table.stdout).toMatch(/STACK_TRACE ×7/);
    expect(table.stdout).toContain(`${spikes} fault(s) were cut off by the client before their MessageRate ended`);
    expect(table.stdout).toContain(
      "PHP/Guzzle: $stack->push(keapLogMiddleware('/var/log/keap.ndjson', 'orders-sync'));",
    );
  });

  it('zone-less Python times: one error line that says which --tz the Date headers point to, exit 2', async () => {
    const result = await runBin(['analyze', 'fixtures/clients/python-requests.log']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(
      "12 of 12 rows are 6 h behind the row's Date header: --tz America/Chicago (or --tz -06:00)?",
    );
    const httpx = await runBin(['analyze', 'fixtures/clients/python-httpx.log']);
    expect(httpx.stderr).toContain("the same as the row's Date header read as UTC: --tz UTC?");
  });

  it.each([['table'], ['json']])(
    'no token, key or access_token from any client log reaches the %s output',
    async (format) => {
      const names = Object.keys(served);
      let secretsSeen = 0;
      for (const name of names) {
        const text = await readFile(`${root}fixtures/clients/${name}`, 'utf8');
        const secrets = [
          ...new Set([...text.matchAll(/KeapAK-[0-9a-f]{20,}|access_token=([0-9a-f]{10,})/g)].map((m) => m[1] ?? m[0])),
        ];
        secretsSeen += secrets.length;
        const tz = /python-(requests|httpx)\.log|laravel/.test(name) ? ['--tz', 'America/Chicago'] : [];
        const result = await runBin(['analyze', `fixtures/clients/${name}`, '--format', format, ...tz]);
        expect([name, result.code]).toEqual([name, 0]);
        for (const secret of secrets)
          expect([name, result.stdout + result.stderr]).not.toEqual([name, expect.stringContaining(secret)]);
      }
      expect(secretsSeen).toBeGreaterThanOrEqual(4);
    },
  );
});
