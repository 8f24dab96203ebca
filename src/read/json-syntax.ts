/**
 * Position-only wording for a JSON.parse failure. V8's own messages quote the input around the fault
 * (`Unexpected token 'a', "Bearer abc"... is not valid JSON`), which could print a credential.
 */
export function describeJsonSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (/Unexpected end of JSON input/.test(message)) return 'it ends early';
  if (position !== undefined) return `at character ${Number(position) + 1}`;
  return 'a syntax error';
}
