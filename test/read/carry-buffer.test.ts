import { describe, expect, it } from 'vitest';
import { CarryBuffer } from '../../src/read/carry-buffer.js';

describe('CarryBuffer', () => {
  it('holds the tail of a chunk, then that tail and the next chunk as one view, growing without losing it', () => {
    const carry = new CarryBuffer();
    carry.keepFrom(Buffer.from('abc,de'), 4);
    expect(carry.view().toString()).toBe('de');
    const joined = carry.append(Buffer.from('f\nghijklmnopqrstuvwxyz'));
    expect(joined.toString()).toBe('def\nghijklmnopqrstuvwxyz');
    carry.keepFrom(joined, 4);
    expect(carry.view().toString()).toBe('ghijklmnopqrstuvwxyz');
    expect(carry.append(Buffer.from('!')).toString()).toBe('ghijklmnopqrstuvwxyz!');
    carry.keepFrom(carry.view(), carry.length);
    expect(carry.length).toBe(0);
  });

  it('fills its tail in place and grows only when the held bytes leave no room', () => {
    const carry = new CarryBuffer(4);
    const room = carry.tail(1);
    expect(room.length).toBe(4);
    room.write('wxyz');
    carry.filled(4);
    const larger = carry.tail(1);
    expect(larger.length).toBeGreaterThanOrEqual(1);
    larger.write('!');
    carry.filled(1);
    expect(carry.view().toString()).toBe('wxyz!');
  });
});
