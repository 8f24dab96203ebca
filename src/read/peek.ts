/** The first bytes of a stream plus a stream that still yields everything from the start. */
export interface Peeked {
  readonly head: Buffer;
  /** True when the whole input is in `head`. */
  readonly ended: boolean;
  readonly stream: AsyncIterable<Buffer>;
}

/** Reads at least `bytes` bytes (or all, if shorter) without losing them for the real reader. */
export async function peek(source: AsyncIterable<Buffer | string>, bytes: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    taken.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, ended: done, stream: replay() };
}
