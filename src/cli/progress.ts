import type { CliIo } from './io.js';

/** A row counter on stderr, only for a person watching a terminal (not with --json, not in CI); null otherwise. */
export function createProgress(io: CliIo, format: string): { update(rows: number): void; done(): void } | null {
  if (!io.stderr.isTTY || format !== 'table' || io.env['CI']) return null;
  let shown = false;
  return {
    update(rows) {
      shown = true;
      io.stderr.write(`\rkeap-throttle: ${rows.toLocaleString('en-US')} rows read…`);
    },
    done() {
      // Clear the line so the report starts clean.
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}
