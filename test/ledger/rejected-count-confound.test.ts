import { describe, expect, it } from 'vitest';
import { RejectedCountDetector } from '../../src/ledger/rejected-count-detector.js';

// Others at one request per 2 s interval in the rest of the log (100 intervals), and 40 intervals of 2 s with one 429
// each: 40 of others' requests expected in those. `perRejected` is what each of them rose beyond own non-429s.
function detectorWith(perRejected: number): RejectedCountDetector {
  const detector = new RejectedCountDetector('product-day', 3);
  for (let i = 0; i < 100; i++) detector.addCounts(2, 1, 1, 2000);
  for (let i = 0; i < 40; i++) detector.addCounts(1 + perRejected, 2, 1, 2000);
  return detector;
}

describe('whether 429s increment used, with others on the bucket', () => {
  it('does not call 429s counted when the rise is one more of others per 429 (others cause the 429s they precede)', () => {
    // Before: errorIfCounted 0 against 40 read as "counted", and every own 429 then hid one of others' requests.
    const result = detectorWith(2).result();
    expect(result).toMatchObject({
      verdict: 'undetermined',
      code: 'OTHERS_BEFORE_429S',
      rejectedSeen: 40,
      excessAcrossRejected: 80,
      expectedForeign: 40,
      errorIfCounted: 0,
      errorIfNotCounted: 40,
    });
  });

  it('still says not counted when the intervals with 429s hold only the others expected', () => {
    expect(detectorWith(1).result()).toMatchObject({ verdict: 'no', code: 'MEASURED', errorIfNotCounted: 0 });
  });

  it('says counted without others, where the same rise can only be the 429s', () => {
    const detector = new RejectedCountDetector('product-day', 3);
    for (let i = 0; i < 100; i++) detector.addCounts(1, 1, 1, 2000);
    for (let i = 0; i < 40; i++) detector.addCounts(2, 2, 1, 2000);
    expect(detector.result()).toMatchObject({ verdict: 'yes', code: 'MEASURED', expectedForeign: 0 });
  });
});
