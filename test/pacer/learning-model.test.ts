import { describe, expect, it } from 'vitest';
import { createKeySpacing, type SpacingRules } from '../../src/pacer/key-spacing.js';
import { createOnlinePosterior } from '../../src/pacer/online-posterior.js';
import { createEffectiveCountGateway, createRandom, perProcessorIntervalMs, reachMs } from '../../src/spike/index.js';

// The pacer's learning on the SpikeArrest model itself (no sockets): one key, one request at a time,
// answered 2 ms after it is sent, the gateway an exact effective-count model.

const LEARNED: SpacingRules['knowledge'] = {
  rate: null,
  processors: null,
  startSpacingMs: null,
  minSpacingMs: 0,
  source: 'learned',
};

function drive(
  rules: SpacingRules,
  truth: { rate: number; processors: number; seed: number },
  count: number,
  headerRate: number | null = truth.rate,
) {
  const spacing = createKeySpacing(rules);
  const gateway = createEffectiveCountGateway({ ...truth, unit: 'second' });
  const sent: number[] = [];
  let rejected = 0;
  let t = 0;
  for (let i = 0; i < count; i++) {
    t = Math.max(t, spacing.nextSendMs());
    spacing.recordSend(t);
    const decision = gateway.route(t);
    if (!decision.accepted) rejected++;
    spacing.recordOutcome({ sentMs: t, receivedMs: t + 2, rejected: !decision.accepted, headerRate, fault: null });
    sent.push(t);
    t += 2;
  }
  const gaps = sent.slice(1).map((time, i) => time - (sent[i] as number));
  return { spacing, rejected, gaps };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe('zero-429 learning on the model', () => {
  it.each([
    [25, 3, 1],
    [25, 6, 2],
    [25, 6, 3],
    [25, 9, 4],
    [10, 6, 5],
  ])(
    'at %i/s over %i processors (seed %i): at most 9 of 300 rejected, and after 100 answers within 1.2× of the safe spacing',
    (rate, processors, seed) => {
      const { spacing, rejected, gaps } = drive(
        { mode: 'zero-429', targetShare: 0.02, knowledge: LEARNED },
        { rate, processors, seed },
        300,
      );
      const safeMs = perProcessorIntervalMs(rate, 'second', processors);
      expect(rejected).toBeLessThanOrEqual(9);
      const after = gaps.slice(100);
      expect(median(after)).toBeLessThanOrEqual(1.2 * safeMs);
      expect(Math.min(...after)).toBeGreaterThanOrEqual(safeMs);
      const snapshot = spacing.snapshot();
      expect(snapshot.source).toBe('learned');
      expect(snapshot.processors!.low).toBeLessThanOrEqual(processors);
      expect(snapshot.processors!.high).toBeGreaterThanOrEqual(processors);
      expect(snapshot.spacingMs).toBeLessThanOrEqual(1.2 * safeMs);
    },
  );

  it('learns the rate too when no header names it (6 processors at 10/s, candidates 5, 10, 25)', () => {
    const { spacing, rejected, gaps } = drive(
      { mode: 'zero-429', targetShare: 0.02, knowledge: LEARNED },
      { rate: 10, processors: 6, seed: 9 },
      300,
      null,
    );
    expect(rejected).toBeLessThanOrEqual(9);
    expect(median(gaps.slice(150))).toBeLessThanOrEqual(1.2 * 600);
    expect(spacing.snapshot().rate).toBe(10);
  });

  it('paces as a report advises until a rejection says the advice is too close, then learns within its range', () => {
    const knowledge = {
      rate: 25,
      processors: { low: 5, high: 7 },
      startSpacingMs: 280,
      minSpacingMs: 0,
      source: 'report' as const,
    };
    const safe = drive({ mode: 'zero-429', targetShare: 0.02, knowledge }, { rate: 25, processors: 6, seed: 11 }, 100);
    expect(safe.rejected).toBe(0);
    expect(Math.min(...safe.gaps)).toBeGreaterThanOrEqual(280);
    // N grew to 9 since the log: the advice gets rejected, and the pacer learns N beyond the report's range.
    const grown = drive({ mode: 'zero-429', targetShare: 0.02, knowledge }, { rate: 25, processors: 9, seed: 12 }, 300);
    expect(grown.rejected).toBeGreaterThan(0);
    expect(grown.rejected).toBeLessThanOrEqual(15);
    expect(grown.spacing.snapshot()).toMatchObject({ source: 'report', processors: { estimate: 9 } });
    expect(Math.min(...grown.gaps.slice(200))).toBeGreaterThanOrEqual(360);
  });

  it('starts at the nominal interval and never goes back below a gap its own requests were rejected at', () => {
    const { gaps } = drive(
      { mode: 'zero-429', targetShare: 0.02, knowledge: LEARNED },
      { rate: 25, processors: 6, seed: 2 },
      60,
    );
    // 40 ms nominal, plus the 2 ms answer: until a few answers are in, any latency may be a late arrival.
    expect(gaps[0]).toBeCloseTo(42, 6);
    const spacing = createKeySpacing({ mode: 'zero-429', targetShare: 0.02, knowledge: LEARNED });
    spacing.recordSend(0);
    spacing.recordOutcome({ sentMs: 0, receivedMs: 2, rejected: false, headerRate: 25, fault: null });
    expect(spacing.nextSendMs()).toBeCloseTo(42, 6);
    spacing.recordSend(100);
    spacing.recordOutcome({ sentMs: 100, receivedMs: 102, rejected: true, headerRate: 25, fault: null });
    // Rejected 100 ms after its last accepted request: from now on never closer than 101 ms.
    expect(spacing.snapshot().spacingMs).toBeGreaterThanOrEqual(101);
  });

  it('spaces a known setting at the reach of its interval, and a late answer pushes the next request back', () => {
    const spacing = createKeySpacing({
      mode: 'zero-429',
      targetShare: 0.02,
      knowledge: { ...LEARNED, rate: 25, processors: 6, source: 'options' },
    });
    expect(spacing.snapshot().spacingMs).toBeCloseTo(reachMs(240, 1), 9);
    let t = 0;
    for (let i = 0; i < 6; i++, t += 300) {
      spacing.recordSend(t);
      spacing.recordOutcome({ sentMs: t, receivedMs: t + 5, rejected: false, headerRate: 25, fault: null });
    }
    const last = t - 300;
    expect(spacing.nextSendMs()).toBeCloseTo(last + reachMs(240, 1), 9);
    spacing.recordSend(t);
    spacing.recordOutcome({ sentMs: t, receivedMs: t + 45, rejected: false, headerRate: 25, fault: null });
    // 40 ms later than the usual 5 ms: it may have reached the gateway 40 ms late.
    expect(spacing.nextSendMs()).toBeCloseTo(t + reachMs(240, 1) + 40, 9);
  });

  it('takes rate and N from a SpikeArrest fault over anything it was told', () => {
    const spacing = createKeySpacing({
      mode: 'zero-429',
      targetShare: 0.02,
      knowledge: { ...LEARNED, rate: 25, processors: 6, source: 'options' },
    });
    spacing.recordSend(0);
    spacing.recordOutcome({
      sentMs: 0,
      receivedMs: 2,
      rejected: true,
      headerRate: 25,
      fault: { rate: 25, processors: 7 },
    });
    expect(spacing.snapshot()).toMatchObject({ source: 'fault', intervalMs: 280, processors: { estimate: 7 } });
  });
});

describe('throughput mode on the model', () => {
  it('spaces a known setting for the target share and gets about that share', () => {
    const rules = (targetShare: number): SpacingRules => ({
      mode: 'throughput',
      targetShare,
      knowledge: { ...LEARNED, rate: 25, processors: 6, source: 'options' },
    });
    expect(createKeySpacing(rules(0.02)).snapshot().spacingMs).toBe(240);
    expect(createKeySpacing(rules(0.15)).snapshot().spacingMs).toBe(120);
    expect(createKeySpacing(rules(0.26)).snapshot().spacingMs).toBe(80);
    const { rejected } = drive(rules(0.15), { rate: 25, processors: 6, seed: 3 }, 2000);
    // k = 1 inside each 240 ms interval: 1/7 rejected in the long run.
    expect(rejected / 2000).toBeGreaterThan(0.1);
    expect(rejected / 2000).toBeLessThan(0.18);
  });
});

describe('online posterior', () => {
  it('concentrates on the true N from varied spacings, and calls a rejection with no own request inside any interval foreign', () => {
    const posterior = createOnlinePosterior({ rates: [25], processors: Array.from({ length: 16 }, (_, i) => i + 1) });
    const gateway = createEffectiveCountGateway({ rate: 25, unit: 'second', processors: 6, seed: 4 });
    const random = createRandom(5);
    const accepted: number[] = [];
    let t = 0;
    for (let i = 0; i < 400; i++) {
      t += 60 + Math.round(random() * 200);
      const gaps = accepted.map((a) => t - a).reverse();
      const decision = gateway.route(t);
      posterior.observe(gaps, !decision.accepted);
      if (decision.accepted) accepted.push(t);
    }
    const estimate = posterior.estimate();
    expect(Math.abs(estimate.processors - 6)).toBeLessThanOrEqual(1);
    expect(estimate.low).toBeLessThanOrEqual(6);
    expect(estimate.high).toBeGreaterThanOrEqual(6);
    expect(posterior.intervalQuantile(0.05)).toBeLessThanOrEqual(posterior.intervalQuantile(0.95));
    expect(posterior.ownCauseOfRejection([5000])).toBeLessThan(0.01);
    expect(posterior.ownCauseOfRejection([100])).toBeGreaterThan(0.9);
    const total = posterior.settings().reduce((sum, s) => sum + s.weight, 0);
    expect(total).toBeCloseTo(1, 9);
  });
});
