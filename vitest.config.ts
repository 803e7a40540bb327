import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A hang guard, not a speed check: the slowest test takes a second or two.
const testTimeout = 60_000;

const ISOLATED = ['test/hostile-output.test.ts'];

export default defineConfig({
  test: {
    // Vitest keeps a core for itself by default: one worker on a 2-core machine. Its own
    // process is nearly idle while tests run, so every core gets a worker.
    maxWorkers: Math.max(2, availableParallelism()),
    // Keeps each module as transformed, by its content, in node_modules/.experimental-vitest-cache:
    // a second run transforms only what changed (about 3 s of CPU less of 60).
    experimental: { fsModuleCache: true },
    projects: [
      {
        // It replaces parts of node:fs (vi.mock): it needs a fresh module graph.
        test: { name: 'isolated', include: ISOLATED, testTimeout },
      },
      {
        // The rest share a worker's loaded modules, which saves loading the pipeline per file.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false, testTimeout },
      },
    ],
  },
});
