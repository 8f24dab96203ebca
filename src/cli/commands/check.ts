import { appendFile } from 'node:fs/promises';
import { analyze } from '../../analyze.js';
import { workerFitters } from '../../parallel/worker-fitter.js';
import { fileStores } from '../../spool/file-store.js';
import { KeapThrottleError } from '../../errors.js';
import { judgeRules } from '../../gate/rules.js';
import { renderCheckLines } from '../../render/check.js';
import { renderMarkdown } from '../../render/markdown.js';
import { redactReport } from '../../render/redact-report.js';
import type { Report } from '../../report.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { checkRules, profileOption, zoneOption } from '../load-options.js';
import { openAll } from '../open-all.js';
import type { CheckOptionValues } from '../options.js';
import { runInfo } from '../run-info.js';
import { writeReport, writeText } from '../write-report.js';
import { refuseSkipsWhenStrict } from './analyze.js';

/** `check <files...>`: exit 0 when every rule holds, 1 with one stderr line per failed rule, 2 when it cannot run. */
export async function runCheck(
  files: readonly string[],
  values: CheckOptionValues,
  io: CliIo,
  argv: readonly string[],
): Promise<ExitCodeValue> {
  const rules = checkRules(values);
  const zone = zoneOption(values);
  const profile = await profileOption(values);
  const opened = await openAll(files, io);
  const analysis = await analyze(opened.inputs, { zone, profile, stores: fileStores(), fitters: workerFitters });
  const gate = judgeRules(rules, analysis);
  const report: Report = { ...analysis, run: runInfo('check', argv, opened.digests(), zone, gate) };
  const redaction = { tenant: Boolean(values.redactTenant), urls: Boolean(values.redactUrls) };
  if (values.format === 'table') await writeText(renderCheckLines(redactReport(report, redaction)), values.output, io);
  else await writeReport(report, values, io);
  await appendStepSummary(redactReport(report, redaction), io);
  report.throttling.attributions.close();
  refuseSkipsWhenStrict(report, values);
  for (const line of renderCheckLines(redactReport(report, redaction), { failedOnly: true }).split('\n'))
    if (line !== '') io.stderr.write(`keap-throttle: check failed: ${line}\n`);
  return gate.passed ? ExitCode.Ok : ExitCode.Findings;
}

// GitHub Actions shows this file's Markdown on the run's page; CI without it has nothing to append to.
async function appendStepSummary(report: Report, io: CliIo): Promise<void> {
  const path = io.env['GITHUB_STEP_SUMMARY'];
  if (!path) return;
  try {
    await appendFile(path, renderMarkdown(report, { summaryOnly: true }));
  } catch (error) {
    throw new KeapThrottleError('OUTPUT_NOT_WRITABLE', 'the step summary cannot be appended to', {
      location: { file: path },
      hint: 'GITHUB_STEP_SUMMARY must name a writable file',
      cause: error,
    });
  }
}
