import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/count-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests spawn CLI processes and parse thousands of papers; two cores, so two files at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
