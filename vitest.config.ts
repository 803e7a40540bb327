import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard, not a speed check: the slowest test takes a second or two.
    testTimeout: 60_000,
  },
});
