import type { CliIo } from './io.js';

const DEFAULT_COLUMNS = 100;
// Narrower than this, no table is readable: blocks still wrap to it.
const NARROWEST = 40;

/** Columns the table output may use: the terminal's on a TTY, else $COLUMNS, else 100. */
export function terminalWidth(io: CliIo, toStdout: boolean): number {
  const tty = toStdout && io.stdout.isTTY ? io.stdout.columns : undefined;
  if (tty && tty > 0) return Math.max(NARROWEST, tty);
  const fromEnv = Number(io.env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(NARROWEST, fromEnv);
  return DEFAULT_COLUMNS;
}
