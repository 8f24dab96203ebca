import { describe, expect, it } from 'vitest';
import { createPacer, pacerOptionsFromReport } from '../../src/index.js';
import { resolvePacerOptions } from '../../src/pacer/pacer-options.js';
import { analyzeJson } from '../helpers/run-bin.js';

describe('pacer options', () => {
  it('refuses options out of range, naming the option', () => {
    expect(() => createPacer({ rate: 0 })).toThrow(/^rate 0 is out of range$/);
    expect(() => createPacer({ processors: 2.5 })).toThrow(/processors must be a whole number/);
    expect(() => createPacer({ processors: { low: 7, high: 5 } })).toThrow(/processors must be/);
    expect(() => createPacer({ mode: 'fast' as never })).toThrow(/mode must be/);
    expect(() => createPacer({ targetShare: 1 })).toThrow(/targetShare 1 is out of range/);
    expect(() => createPacer({ concurrency: 4 })).toThrow(/needs mode: throughput/);
    expect(() => createPacer({ mode: 'throughput', concurrency: 4 })).not.toThrow();
    expect(() => createPacer({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createPacer({ deadlineMs: Number.NaN })).toThrow(/deadlineMs/);
    expect(() => createPacer({ fromReport: { hello: 1 } })).toThrow(TypeError);
  });

  it('fills in the defaults and says where the setting comes from', () => {
    expect(resolvePacerOptions()).toMatchObject({
      mode: 'zero-429',
      targetShare: 0.02,
      concurrency: 1,
      maxRetries: 5,
      deadlineMs: 300_000,
      headroomReserve: 0.1,
      knowledge: { rate: null, processors: null, startSpacingMs: null, minSpacingMs: 0, source: 'learned' },
    });
    expect(resolvePacerOptions({ rate: 25, processors: 6 }).knowledge).toMatchObject({
      rate: 25,
      processors: 6,
      source: 'options',
    });
    expect(resolvePacerOptions({ processors: { low: 6, high: 6 } }).knowledge.processors).toBe(6);
  });

  it('reads a report’s setting and advice, the options winning over it', () => {
    const report = {
      schemaVersion: 1,
      throttling: {
        spikeModel: {
          setting: {
            rate: 5,
            processors: 8,
            rateFrom: 'fit',
            processorsFrom: 'fit',
            rateIdentified: false,
            processorsCredible: { low: 1, high: 15, level: 0.9 },
            intervalUpperMs: 3000,
          },
        },
        verdict: { dataset: { advice: { minSpacingMs: 3000, failingSpacingMs: 1400 } } },
      },
    };
    expect(pacerOptionsFromReport(report)).toEqual({
      processors: { low: 1, high: 15 },
      startSpacingMs: 3000,
      minSpacingMs: 1401,
    });
    expect(resolvePacerOptions({ fromReport: report, startSpacingMs: 2000 }).knowledge).toMatchObject({
      rate: null,
      processors: { low: 1, high: 15 },
      startSpacingMs: 2000,
      minSpacingMs: 1401,
      source: 'report',
    });
    const none = {
      schemaVersion: 1,
      throttling: { spikeModel: { setting: null }, verdict: { dataset: { advice: {} } } },
    };
    expect(pacerOptionsFromReport(none)).toEqual({});
  });

  it('reads the report analyze writes for the thread-88137 log (faults: 25/s over 5–7 processors)', async () => {
    const { json, result } = await analyzeJson([
      'fixtures/logs/legacy-spike-cdt-thread88137.csv',
      '--tz',
      'America/Chicago',
    ]);
    expect(result.code).toBe(0);
    expect(pacerOptionsFromReport(json)).toEqual({ rate: 25, processors: { low: 5, high: 7 }, startSpacingMs: 280 });
    const pacer = createPacer({ fromReport: json });
    expect(pacer.stats()).toMatchObject({ calls: 0, sent: 0, keys: [] });
  });
});
