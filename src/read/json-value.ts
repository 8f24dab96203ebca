// Parsed JSON values turned into field text without ever calling a value's own toString (a log may hold
// `{"toString":1}`) and without recursing into hostile nesting (JSON.stringify would overflow the stack).

/** Deeper than this is no logger's record: real ones nest a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests objects/arrays more than `limit` levels deep; iterative, so any depth is safe. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { readonly value: object; readonly depth: number }[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, depth: 1 });
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value))
      if (typeof child === 'object' && child !== null) stack.push({ value: child as object, depth: next.depth + 1 });
  }
  return false;
}

/** A JSON scalar as text ('' for null/absent); undefined for an object or array, which has no single text. */
export function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A field's text: scalars as they are, objects and arrays as their JSON (call only after a depth check). */
export function fieldText(value: unknown): string {
  return scalarText(value) ?? JSON.stringify(value);
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
