import { open } from 'node:fs/promises';
import { KeapThrottleError } from '../errors.js';
import { renderHtml } from '../render/html.js';
import { renderJson, renderJsonPieces } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { redactReport } from '../render/redact-report.js';
import { renderTable } from '../render/table.js';
import type { Report } from '../report.js';
import { loadChartAssets } from './chart-assets.js';
import type { CliIo } from './io.js';
import type { SharedOptionValues } from './options.js';
import { writeOut } from './output.js';
import { createStyle, decideColor } from './style.js';
import { terminalWidth } from './terminal-width.js';

/** True when the report goes to standard output (no -o, or -o -). */
export function toStdout(values: SharedOptionValues): boolean {
  return values.output === undefined || values.output === '-';
}

/** Renders the report in the chosen format and writes it to stdout or the -o file. */
export async function writeReport(report: Report, values: SharedOptionValues, io: CliIo): Promise<void> {
  const redacted = redactReport(report, { tenant: Boolean(values.redactTenant), urls: Boolean(values.redactUrls) });
  const stdout = toStdout(values);
  // JSON is written as it is made, the throttled responses read one at a time from the report's spool.
  if (values.format === 'json') await writePieces(renderJsonPieces(redacted), values.output, io);
  else await writeText(await render(redacted, values, io, stdout), values.output, io);
}

/** Writes text to stdout, or to a file for -o (replacing it); a file that cannot be written is one error line. */
export async function writeText(text: string, output: string | undefined, io: CliIo): Promise<void> {
  await writePieces([text], output, io);
}

/** {@link writeText} for text made in pieces: each piece is written before the next is made. */
export async function writePieces(pieces: Iterable<string>, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined || output === '-') {
    for (const piece of pieces) await writeOut(io.stdout, piece);
    return;
  }
  const file = await open(output, 'w').catch((error: unknown) => {
    throw notWritableFile(output, error);
  });
  try {
    for (const piece of pieces)
      await file.write(piece).catch((error: unknown) => {
        throw notWritableFile(output, error);
      });
  } finally {
    await file.close();
  }
}

function notWritableFile(output: string, error: unknown): KeapThrottleError {
  const code = (error as { code?: string }).code ?? 'error';
  return new KeapThrottleError('OUTPUT_NOT_WRITABLE', `the report cannot be written (${code})`, {
    location: { file: output },
    hint: code === 'ENOENT' ? 'create the folder first' : 'check the path, its permissions and the disk space',
    cause: error,
  });
}

async function render(report: Report, values: SharedOptionValues, io: CliIo, stdout: boolean): Promise<string> {
  switch (values.format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report, { assets: await loadChartAssets() });
    case 'table': {
      const color = stdout && decideColor(values.color, io.env, io.stdout.isTTY);
      return renderTable(report, {
        style: createStyle(color),
        width: terminalWidth(io, stdout),
        verbose: Boolean(values.verbose),
      });
    }
  }
}
