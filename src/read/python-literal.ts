// Python's repr() of dicts, lists, tuples, strings, numbers, None/True/False: what str(response.headers),
// print(resp.json()) and logging's %s write. JSON objects read the same way (true/false/null are accepted too).
// A small recursive-descent reader; never evaluates anything.

/** A value read from a Python literal: strings, numbers, booleans, null, arrays (lists, tuples) and objects (dicts). */
export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

// repr() of a header container names its class: Headers({...}) (httpx), HTTPHeaderDict({...}) (urllib3).
const WRAPPER = /^[A-Za-z_][\w.]*\(([\s\S]*)\)$/;
// Deep enough for any header or body print; a hostile input cannot recurse the stack away.
const MAX_DEPTH = 32;

/** Reads `text` as one Python literal (optionally wrapped as `Name(...)`); undefined when it is not one. */
export function parsePythonLiteral(text: string): PythonValue | undefined {
  const trimmed = text.trim();
  const inner = WRAPPER.exec(trimmed)?.[1] ?? trimmed;
  const reader = new LiteralReader(inner);
  try {
    const value = reader.value(0);
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The literal that starts at `start` in a longer text, with where it ends (exclusive); null when there is none. */
export function pythonLiteralAt(
  text: string,
  start: number,
): { readonly value: PythonValue; readonly end: number } | null {
  const reader = new LiteralReader(text, start);
  try {
    const value = reader.value(0);
    return { value, end: reader.position };
  } catch {
    return null;
  }
}

class LiteralReader {
  private readonly text: string;
  private at: number;

  constructor(text: string, start = 0) {
    this.text = text;
    this.at = start;
  }

  get position(): number {
    return this.at;
  }

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipSpace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      // Space, tab, CR, LF: all repr() and JSON put between tokens.
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return;
      this.at++;
    }
  }

  value(depth: number): PythonValue {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === '{') return this.dict(depth);
    if (ch === '[') return this.sequence(']', depth);
    if (ch === '(') return this.sequence(')', depth);
    if (ch === "'" || ch === '"') return this.string();
    const word = /^(None|True|False|null|true|false|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(
      this.text.slice(this.at, this.at + 40),
    );
    if (!word) throw new Error('not a literal');
    const token = word[1] as string;
    this.at += token.length;
    if (token === 'None' || token === 'null') return null;
    if (token === 'True' || token === 'true') return true;
    if (token === 'False' || token === 'false') return false;
    return Number(token);
  }

  private dict(depth: number): { [key: string]: PythonValue } {
    this.at++;
    const result: { [key: string]: PythonValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === '}') {
        this.at++;
        return result;
      }
      const key = this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.at] !== ':') throw new Error('expected :');
      this.at++;
      result[String(key)] = this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') throw new Error('expected , or }');
    }
  }

  private sequence(close: string, depth: number): PythonValue[] {
    this.at++;
    const result: PythonValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === close) {
        this.at++;
        return result;
      }
      result.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) throw new Error(`expected , or ${close}`);
    }
  }

  private string(): string {
    const quote = this.text[this.at];
    this.at++;
    let result = '';
    while (this.at < this.text.length) {
      const ch = this.text[this.at] as string;
      if (ch === quote) {
        this.at++;
        return result;
      }
      if (ch === '\n') break;
      if (ch !== '\\') {
        result += ch;
        this.at++;
        continue;
      }
      const next = this.text[this.at + 1] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '/': '/' };
      if (next in simple) {
        result += simple[next];
        this.at += 2;
      } else if (next === 'x' || next === 'u') {
        const width = next === 'x' ? 2 : 4;
        const hex = this.text.slice(this.at + 2, this.at + 2 + width);
        if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new Error('bad escape');
        result += String.fromCharCode(parseInt(hex, 16));
        this.at += 2 + width;
      } else {
        result += `\\${next}`;
        this.at += 2;
      }
    }
    throw new Error('unterminated string');
  }
}
