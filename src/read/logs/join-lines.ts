import type { RawRecord, SourceRef } from '../../types.js';
import type { ReadItem } from '../read-item.js';
import type { HttpFacts, LineRole } from './http-facts.js';
import { wallClockMs } from './wall-clock.js';

/** One log entry about an HTTP call, before it is known whether other entries describe the same call. */
export interface CallLine {
  readonly source: SourceRef;
  readonly time: string | null;
  readonly facts: HttpFacts;
}

// Lines about one call are written within this of each other (the response, then the exception it raised).
export const JOIN_WINDOW_MS = 2000;
// Entries a line may lag behind the one it joins, and calls waiting for their partners: bounded memory.
const MAX_ENTRIES_APART = 50;
const MAX_PENDING = 64;

interface Group {
  readonly source: SourceRef;
  readonly time: string | null;
  readonly wallMs: number | null;
  readonly roles: Set<LineRole>;
  readonly facts: HttpFacts;
  readonly pathKey: string | null;
  readonly entry: number;
}

/**
 * Joins the lines a client and an app write about one call (the client's record, the app's response line,
 * the exception raised for it) into one record: same path, compatible method and status, within
 * JOIN_WINDOW_MS, each role once. A joined line becomes a JOINED aside pointing at the record's row.
 */
export function createLineJoiner() {
  const pending: Group[] = [];
  let entries = 0;

  const emit = (group: Group): ReadItem => ({ kind: 'record', record: recordOf(group) });
  const expired = (group: Group, nowMs: number | null): boolean =>
    entries - group.entry > MAX_ENTRIES_APART ||
    (nowMs !== null && group.wallMs !== null && nowMs - group.wallMs > JOIN_WINDOW_MS);

  return {
    /** Takes the next call line; returns what can be emitted now (finished records, the JOINED aside). */
    add(line: CallLine): ReadItem[] {
      entries++;
      const out: ReadItem[] = [];
      const wallMs = wallClockMs(line.time);
      while (pending.length > 0 && (pending.length >= MAX_PENDING || expired(pending[0] as Group, wallMs)))
        out.push(emit(pending.shift() as Group));
      const role = line.facts.role as LineRole;
      const pathKey = pathKeyOf(line.facts.url);
      const last = pending[pending.length - 1];
      const partner = pending.find((group) => {
        if (group.roles.has(role) || !agrees(group.facts.method, line.facts.method)) return false;
        if (!agrees(group.facts.status, line.facts.status)) return false;
        const adjacent = group === last;
        if (group.pathKey === null || pathKey === null ? !adjacent : group.pathKey !== pathKey) return false;
        return group.wallMs === null || wallMs === null ? adjacent : Math.abs(wallMs - group.wallMs) <= JOIN_WINDOW_MS;
      });
      if (partner) {
        partner.roles.add(role);
        merge(partner.facts, line.facts);
        out.push({
          kind: 'aside',
          aside: {
            code: 'JOINED',
            source: line.source,
            into: partner.source,
            detail: `the ${role} line of the request at line ${partner.source.line}`,
          },
        });
        return out;
      }
      pending.push({
        source: line.source,
        time: line.time,
        wallMs,
        roles: new Set([role]),
        facts: { ...line.facts, headers: new Map(line.facts.headers) },
        pathKey,
        entry: entries,
      });
      return out;
    },
    /** Everything still waiting, at the end of the input. */
    flush(): ReadItem[] {
      return pending.splice(0).map(emit);
    },
  };
}

function agrees(a: string | null, b: string | null): boolean {
  return a === null || b === null || a.toUpperCase() === b.toUpperCase();
}

// The same call is logged with and without scheme and host (a dump's target, an exception's full URL).
function pathKeyOf(url: string | null): string | null {
  if (url === null) return null;
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
}

function merge(into: HttpFacts, from: HttpFacts): void {
  into.method ??= from.method;
  into.url ??= from.url;
  into.host ??= from.host;
  into.status ??= from.status;
  into.credential ??= from.credential;
  into.zonedTime ??= from.zonedTime;
  for (const [name, value] of from.headers) if (!into.headers.has(name)) into.headers.set(name, value);
  // A complete body beats Guzzle's 120-character summary of the same body.
  if (from.body !== null && (into.body === null || (!into.bodyComplete && from.bodyComplete))) {
    into.body = from.body;
    into.bodyComplete = from.bodyComplete;
  }
}

function recordOf(group: Group): RawRecord {
  const { facts } = group;
  const fields = new Map<string, string>();
  if (group.time !== null) fields.set('time', group.time);
  if (facts.status !== null) fields.set('status', facts.status);
  if (facts.method !== null) fields.set('method', facts.method);
  if (facts.url !== null) fields.set('url', facts.url);
  if (facts.body !== null) fields.set('body', facts.body);
  if (facts.credential) fields.set(facts.credential.name, facts.credential.value);
  // Not a time column: normalise only compares it with a zone-less entry time to suggest a --tz.
  if (facts.zonedTime !== null) fields.set('message_time', facts.zonedTime);
  return facts.headers.size > 0
    ? { source: group.source, fields, headers: facts.headers }
    : { source: group.source, fields };
}
