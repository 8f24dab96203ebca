// Logs in every format whose rows carry planted secrets, some rows broken so secrets also meet the skip paths.
import fc from 'fast-check';
import { secretArb } from './arbitraries.js';
import { plantedArb, type Planted } from './secrets.js';

/** A generated log and the secrets planted in it. */
export interface SecretLog {
  readonly bytes: Buffer;
  readonly format: 'csv' | 'json-array' | 'ndjson' | 'har' | 'php-log' | 'python-log' | 'http-dump';
  readonly secrets: readonly string[];
  /** Rows the readers must count; null for application logs and dumps, whose lines may be joined or set aside. */
  readonly rows: number | null;
}

interface Row {
  readonly ts: string;
  readonly status: string;
  readonly planted: readonly Planted[];
}

const T0 = Date.UTC(2026, 2, 2, 10);

const rowArb = fc.record({
  offsetMs: fc.integer({ min: 0, max: 120_000 }),
  status: fc.constantFrom('429', '429', '429', '200', '500', '503', '401'),
  plants: fc.array(fc.tuple(plantedArb, secretArb), { minLength: 1, maxLength: 2 }),
  // Columns shifted by the logger put a secret where the time or the status belongs.
  broken: fc.constantFrom('none', 'none', 'none', 'time', 'status'),
});

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function render(format: SecretLog['format'], rows: readonly Row[]): Buffer {
  if (format === 'csv') {
    const columns = ['ts', 'status', 'method', 'url', 'body'];
    const cells = rows.map((row) => {
      const cell = new Map<string, string>([
        ['ts', row.ts],
        ['status', row.status],
        ['method', 'GET'],
      ]);
      for (const plant of row.planted) {
        if (plant.url) cell.set('url', plant.url);
        if (plant.body) cell.set('body', plant.body);
        if (plant.key) cell.set(plant.key[0], plant.key[1]);
        for (const [name, value] of Object.entries(plant.headers ?? {})) cell.set(name, value);
      }
      for (const name of cell.keys()) if (!columns.includes(name)) columns.push(name);
      return cell;
    });
    const lines = cells.map((cell) => columns.map((name) => csvQuote(cell.get(name) ?? '')).join(','));
    return Buffer.from(`${columns.join(',')}\n${lines.join('\n')}\n`);
  }
  const records = rows.map((row) => {
    const requestHeaders: Record<string, string> = {};
    const responseHeaders: Record<string, string> = {};
    let url = '/crm/rest/v1/contacts';
    let body = '';
    const extra: Record<string, string> = {};
    for (const plant of row.planted) {
      if (plant.url) url = plant.url;
      if (plant.body) body = plant.body;
      if (plant.key) extra[plant.key[0]] = plant.key[1];
      for (const [name, value] of Object.entries(plant.headers ?? {})) {
        if (['authorization', 'cookie', 'x-keap-api-key', 'x-api-key'].includes(name)) requestHeaders[name] = value;
        else responseHeaders[name] = value;
      }
    }
    return { row, requestHeaders, responseHeaders, url, body, extra };
  });
  if (format === 'php-log' || format === 'python-log' || format === 'http-dump')
    return Buffer.from(records.map((record) => textEntry(format, record)).join(''));
  if (format === 'har') {
    const entries = records.map(({ row, requestHeaders, responseHeaders, url, body }, index) => ({
      startedDateTime: row.ts,
      request: {
        method: 'GET',
        url,
        headers: Object.entries(requestHeaders).map(([name, value]) => ({ name, value })),
      },
      response: {
        status: /^\d+$/.test(row.status) ? Number(row.status) : row.status,
        headers: Object.entries(responseHeaders).map(([name, value]) => ({ name, value })),
        content: index % 2 ? { text: Buffer.from(body).toString('base64'), encoding: 'base64' } : { text: body },
      },
    }));
    return Buffer.from(
      JSON.stringify({ log: { version: '1.2', creator: { name: 'fuzz', version: '1' }, entries } }, null, 1),
    );
  }
  const objects = records.map(({ row, requestHeaders, responseHeaders, url, body, extra }, index) =>
    index % 2
      ? {
          ts: row.ts,
          status: row.status,
          method: 'GET',
          url,
          body,
          headers: responseHeaders,
          ...requestHeaders,
          ...extra,
        }
      : {
          time: row.ts,
          ...extra,
          request: { method: 'GET', url, headers: requestHeaders },
          response: { statusCode: row.status, headers: responseHeaders, body },
        },
  );
  if (format === 'ndjson') return Buffer.from(`${objects.map((o) => JSON.stringify(o)).join('\n')}\n`);
  return Buffer.from(JSON.stringify(objects, null, 1));
}

const REASONS: Readonly<Record<string, string>> = { '200': 'OK', '429': 'Too Many Requests', '401': 'Unauthorized' };
const pyDict = (headers: Readonly<Record<string, string>>) =>
  `{${Object.entries(headers)
    .map(([name, value]) => `'${name}': '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(', ')}}`;

interface TextRecord {
  readonly row: Row;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly url: string;
  readonly body: string;
  readonly extra: Readonly<Record<string, string>>;
}

// One call as PHP (Monolog with Guzzle's exception and a context), Python (logging with str(headers)) or curl -v writes it.
function textEntry(format: 'php-log' | 'python-log' | 'http-dump', record: TextRecord): string {
  const { row, url, body } = record;
  const reason = REASONS[row.status] ?? 'Server Error';
  const headers = { ...record.requestHeaders, ...record.extra, ...record.responseHeaders };
  if (format === 'php-log') {
    const at = row.ts.replace('Z', '000+00:00');
    const context = JSON.stringify({ headers });
    return row.status === '200'
      ? `[${at}] app.INFO: GET ${url} -> 200 ${context} []\n`
      : `[${at}] production.ERROR: Client error: \`GET ${url}\` resulted in a \`${row.status} ${reason}\` response:\n${body || '{"code":"429"}'} ${context} []\n`;
  }
  if (format === 'python-log') {
    const at = row.ts.replace('T', ' ').replace('.', ',').replace('Z', '');
    const line = `${at} INFO app: GET ${url} -> ${row.status} headers=${pyDict(headers)} body=${body}\n`;
    return row.status === '200'
      ? line
      : `${line}${at} ERROR app: ${row.status} Client Error: ${reason} for url: ${url}\n`;
  }
  const date = Number.isNaN(Date.parse(row.ts)) ? row.ts : new Date(row.ts).toUTCString();
  const request = Object.entries({ ...record.requestHeaders, ...record.extra }).map(
    ([name, value]) => `> ${name}: ${value}\n`,
  );
  const response = Object.entries(record.responseHeaders).map(([name, value]) => `< ${name}: ${value}\n`);
  return `> GET ${url} HTTP/1.1\n> Host: api.infusionsoft.com\n${request.join('')}>\n< HTTP/1.1 ${row.status} ${reason}\n< date: ${date}\n${response.join('')}<\n${body}\n`;
}

/** A log in one of seven formats (four structured, two application logs, a curl dump) with 1–12 calls, each carrying one or two planted secrets. */
export const secretLogArb: fc.Arbitrary<SecretLog> = fc
  .tuple(
    fc.constantFrom('csv', 'json-array', 'ndjson', 'har', 'php-log', 'python-log', 'http-dump') as fc.Arbitrary<
      SecretLog['format']
    >,
    fc.array(rowArb, { minLength: 1, maxLength: 12 }),
  )
  .map(([format, generated]) => {
    const secrets: string[] = [];
    const rows: Row[] = generated
      .sort((a, b) => a.offsetMs - b.offsetMs)
      .map(({ offsetMs, status, plants, broken }) => {
        const planted = plants.map(([plant, secret]) => {
          secrets.push(secret);
          return plant(secret);
        });
        const shifted = plants[0]?.[1] ?? '';
        return {
          ts: broken === 'time' ? shifted : new Date(T0 + offsetMs).toISOString(),
          status: broken === 'status' ? shifted : status,
          planted,
        };
      });
    const text = format === 'php-log' || format === 'python-log' || format === 'http-dump';
    return { bytes: render(format, rows), format, secrets, rows: text ? null : rows.length };
  });
