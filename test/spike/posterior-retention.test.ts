import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSpikeFitter, posteriorOfEvidence, type FitEvidence } from '../../src/spike/index.js';
import { poissonTimes } from './helpers.js';

// The report keeps the posterior to the end of rendering; the fit's bins (hundreds of thousands on a busy log) must
// not ride along with it, or they stay live through the whole render and the heap grows in proportion to them.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const OPTIONS = { rates: [5, 10, 25] };

function evidenceOfSomeTraffic(): FitEvidence {
  const fitter = createSpikeFitter(OPTIONS);
  for (const [index, tMs] of poissonTimes(7, 3000, 80).entries()) {
    fitter.observe({
      key: index % 3 === 0 ? 'a' : 'b',
      tMs,
      outcome: index % 9 === 0 ? 'rejected' : 'accepted',
      foreignPerSecond: index % 2 === 0 ? 2 : null,
      resolutionMs: 1,
    });
  }
  // A copy the fitter does not hold, as the fitting thread's answer is.
  return structuredClone(fitter.evidence());
}

describe('the posterior does not keep the evidence it was fitted on', () => {
  it('lets the bins be collected while its questions are still asked', async () => {
    let evidence: FitEvidence | null = evidenceOfSomeTraffic();
    const bins = new WeakRef(evidence.keys[0]?.bins as Map<number, number>);
    expect(bins.deref()?.size).toBeGreaterThan(100);
    const posterior = posteriorOfEvidence(OPTIONS, evidence);
    const before = posterior.rejectionShareAt(150);
    evidence = null;
    // A WeakRef's target lives to the end of the current job: collect after it.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(bins.deref()).toBeUndefined();
    expect(posterior.rejectionShareAt(150)).toBe(before);
    expect(posterior.summary.observations).toBe(3000);
  });
});
