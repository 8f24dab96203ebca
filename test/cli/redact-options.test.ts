// --redact-tenant and --redact-urls hide tenant ids and request paths in every format, not only in Markdown.
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.js';

const FILES = ['fixtures/logs/h3-tenant-pipe-2026-08-11.ndjson', 'fixtures/logs/legacy-spike-cdt-thread88137.csv'];
const TENANT = 'ab103.infusionsoft.com';
const PATH = '/crm/rest/v1/orders';

describe('--redact-tenant --redact-urls', () => {
  it.each(['table', 'json', 'markdown', 'html'])(
    '%s: no tenant id and no request path, tenant-1 instead',
    async (format) => {
      const args = ['analyze', ...FILES, '--tz', 'America/Chicago', '--format', format];
      const plain = await runMain(args);
      const redacted = await runMain([...args, '--redact-tenant', '--redact-urls']);
      expect([plain.code, redacted.code, redacted.stderr]).toEqual([0, 0, '']);
      // Without the options the tenant is shown (and the path wherever the format lists one).
      expect(plain.stdout).toContain(TENANT);
      if (format === 'json' || format === 'markdown') expect(plain.stdout).toContain(PATH);
      expect(redacted.stdout).not.toContain(TENANT);
      expect(redacted.stdout).not.toContain('/crm/rest/');
      expect(redacted.stdout).toContain('tenant-1');
    },
  );
});
