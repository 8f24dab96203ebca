// The only file that decides colour: chalk ignores NO_COLOR, so the level is computed here and passed in.
import { Chalk } from 'chalk';
import { plainStyle, type Style } from '../render/style.js';

/** Colour on or off from flags, NO_COLOR/FORCE_COLOR, and whether stdout is a terminal. */
export function decideColor(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean | undefined,
): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return true;
  return Boolean(isTTY) && env['TERM'] !== 'dumb';
}

/** A Style that colours with chalk at level 1 when `enabled`, plain otherwise. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) return plainStyle;
  const chalk = new Chalk({ level: 1 });
  return { bold: chalk.bold, dim: chalk.dim, red: chalk.red, yellow: chalk.yellow, green: chalk.green };
}
