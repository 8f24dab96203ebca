import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built bin; on two cores more workers only add contention.
    pool: 'forks',
    testTimeout: 30_000,
    // CI also keeps a machine-readable result so .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
