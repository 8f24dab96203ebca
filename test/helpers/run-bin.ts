import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, so tests can name fixtures relative to it. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What a finished CLI run printed and returned. */
export interface BinResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs the built bin/keap-throttle.js in a subprocess with colour off, from the repository root. */
export function runBin(
  args: readonly string[],
  options: { stdin?: string | Buffer; env?: Record<string, string> } = {},
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/keap-throttle.js', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs `analyze … --json` and parses stdout; fails the test on a non-JSON answer. */
export async function analyzeJson(
  args: readonly string[],
  options: { stdin?: string } = {},
): Promise<{ json: any; result: BinResult }> {
  const result = await runBin(['analyze', ...args, '--json'], options);
  return { json: result.stdout ? JSON.parse(result.stdout) : null, result };
}
