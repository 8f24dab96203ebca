import { brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib';
import { BODY_LIMIT_CHARS } from './capture-line.js';

// Enough compressed bytes to decode BODY_LIMIT_CHARS of text; the rest of a large body streams past untouched.
const RAW_LIMIT_BYTES = BODY_LIMIT_CHARS * 8;

/** The first bytes of a streamed response body, decoded for the log. */
export interface BodyCapture {
  add(chunk: Buffer): void;
  /** True once as many bytes are kept as the log can use. */
  full(): boolean;
  /** The captured start of the body as text (gzip, deflate and br undone; a cut stream decodes as far as it goes). */
  text(): string;
}

/** Keeps the first bytes of a body sent with `contentEncoding`. */
export function createBodyCapture(contentEncoding: string | undefined): BodyCapture {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size >= RAW_LIMIT_BYTES) return;
      const part = chunk.subarray(0, RAW_LIMIT_BYTES - size);
      chunks.push(part);
      size += part.length;
    },
    full: () => size >= RAW_LIMIT_BYTES,
    text() {
      const raw = Buffer.concat(chunks);
      const decoded = decode(raw, (contentEncoding ?? '').trim().toLowerCase());
      // One character past the cap, so the line builder can tell the body was cut.
      return decoded.toString('utf8').slice(0, BODY_LIMIT_CHARS + 1);
    },
  };
}

function decode(raw: Buffer, encoding: string): Buffer {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(raw, flush);
    if (encoding === 'deflate') return inflateSync(raw, flush);
    if (encoding === 'br') return brotliDecompressSync(raw, { finishFlush: constants.BROTLI_OPERATION_FLUSH });
  } catch {
    return Buffer.from(`(${encoding} body could not be decoded)`);
  }
  return raw;
}
