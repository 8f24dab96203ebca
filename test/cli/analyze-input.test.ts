import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeJson, root, runBin } from '../helpers/run-bin.js';

const logs = 'fixtures/logs/';
const bad = 'fixtures/bad/';
const statusCounts = (json: any): Record<string, number> =>
  Object.fromEntries(json.input.statuses.map((s: any) => [s.status, s.count]));

describe('analyze on the real-sample fixtures', () => {
  it('reads the SAK sleep(5) seed log (CSV): 24 rows, two 429s, one 405, PAT/SAK profile', async () => {
    const { json, result } = await analyzeJson([`${logs}sak-sleep5-thread89944.csv`]);
    expect(result.code).toBe(0);
    expect(json.schemaVersion).toBe(1);
    expect(json.input.rows).toEqual({ read: 24, used: 24, skipped: 0, aside: 0 });
    expect(statusCounts(json)).toEqual({ 200: 21, 405: 1, 429: 2 });
    expect(json.input.throttled).toBe(2);
    expect(json.input.span.first).toBe('2026-02-18T14:00:00.000Z');
    expect(json.input.span.last).toBe('2026-02-18T14:01:55.014Z');
    expect(json.profile.profile.id).toBe('pat-sak');
    expect(json.profile.basis).toBe('headers');
  });

  it('reads the H1 HAR export, fingerprints the bearer token and redacts the query token', async () => {
    const { json, result } = await analyzeJson([`${logs}h1-pastebin-2024-08-14.har`]);
    expect(result.code).toBe(0);
    expect(json.input.files[0].format).toBe('har');
    expect(json.input.rows).toEqual({ read: 5, used: 5, skipped: 0, aside: 0 });
    expect(json.input.keys.distinct).toHaveLength(1);
    expect(json.input.keys.distinct[0]).toMatch(/^key#[0-9a-f]{8}$/);
    expect(json.input.tenants).toEqual(['ps359.infusionsoft.com']);
    expect(json.profile.profile).toMatchObject({
      id: 'from-headers',
      perMinute: 240,
      perDay: 150000,
      spikePerSecond: 10,
      tenantPerMinute: 5000,
    });
    expect(result.stdout).not.toMatch(/KeapAK-|abc123secretvalue/);
  });

  it('reads the H2 JSON array across UTC midnight', async () => {
    const { json } = await analyzeJson([`${logs}h2-postman-pat-2026-02-18.json`]);
    expect(json.input.files[0].format).toBe('json-array');
    expect(json.input.rows.used).toBe(6);
    expect(json.input.span.first).toBe('2026-02-18T23:59:50.000Z');
    expect(json.input.span.last).toBe('2026-02-19T00:00:12.000Z');
  });

  it('reads the H3 NDJSON with pipe-delimited tenant headers and a blank 401', async () => {
    const { json } = await analyzeJson([`${logs}h3-tenant-pipe-2026-08-11.ndjson`]);
    expect(json.input.files[0].format).toBe('ndjson');
    expect(statusCounts(json)).toEqual({ 200: 6, 401: 1 });
    expect(json.profile.profile).toMatchObject({ id: 'pat-sak', tenantPerMinute: 10000, tenantPerDay: 250000 });
  });

  it('reads H4 with Title-Case X-Apigee names and epoch-second times as the 2020 OAuth profile', async () => {
    const { json } = await analyzeJson([`${logs}h4-docs-apigee-names-2021.csv`]);
    expect(json.input.headerGenerations).toEqual({ 'x-apigee': 5 });
    expect(json.input.span.first).toBe('2021-04-12T08:30:00.000Z');
    expect(json.profile.profile.id).toBe('oauth2-2020');
    expect(json.input.throttled).toBe(1);
  });

  it('needs --tz for the zone-less CDT times of thread 88137 and reads them with it', async () => {
    const without = await runBin(['analyze', `${logs}legacy-spike-cdt-thread88137.csv`]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(
      /^keap-throttle: error \[NO_ROWS\]: fixtures\/logs\/legacy-spike-cdt-thread88137.csv:2: .*--tz/,
    );
    expect(without.stderr.trim().split('\n')).toHaveLength(1);
    const { json } = await analyzeJson([`${logs}legacy-spike-cdt-thread88137.csv`, '--tz', 'America/Chicago']);
    expect(json.input.rows).toEqual({ read: 30, used: 30, skipped: 0, aside: 0 });
    expect(json.input.span.first).toBe('2022-07-08T21:38:14.000Z');
    expect(json.input.span.last).toBe('2022-07-13T03:34:13.000Z');
    expect(json.input.throttled).toBe(10);
    expect(json.profile).toMatchObject({ basis: 'fault' });
    expect(json.profile.profile.spikePerSecond).toBe(25);
  });

  it('reads a headers column holding a raw block or a JSON object', async () => {
    const raw = await analyzeJson([`${logs}headers-column-raw-block.csv`]);
    expect(raw.json.input.tenants).toEqual(['ps359.infusionsoft.com']);
    expect(raw.json.profile.profile.id).toBe('oauth2');
    expect(raw.json.input.throttled).toBe(1);
    const json = await analyzeJson([`${logs}headers-column-json.csv`]);
    expect(json.json.profile.profile.id).toBe('oauth2');
  });

  it('merges several files by time', async () => {
    const { json } = await analyzeJson([`${logs}headers-column-json.csv`, `${logs}headers-column-raw-block.csv`]);
    expect(json.input.rows.used).toBe(6);
    expect(json.input.files.map((f: any) => [f.name, f.used])).toEqual([
      [`${logs}headers-column-json.csv`, 3],
      [`${logs}headers-column-raw-block.csv`, 3],
    ]);
    expect(json.input.span.first).toBe('2026-09-03T16:00:00.000Z');
    expect(json.input.span.last).toBe('2026-09-03T16:01:00.500Z');
  });

  it('reads standard input for -', async () => {
    const text = await readFile(`${root}${logs}sak-sleep5-thread89944.csv`, 'utf8');
    const { json, result } = await analyzeJson(['-'], { stdin: text });
    expect(result.code).toBe(0);
    expect(json.input.files[0].name).toBe('<stdin>');
    expect(json.input.rows.used).toBe(24);
  });

  it('prints the summary table with the numbers', async () => {
    const result = await runBin(['analyze', `${logs}sak-sleep5-thread89944.csv`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/24 read, 24 used, 0 skipped/);
    expect(result.stdout).toMatch(/200 ×21,\s+405 ×1,\s+429 ×2/);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('analyze on bad input', () => {
  it.each([
    ['empty.csv', /empty.csv: the file is empty/],
    ['header-only.csv', /header-only.csv: has no data rows/],
    ['binary-garbage.bin', /binary-garbage.bin: this is binary data/],
    ['truncated.json', /truncated.json:4: .*ended/],
    ['no-time-column.csv', /no-time-column.csv:1: no time column/],
    ['single-object.json', /single-object.json:1: a single JSON object/],
    ['no-zone.csv', /no-zone.csv:2: .*no time zone; pass --tz/],
    ['does-not-exist.csv', /does-not-exist.csv: no such file/],
    ['.', /fixtures\/bad\/.: is a directory, not a log file/],
  ])('%s: one line on stderr, exit 2, nothing on stdout', async (file, message) => {
    const result = await runBin(['analyze', `${bad}${file}`, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('counts every bad row of wrong-types.csv as skipped with its reason and line', async () => {
    const { json, result } = await analyzeJson([`${bad}wrong-types.csv`]);
    expect(result.code).toBe(0);
    expect(json.input.rows).toEqual({ read: 7, used: 2, skipped: 5, aside: 0 });
    const where = Object.fromEntries(json.input.skipped.map((g: any) => [g.code, g.examples.map((e: any) => e.line)]));
    expect(where).toEqual({
      BAD_TIMESTAMP: [3],
      BAD_STATUS: [4],
      NO_STATUS: [5],
      TIMESTAMP_WITHOUT_ZONE: [6],
      MALFORMED_ROW: [7],
    });
  });

  it('counts bad NDJSON lines and non-object elements as skips', async () => {
    const { json } = await analyzeJson([`${bad}ndjson-bad-lines.ndjson`]);
    expect(json.input.rows).toEqual({ read: 4, used: 2, skipped: 2, aside: 0 });
    expect(json.input.skipped.map((g: any) => [g.code, g.examples[0].line])).toEqual([
      ['MALFORMED_ROW', 2],
      ['NOT_AN_OBJECT', 4],
    ]);
  });

  it('reads BOM + CRLF, quoted newlines and semicolon CSV without loss', async () => {
    for (const [file, used] of [
      ['bom-crlf.csv', 2],
      ['quoted-newlines.csv', 3],
      ['semicolon.csv', 2],
    ] as const) {
      const { json } = await analyzeJson([`${bad}${file}`]);
      expect([file, json.input.rows]).toEqual([file, { read: used, used, skipped: 0, aside: 0 }]);
    }
  });

  it('--strict turns skipped rows into exit 2 naming the first one, after printing the report', async () => {
    const result = await runBin(['analyze', `${bad}wrong-types.csv`, '--strict']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/7 read, 2 used, 5 skipped/);
    expect(result.stderr).toMatch(
      /^keap-throttle: error \[STRICT_SKIPS\]: fixtures\/bad\/wrong-types.csv:\d+: 5 row\(s\) skipped and --strict is set/,
    );
  });

  it('refuses an unknown option, profile, zone or invalid policy with exit 2', async () => {
    expect((await runBin(['analyze', `${logs}h4-docs-apigee-names-2021.csv`, '--bogus'])).code).toBe(2);
    const profile = await runBin(['analyze', `${logs}h4-docs-apigee-names-2021.csv`, '--profile', 'nope']);
    expect([profile.code, profile.stderr]).toEqual([
      2,
      expect.stringMatching(/no built-in profile "nope"; choose one of oauth2, pat-sak/),
    ]);
    const zone = await runBin(['analyze', `${logs}h4-docs-apigee-names-2021.csv`, '--tz', 'Mars/Base']);
    expect([zone.code, zone.stderr]).toEqual([2, expect.stringMatching(/unknown time zone "Mars\/Base"/)]);
    const policy = await runBin([
      'analyze',
      `${logs}h4-docs-apigee-names-2021.csv`,
      '--policy',
      'fixtures/policies/invalid.json',
    ]);
    expect([policy.code, policy.stderr]).toEqual([
      2,
      expect.stringMatching(/invalid.json: "perMinute" must be a positive number or null; unknown field "colour"/),
    ]);
  });

  it('uses a valid --policy file and --profile as given', async () => {
    const policy = await analyzeJson([
      `${logs}h4-docs-apigee-names-2021.csv`,
      '--policy',
      'fixtures/policies/custom-oauth.json',
    ]);
    expect(policy.json.profile).toMatchObject({
      basis: 'user',
      profile: { id: 'agency-contract-2026', perMinute: 3000 },
    });
    const forced = await analyzeJson([`${logs}h4-docs-apigee-names-2021.csv`, '--profile', 'pat-sak']);
    expect(forced.json.profile.profile.id).toBe('pat-sak');
    // The headers' own limits stay in the evidence, so a wrong choice is visible.
    expect(forced.json.profile.evidence).toEqual([
      { code: 'CHOSEN_BY_USER' },
      { code: 'LIMIT_SEEN', source: 'x-keap-product-throttle-limit', values: [{ value: 1500, responses: 5 }] },
      { code: 'LIMIT_SEEN', source: 'x-keap-product-quota-limit', values: [{ value: 150000, responses: 5 }] },
    ]);
  });

  it('refuses a terminal as standard input with INPUT_IS_TTY (the CLI maps it to exit 2)', async () => {
    // A subprocess stdin is a pipe, so this drives the library check through its public error instead.
    const { openInput } = await import('../../src/read/open-input.js');
    await expect(openInput('-', { stream: process.stdin, isTTY: true })).rejects.toMatchObject({
      code: 'INPUT_IS_TTY',
    });
  });
});

describe('CLI basics', () => {
  it('prints the version from package.json and help with examples, exit 0', async () => {
    const pkg = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
    const version = await runBin(['--version']);
    expect([version.code, version.stdout.trim()]).toEqual([0, pkg.version]);
    const help = await runBin(['analyze', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n\s+\$ keap-throttle analyze logs.csv/);
  });
});
