import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Temporal's native worker is steadier in child processes than in worker threads.
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
    setupFiles: ['test/support/quietRuntime.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files each start servers and workers; run two at a time.
    maxWorkers: 2,
  },
});
