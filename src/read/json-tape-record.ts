// recordFromJson for a record already scanned into a JsonTape: the common flat shape (scalars, one header object)
// is read straight off the bytes into shape-indexed rows; anything else is left to recordFromJson (null).
import type { SourceRef } from '../types.js';
import { IndexedRow, RowIndex } from './indexed-row.js';
import { HEADER_CONTAINERS } from './json-record.js';
import { Shapes, type Shape } from './json-shapes.js';
import { JsonTape, T_ARRAY, T_OBJECT, T_STRING } from './json-tape.js';
import { TapeValues } from './json-tape-values.js';
import type { ReadItem } from './read-item.js';
import { headerShapes, readHeaderObject } from './tape-headers.js';

// What a top-level name is to recordFromJson.
const PLAIN = 0;
const CONTAINER = 1;
const NESTED = 2;
// A name JSON.parse would move to the front (an array index): left to the old reader, which keeps that order.
const INDEX_LIKE = 3;

// What a member is for.
const FIELD = 0;
const HEADERS = 1;
const IGNORED = 2;

interface RecordPlan {
  /** False when names repeat (JSON.parse keeps the last value in the first one's place). */
  readonly ok: boolean;
  readonly columns: readonly string[];
  readonly index: RowIndex;
}

function classify(name: string): number {
  if (startsWithDigit(name)) return INDEX_LIKE;
  if (name === 'request' || name === 'response') return NESTED;
  return HEADER_CONTAINERS.includes(name) ? CONTAINER : PLAIN;
}

/** Reads scanned JSON records of one file. */
export class TapeRecordReader {
  readonly tape = new JsonTape();
  private readonly values = new TapeValues(this.tape);
  private readonly records = new Shapes<RecordPlan>(classify);
  private readonly headerShapes = headerShapes();
  private fieldTokens = new Int32Array(64);

  /** The record the tape's last scan of `buf[from..to)` holds, or null when recordFromJson must read it. */
  read(buf: Buffer, from: number, to: number, source: SourceRef): ReadItem | null {
    const tape = this.tape;
    if (tape.kinds[0] !== T_OBJECT) return null;
    const values = this.values;
    values.reset(buf, from, to);
    let shape: Shape<RecordPlan> | undefined = this.records.root;
    let fields = 0;
    let headersAt = -1;
    const end = tape.next[0] as number;
    for (let key = 1; key < end;) {
      const value = key + 1;
      const step = shape.step(values, key, this.records);
      if (step === undefined || step.info === INDEX_LIKE) return null;
      const kind = tape.kinds[value];
      let role = FIELD;
      if (step.info === NESTED) {
        if (kind === T_OBJECT) return null;
        role = IGNORED;
      } else if (step.info === CONTAINER && kind !== T_STRING) {
        if (kind === T_ARRAY || (kind === T_OBJECT && headersAt >= 0)) return null;
        role = kind === T_OBJECT ? HEADERS : IGNORED;
      }
      if (role === FIELD) {
        if (fields === this.fieldTokens.length) return null;
        this.fieldTokens[fields++] = value;
      } else if (role === HEADERS) {
        headersAt = value;
      }
      shape = shape.child(step, role, this.records);
      if (shape === undefined) return null;
      key = values.after(value);
    }
    const plan = (shape.plan ??= recordPlanOf(shape));
    if (!plan.ok) return null;
    const row = new Array<string>(fields);
    for (let k = 0; k < fields; k++) row[k] = values.field(this.fieldTokens[k] as number);
    const named = new IndexedRow(row, plan.index);
    const headers = headersAt < 0 ? undefined : readHeaderObject(values, headersAt, this.headerShapes);
    if (headers === null) return null;
    if (headers === undefined)
      return { kind: 'record', record: { source, fields: named, columns: plan.columns, values: row } };
    return { kind: 'record', record: { source, fields: named, columns: plan.columns, values: row, headers } };
  }
}

function recordPlanOf(shape: Shape<RecordPlan>): RecordPlan {
  const { names, roles } = shape.path();
  const columns = names.filter((_name, k) => roles[k] === FIELD);
  return {
    ok: new Set(names).size === names.length,
    columns,
    index: new RowIndex(
      columns,
      columns.map((_name, k) => k),
    ),
  };
}

function startsWithDigit(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}
