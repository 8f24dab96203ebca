// The fitting thread must count exactly what the in-process fitter counts. The built files are tested (`npm test`
// builds first): a worker thread loads plain JavaScript, not the TypeScript sources.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SpikeFitter, SpikeFitterFactory, SpikeObservation } from '../../src/spike/index.js';
import { createRandom, createSpikeFitter } from '../../src/spike/index.js';

const built = fileURLToPath(new URL('../../dist/parallel/worker-fitter.js', import.meta.url));
const options = { rates: [5, 10, 25], processors: Array.from({ length: 16 }, (_, i) => i + 1) };

async function workerFitters(): Promise<SpikeFitterFactory> {
  expect(existsSync(built), 'run `npm run build` first').toBe(true);
  return ((await import(built)) as { workerFitters: SpikeFitterFactory }).workerFitters;
}

/** A bursty stream over `keys` keys: every outcome, known and unknown others' rates, ms or quarter-second times. */
function stream(seed: number, count: number, keys: number, wholeSeconds: boolean): SpikeObservation[] {
  const random = createRandom(seed);
  const out: SpikeObservation[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    t += random() < 0.3 ? Math.round(random() * 400) : Math.round(random() * 40);
    const draw = random();
    out.push({
      key: `key-${Math.floor(random() ** 2 * keys)}`,
      tMs: wholeSeconds ? Math.floor(t / 250) * 250 + 125 : t,
      outcome: draw < 0.15 ? 'rejected' : draw < 0.2 ? 'passed' : 'accepted',
      foreignPerSecond: random() < 0.5 ? null : Math.round(random() * 300) / 10,
      resolutionMs: wholeSeconds ? 250 : 1,
    });
  }
  // One late observation: counted out of order by both.
  out.splice(count >> 1, 0, { ...(out[10] as SpikeObservation) });
  return out;
}

function feed(fitter: SpikeFitter, observations: readonly SpikeObservation[], askEvery: number): number[][] {
  const answers: number[][] = [];
  observations.forEach((observation, index) => {
    fitter.observe(observation);
    if (index % askEvery === 0) {
      for (const limit of [3, Infinity]) {
        answers.push(fitter.recentAcceptedGaps(observation.key, observation.tMs + 1, limit));
        answers.push(fitter.recentPassedGaps(observation.key, observation.tMs + 1, limit));
      }
    }
  });
  return answers;
}

describe('worker fitter', () => {
  it.each([
    ['ms times, 70 keys (the pooled key too), several batches', 1, 40_000, 70, false],
    ['quarter-second times (a whole-second log spread over its seconds), 5 keys', 2, 20_000, 5, true],
    ['fewer observations than one batch (counted in-process)', 3, 3_000, 3, false],
  ])('counts the same evidence and posterior as the in-process fitter: %s', async (_name, seed, count, keys, whole) => {
    const observations = stream(seed, count, keys, whole);
    const local = createSpikeFitter(options);
    const threaded = (await workerFitters())(options);
    const localAnswers = feed(local, observations, 97);
    const threadedAnswers = feed(threaded, observations, 97);
    expect(threadedAnswers).toEqual(localAnswers);
    const evidence = threaded.evidence();
    expect(evidence).toEqual(local.evidence());
    // Bins in the same first-seen order: the posterior sums them in that order.
    expect(evidence.keys.map((key) => [...key.bins.keys()])).toEqual(
      local.evidence().keys.map((key) => [...key.bins.keys()]),
    );
    expect(evidence.outOfOrder).toBe(1);
    const prior = {
      rates: [
        { rate: 5, prior: 0.2 },
        { rate: 10, prior: 0.6 },
        { rate: 25, prior: 0.2 },
      ],
    };
    expect(threaded.result(prior).summary).toEqual(local.result(prior).summary);
  });

  it('checks its options before any thread starts', async () => {
    const factory = await workerFitters();
    expect(() => factory({ rates: [] })).toThrow(RangeError);
  });

  // The last: a V8 flag, which an explicit list for a worker may not hold; the fit then runs in the process's own thread.
  it.each([['--input-type=module'], ['--input-type', 'module'], ['--input-type=module', '--stack-size=2000']])(
    'starts its thread in a process run as %s -e (an option a worker from a file refuses)',
    (...inputType) => {
      expect(existsSync(built), 'run `npm run build` first').toBe(true);
      const script = `
        const { workerFitters } = await import(${JSON.stringify(built)});
        const fitter = workerFitters({ rates: [10], processors: [1, 2] });
        for (let i = 0; i < 20000; i++) fitter.observe({ key: 'k', tMs: 1e12 + i * 150, outcome: 'accepted', foreignPerSecond: null, resolutionMs: 1 });
        console.log(fitter.evidence().keys.length);`;
      // A thread that never began would be waited for 120 s: the child is stopped well before.
      const child = spawnSync(process.execPath, [...inputType, '-e', script], { encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('1');
      expect(child.status).toBe(0);
    },
  );
});
