// What --redact-tenant and --redact-urls hide, applied once to the whole report before any renderer.
import type { Report } from '../report.js';

/** What to hide beyond the default redaction (credentials are always gone). */
export interface Redaction {
  readonly tenant: boolean;
  readonly urls: boolean;
}

const PATH_FIELDS = new Set(['path']);
const HIDDEN_PATH = '[path hidden]';

/** A list read item by item (the report's throttled responses, which may be a spool). */
interface ItemList extends Iterable<unknown> {
  readonly count: number;
  close(): void;
}

function isList(value: object): value is ItemList {
  return Symbol.iterator in value && 'count' in value && typeof (value as ItemList).close === 'function';
}

// The list redacted as it is read: the items are never all held at once.
function redactedList(list: ItemList, redact: (item: unknown) => unknown): ItemList {
  return {
    get count() {
      return list.count;
    },
    close: () => list.close(),
    *[Symbol.iterator]() {
      for (const item of list) yield redact(item);
    },
  };
}

/** A copy of the report with tenant ids replaced by `tenant-1`, `tenant-2`… and request paths hidden. */
export function redactReport(report: Report, redaction: Redaction): Report {
  if (!redaction.tenant && !redaction.urls) return report;
  const tenants = redaction.tenant ? [...report.input.tenants].sort((a, b) => b.length - a.length) : [];
  const alias = new Map(report.input.tenants.map((tenant, index) => [tenant, `tenant-${index + 1}`]));
  const hideTenants = (text: string): string => {
    let result = text;
    for (const tenant of tenants) if (tenant !== '') result = result.split(tenant).join(alias.get(tenant) as string);
    return result;
  };
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      if (redaction.urls && key !== null && PATH_FIELDS.has(key)) return HIDDEN_PATH;
      return tenants.length > 0 ? hideTenants(value) : value;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value === null || typeof value !== 'object') return value;
    if (isList(value)) return redactedList(value, (item) => walk(item, null));
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value))
      out[tenants.length > 0 ? hideTenants(name) : name] = walk(item, name);
    return out;
  };
  return walk(report, null) as Report;
}
