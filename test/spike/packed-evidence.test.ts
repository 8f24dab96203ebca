import { describe, expect, it } from 'vitest';
import { createSpikeFitter, unpackEvidence } from '../../src/spike/index.js';
import { poissonTimes } from './helpers.js';

// The fitting thread hands its bins over as columns; unpacked, they must be the evidence itself, bin order included
// (the posterior sums bins in that order, so another order could change its last bits).
describe('packed evidence', () => {
  it('unpacks to what evidence() gives, with the bins in first-counted order and the columns the size of the Map', () => {
    const fitter = createSpikeFitter({ rates: [5, 10, 25] });
    for (const [index, tMs] of poissonTimes(11, 4000, 60).entries()) {
      fitter.observe({
        key: `key-${index % 4}`,
        tMs,
        outcome: index % 7 === 0 ? 'rejected' : index % 13 === 0 ? 'passed' : 'accepted',
        foreignPerSecond: index % 3 === 0 ? (index % 5) * 1.5 : null,
        resolutionMs: 1,
      });
    }
    const packed = structuredClone(fitter.packedEvidence());
    // Sent with empty Maps: the bins travel only as columns.
    expect(packed.evidence.keys.every((key) => key.bins.size === 0)).toBe(true);
    const unpacked = unpackEvidence(packed);
    const plain = fitter.evidence();
    expect(unpacked).toEqual(plain);
    expect(unpacked.keys.map((key) => [...key.bins.keys()])).toEqual(plain.keys.map((key) => [...key.bins.keys()]));
    expect(packed.bins.map((bins) => bins.keys.length)).toEqual(plain.keys.map((key) => key.bins.size));
    expect(plain.keys.reduce((sum, key) => sum + key.bins.size, 0)).toBeGreaterThan(100);
  });
});
