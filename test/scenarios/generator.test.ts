import { describe, expect, it } from 'vitest';
import { buildSpec, generateScenarios, RATES, scenarioSpecs } from './families.js';
import type { GatewayDecision } from './gateway.js';
import { runScenario, type Scenario, type TruthRow } from './run-scenario.js';

describe('the scenario gateway', () => {
  it('rejects nothing at SpikeArrest with one processor and own spacing above its interval, and plenty below it', () => {
    for (const rate of RATES) {
      // Sleeping 1.5 intervals keeps every arrival gap above the interval, network jitter included.
      const client = { style: 'sequential', sleepMs: 1500 / rate, latencyMs: 20, burstShare: 0 } as const;
      const wide = runScenario(buildSpec(`n1-wide-${rate}`, { rate, processors: 1, requests: 600, client }));
      const spikeRejected = (scenario: Scenario) => scenario.truth.rows.filter((row) => row.layer === 'spike').length;
      expect(wide.truth.rowsLogged).toBe(600);
      expect(spikeRejected(wide)).toBe(0);
      const tight = runScenario(
        buildSpec(`n1-tight-${rate}`, {
          rate,
          processors: 1,
          requests: 600,
          spacingFactor: 0.5,
          limitHeaders: 'custom',
        }),
      );
      expect(spikeRejected(tight)).toBeGreaterThan(100);
    }
  });

  it("blames every spike rejection on its processor's last accepted request, as a brute-force recount finds it", () => {
    const specs = [
      buildSpec('recount-worker', {
        rate: 5,
        processors: 6,
        requests: 800,
        spacingFactor: 0.7,
        foreign: [{ reach: 'key', perSecond: 2, fromMs: 60_000, toMs: 300_000, pattern: 'poisson' }],
      }),
      buildSpec('recount-keys', {
        rate: 25,
        processors: 4,
        requests: 900,
        keys: 3,
        spacingFactor: 0.4,
        burstShare: 0.2,
      }),
    ];
    for (const spec of specs) {
      const scenario = runScenario(spec, { trace: true });
      const trace = scenario.trace ?? [];
      const intervalMs = (spec.processors * 1000) / spec.rate;
      let spikeRejections = 0;
      let foreignBlockers = 0;
      trace.forEach((decision, index) => {
        if (decision.request.reach !== 'key') return;
        const previous = lastPassedSpike(trace, index);
        const expectRejected = previous !== null && decision.request.t - previous.request.t < intervalMs;
        expect(decision.layer === 'spike').toBe(expectRejected);
        if (!expectRejected) return;
        spikeRejections++;
        expect(decision.blocker?.id).toBe(previous?.request.id);
        if (decision.request.own && !previous?.request.own) foreignBlockers++;
      });
      expect(spikeRejections).toBeGreaterThan(50);
      if (spec.id === 'recount-worker') expect(foreignBlockers).toBeGreaterThan(5);
      for (const row of scenario.truth.rows.filter((item) => item.layer === 'spike')) {
        expect(row.explanation === 'other-consumers').toBe(row.blocker?.own === false);
        if (row.blocker?.own) expect(row.blocker.line).not.toBeNull();
      }
    }
  });

  it('rejects at the minute throttle exactly when 60 s of counted requests reach the limit, and labels by own share', () => {
    const spec = buildSpec('recount-minute', {
      rate: 10,
      processors: 3,
      requests: 1500,
      spacingFactor: 1.2,
      limitHeaders: 'custom',
      limits: { productPerMinute: 240, productPerDay: 1_000_000, tenantPerMinute: 100_000, tenantPerDay: 10_000_000 },
      foreign: [{ reach: 'product', perSecond: 3, fromMs: 120_000, toMs: 400_000, pattern: 'poisson' }],
    });
    const scenario = runScenario(spec, { trace: true });
    const trace = scenario.trace ?? [];
    let minuteRejections = 0;
    trace.forEach((decision, index) => {
      if (decision.layer === 'spike' || decision.request.reach === 'tenant') return;
      const t = decision.request.t;
      let inWindow = 0;
      for (let i = index - 1; i >= 0 && (trace[i] as GatewayDecision).request.t > t - 60_000; i--) {
        const earlier = trace[i] as GatewayDecision;
        if (earlier.accepted && earlier.request.reach !== 'tenant') inWindow++;
      }
      expect(decision.layer === 'product-minute').toBe(inWindow >= 240);
      if (decision.layer === 'product-minute') minuteRejections++;
    });
    expect(minuteRejections).toBeGreaterThan(20);
    const labels = new Set(
      scenario.truth.rows.filter((row) => row.layer === 'product-minute').map((row) => row.explanation),
    );
    // Own traffic alone (1.2 × 300 ms) stays under 240/min: the foreign burst makes these other consumers'.
    expect([...labels]).toEqual(['other-consumers']);
  });

  it('offers the reading of the logged send times, in the order the log shows them, wherever it differs from the truth', () => {
    let reordered = 0;
    for (const rate of RATES) {
      // Bursts of parallel requests leave a few ms apart and can reach the gateway in the other order.
      const spec = buildSpec(`logged-order-${rate}`, {
        rate,
        processors: 3,
        requests: 1500,
        spacingFactor: 0.9,
        burstShare: 0.3,
        limitHeaders: 'custom',
      });
      reordered += readingsOffered(runScenario(spec).truth.rows, rate);
    }
    expect(reordered).toBeGreaterThan(10);
  });

  it('reads an errors-only log off its 429s alone: the gaps between them, not those to the successes it never logged', () => {
    let differ = 0;
    for (const rate of RATES) {
      // Just above the nominal spacing, so the gap before a 429 is now and then below it.
      const spec = buildSpec(`errors-only-reading-${rate}`, {
        rate,
        processors: 2,
        requests: 1500,
        spacingFactor: 0.55,
        logging: 'errors-only',
        limitHeaders: 'custom',
      });
      differ += readingsOffered(runScenario(spec).truth.rows, rate);
    }
    expect(differ).toBeGreaterThan(10);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const pick = (seed: number) => scenarioSpecs(seed).filter((_, index) => index % 23 === 0);
    const first = pick(9).map((spec) => runScenario(spec));
    const again = pick(9).map((spec) => runScenario(spec));
    expect(again.map((scenario) => scenario.text)).toEqual(first.map((scenario) => scenario.text));
    expect(again.map((scenario) => scenario.truth)).toEqual(first.map((scenario) => scenario.truth));
    const other = pick(10).map((spec) => runScenario(spec));
    const same = other.filter((scenario, index) => scenario.text === first[index]?.text).length;
    expect(same).toBe(0);
  });

  it("points every truth row at its own line of the log, whose status is the truth's", () => {
    for (const spec of scenarioSpecs().filter((_, index) => index % 17 === 0)) {
      const scenario = runScenario(spec);
      const lines = scenario.text.split('\n');
      for (const row of scenario.truth.rows) {
        const text = lines[row.line - 1] ?? '';
        expect(text.includes(`,${row.status},`) || text.includes(`"status":${row.status},`)).toBe(true);
      }
    }
  });
});

describe('the scenario set', () => {
  const specs = scenarioSpecs();
  const scenarios = generateScenarios();

  it('varies every factor of issue 9', () => {
    expect(specs.length).toBeGreaterThanOrEqual(250);
    expect(new Set(specs.map((spec) => spec.rate))).toEqual(new Set(RATES));
    expect(new Set(specs.map((spec) => spec.processors))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const factors = specs.flatMap((spec) => {
      const intervalMs = (spec.processors * 1000) / spec.rate;
      const client = spec.client;
      return client.style === 'sequential' ? [(client.sleepMs + client.latencyMs) / intervalMs] : [];
    });
    expect(Math.min(...factors)).toBeLessThan(0.33);
    expect(Math.max(...factors.filter((factor) => factor < 1))).toBeGreaterThan(0.87);
    for (const [field, values] of [
      ['requests', [300, 1500]],
      ['keys', [1, 3]],
      ['countersOnSpike429', [true, false]],
      ['body', ['apigee', 'keap']],
      ['limitHeaders', ['keap', 'custom']],
      ['logging', ['all', 'errors-only']],
      ['wholeSecond', [true, false]],
      ['format', ['csv', 'ndjson', 'csv-headers']],
    ] as const)
      for (const value of values)
        expect(
          specs.some((spec) => spec[field] === value),
          `${field} ${value}`,
        ).toBe(true);
    expect(specs.some((spec) => spec.foreign.some((plan) => plan.reach === 'key'))).toBe(true);
    expect(specs.some((spec) => spec.limits.productPerMinute === 240 && spec.limits.productPerDay === 30_000)).toBe(
      true,
    );
    expect(specs.some((spec) => spec.client.style === 'sessions')).toBe(true);
    expect(specs.some((spec) => spec.requests < 50)).toBe(true);
  });

  it('holds 429s of every layer, with both own exhaustion and other consumers at every quota layer', () => {
    const rows = scenarios.flatMap((scenario) => scenario.truth.rows.filter((row) => row.status === 429));
    const count = (layer: string, explanation: string) =>
      rows.filter((row) => row.layer === layer && row.explanation === explanation).length;
    for (const layer of ['product-minute', 'product-day', 'tenant-minute', 'tenant-day'])
      for (const explanation of ['exhaustion', 'other-consumers'])
        expect(count(layer, explanation), `${layer} ${explanation}`).toBeGreaterThan(50);
    for (const explanation of ['above-nominal', 'smoothing', 'other-consumers'])
      expect(count('spike', explanation), explanation).toBeGreaterThan(500);
    // Identifiable and non-identifiable logs both exist, so both N metrics measure something.
    const identifiable = scenarios.filter((scenario) => scenario.truth.nIdentifiable).length;
    expect(identifiable).toBeGreaterThan(100);
    expect(scenarios.length - identifiable).toBeGreaterThan(40);
  });
});

function lastPassedSpike(trace: readonly GatewayDecision[], index: number): GatewayDecision | null {
  const decision = trace[index] as GatewayDecision;
  for (let i = index - 1; i >= 0; i--) {
    const earlier = trace[i] as GatewayDecision;
    if (
      earlier.request.reach === 'key' &&
      earlier.request.key === decision.request.key &&
      earlier.processor === decision.processor &&
      earlier.layer !== 'spike'
    )
      return earlier;
  }
  return null;
}

// Each own spike 429's reading from the rows as logged (the gap back to the key's previous row, its rows in the last
// second), checked to be the label or an alternative; returns how many differ from the label.
function readingsOffered(rows: readonly TruthRow[], rate: number): number {
  let differ = 0;
  const loggedBefore = new Map<string, number[]>();
  for (const row of [...rows].sort((a, b) => a.loggedMs - b.loggedMs || a.line - b.line)) {
    const earlier = loggedBefore.get(row.key) ?? [];
    const recent = earlier.filter((at) => at > row.loggedMs - 1000);
    loggedBefore.set(row.key, [...recent, row.loggedMs]);
    const previous = earlier[earlier.length - 1];
    if (row.layer !== 'spike' || !row.blocker?.own || previous === undefined) continue;
    const gap = row.loggedMs - previous;
    const reading = recent.length + 1 > rate || gap < 1000 / rate ? 'above-nominal' : 'smoothing';
    if (reading !== row.explanation) differ++;
    expect([row.explanation, ...row.alternatives], `line ${row.line}`).toContain(reading);
  }
  return differ;
}
