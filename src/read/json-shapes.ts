// Records of one log repeat the same names in the same order: each sequence of names (with what each is for)
// is resolved once into a shape shared by every record that has it, as a CSV header row is for its rows.
import { S_KNOWN, type KnownKey } from './json-tape.js';
import type { TapeValues } from './json-tape-values.js';

// Past this many steps across all sequences the names are not a log's repeating shape: callers read the old way.
const MAX_STEPS = 4096;

/** One name after a given sequence of names, with its child sequences by role. */
class Step<P> {
  readonly name: string;
  readonly bytes: Buffer | null;
  readonly byRole: (Shape<P> | undefined)[] = [];
  readonly info: number;

  constructor(name: string, bytes: Buffer | null, info: number) {
    this.name = name;
    this.bytes = bytes;
    this.info = info;
  }
}

/** A sequence of (name, role) pairs; `plan` is what the caller derived from it, made once. */
export class Shape<P> {
  readonly parent: Shape<P> | null;
  readonly name: string;
  readonly role: number;
  plan: P | undefined = undefined;
  private readonly steps = new Map<string, Step<P>>();
  private recent: Step<P> | null = null;

  constructor(parent: Shape<P> | null, name: string, role: number) {
    this.parent = parent;
    this.name = name;
    this.role = role;
  }

  /** The names and roles from the first to this one. */
  path(): { names: string[]; roles: number[] } {
    const names: string[] = [];
    const roles: number[] = [];
    for (let shape: Shape<P> | null = this; shape?.parent; shape = shape.parent) {
      names.push(shape.name);
      roles.push(shape.role);
    }
    return { names: names.reverse(), roles: roles.reverse() };
  }

  /** The step for the name in string token `token` (matched by its bytes against the last one taken first). */
  step(values: TapeValues, token: number, shapes: Shapes<P>): Step<P> | undefined {
    // The same key bytes at the same place after the same names as last time: the same step.
    const key = (values.tape.flags[token] as number) & S_KNOWN ? values.tape.keys[token] : undefined;
    if (key && shapes.keyAt[token] === key && shapes.shapeAt[token] === this) return shapes.stepAt[token];
    const step = this.lookUp(values, token, shapes);
    if (step && key) {
      shapes.keyAt[token] = key;
      shapes.shapeAt[token] = this;
      shapes.stepAt[token] = step;
    }
    return step;
  }

  private lookUp(values: TapeValues, token: number, shapes: Shapes<P>): Step<P> | undefined {
    const recent = this.recent;
    if (recent !== null && recent.bytes !== null && values.is(token, recent.bytes)) return recent;
    const name = values.string(token);
    let step = this.steps.get(name);
    if (step === undefined) {
      if (!shapes.spend()) return undefined;
      step = new Step<P>(name, values.bytesOf(token), shapes.classify(name));
      this.steps.set(name, step);
    }
    this.recent = step;
    return step;
  }

  /** The sequence after taking `step` in `role`. */
  child(step: Step<P>, role: number, shapes: Shapes<P>): Shape<P> | undefined {
    let child = step.byRole[role];
    if (child === undefined) {
      if (!shapes.spend()) return undefined;
      child = new Shape<P>(this, step.name, role);
      step.byRole[role] = child;
    }
    return child;
  }
}

/** The shapes of one file for one kind of object, with a bound on how many are kept. */
export class Shapes<P> {
  readonly root = new Shape<P>(null, '', 0);
  readonly classify: (name: string) => number;
  // By token index: the key last seen there, the shape it followed, and the step it took.
  readonly keyAt: (KnownKey | null | undefined)[] = [];
  readonly shapeAt: (Shape<P> | undefined)[] = [];
  readonly stepAt: (Step<P> | undefined)[] = [];
  private left = MAX_STEPS;

  /** `classify` gives each name a number the caller reads back as `step.info`. */
  constructor(classify: (name: string) => number = () => 0) {
    this.classify = classify;
  }

  private tokens = new Int32Array(64);

  /** A scratch array of at least `size` token indices, reused between records. */
  scratch(size: number): Int32Array {
    if (this.tokens.length < size) this.tokens = new Int32Array(size);
    return this.tokens;
  }

  spend(): boolean {
    return this.left-- > 0;
  }
}
