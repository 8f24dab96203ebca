import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { root } from './run-bin.js';

/** A long-running CLI command (mock-gateway, record) started in a subprocess. */
export interface ServedBin {
  /** The base URL from its first stdout line `listening on <url>`. */
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Sends `signal` and resolves with the exit code and everything it printed. */
  stop(
    signal?: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `bin/keap-throttle.js args…` and waits (at most 10 s) for its `listening on` line. */
export function serveBin(args: readonly string[]): Promise<ServedBin> {
  const child = spawn(process.execPath, ['bin/keap-throttle.js', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "listening on" line within 10 s; stderr: ${stderr}`));
    }, 10_000);
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const first = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (!first) return;
      clearTimeout(timer);
      resolve({
        url: first[1] as string,
        child,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return { ...(await exited), stdout, stderr };
        },
      });
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; stdout: ${stdout} stderr: ${stderr}`));
    });
  });
}
