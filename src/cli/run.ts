// The process entry: the only place that reads `process` and sets the exit code.
import { keepShortLivedObjectsYoung } from './heap-flags.js';
import { main } from './main.js';
import { notWritable } from './output.js';
import { describeError } from './report-error.js';

keepShortLivedObjectsYoung();

let stdoutFailure: NodeJS.ErrnoException | null = null;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (keap-throttle … | head) is the reader's choice, not a failure.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // Anything else (a full disk) is reported once, as one line, by the command or below.
  stdoutFailure ??= error;
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exitCode = code;
// The failed write's error event may come after main returned (commander's help writes without waiting).
process.once('exit', () => {
  if (!stdoutFailure || process.exitCode !== 0) return;
  process.stderr.write(describeError(notWritable(stdoutFailure), false));
  process.exitCode = 2;
});
