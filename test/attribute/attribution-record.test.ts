import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { draftOf, setExplanation, setLayerVerdict } from '../../src/attribute/attribution-record.js';
import type { Attribution, LayerVerdict } from '../../src/attribute/attribution-types.js';
import { memoryStores, type RecordStore, type RecordStoreFactory } from '../../src/attribute/record-store.js';
import { readCsvRecords } from '../../src/read/csv-records.js';

const FIXTURE = 'fixtures/logs/sak-sleep5-thread89944.csv';

// The records as the analysis booked them (before any copy), caught at the store.
async function bookedFromFixture(): Promise<Attribution[]> {
  const booked: Attribution[] = [];
  const catching: RecordStoreFactory = <T>(): RecordStore<T> => {
    const store = memoryStores<T>();
    return {
      get count() {
        return store.count;
      },
      append(record: T) {
        booked.push(record as Attribution);
        store.append(record);
      },
      close: () => store.close(),
      [Symbol.iterator]: () => store[Symbol.iterator](),
    };
  };
  await analyze([{ name: FIXTURE, format: 'csv', items: readCsvRecords(createReadStream(FIXTURE), FIXTURE, ',') }], {
    stores: catching,
  });
  return booked;
}

// The records are booked and copied field by field (for V8's sake): a field of Attribution must be set by the
// constructor and copied by draftOf, or the keys below differ.
describe('attribution records copied field by field', () => {
  it('a draft carries every field of the booked record, by identity, with the new hold weights', async () => {
    const records = await bookedFromFixture();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records.slice(0, 5)) {
      const weights = [0.25, 1];
      const draft = draftOf(record, weights);
      expect(Object.keys(draft).sort()).toEqual([...Object.keys(record), 'explanation', 'why'].sort());
      for (const key of Object.keys(record) as (keyof Attribution)[])
        if (key !== 'holdWeights') expect(draft[key], key).toBe(record[key]);
      expect(draft.holdWeights).toBe(weights);
      const why = {
        explanation: 'other-consumers',
        confidence: 'low',
        probabilities: null,
        ambiguous: false,
        evidence: [],
      } as const;
      const done = setExplanation(draft, why);
      expect(done.explanation).toBe('other-consumers');
      expect(done.why).toBe(why);
    }
  });

  it('a review verdict replaces the layer fields and only those', async () => {
    const [record] = await bookedFromFixture();
    const draft = draftOf(record!, []);
    const verdict: LayerVerdict = {
      layer: 'spike',
      confidence: 'medium',
      basis: 'ledger',
      evidence: [],
      neighbours: [],
      left: { 'product-minute': 1, 'product-day': 2, 'tenant-minute': null, 'tenant-day': null },
      faultRate: null,
    };
    setLayerVerdict(draft, verdict);
    for (const [key, value] of Object.entries(verdict)) expect(draft[key as keyof LayerVerdict], key).toBe(value);
    expect(draft.ts).toBe(record!.ts);
    expect(draft.source).toBe(record!.source);
    expect(record!.left).not.toBe(verdict.left);
  });
});
