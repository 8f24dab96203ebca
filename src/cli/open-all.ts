import { createHash } from 'node:crypto';
import type { AnalysisInput } from '../analyze.js';
import { openInput } from '../read/open-input.js';
import { sniffInput } from '../read/read-input.js';
import type { InputDigest } from '../report.js';
import type { CliIo } from './io.js';

/** The opened inputs, and their SHA-256 once the analysis has read them to the end. */
export interface OpenedInputs {
  readonly inputs: AnalysisInput[];
  digests(): InputDigest[];
}

/** Opens and sniffs every named input (stdin for `-`), failing on the first unusable one; hashes the bytes as they stream. */
export async function openAll(paths: readonly string[], io: CliIo): Promise<OpenedInputs> {
  const inputs: AnalysisInput[] = [];
  const tallies: { name: string; hash: ReturnType<typeof createHash>; bytes: number }[] = [];
  for (const path of paths) {
    const opened = await openInput(path, { stream: io.stdin, isTTY: Boolean(io.stdin.isTTY) });
    const tally = { name: opened.name, hash: createHash('sha256'), bytes: 0 };
    tallies.push(tally);
    const sniffed = await sniffInput({ ...opened, stream: hashed(opened.stream, tally) });
    inputs.push(sniffed);
  }
  return {
    inputs,
    digests: () =>
      tallies.map((tally) => ({ name: tally.name, sha256: tally.hash.copy().digest('hex'), bytes: tally.bytes })),
  };
}

async function* hashed(
  stream: AsyncIterable<Buffer>,
  tally: { hash: ReturnType<typeof createHash>; bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    tally.hash.update(chunk);
    tally.bytes += chunk.length;
    yield chunk;
  }
}
