import { openCaptureLog, startRecordingProxy } from '../../capture/index.js';
import { KeapThrottleError } from '../../errors.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { listenError } from '../listen-error.js';
import { portOption } from '../number-option.js';
import { writeOut } from '../output.js';
import { untilSignal } from '../until-signal.js';

/** Default port of `record` (one above mock-gateway's 7429). */
export const RECORD_PORT = 7430;

/** Values of the record options, as commander hands them over. */
export interface RecordOptionValues {
  readonly target: string;
  readonly out: string;
  readonly port?: string;
}

/** `record --target <url> --out <file>`: a recording proxy on 127.0.0.1 until SIGINT/SIGTERM. */
export async function runRecord(values: RecordOptionValues, io: CliIo): Promise<ExitCodeValue> {
  const port = values.port === undefined ? RECORD_PORT : portOption(values.port, '--port');
  const target = targetOption(values.target);
  const log = await openCaptureLog(values.out).catch((error: NodeJS.ErrnoException) => {
    throw new KeapThrottleError(
      'OUTPUT_NOT_WRITABLE',
      `cannot append to ${values.out} (${error.code ?? error.message})`,
      {
        hint: 'name a file in a folder you can write to',
      },
    );
  });
  const stopped = untilSignal();
  const proxy = await startRecordingProxy({ target, log, port }).catch(async (error: unknown) => {
    await log.close();
    throw listenError(error, port);
  });
  await writeOut(io.stdout, `listening on ${proxy.url}\n`);
  await writeOut(
    io.stderr,
    `recording: requests to ${proxy.url} go to ${target}, one line each appended to ${values.out}; point your client's base URL here; Ctrl-C stops\n`,
  );
  await stopped;
  await proxy.close();
  await log.close();
  await writeOut(
    io.stderr,
    `stopped: ${proxy.recorded()} exchanges recorded to ${values.out} (keap-throttle analyze ${values.out})\n`,
  );
  return ExitCode.Ok;
}

function targetOption(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KeapThrottleError('BAD_OPTION', `--target "${text}" is not a URL`, {
      hint: 'write it like https://api.infusionsoft.com',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KeapThrottleError('BAD_OPTION', `--target must be an http:// or https:// URL`);
  if (url.username || url.password)
    throw new KeapThrottleError('BAD_OPTION', '--target must not carry a user or password', {
      hint: 'send credentials in headers; the proxy forwards them and records only a fingerprint',
    });
  if (url.search || url.hash)
    throw new KeapThrottleError('BAD_OPTION', '--target must be a base URL without ?query or #fragment');
  return url.href;
}
