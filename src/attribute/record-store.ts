// Where the per-429 records wait for the end of the log: the analysis keeps aggregates in memory and hands every
// record to a store, so what it holds does not grow with the 429s. The library keeps them in memory; the CLI gives a
// spool file (src/spool/). Records come back in the order they went in, as often as asked.

/** An append-only list of records, read back in order (any number of times). */
export interface RecordStore<T> extends Iterable<T> {
  /** Records appended so far. */
  readonly count: number;
  append(record: T): void;
  /** Frees what the store holds; it reads as empty afterwards. */
  close(): void;
}

/** Makes a store for one kind of record. */
export type RecordStoreFactory = <T>() => RecordStore<T>;

/** A store that keeps its records in memory: the records themselves, as appended. */
export const memoryStores: RecordStoreFactory = <T>(): RecordStore<T> => {
  let records: T[] = [];
  return {
    get count() {
      return records.length;
    },
    append(record: T): void {
      records.push(record);
    },
    close(): void {
      records = [];
    },
    [Symbol.iterator](): Iterator<T> {
      return records[Symbol.iterator]();
    },
  };
};
