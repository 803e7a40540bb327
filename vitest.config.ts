import { defineConfig } from 'vitest/config';

// A hang guard, not a speed check: the slowest test takes a second or two.
const testTimeout = 60_000;

export default defineConfig({
  test: {
    projects: [
      {
        // render.test.ts replaces node:fs's writeSync (vi.mock): it needs a fresh module graph.
        test: { name: 'isolated', include: ['test/render.test.ts'], testTimeout },
      },
      {
        // The rest share a worker's loaded modules, which saves loading the pipeline per file.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ['test/render.test.ts'], isolate: false, testTimeout },
      },
    ],
  },
});
