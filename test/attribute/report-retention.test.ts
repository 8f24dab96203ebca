import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { readCsvRecords } from '../../src/read/csv-records.js';
import { createSpikeFitter, type SpikeFitter, type SpikeFitterFactory } from '../../src/spike/index.js';

// The report is read (and rendered) long after the log was streamed; the streaming state (the fitter with its bins,
// the delay line) must not be kept alive by the report's list of 429s, or it stays live through the whole render.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function log(): string {
  const lines = ['ts,method,url,status,x-keap-product-throttle-limit,x-keap-product-throttle-used'];
  const start = Date.UTC(2026, 2, 2, 10, 0, 0);
  for (let row = 0; row < 3000; row++) {
    const ts = new Date(start + row * 97).toISOString();
    lines.push(
      row % 7 === 0
        ? `${ts},GET,https://api.infusionsoft.com/crm/rest/v2/contacts,429,,`
        : `${ts},GET,https://api.infusionsoft.com/crm/rest/v2/contacts,200,1500,${row % 1500}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('the report does not keep the streaming state alive', () => {
  it('lets the fitter be collected while the 429s are still read from the report', async () => {
    let made: WeakRef<SpikeFitter> | null = null;
    const fitters: SpikeFitterFactory = (options) => {
      const fitter = createSpikeFitter(options);
      made = new WeakRef(fitter);
      return fitter;
    };
    async function* chunks() {
      yield Buffer.from(log());
    }
    const report = await analyze(
      [{ name: 'log.csv', format: 'csv', items: readCsvRecords(chunks(), 'log.csv', ',') }],
      {
        zone: null,
        fitters,
      },
    );
    expect(report.throttling.throttled).toBe(429);
    expect(made).not.toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect((made as WeakRef<SpikeFitter> | null)?.deref()).toBeUndefined();
    expect([...report.throttling.attributions].length).toBe(429);
  });
});
