import { describe, expect, it } from 'vitest';
import { createStyle, decideColor } from '../../src/cli/style.js';

describe('decideColor', () => {
  it.each([
    [true, {}, false, true],
    [false, { FORCE_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, true],
    [undefined, {}, true, true],
    [undefined, { TERM: 'dumb' }, true, false],
    [undefined, {}, false, false],
  ])('flag %s, env %j, tty %s → %s', (flag, env, tty, expected) => {
    expect(decideColor(flag, env, tty)).toBe(expected);
  });

  it('colours only when enabled', () => {
    expect(createStyle(false).red('x')).toBe('x');
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
