import { hasResponseHeaderNames, headersFromPrint } from '../read/header-print.js';

// A printed dict or httpx Headers(...) starts like this; anything else is not worth parsing.
const LOOKS_PRINTED = /^\s*(?:[A-Za-z_][\w.]*\()?[{[]/;

/** True when a value starts like a printed header dict (only such values are parsed). */
export function looksPrinted(value: string): boolean {
  return LOOKS_PRINTED.test(value);
}

/** Adds headers from any column holding a printed header dict (str(response.headers) in a `meta` column). */
export function headersInOtherColumns(
  fields: ReadonlyMap<string, string>,
  columns: readonly string[],
  into: Map<string, string>,
): void {
  for (const name of columns) {
    const value = fields.get(name);
    if (!value || !LOOKS_PRINTED.test(value)) continue;
    const printed = headersFromPrint(value);
    if (!printed || !hasResponseHeaderNames(printed)) continue;
    for (const [header, item] of printed) if (!into.has(header)) into.set(header, item);
  }
}
