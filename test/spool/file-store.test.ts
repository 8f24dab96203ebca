import { describe, expect, it } from 'vitest';
import { fileStores } from '../../src/spool/file-store.js';

// Records of varied size: a few are large enough that one frame is bigger than a read piece (1 MiB).
function record(index: number): { index: number; text: string; numbers: number[] } {
  const big = index % 97 === 0;
  return {
    index,
    text: 'x'.repeat(big ? 9000 + index : index % 50),
    numbers: [index, -0, Infinity, index / 7],
  };
}

describe('fileStores', () => {
  it('reads back every record in order, across frames and pieces, as often as asked', () => {
    const store = fileStores()<ReturnType<typeof record>>();
    const count = 40_000;
    for (let i = 0; i < count; i++) store.append(record(i));
    expect(store.count).toBe(count);
    for (let pass = 0; pass < 2; pass++) {
      let next = 0;
      for (const read of store) {
        expect(read).toEqual(record(next));
        next++;
      }
      expect(next).toBe(count);
    }
    store.close();
    expect([...store]).toEqual([]);
  });

  it('keeps -0 and a frame larger than a read piece intact', () => {
    const store = fileStores()<{ n: number; text: string }>();
    // One frame of 256 records of 8 KiB each is 2 MiB: the read buffer must grow to hold it.
    for (let i = 0; i < 300; i++) store.append({ n: i === 5 ? -0 : i, text: String(i).padEnd(8192, '.') });
    const back = [...store];
    expect(back).toHaveLength(300);
    expect(Object.is(back[5]?.n, -0)).toBe(true);
    expect(back[299]?.text.startsWith('299.')).toBe(true);
    store.close();
  });

  it('reads what was appended after an earlier read', () => {
    const store = fileStores()<number>();
    for (let i = 0; i < 10; i++) store.append(i);
    expect([...store]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 10; i < 600; i++) store.append(i);
    const all = [...store];
    expect(all).toHaveLength(600);
    expect(all.every((value, index) => value === index)).toBe(true);
    store.close();
  });
});
