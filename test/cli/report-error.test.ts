// The README's error forms: a user error is one line with its code, file:line and hint; a bug is one redacted line,
// its stack (redacted) only with --debug.
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/report-error.js';
import { KeapThrottleError } from '../../src/errors.js';

describe('describeError', () => {
  it('words a user error as one line: code, file:line, problem, what to do', () => {
    const error = new KeapThrottleError('NO_ROWS', 'none of 2 rows is usable', {
      location: { file: 'logs.csv', line: 3 },
      hint: 'fix that for every row',
    });
    expect(describeError(error, true)).toBe(
      'keap-throttle: error [NO_ROWS]: logs.csv:3: none of 2 rows is usable; fix that for every row\n',
    );
  });

  it('words a bug as one line, its first message line redacted and capped at 200 characters, the stack only with --debug', () => {
    const secret = 'Zq1InternalLeak9';
    const bug = new TypeError(`failed on Bearer ${secret} ${'x'.repeat(400)}\nsecond line`);
    const line = describeError(bug, false);
    expect(line.split('\n')).toEqual([expect.stringMatching(/^keap-throttle: internal error \[INTERNAL\]: /), '']);
    expect(line).not.toContain(secret);
    expect(line).not.toContain('second line');
    expect(line).toMatch(/x{150,}; please report it with the command you ran \(--debug shows the stack\)\n$/);
    expect(line.length).toBeLessThan('keap-throttle: internal error [INTERNAL]: '.length + 200 + 80);
    const debug = describeError(bug, true);
    expect(debug.startsWith(line.trimEnd())).toBe(true);
    expect(debug).toMatch(/\n\s+at .*report-error\.test\.ts/);
    // --debug is output too: the stack's copy of the message is redacted like the line.
    expect(debug).not.toContain(secret);
  });
});
