import type { AnalysisInput } from '../analyze.js';
import { openInput } from '../read/open-input.js';
import { sniffInput } from '../read/read-input.js';
import type { CliIo } from './io.js';

/** Opens and sniffs every named input (stdin for `-`), failing on the first unusable one. */
export async function openAll(paths: readonly string[], io: CliIo): Promise<AnalysisInput[]> {
  const inputs: AnalysisInput[] = [];
  for (const path of paths) {
    const opened = await openInput(path, { stream: io.stdin, isTTY: Boolean(io.stdin.isTTY) });
    const sniffed = await sniffInput(opened);
    inputs.push(sniffed);
  }
  return inputs;
}
