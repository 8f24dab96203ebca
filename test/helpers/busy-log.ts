import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateScenarioLog, steadyTimes } from './scenario-log.js';

/** A 45-minute sleep(1)-style SAK log (5/s over 6 processors) with another consumer in the middle: every chart has something to show. */
export async function writeBusyLog(dir: string): Promise<string> {
  const start = Date.UTC(2026, 7, 11, 9);
  const own = steadyTimes(start, 2400, 1100, 150, 3);
  const foreign = steadyTimes(start + 15 * 60_000, 600, 1000, 300, 5);
  const log = generateScenarioLog({
    ownTimesMs: own,
    foreignTimesMs: foreign,
    spikeRate: 5,
    processors: 6,
    seed: 21,
    perMinute: 240,
    perDay: 30000,
    key: 'worker-1',
  });
  const file = join(dir, 'busy-sak.csv');
  await writeFile(file, log.csv);
  return file;
}
