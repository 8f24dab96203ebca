// Preloaded with `node --import`: at exit, writes the process's own resource usage (peak RSS, CPU; every
// thread included) as JSON to $BENCH_USAGE_FILE, so the bench reads the operating system's figures.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKiB: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime }),
    );
  });
}
