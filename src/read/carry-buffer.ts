// The bytes of a record cut by a chunk's end, kept at the front of one reused buffer with the next chunk copied after
// them: a fresh buffer per chunk (Buffer.concat) lived long enough to be promoted and piled up outside the heap until a
// full collection.

/** Held bytes at the front of one buffer that grows only when they and what comes next do not fit. */
export class CarryBuffer {
  private buffer: Buffer;
  private held = 0;

  constructor(initialBytes = 0) {
    this.buffer = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** How many bytes it holds. */
  get length(): number {
    return this.held;
  }

  /** The held bytes, as a view that stays valid until the next change. */
  view(): Buffer {
    return this.buffer.subarray(0, this.held);
  }

  /** The held bytes then `chunk`, as one view. */
  append(chunk: Uint8Array): Buffer {
    this.reserve(chunk.length);
    this.buffer.set(chunk, this.held);
    this.held += chunk.length;
    return this.view();
  }

  /** Holds only `buf` from `start` on: `buf` is a view this gave (moved to the front) or any other bytes (copied). */
  keepFrom(buf: Buffer, start: number): void {
    if (buf.buffer === this.buffer.buffer) {
      this.buffer.copyWithin(0, start, buf.length);
      this.held = buf.length - start;
      return;
    }
    this.held = 0;
    this.append(buf.subarray(start));
  }

  /** Room after the held bytes, at least `atLeast` long, to fill and then count with `filled`. */
  tail(atLeast: number): Buffer {
    this.reserve(atLeast);
    return this.buffer.subarray(this.held);
  }

  /** Counts `n` bytes just written into the tail. */
  filled(n: number): void {
    this.held += n;
  }

  private reserve(extra: number): void {
    if (this.buffer.length >= this.held + extra) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.held + extra, 2 * this.buffer.length));
    this.buffer.copy(grown, 0, 0, this.held);
    this.buffer = grown;
  }
}
