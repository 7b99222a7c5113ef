import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/count-reporter.ts'],
    // Limits, not speed checks: tests that spawn CLI processes one after another take 10-15 s on a quiet
    // 2-core machine and several times that when CI is busy.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Tests spawn CLI processes and parse thousands of papers; two cores, so two files at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
