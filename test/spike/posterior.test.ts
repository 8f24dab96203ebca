import { describe, expect, it } from 'vitest';
import {
  createEffectiveCountGateway,
  createRandom,
  createSpikeFitter,
  expectedOwnInInterval,
  foreignOccupancy,
  simulateSlidingWindow,
  reachMs,
  withinIntervalProbability,
  type SpikePosterior,
} from '../../src/spike/index.js';
import { poissonTimes } from './helpers.js';

/** Own (and optionally foreign) requests through the effective-count gateway; the fitter sees only own ones. */
function fitTimeline(
  own: readonly number[],
  truth: { rate: number; processors: number; seed: number },
  options: { foreign?: readonly number[]; rates?: number[]; resolutionMs?: number } = {},
): { posterior: SpikePosterior; rejected: number } {
  const gateway = createEffectiveCountGateway({
    rate: truth.rate,
    unit: 'second',
    processors: truth.processors,
    seed: truth.seed,
  });
  const fitter = createSpikeFitter({ rates: options.rates ?? [5, 10, 25] });
  const all = [...own.map((t) => ({ t, own: true })), ...(options.foreign ?? []).map((t) => ({ t, own: false }))].sort(
    (a, b) => a.t - b.t,
  );
  let rejected = 0;
  for (const request of all) {
    const decision = gateway.route(request.t, request.own ? 'own' : 'foreign');
    if (!request.own) continue;
    if (!decision.accepted) rejected++;
    const logged = options.resolutionMs === 1000 ? Math.floor(request.t / 1000) * 1000 : request.t;
    fitter.observe({
      key: 'k',
      tMs: logged,
      outcome: decision.accepted ? 'accepted' : 'rejected',
      foreignPerSecond: null,
      resolutionMs: options.resolutionMs ?? 1,
    });
  }
  return { posterior: fitter.result(), rejected };
}

const best = (posterior: SpikePosterior) => posterior.summary.cells[0]!;

describe('the posterior over rate × N', () => {
  it.each([
    { rate: 10, processors: 6, meanGapMs: 250, seed: 1 },
    { rate: 5, processors: 6, meanGapMs: 500, seed: 2 },
    { rate: 25, processors: 6, meanGapMs: 100, seed: 3 },
    { rate: 5, processors: 3, meanGapMs: 250, seed: 4 },
    { rate: 10, processors: 9, meanGapMs: 300, seed: 5 },
  ])('recovers rate $rate and N = $processors from [5, 10, 25] × 1..16', ({ rate, processors, meanGapMs, seed }) => {
    const { posterior } = fitTimeline(poissonTimes(seed, 3000, meanGapMs), { rate, processors, seed: seed * 31 });
    expect(posterior.summary.cells).toHaveLength(48);
    expect(best(posterior)).toMatchObject({ rate, processors });
    expect(posterior.summary.rates.find((r) => r.rate === rate)!.posterior).toBeGreaterThan(0.9);
    expect(posterior.summary.preferred).toBe('effective-count');
  });

  it('keeps the fit when an unlogged worker shares the key, and names it as the cause of the 429s own spacing cannot explain', () => {
    // Own requests every 1.5 s against 5/s on 6 (I = 1.2 s): own traffic alone is never rejected …
    const own = Array.from({ length: 1200 }, (_, i) => i * 1500 + 50);
    // … but a hidden worker sends one request every ~2 s on the same key.
    const foreign = poissonTimes(9, 900, 2000);
    const { posterior, rejected } = fitTimeline(own, { rate: 5, processors: 6, seed: 7 }, { foreign, rates: [5] });
    expect(rejected).toBeGreaterThan(20);
    const causes = posterior.explainRejection({
      key: 'k',
      acceptedGapsMs: [1500, 3000],
      resolutionMs: 1,
      foreignPerSecond: null,
      gapMs: 1500,
      lastSecond: 1,
    });
    expect(causes.otherConsumers).toBeGreaterThan(0.95);
    expect(causes.impossible).toBeLessThan(0.05);
  });

  it('tells smoothing from others 429 by 429 when both happen', () => {
    // Own every 1 s against I = 1.2 s (k = 1), plus a light hidden worker.
    const own = Array.from({ length: 1500 }, (_, i) => i * 1000 + 10);
    const { posterior } = fitTimeline(
      own,
      { rate: 5, processors: 6, seed: 3 },
      { foreign: poissonTimes(4, 150, 10_000), rates: [5] },
    );
    expect(best(posterior).processors).toBeGreaterThanOrEqual(5);
    expect(best(posterior).processors).toBeLessThanOrEqual(7);
    const withOwn = posterior.explainRejection({
      key: 'k',
      acceptedGapsMs: [1000],
      resolutionMs: 1,
      foreignPerSecond: null,
      gapMs: 1000,
      lastSecond: 1,
    });
    const withoutOwn = posterior.explainRejection({
      key: 'k',
      acceptedGapsMs: [2000, 3000],
      resolutionMs: 1,
      foreignPerSecond: null,
      gapMs: 1000,
      lastSecond: 1,
    });
    expect(withOwn.smoothing).toBeGreaterThan(0.8);
    expect(withoutOwn.otherConsumers).toBeGreaterThan(0.9);
  });

  it('says a rejection is impossible when the counters show nobody else and no own request was near', () => {
    const own = Array.from({ length: 800 }, (_, i) => i * 1000);
    const fitter = createSpikeFitter({ rates: [5] });
    own.forEach((t, i) =>
      fitter.observe({
        key: 'k',
        tMs: t,
        outcome: i % 7 === 3 ? 'rejected' : 'accepted',
        foreignPerSecond: 0,
        resolutionMs: 1,
      }),
    );
    const causes = fitter.result().explainRejection({
      key: 'k',
      acceptedGapsMs: [5000],
      resolutionMs: 1,
      foreignPerSecond: 0,
      gapMs: 5000,
      lastSecond: 1,
    });
    expect(causes.impossible).toBeGreaterThan(0.99);
  });

  it('keeps N within its credible run and bounds it from above when no own request was rejected', () => {
    // 2 s apart, never rejected: any I ≤ 2 s fits, N ≤ 10 at 5/s.
    const fitter = createSpikeFitter({ rates: [5] });
    for (let i = 0; i < 600; i++)
      fitter.observe({ key: 'k', tMs: i * 2000, outcome: 'accepted', foreignPerSecond: null, resolutionMs: 1 });
    const posterior = fitter.result();
    const byN = posterior.processorsGiven(5);
    const above = byN.filter((entry) => entry.processors > 10).reduce((sum, entry) => sum + entry.posterior, 0);
    expect(above).toBeLessThan(0.01);
    expect(posterior.intervalQuantile(0.95)).toBeLessThanOrEqual(2000);
    expect(posterior.rejectionShareAt(2000)).toBeLessThan(0.001);
  });

  it('reads whole-second timestamps with the gap uncertain by a second (thread 88137: 25/s on 6)', () => {
    const random = createRandom(8);
    const own: number[] = [];
    // Bursts of three calls within a second (order, items, payment), minutes apart.
    for (let t = 0; own.length < 900; t += 120_000)
      for (let i = 0; i < 3; i++) own.push(t + Math.floor(random() * 600));
    own.sort((a, b) => a - b);
    const { posterior, rejected } = fitTimeline(
      own,
      { rate: 25, processors: 6, seed: 5 },
      { rates: [25], resolutionMs: 1000 },
    );
    expect(rejected).toBeGreaterThan(10);
    const causes = posterior.explainRejection({
      key: 'k',
      acceptedGapsMs: [0, 0],
      resolutionMs: 1000,
      foreignPerSecond: null,
      gapMs: null,
      lastSecond: 3,
    });
    expect(causes.smoothing).toBeGreaterThan(0.9);
  });

  it('prefers the sliding window for a timeline generated by it', () => {
    const random = createRandom(12);
    const times: number[] = [];
    let t = 0;
    for (let burst = 0; burst < 200; burst++) {
      const size = 4 + Math.floor(random() * 14);
      for (let i = 0; i < size; i++) times.push((t += Math.floor(random() * 40)));
      t += 300 + Math.floor(random() * 2500);
    }
    const fitter = createSpikeFitter({ rates: [5, 10, 25] });
    for (const d of simulateSlidingWindow(times, { rate: 10, unit: 'second' }))
      fitter.observe({
        key: 'k',
        tMs: d.tMs,
        outcome: d.accepted ? 'accepted' : 'rejected',
        foreignPerSecond: null,
        resolutionMs: 1,
      });
    const summary = fitter.result().summary;
    expect(summary.rejected).toBeGreaterThan(100);
    expect(summary.preferred).toBe('sliding-window');
  });

  it('prefers the baseline when rejections ignore spacing', () => {
    const random = createRandom(3);
    const fitter = createSpikeFitter({ rates: [10] });
    for (let i = 0; i < 2000; i++)
      fitter.observe({
        key: 'k',
        tMs: i * 3000,
        outcome: random() < 0.1 ? 'rejected' : 'accepted',
        foreignPerSecond: null,
        resolutionMs: 1,
      });
    expect(fitter.result().summary.preferred).toBe('baseline');
  });

  it('puts the prior on the faults’ rate and N when faults are logged', () => {
    const fitter = createSpikeFitter({ rates: [5, 10, 25] });
    fitter.observe({ key: 'k', tMs: 0, outcome: 'accepted', foreignPerSecond: null, resolutionMs: 1 });
    const posterior = fitter.result({
      faults: [
        { rate: 25, processors: 6, count: 8 },
        { rate: 25, processors: 7, count: 2 },
      ],
    });
    expect(posterior.summary.rates.find((r) => r.rate === 25)!.posterior).toBeGreaterThan(0.99);
    expect(posterior.processorsGiven(25).find((p) => p.processors === 6)!.posterior).toBeCloseTo(0.8, 2);
    expect(posterior.intervalQuantile(0.95)).toBe(280);
  });

  it('summarises spacing per key and skips what comes earlier than the key’s last request', () => {
    const fitter = createSpikeFitter({ rates: [5] });
    const see = (tMs: number, outcome: 'accepted' | 'rejected') =>
      fitter.observe({ key: 'a', tMs, outcome, foreignPerSecond: null, resolutionMs: 1 });
    see(1000, 'rejected');
    see(1100, 'rejected');
    see(2100, 'accepted');
    see(2150, 'rejected');
    see(2000, 'accepted');
    const summary = fitter.result().summary;
    expect(summary).toMatchObject({ observations: 4, accepted: 1, rejected: 3, outOfOrder: 1 });
    expect(summary.keys[0]).toMatchObject({ key: 'a', requests: 4, accepted: 1, rejected: 3, outOfOrder: 1 });
    expect(summary.keys[0]!.spacing).toMatchObject({ count: 3, minMs: 50, maxMs: 1000, meanMs: 1150 / 3 });
    expect(summary.keys[0]!.spacingAtRejection).toMatchObject({ count: 2, minMs: 50, maxMs: 100, meanMs: 75 });
  });

  it('refuses an empty or invalid grid', () => {
    expect(() => createSpikeFitter({ rates: [] })).toThrow(RangeError);
    expect(() => createSpikeFitter({ rates: [10], processors: [0] })).toThrow(RangeError);
    expect(() => createSpikeFitter({ rates: [0] })).toThrow(RangeError);
  });
});

describe('own occupancy', () => {
  it('softens the interval boundary by latency jitter for millisecond times', () => {
    expect(withinIntervalProbability(1000, 1200, 1)).toBe(1);
    expect(withinIntervalProbability(1400, 1200, 1)).toBe(0);
    expect(withinIntervalProbability(1200, 1200, 1)).toBeCloseTo(0.5, 12);
  });

  it('spreads a whole-second gap over ±its share (triangular) at the widest level, the same second with its order known', () => {
    // Same second, earlier row first: the true gap is |U1 − U2| seconds, below 0.24 s with 1 − 0.76².
    expect(withinIntervalProbability(0, 240, 1000, 60)).toBeCloseTo(1 - (1 - 0.24) ** 2, 12);
    expect(withinIntervalProbability(1000, 240, 1000, 60)).toBeCloseTo(0.24 ** 2 / 2, 12);
    expect(withinIntervalProbability(2000, 240, 1000, 60)).toBe(0);
    expect(reachMs(240, 1000, 60)).toBe(1240);
  });

  it('narrows a whole-second gap to a third and two thirds of its share at the lower levels', () => {
    // A steady client's evenly spread times err together: a 200 ms spread gap against a 300 ms interval.
    expect(withinIntervalProbability(200, 300, 300, 8, true)).toBe(1);
    expect(withinIntervalProbability(200, 300, 300, 25, true)).toBeCloseTo(1 - (1 - 0.5) ** 2 / 2, 12);
    expect(withinIntervalProbability(200, 300, 300, 60, true)).toBeCloseTo(1 - (1 - 1 / 3) ** 2 / 2, 12);
    expect(reachMs(300, 300, 8, true)).toBe(400);
    // A lone second's burst keeps the whole share at every level.
    expect(withinIntervalProbability(200, 300, 300, 8)).toBeCloseTo(1 - (1 - 1 / 3) ** 2 / 2, 12);
    expect(reachMs(300, 300, 8)).toBe(600);
  });

  it('sums the probabilities over the earlier accepted requests', () => {
    expect(expectedOwnInInterval([100, 300, 500, 1300], 600, 1)).toBeCloseTo(3, 12);
  });

  it('turns others’ rate into the share of processors they keep busy: ρ/(1+ρ), ρ = rate of others / rate', () => {
    expect(foreignOccupancy(5, 5)).toBeCloseTo(0.5, 12);
    expect(foreignOccupancy(0, 5)).toBe(0);
  });
});

describe('requests the fit holds but does not score', () => {
  it('counts a held request as a whole processor and a passed one as half, and scores neither', () => {
    // Six accepted requests a second apart (far outside 100 and 200 ms), then the request under test, then a rejection
    // 100 ms after it.
    const fitAfter = (outcome: 'accepted' | 'held' | 'passed') => {
      const fitter = createSpikeFitter({ rates: [10], processors: [1, 2] });
      const observe = (tMs: number, seen: 'accepted' | 'held' | 'passed' | 'rejected') =>
        fitter.observe({ key: 'k', tMs, outcome: seen, foreignPerSecond: null, resolutionMs: 1 });
      for (let i = 0; i < 6; i++) observe(i * 1000, 'accepted');
      observe(10_000, outcome);
      observe(10_100, 'rejected');
      const summary = fitter.result().summary;
      return {
        gaps: fitter.recentAcceptedGaps('k', 10_100, 32),
        key: summary.keys[0]!,
        n1: summary.cells.find((cell) => cell.processors === 1)!.logLikelihood,
      };
    };
    const [held, passed, accepted] = [fitAfter('held'), fitAfter('passed'), fitAfter('accepted')];
    expect(held.gaps[0]).toBe(100);
    expect(held.key).toMatchObject({ accepted: 6, rejected: 1 });
    expect(accepted.key).toMatchObject({ accepted: 7, rejected: 1 });
    // On N = 1 (interval 100 ms) the rejection is certain after a held (or accepted) request, an even chance after a
    // passed one.
    expect(held.n1).toBeCloseTo(accepted.n1, 1);
    expect(held.n1 - passed.n1).toBeCloseTo(Math.log(2), 1);
  });
});
