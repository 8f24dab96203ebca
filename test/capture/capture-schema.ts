import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { root } from '../helpers/run-bin.js';

const schema = JSON.parse(await readFile(`${root}schema/capture-line.schema.json`, 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** Schema errors of one parsed line, as `path message` strings (empty when valid). */
export function schemaErrors(line: unknown): string[] {
  return validate(line) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Every line of an NDJSON text, parsed; fails on a line that is not JSON. */
export function parseLines(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, any>);
}

/** Schema errors of every line of an NDJSON text, prefixed with the line number. */
export function fileSchemaErrors(text: string): string[] {
  return parseLines(text).flatMap((line, index) => schemaErrors(line).map((error) => `line ${index + 1}: ${error}`));
}
