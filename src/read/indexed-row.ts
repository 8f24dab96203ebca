// A Map per CSV row (or per row's headers) costs more than reading the row: one row's values are instead
// looked up by name through an index shared by every row of the file, and a Map is built only if asked for.

/** Names and where each one's value sits in a row; shared by all rows of one file. */
export class RowIndex {
  readonly names: readonly string[];
  readonly positions: readonly number[];
  private readonly byName: Map<string, number>;

  /** `names[k]` is read from position `positions[k]`; names are unique. */
  constructor(names: readonly string[], positions: readonly number[]) {
    this.names = names;
    this.positions = positions;
    this.byName = new Map(names.map((name, k) => [name, positions[k] as number]));
  }

  positionOf(name: string): number | undefined {
    return this.byName.get(name);
  }
}

/** One row's values read by name, iterated in the index's order, as the Map built from them would be. */
export class IndexedRow implements ReadonlyMap<string, string> {
  private readonly row: readonly string[];
  readonly index: RowIndex;
  private built: Map<string, string> | null = null;

  constructor(values: readonly string[], index: RowIndex) {
    this.row = values;
    this.index = index;
  }

  get(name: string): string | undefined {
    const position = this.index.positionOf(name);
    return position === undefined ? undefined : (this.row[position] ?? '');
  }

  /** The value at a position of the row ('' past its end). */
  valueAt(position: number): string {
    return this.row[position] ?? '';
  }

  has(name: string): boolean {
    return this.index.positionOf(name) !== undefined;
  }

  get size(): number {
    return this.index.names.length;
  }

  keys(): MapIterator<string> {
    return this.map().keys();
  }

  values(): MapIterator<string> {
    return this.map().values();
  }

  entries(): MapIterator<[string, string]> {
    return this.map().entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    this.map().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.map().entries();
  }

  private map(): Map<string, string> {
    if (this.built === null) {
      const { names, positions } = this.index;
      this.built = new Map(names.map((name, k) => [name, this.row[positions[k] as number] ?? '']));
    }
    return this.built;
  }
}
