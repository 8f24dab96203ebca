import type fc from 'fast-check';
import { afterAll, vi } from 'vitest';

// `npm test` runs a quick pass; `npm run fuzz` sets KEAP_FUZZ_RUNS for a deeper one (and KEAP_FUZZ_SEED to replay).
const quick = Number(process.env['KEAP_FUZZ_RUNS'] ?? 0) === 0;
// A deep pass runs each property for minutes (1,000 mutated fixtures take about 40 s): the 30 s test budget is the quick pass's.
if (!quick) vi.setConfig({ testTimeout: 30 * 60_000 });

/** Runs per property: `base` in the quick pass, KEAP_FUZZ_RUNS × `scale` in a deep one. */
export function runs(base: number, scale = 1): number {
  if (quick) return base;
  return Math.max(base, Math.round(Number(process.env['KEAP_FUZZ_RUNS']) * scale));
}

/** fast-check parameters shared by every property: the run count and a replayable seed. */
export function params<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env['KEAP_FUZZ_SEED'];
  return {
    numRuns,
    ...(seed !== undefined && { seed: Number(seed) }),
    endOnFailure: true,
    // A failing input can be megabytes: report its seed and path (to replay it) and only its start.
    reporter: (details) => {
      if (!details.failed) return;
      const input = JSON.stringify(details.counterexample, (_key, value: unknown) =>
        Buffer.isBuffer(value) ? value.toString('latin1') : value,
      );
      throw new Error(
        `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n` +
          `${String(details.errorInstance).slice(0, 800)}\ninput starts: ${input?.slice(0, 600)}`,
      );
    },
  };
}

const tried = new Map<string, number>();

/** Counts one input tried under `label`, printed per file when its properties end (the counts in reports). */
export function countTried(label: string): void {
  tried.set(label, (tried.get(label) ?? 0) + 1);
}

afterAll(() => {
  if (tried.size === 0) return;
  const lines = [...tried].map(([label, count]) => `  ${label}: ${count} inputs`);
  console.log(`fuzz inputs tried (${quick ? 'quick' : 'deep'} pass):\n${lines.join('\n')}`);
});
