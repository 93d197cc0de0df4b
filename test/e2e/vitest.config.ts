import { defineConfig } from 'vitest/config';

// Browser tests: the real server started as the README says, driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
