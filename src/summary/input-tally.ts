import { isThrottled } from '../normalise/throttled.js';
import { redactText } from '../normalise/redact.js';
import type { HeaderGeneration, InputNote, RequestEvent, Skip, SkipCode } from '../types.js';

// Enough examples to find and fix the rows, few enough that a million bad rows stay small.
const EXAMPLES_PER_CODE = 5;
// Distinct keys and tenants are few in real logs; the cap keeps a hostile file from growing memory.
const MAX_DISTINCT = 1000;

/** Per-file row counts. */
export interface FileTally {
  readonly name: string;
  readonly format: string;
  readonly rows: number;
  readonly used: number;
  readonly skipped: number;
  readonly skippedByCode: Readonly<Partial<Record<SkipCode, number>>>;
  /** How the file was read where it needed a choice (a repeated column name). */
  readonly notes: readonly FileNote[];
}

/** An {@link InputNote} within its file's tally. */
export type FileNote = Omit<InputNote, 'file'>;

// A header with thousands of repeated names needs no more than these to be understood.
const NOTES_PER_FILE = 20;

/** One skip reason with how often it happened and where first. */
export interface SkipGroup {
  readonly code: SkipCode;
  readonly count: number;
  readonly examples: readonly { readonly file: string; readonly line: number; readonly detail: string }[];
}

/** What was read, used and skipped, and the shape of the traffic. */
export interface InputSummary {
  readonly files: readonly FileTally[];
  readonly rows: { readonly read: number; readonly used: number; readonly skipped: number };
  readonly skipped: readonly SkipGroup[];
  readonly span: { readonly firstMs: number; readonly lastMs: number } | null;
  readonly statuses: readonly { readonly status: number; readonly count: number }[];
  readonly throttled: number;
  readonly keys: readonly string[];
  readonly keyColumn: boolean;
  readonly tenants: readonly string[];
  readonly headerGenerations: Readonly<Partial<Record<HeaderGeneration, number>>>;
  readonly timeFromDateHeader: number;
}

interface MutableFile {
  name: string;
  format: string;
  rows: number;
  used: number;
  skipped: number;
  skippedByCode: Partial<Record<SkipCode, number>>;
  notes: FileNote[];
}

/** Counts every row as used or skipped, per file and per reason, in constant memory. */
export function createInputTally() {
  const files = new Map<string, MutableFile>();
  const skipGroups = new Map<SkipCode, { count: number; examples: { file: string; line: number; detail: string }[] }>();
  const statuses = new Map<number, number>();
  const keys = new Set<string>();
  const tenants = new Set<string>();
  const generations: Partial<Record<HeaderGeneration, number>> = {};
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let throttled = 0;
  let keyColumn = false;
  let timeFromDateHeader = 0;

  const file = (name: string): MutableFile => {
    let found = files.get(name);
    if (!found) {
      found = { name, format: 'unknown', rows: 0, used: 0, skipped: 0, skippedByCode: {}, notes: [] };
      files.set(name, found);
    }
    return found;
  };

  return {
    /** Registers an input before its rows, so a file with no rows still appears. */
    addFile(name: string, format: string): void {
      file(name).format = format;
    },
    addNote(note: InputNote): void {
      const tally = file(note.file);
      if (tally.notes.length >= NOTES_PER_FILE) return;
      const { file: _file, ...rest } = note;
      tally.notes.push({ ...rest, column: redactText(rest.column).slice(0, 80) });
    },
    addEvent(event: RequestEvent): void {
      const tally = file(event.source.file);
      tally.rows++;
      tally.used++;
      firstMs = Math.min(firstMs, event.ts);
      lastMs = Math.max(lastMs, event.ts);
      statuses.set(event.status, (statuses.get(event.status) ?? 0) + 1);
      if (isThrottled(event)) throttled++;
      if (event.keyId !== null) {
        keyColumn = true;
        if (keys.size < MAX_DISTINCT) keys.add(event.keyId);
      }
      if (event.counters.tenantId && tenants.size < MAX_DISTINCT) tenants.add(event.counters.tenantId);
      generations[event.counters.generation] = (generations[event.counters.generation] ?? 0) + 1;
      if (event.tsFrom === 'date-header') timeFromDateHeader++;
    },
    addSkip(skip: Skip): void {
      const tally = file(skip.source.file);
      tally.rows++;
      tally.skipped++;
      tally.skippedByCode[skip.code] = (tally.skippedByCode[skip.code] ?? 0) + 1;
      let group = skipGroups.get(skip.code);
      if (!group) {
        group = { count: 0, examples: [] };
        skipGroups.set(skip.code, group);
      }
      group.count++;
      if (group.examples.length < EXAMPLES_PER_CODE)
        group.examples.push({ file: skip.source.file, line: skip.source.line, detail: skip.detail });
    },
    result(): InputSummary {
      const fileList = [...files.values()].map((entry) => ({
        ...entry,
        skippedByCode: { ...entry.skippedByCode },
        notes: [...entry.notes],
      }));
      const used = fileList.reduce((sum, entry) => sum + entry.used, 0);
      const skipped = fileList.reduce((sum, entry) => sum + entry.skipped, 0);
      return {
        files: fileList,
        rows: { read: used + skipped, used, skipped },
        skipped: [...skipGroups]
          .map(([code, group]) => ({ code, count: group.count, examples: group.examples }))
          .sort((a, b) => b.count - a.count),
        span: used > 0 ? { firstMs, lastMs } : null,
        statuses: [...statuses].map(([status, count]) => ({ status, count })).sort((a, b) => a.status - b.status),
        throttled,
        keys: [...keys].sort(),
        keyColumn,
        tenants: [...tenants].sort(),
        headerGenerations: { ...generations },
        timeFromDateHeader,
      };
    },
  };
}
