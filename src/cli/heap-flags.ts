// V8's allocation-site pretenuring sends a literal's objects straight to the old space once, at one scavenge, most of
// them were alive. A 429-heavy log's per-row sites (the record, its counters) hit that now and then and, tenured, leave
// every later row's objects as old-space garbage: the half-429s benchmark peaked at 205–231 MiB with it, 170–176 without,
// with no wall-time cost in A/B runs. The CLI's process only: a library's host keeps its own flags.
import { setFlagsFromString } from 'node:v8';

/** Turns off allocation-site pretenuring for this process and the worker threads it starts. */
export function keepShortLivedObjectsYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
