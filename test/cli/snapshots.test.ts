// One readable snapshot file per command line (stdout, stderr and exit code), the way arethetypeswrong
// keeps them: run in-process through main(argv, io); `npx vitest run -u` rewrites them after a deliberate change.
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.js';

const SAK = 'fixtures/logs/sak-sleep5-thread89944.csv';
const HAR = 'fixtures/logs/h1-pastebin-2024-08-14.har';
const LEGACY = 'fixtures/logs/legacy-spike-cdt-thread88137.csv';

interface Invocation {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  readonly tty?: { columns: number };
}

const INVOCATIONS: readonly Invocation[] = [
  { name: 'analyze-table', argv: ['analyze', SAK] },
  { name: 'analyze-table-verbose', argv: ['analyze', SAK, '--verbose'] },
  { name: 'analyze-table-columns-60', argv: ['analyze', SAK], env: { COLUMNS: '60' } },
  { name: 'analyze-table-tty-140', argv: ['analyze', SAK], tty: { columns: 140 } },
  { name: 'analyze-table-tz', argv: ['analyze', LEGACY, '--tz', 'America/Chicago'] },
  { name: 'analyze-markdown', argv: ['analyze', SAK, '--format', 'markdown'] },
  { name: 'analyze-markdown-tz', argv: ['analyze', LEGACY, '--tz', 'America/Chicago', '--format', 'markdown'] },
  { name: 'analyze-markdown-har', argv: ['analyze', HAR, '--format', 'markdown'] },
  {
    name: 'analyze-markdown-har-redacted',
    argv: ['analyze', HAR, '--format', 'markdown', '--redact-tenant', '--redact-urls'],
  },
  { name: 'analyze-fail-on-matched', argv: ['analyze', SAK, '--fail-on', 'other-consumers'] },
  { name: 'check-pass', argv: ['check', SAK, '--max-429-rate', '10', '--min-headroom', '50'] },
  { name: 'check-fail', argv: ['check', SAK, '--fail-on', 'spike', '--max-429-rate', '5', '--max-unexplained', '0'] },
  { name: 'check-markdown', argv: ['check', SAK, '--fail-on', 'spike', '--format', 'markdown'] },
  { name: 'check-no-rule', argv: ['check', SAK] },
  { name: 'simulate-table', argv: ['simulate', SAK, '--spacing', '3s'] },
  { name: 'usage-unknown-option', argv: ['analyze', SAK, '--bogus'] },
  { name: 'usage-missing-files', argv: ['analyze'] },
  { name: 'usage-missing-value', argv: ['analyze', SAK, '--tz'] },
  { name: 'usage-unknown-command', argv: ['analyse', SAK] },
  { name: 'usage-bad-format', argv: ['analyze', SAK, '--format', 'pdf'] },
  { name: 'usage-table-and-json', argv: ['analyze', SAK, '--format', 'table', '--json'] },
  { name: 'usage-option-not-used', argv: ['simulate', SAK, '--spacing', '2s', '--fail-on', 'any'] },
  { name: 'usage-markdown-on-simulate', argv: ['simulate', SAK, '--spacing', '2s', '--format', 'markdown'] },
  { name: 'usage-secret-in-option', argv: ['analyze', SAK, '--token=KeapAK-0123456789abcdef0123456789abcdef'] },
  { name: 'error-missing-file', argv: ['analyze', 'fixtures/logs/missing.csv'] },
  { name: 'error-no-zone', argv: ['analyze', LEGACY] },
];

function snapshotText(invocation: Invocation, result: { code: number; stdout: string; stderr: string }): string {
  const env = Object.entries(invocation.env ?? {}).map(([name, value]) => `${name}=${value} `);
  const tty = invocation.tty ? `# stdout is a terminal ${invocation.tty.columns} columns wide\n` : '';
  return `${tty}$ ${env.join('')}keap-throttle ${invocation.argv.join(' ')}\n\nexit code: ${result.code}\n\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`;
}

describe('CLI snapshots (one file per command line)', () => {
  it.each(INVOCATIONS.map((invocation) => [invocation.name, invocation] as const))('%s', async (_name, invocation) => {
    const result = await runMain(invocation.argv, {
      ...(invocation.env && { env: invocation.env }),
      ...(invocation.tty && { tty: invocation.tty }),
    });
    await expect(snapshotText(invocation, result)).toMatchFileSnapshot(`snapshots/${invocation.name}.txt`);
  });
});
