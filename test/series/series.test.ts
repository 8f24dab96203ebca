// The chart series and the per-429 details stay the same size whatever the log's length: a long log
// is downsampled (every request still counted), the details keep the first ones and count the rest.
import { describe, expect, it } from 'vitest';
import { createThrottledDetails, DETAILED_THROTTLED } from '../../src/details/throttled-details.js';
import { createSeries, MAX_BINS, SPACING_EDGES_MS } from '../../src/series/index.js';
import { KEAP_429, makeEvent, makePoint } from '../helpers/events.js';

const START = Date.UTC(2026, 2, 1);

describe('series', () => {
  it('keeps at most MAX_BINS bins over 30 days of one request a minute, losing no request', () => {
    const series = createSeries({ spikePerSecond: 10 });
    const minutes = 30 * 24 * 60;
    let throttled = 0;
    for (let index = 0; index < minutes; index++) {
      const ts = START + index * 60_000;
      const isThrottled = index % 97 === 0;
      if (isThrottled) throttled++;
      series.observe(
        makeEvent({ ts, status: isThrottled ? 429 : 200, ...(isThrottled && { body: KEAP_429 }) }),
        makePoint({ ts, own: { lastSecond: 1 + (index % 3), gapMs: 60_000 } }),
      );
    }
    const verdicts = Array.from({ length: throttled }, (_, i) => ({
      ts: START + i * 97 * 60_000,
      layer: 'spike' as const,
    }));
    const { traffic, spacing } = series.finish(verdicts);
    expect(traffic.bins.length).toBeLessThanOrEqual(MAX_BINS);
    expect(traffic.bins.length).toBeGreaterThan(MAX_BINS / 2);
    // 30 days / 600 bins = 72 min: the width doubles from 1 s to 2^13 s (about 2.3 h).
    expect(traffic.binMs).toBe(1000 * 2 ** 13);
    expect(traffic.bins.reduce((sum, bin) => sum + bin.requests, 0)).toBe(minutes);
    expect(traffic.bins.reduce((sum, bin) => sum + bin.throttled, 0)).toBe(throttled);
    expect(traffic.bins.reduce((sum, bin) => sum + (bin.byLayer.spike ?? 0), 0)).toBe(throttled);
    expect(Math.max(...traffic.bins.map((bin) => bin.peakPerSecond))).toBe(3);
    expect(
      traffic.bins.every((bin, i) => i === 0 || bin.start - (traffic.bins[i - 1]?.start ?? 0) >= traffic.binMs),
    ).toBe(true);
    const sixtySeconds = SPACING_EDGES_MS.findLastIndex((edge) => edge <= 60_000);
    expect(spacing.accepted[sixtySeconds]).toBe(minutes - throttled);
    expect(spacing.throttled[sixtySeconds]).toBe(throttled);
  });

  it('keeps one-second bins for a log shorter than MAX_BINS seconds', () => {
    const series = createSeries({ spikePerSecond: null });
    for (let second = 0; second < 120; second++)
      series.observe(makeEvent({ ts: START + second * 1000 + 500 }), makePoint({ ts: START + second * 1000 + 500 }));
    const { traffic } = series.finish([]);
    expect(traffic.binMs).toBe(1000);
    expect(traffic.bins).toHaveLength(120);
    expect(traffic.bins[0]?.start).toBe(START);
  });
});

describe('throttled details', () => {
  it(`keeps the first ${DETAILED_THROTTLED} throttled responses and counts every one`, () => {
    const details = createThrottledDetails();
    for (let index = 0; index < 5000; index++) {
      const ts = START + index * 1000;
      details.observe(
        makeEvent({ ts, line: index + 2, status: 429, body: KEAP_429, requestId: `req-${index}` }),
        makePoint({ ts }),
      );
    }
    const result = details.finish();
    expect(result.throttled).toBe(5000);
    expect(result.detailed).toHaveLength(DETAILED_THROTTLED);
    expect(result.detailed[0]).toMatchObject({
      requestId: 'req-0',
      fault: { kind: 'keap-generic', text: '429 Quota Exceeded' },
    });
    expect(result.detailed.at(-1)?.requestId).toBe(`req-${DETAILED_THROTTLED - 1}`);
  });
});
