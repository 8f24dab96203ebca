import { isThrottled } from '../normalise/throttled.js';
import { redactText } from '../normalise/redact.js';
import type {
  Aside,
  AsideCode,
  HeaderGeneration,
  InputNote,
  RequestEvent,
  Skip,
  SkipCode,
  ZoneHint,
} from '../types.js';

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
  /** Rows that are no request of their own (joined lines, log entries about other things, stack traces). */
  readonly aside: number;
  readonly asideByCode: Readonly<Partial<Record<AsideCode, number>>>;
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

/** One reason rows were set aside, with how often and where first. */
export interface AsideGroup {
  readonly code: AsideCode;
  readonly count: number;
  readonly examples: readonly {
    readonly file: string;
    readonly line: number;
    readonly detail: string;
    readonly intoLine?: number;
  }[];
}

/** The offset most zone-less rows would need to agree with their own Date header or zoned field. */
export interface ZoneHintSummary extends ZoneHint {
  /** Zone-less rows whose hint agrees with this one, of all zone-less rows that gave a hint. */
  readonly rows: number;
  readonly rowsWithHint: number;
}

/** What was read, used and skipped, and the shape of the traffic. */
export interface InputSummary {
  readonly files: readonly FileTally[];
  /** read = used + skipped + aside. */
  readonly rows: { readonly read: number; readonly used: number; readonly skipped: number; readonly aside: number };
  readonly skipped: readonly SkipGroup[];
  readonly aside: readonly AsideGroup[];
  readonly zoneHint: ZoneHintSummary | null;
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
  aside: number;
  asideByCode: Partial<Record<AsideCode, number>>;
}

/** Counts every row as used or skipped, per file and per reason, in constant memory. */
export function createInputTally() {
  const files = new Map<string, MutableFile>();
  const skipGroups = new Map<SkipCode, { count: number; examples: { file: string; line: number; detail: string }[] }>();
  const asideGroups = new Map<AsideCode, { count: number; examples: AsideGroup['examples'][number][] }>();
  // Hints keyed by offset and zone; a handful of distinct ones at most in a real log.
  const zoneHints = new Map<string, { hint: ZoneHint; rows: number }>();
  const statuses = new Map<number, number>();
  const keys = new Set<string>();
  const tenants = new Set<string>();
  const generations: Partial<Record<HeaderGeneration, number>> = {};
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let throttled = 0;
  let keyColumn = false;
  let timeFromDateHeader = 0;

  let lastFile: MutableFile | null = null;
  let lastTenant: string | undefined;
  const file = (name: string): MutableFile => {
    if (lastFile !== null && lastFile.name === name) return lastFile;
    let found = files.get(name);
    if (!found) {
      found = {
        name,
        format: 'unknown',
        rows: 0,
        used: 0,
        skipped: 0,
        skippedByCode: {},
        notes: [],
        aside: 0,
        asideByCode: {},
      };
      files.set(name, found);
    }
    lastFile = found;
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
      const tenantId = event.counters.tenantId;
      if (tenantId && tenantId !== lastTenant && tenants.size < MAX_DISTINCT) {
        tenants.add(tenantId);
        lastTenant = tenantId;
      }
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
      if (skip.zoneHint) {
        const id = `${skip.zoneHint.offsetMinutes}/${skip.zoneHint.zone}/${skip.zoneHint.from}`;
        const entry = zoneHints.get(id) ?? (zoneHints.size < MAX_DISTINCT ? { hint: skip.zoneHint, rows: 0 } : null);
        if (entry) zoneHints.set(id, { ...entry, rows: entry.rows + 1 });
      }
    },
    addAside(aside: Aside): void {
      const tally = file(aside.source.file);
      tally.rows++;
      tally.aside++;
      tally.asideByCode[aside.code] = (tally.asideByCode[aside.code] ?? 0) + 1;
      let group = asideGroups.get(aside.code);
      if (!group) {
        group = { count: 0, examples: [] };
        asideGroups.set(aside.code, group);
      }
      group.count++;
      if (group.examples.length < EXAMPLES_PER_CODE)
        group.examples.push({
          file: aside.source.file,
          line: aside.source.line,
          detail: aside.detail,
          ...(aside.into && { intoLine: aside.into.line }),
        });
    },
    result(): InputSummary {
      const fileList = [...files.values()].map((entry) => ({
        ...entry,
        skippedByCode: { ...entry.skippedByCode },
        notes: [...entry.notes],
        asideByCode: { ...entry.asideByCode },
      }));
      const used = fileList.reduce((sum, entry) => sum + entry.used, 0);
      const skipped = fileList.reduce((sum, entry) => sum + entry.skipped, 0);
      const aside = fileList.reduce((sum, entry) => sum + entry.aside, 0);
      const hints = [...zoneHints.values()].sort((a, b) => b.rows - a.rows);
      const rowsWithHint = hints.reduce((sum, entry) => sum + entry.rows, 0);
      return {
        files: fileList,
        rows: { read: used + skipped + aside, used, skipped, aside },
        skipped: [...skipGroups]
          .map(([code, group]) => ({ code, count: group.count, examples: group.examples }))
          .sort((a, b) => b.count - a.count),
        aside: [...asideGroups]
          .map(([code, group]) => ({ code, count: group.count, examples: group.examples }))
          .sort((a, b) => b.count - a.count),
        zoneHint: hints[0] ? { ...hints[0].hint, rows: hints[0].rows, rowsWithHint } : null,
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
