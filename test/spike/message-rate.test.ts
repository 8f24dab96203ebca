import { describe, expect, it } from 'vitest';
import { parseMessageRate, parseRateSpec, readMessageRate } from '../../src/spike/index.js';

const fault = (inner: string): string =>
  `{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{${inner}}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}`;

// Every row of real-samples.md §4.2 with a full MessageRate, plus the 100ps row of domain §3.3.
const ROWS = [
  {
    source: 'Keap legacy key 2022',
    mpp: 25,
    period: 6_000_000,
    burst: '1.0',
    rate: 25,
    unit: 'second',
    n: 6,
    intervalMs: 240,
    tenPct: 1,
  },
  {
    source: 'Keap XML-RPC PAT',
    mpp: 5,
    period: 5_000_000,
    burst: '1.0',
    rate: 5,
    unit: 'second',
    n: 5,
    intervalMs: 1000,
    tenPct: 1,
  },
  {
    source: 'SAP APIM 1ps effective count',
    mpp: 1,
    period: 9_000_000,
    burst: '1.0',
    rate: 1,
    unit: 'second',
    n: 9,
    intervalMs: 9000,
    tenPct: 1,
  },
  {
    source: 'Apigee lab 12pm',
    mpp: 12,
    period: 240_000_000,
    burst: '1.0',
    rate: 12,
    unit: 'minute',
    n: 4,
    intervalMs: 20_000,
    tenPct: 1,
  },
  {
    source: 'community 71991 300pm',
    mpp: 300,
    period: 60_000_000,
    burst: '30.0',
    rate: 300,
    unit: 'minute',
    n: 1,
    intervalMs: 200,
    tenPct: 30,
  },
  {
    source: 'OpenAPI example 5ps N=3',
    mpp: 5,
    period: 3_000_000,
    burst: '1.0',
    rate: 5,
    unit: 'second',
    n: 3,
    intervalMs: 600,
    tenPct: 1,
  },
  {
    source: 'Apigee X blog 1ps',
    mpp: 1,
    period: 1_000_000,
    burst: '1.0',
    rate: 1,
    unit: 'second',
    n: 1,
    intervalMs: 1000,
    tenPct: 1,
  },
  {
    source: 'SAP APIM doc 10ps',
    mpp: 10,
    period: 1_000_000,
    burst: '1.0',
    rate: 10,
    unit: 'second',
    n: 1,
    intervalMs: 100,
    tenPct: 1,
  },
  {
    source: 'Ticketmaster 5ps',
    mpp: 5,
    period: 1_000_000,
    burst: '1.0',
    rate: 5,
    unit: 'second',
    n: 1,
    intervalMs: 200,
    tenPct: 1,
  },
  {
    source: 'Safaricom Daraja 5pm',
    mpp: 5,
    period: 60_000_000,
    burst: '1.0',
    rate: 5,
    unit: 'minute',
    n: 1,
    intervalMs: 12_000,
    tenPct: 1,
  },
  {
    source: 'Google forum 100ps',
    mpp: 100,
    period: 6_000_000,
    burst: '1.6666666666666667',
    rate: 100,
    unit: 'second',
    n: 6,
    intervalMs: 60,
    tenPct: 100 / 60,
  },
] as const;

describe('parseMessageRate and readMessageRate', () => {
  it.each(ROWS)('reads $source', (row) => {
    const mr = parseMessageRate(
      fault(`messagesPerPeriod=${row.mpp}, periodInMicroseconds=${row.period}, maxBurstMessageCount=${row.burst}`),
    );
    expect(mr).toEqual({ messagesPerPeriod: row.mpp, periodMicros: row.period, maxBurst: Number(row.burst) });
    const reading = readMessageRate(mr!);
    expect(reading.rate).toBe(row.rate);
    expect(reading.unit).toBe(row.unit);
    expect(reading.processors).toBe(row.n);
    expect(reading.processorsWhole).toBe(true);
    expect(reading.burst).toBe(Number(row.burst));
    expect(reading.perProcessorIntervalMs).toBeCloseTo(row.intervalMs, 9);
    expect(reading.tenPercentBurst).toBeCloseTo(row.tenPct, 9);
    expect(reading.burst).toBeCloseTo(reading.tenPercentBurst, 9);
  });

  it('returns null for the LTA DataMall row, which names only a burst', () => {
    expect(parseMessageRate('Spike arrest violation, maxBurstMessageCount=4')).toBeNull();
  });

  it('gives the nominal interval of the configured rate', () => {
    const r = readMessageRate({ messagesPerPeriod: 25, periodMicros: 6_000_000, maxBurst: 1 });
    expect(r.nominalIntervalMs).toBe(40);
  });

  it('tolerates other spacing and field order inside the braces', () => {
    expect(
      parseMessageRate(
        'x MessageRate{ maxBurstMessageCount = 1.0 ,messagesPerPeriod=25,periodInMicroseconds=7000000 } y',
      ),
    ).toEqual({
      messagesPerPeriod: 25,
      periodMicros: 7_000_000,
      maxBurst: 1,
    });
  });

  it('returns null when a field is missing, zero or the block is absent', () => {
    expect(parseMessageRate('MessageRate{messagesPerPeriod=25, periodInMicroseconds=6000000}')).toBeNull();
    expect(
      parseMessageRate('MessageRate{messagesPerPeriod=0, periodInMicroseconds=6000000, maxBurstMessageCount=1.0}'),
    ).toBeNull();
    expect(parseMessageRate('{"code":"429","message":"Quota Exceeded"}')).toBeNull();
  });

  it('flags a period that is not a whole number of units', () => {
    const r = readMessageRate({ messagesPerPeriod: 25, periodMicros: 6_500_000, maxBurst: 1 });
    expect(r.processors).toBe(6.5);
    expect(r.processorsWhole).toBe(false);
    expect(r.perProcessorIntervalMs).toBe(260);
  });
});

describe('parseRateSpec', () => {
  it('reads whole-number ps and pm rates', () => {
    expect(parseRateSpec('25ps')).toEqual({ ok: true, rate: 25, unit: 'second' });
    expect(parseRateSpec('12pm')).toEqual({ ok: true, rate: 12, unit: 'minute' });
  });

  it.each(['30.1ps', '30s', '0ps', 'ps', ''])('refuses %j as InvalidAllowedRate (D8)', (text) => {
    expect(parseRateSpec(text)).toEqual({ ok: false, code: 'INVALID_ALLOWED_RATE', text });
  });
});
