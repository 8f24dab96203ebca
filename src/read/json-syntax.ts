/**
 * "not valid JSON", with the position when V8 gives one. V8's own messages quote the input around the
 * fault (`Unexpected token 'a', "Bearer abc"... is not valid JSON`), which could print a credential.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/Unexpected end of JSON input/.test(message)) return 'not valid JSON (it ends early)';
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? 'not valid JSON' : `not valid JSON (at character ${Number(position) + 1})`;
}
