// Long logs: Markdown lists the first 20 throttled responses and HTML the first 100; the rest are counted, never dropped.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { sniffInput } from '../../src/read/read-input.js';
import { renderHtml } from '../../src/render/html.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';

const THROTTLED = 130;

async function reportOfManyThrottled() {
  const t0 = Date.UTC(2026, 2, 2, 10);
  const rows = Array.from({ length: THROTTLED * 2 }, (_, i) => {
    const body =
      '"{""code"":""429"",""message"":""Quota Exceeded"",""status"":""Request Throttled"",""details"":null}"';
    return `${new Date(t0 + i * 150).toISOString()},${i % 2 ? `429,${body}` : '200,'}`;
  });
  const bytes = Buffer.from(`ts,status,body\n${rows.join('\n')}\n`);
  async function* stream() {
    yield bytes;
  }
  const input = await sniffInput({ name: 'many.csv', stream: stream(), extension: 'csv' });
  return analyze([input], { zone: null });
}

describe('throttled responses beyond the listing are counted', () => {
  it('Markdown: 20 listed, "… and 110 more"; HTML: 100 rows, "… and 30 more"; JSON: all 130', async () => {
    const report = await reportOfManyThrottled();
    expect(JSON.parse(renderJson(report)).throttling.attributions).toHaveLength(THROTTLED);

    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`### Throttled responses (20 of ${THROTTLED})`);
    expect(markdown.match(/^\*\*\d+\. /gm)).toHaveLength(20);
    expect(markdown).toContain('… and 110 more throttled response(s): all of them are in `--json`.');

    const html = renderHtml(report, { assets: { uplotScript: '', uplotStyle: '', uplotVersion: '0' } });
    const table = html.slice(html.indexOf('<table id="throttled">'));
    expect(table.slice(0, table.indexOf('</table>')).match(/<tr>/g)).toHaveLength(1 + 100);
    expect(table).toContain('… and 30 more: all of them are in the JSON output (--json).');
  });
});
