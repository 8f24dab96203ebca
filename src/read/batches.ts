// Readers hand rows downstream a chunk at a time, so the pipeline pays one await per chunk instead of per row;
// these adapt between that and one-item-at-a-time streams.

/** Every item of every batch, in order. */
export async function* flattenBatches<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** A one-at-a-time stream as batches of one item. */
export async function* singletonBatches<T>(items: AsyncIterable<T>): AsyncGenerator<readonly T[]> {
  for await (const item of items) yield [item];
}
