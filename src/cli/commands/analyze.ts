import { writeFile } from 'node:fs/promises';
import { analyze } from '../../analyze.js';
import { workerFitters } from '../../parallel/worker-fitter.js';
import { fileStores } from '../../spool/file-store.js';
import { KeapThrottleError } from '../../errors.js';
import { judgeRules } from '../../gate/rules.js';
import type { Report } from '../../report.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { renderJson } from '../../render/json.js';
import { pacerOptionsFromReport } from '../../pacer/report-options.js';
import type { CliIo } from '../io.js';
import { failOnOption, profileOption, statusOption, zoneOption } from '../load-options.js';
import { openAll } from '../open-all.js';
import { createProgress } from '../progress.js';
import type { SharedOptionValues } from '../options.js';
import { runInfo } from '../run-info.js';
import { writeReport } from '../write-report.js';

/** `analyze <files...>`: reads the logs and prints the report; exit 1 on --fail-on matches, 2 on unusable input or --strict skips. */
export async function runAnalyze(
  files: readonly string[],
  values: SharedOptionValues & { readonly emitPacer?: string },
  io: CliIo,
  argv: readonly string[],
): Promise<ExitCodeValue> {
  const zone = zoneOption(values);
  const status = statusOption(values);
  const failOn = failOnOption(values);
  const profile = await profileOption(values);
  const opened = await openAll(files, io);
  const progress = createProgress(io, values.format);
  // The per-429 records wait in a spool file, so memory does not grow with the 429s.
  const analysis = await analyze(opened.inputs, {
    zone,
    status,
    profile,
    stores: fileStores(),
    fitters: workerFitters,
    ...(progress && { onProgress: progress.update }),
  });
  progress?.done();
  const gate = failOn.length > 0 ? judgeRules({ failOn }, analysis) : null;
  const report: Report = { ...analysis, run: runInfo('analyze', argv, opened.digests(), zone, gate) };
  // Written before the report, so a file that cannot be written leaves stdout empty like every other error.
  if (values.emitPacer !== undefined) await emitPacer(values.emitPacer, renderJson(report));
  await writeReport(report, values, io);
  report.throttling.attributions.close();
  refuseSkipsWhenStrict(report, values);
  return gate && !gate.passed ? ExitCode.Findings : ExitCode.Ok;
}

/** --strict: the report is written, then a skipped row stops the run (exit 2). */
export function refuseSkipsWhenStrict(report: Report, values: SharedOptionValues): void {
  if (!values.strict || report.input.rows.skipped === 0) return;
  const first = report.input.skipped[0]?.examples[0];
  throw new KeapThrottleError('STRICT_SKIPS', `${report.input.rows.skipped} row(s) skipped and --strict is set`, {
    ...(first && { location: { file: first.file, line: first.line } }),
    hint: first ? `first: ${first.detail}` : undefined,
  });
}

async function emitPacer(file: string, reportJson: string): Promise<void> {
  const options = pacerOptionsFromReport(JSON.parse(reportJson));
  await writeFile(file, `${JSON.stringify(options, null, 2)}\n`).catch((error: NodeJS.ErrnoException) => {
    throw new KeapThrottleError('OUTPUT_NOT_WRITABLE', `cannot write ${file} (${error.code ?? error.message})`, {
      hint: 'name a file in a folder you can write to',
    });
  });
}
