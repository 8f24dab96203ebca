// headerMap for headers on a JsonTape, `{name: value}` or HAR's `[{name, value}]`: the names' order is resolved
// once per shape (lower-cased, repeats joined by ", "), so a record's headers are one array of values.
import { IndexedRow, RowIndex } from './indexed-row.js';
import { Shapes, type Shape } from './json-shapes.js';
import { T_OBJECT, T_STRING } from './json-tape.js';
import type { TapeValues } from './json-tape-values.js';

/** Where each header of a shape goes in the row of unique lower-cased names. */
export interface HeaderPlan {
  readonly index: RowIndex;
  readonly slots: Int32Array;
  readonly repeats: boolean;
  /** A name written twice exactly: in an object JSON.parse keeps only the last, so the old reader reads it. */
  readonly twice: boolean;
}

const NAME = Buffer.from('name');
const VALUE = Buffer.from('value');
const NAME_VALUE = [NAME, VALUE];
const NAME_VALUE_SPELLED = ['name', 'value'];

/** Header name sequences of one file; a name JSON.parse would move to the front of an object (an index) is marked 1. */
export function headerShapes(): Shapes<HeaderPlan> {
  return new Shapes<HeaderPlan>((name) => {
    const c = name.charCodeAt(0);
    return c >= 0x30 && c <= 0x39 ? 1 : 0;
  });
}

/** The plan for a sequence of header names. */
export function headerPlanOf(shape: Shape<HeaderPlan>): HeaderPlan {
  const { names } = shape.path();
  const unique: string[] = [];
  const slots = new Int32Array(names.length);
  names.forEach((name, k) => {
    const key = name.toLowerCase();
    let slot = unique.indexOf(key);
    if (slot < 0) slot = unique.push(key) - 1;
    slots[k] = slot;
  });
  return {
    index: new RowIndex(
      unique,
      unique.map((_name, k) => k),
    ),
    slots,
    repeats: unique.length < names.length,
    twice: new Set(names).size < names.length,
  };
}

/**
 * Headers from an object token; undefined when it holds none, null when headerMap's reading needs the old reader
 * (a value that is not text, a name JSON.parse would reorder, too many shapes).
 */
export function readHeaderObject(
  values: TapeValues,
  token: number,
  shapes: Shapes<HeaderPlan>,
): IndexedRow | undefined | null {
  const tape = values.tape;
  const end = tape.next[token] as number;
  let shape: Shape<HeaderPlan> | undefined = shapes.root;
  let count = 0;
  const found = shapes.scratch(tape.count);
  for (let key = token + 1; key < end; key = values.after(key + 1)) {
    const step = shape.step(values, key, shapes);
    if (step === undefined || step.info !== 0) return null;
    shape = shape.child(step, 0, shapes);
    if (shape === undefined) return null;
    found[count++] = key + 1;
  }
  if (count === 0) return undefined;
  const plan = (shape.plan ??= headerPlanOf(shape));
  if (plan.twice) return null;
  const row = new Array<string>(plan.index.names.length);
  for (let k = 0; k < count; k++) {
    const text = values.headerValue(found[k] as number);
    if (text === undefined) return null;
    place(row, plan, k, text);
  }
  return new IndexedRow(row, plan.index);
}

/** Headers from a HAR array token (entries without a text name are not headers); null as for objects. */
export function readHeaderArray(values: TapeValues, token: number, shapes: Shapes<HeaderPlan>): IndexedRow | null {
  const tape = values.tape;
  const end = tape.next[token] as number;
  let shape: Shape<HeaderPlan> | undefined = shapes.root;
  const texts: string[] = [];
  for (let entry = token + 1; entry < end; entry = values.after(entry)) {
    if (tape.kinds[entry] !== T_OBJECT) continue;
    let name = -1;
    let value = -1;
    const last = tape.next[entry] as number;
    for (let key = entry + 1; key < last; key = values.after(key + 1)) {
      const slot = values.memberSlot(key, NAME_VALUE, NAME_VALUE_SPELLED);
      if (slot === null) return null;
      if (slot === 0) name = key + 1;
      else if (slot === 1) value = key + 1;
    }
    if (name < 0 || tape.kinds[name] !== T_STRING) continue;
    const text = value < 0 ? '' : values.headerValue(value);
    if (text === undefined) return null;
    const step = shape.step(values, name, shapes);
    if (step === undefined) return null;
    shape = shape.child(step, 0, shapes);
    if (shape === undefined) return null;
    texts.push(text);
  }
  const plan = (shape.plan ??= headerPlanOf(shape));
  const row = new Array<string>(plan.index.names.length);
  for (let k = 0; k < texts.length; k++) place(row, plan, k, texts[k] as string);
  return new IndexedRow(row, plan.index);
}

function place(row: string[], plan: HeaderPlan, k: number, text: string): void {
  const slot = plan.slots[k] as number;
  const previous = plan.repeats ? row[slot] : undefined;
  row[slot] = previous === undefined ? text : `${previous}, ${text}`;
}
