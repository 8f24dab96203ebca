import type { Mutable } from '../types.js';
import type { EndpointCount } from './errors-only-report.js';

export const ENDPOINTS_SHOWN = 10;
// Distinct endpoints are few; ids are folded into {id}, and the cap bounds memory on anything else.
const MAX_ENDPOINTS = 1000;
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,})$/i;

/** Counts throttled responses per method and path template (`/crm/rest/v1/orders/{id}/payments`). */
export function createEndpointCounter() {
  // Counted in place, not copied for every 429; result() hands out copies.
  const counts = new Map<string, Mutable<EndpointCount>>();
  let overflow = 0;
  return {
    observe(method: string | null, path: string | null): void {
      const template = path === null ? null : templateOf(path);
      const id = `${method ?? ''} ${template ?? ''}`;
      const entry = counts.get(id);
      if (entry) entry.count++;
      else if (counts.size < MAX_ENDPOINTS) counts.set(id, { method, path: template, count: 1 });
      else overflow++;
    },
    result(): EndpointCount[] {
      const sorted = [...counts.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => b.count - a.count || String(a.path).localeCompare(String(b.path)));
      const shown = sorted.slice(0, ENDPOINTS_SHOWN);
      const rest = sorted.slice(ENDPOINTS_SHOWN).reduce((sum, entry) => sum + entry.count, overflow);
      return rest > 0 ? [...shown, { method: null, path: '(others)', count: rest }] : shown;
    },
  };
}

/** The path without query, every id-like segment replaced by `{id}`. */
export function templateOf(path: string): string {
  const [withoutQuery = ''] = path.split('?', 1);
  return withoutQuery
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
}
