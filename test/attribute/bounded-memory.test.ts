import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { memoryStores, type RecordStoreFactory } from '../../src/attribute/record-store.js';
import { analyze } from '../../src/analyze.js';
import { readCsvRecords } from '../../src/read/csv-records.js';
import type { Report } from '../../src/report.js';
import { fileStores } from '../../src/spool/file-store.js';

// The design that keeps memory flat: every per-429 record waits in a store (a spool file in the CLI) and the report
// holds only aggregates and the first few hundred details. Two logs alike but for how many of their rows are 429s
// must give reports of the same in-memory size, while the spool holds every 429.
const ROWS = 24_000;
const FAULT =
  '"{""fault"":{""faultstring"":""Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=10, periodInMicroseconds=1000000, maxBurstMessageCount=1.0}"",""detail"":{""errorcode"":""policies.ratelimit.SpikeArrestViolation""}}}"';

function logWith(throttledEvery: number): string {
  const lines = ['ts,method,url,status,x-keap-product-throttle-limit,x-keap-product-throttle-used,body'];
  const start = Date.UTC(2026, 2, 2, 10, 0, 0);
  let used = 0;
  for (let row = 0; row < ROWS; row++) {
    const ts = new Date(start + row * 137).toISOString();
    const minute = Math.floor((row * 137) / 60_000);
    if (row > 0 && Math.floor(((row - 1) * 137) / 60_000) !== minute) used = 0;
    if (row % throttledEvery === 0)
      lines.push(`${ts},GET,https://api.infusionsoft.com/crm/rest/v2/contacts/${row},429,,,${FAULT}`);
    else lines.push(`${ts},GET,https://api.infusionsoft.com/crm/rest/v2/contacts/${row},200,1500,${++used},{}`);
  }
  return `${lines.join('\n')}\n`;
}

async function analyzeLog(text: string, stores: RecordStoreFactory): Promise<Report> {
  async function* chunks() {
    yield Buffer.from(text);
  }
  const analysis = await analyze(
    [{ name: 'log.csv', format: 'csv', items: readCsvRecords(chunks(), 'log.csv', ',') }],
    {
      zone: null,
      stores,
    },
  );
  return { ...analysis, run: null };
}

// Everything the report object reaches, except the records waiting in its store.
function inMemoryBytes(report: Report): number {
  return serialize({ ...report, throttling: { ...report.throttling, attributions: null } }).length;
}

describe('bounded memory: the report does not grow with the number of 429s', () => {
  it('holds the same in memory for 1,000 and 6,000 429s (past the 200 detailed), the spool holding every one', async () => {
    const few = await analyzeLog(logWith(24), fileStores());
    const many = await analyzeLog(logWith(4), fileStores());
    expect(few.throttling.throttled).toBe(1000);
    expect(many.throttling.throttled).toBe(6000);
    expect(many.details.detailed.length).toBe(few.details.detailed.length);
    // Only digits of counts differ between the two reports: a few records' worth, against 5,000 more 429s.
    expect(Math.abs(inMemoryBytes(many) - inMemoryBytes(few))).toBeLessThan(4096);
    // Every 429 comes back from the spool, in time order, however often it is read.
    for (let read = 0; read < 2; read++) {
      let count = 0;
      let lastTs = -Infinity;
      for (const attribution of many.throttling.attributions) {
        expect(attribution.ts).toBeGreaterThanOrEqual(lastTs);
        lastTs = attribution.ts;
        count++;
      }
      expect(count).toBe(6000);
    }
    many.throttling.attributions.close();
    few.throttling.attributions.close();
    expect([...many.throttling.attributions]).toEqual([]);
  });

  it('would grow by every record if the records were held in memory (what the measure above would catch)', async () => {
    const few = await analyzeLog(logWith(24), memoryStores);
    const many = await analyzeLog(logWith(4), memoryStores);
    const held = (report: Report) => inMemoryBytes(report) + serialize([...report.throttling.attributions]).length;
    expect(held(many) - held(few)).toBeGreaterThan(5000 * 500);
  });

  it('reads the same records back from the spool as from memory', async () => {
    const text = logWith(7);
    const fromMemory = await analyzeLog(text, memoryStores);
    const fromSpool = await analyzeLog(text, fileStores());
    expect([...fromSpool.throttling.attributions]).toEqual([...fromMemory.throttling.attributions]);
    const withoutList = (report: Report) => ({ ...report, throttling: { ...report.throttling, attributions: null } });
    expect(withoutList(fromSpool)).toEqual(withoutList(fromMemory));
    fromSpool.throttling.attributions.close();
  });
});
