import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// How much a function runs before V8 optimises it: as in bin/load-cli.js, 15 times V8's
// default. The tests run thousands of small parses and builds, and at the default V8 spends
// much of the suite's CPU compiling code that is soon done with (measured: about 15% less
// CPU for the whole suite).
const execArgv = ['--interrupt-budget=1000000'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard, not a speed check: the slowest test takes a second or two.
    testTimeout: 60_000,
    execArgv,
    // Vitest keeps a core for itself by default: one worker on a 2-core machine. Its own
    // process is nearly idle while tests run, so every core gets a worker.
    maxWorkers: Math.max(2, availableParallelism()),
    // The test files share a worker's loaded modules, which saves loading the pipeline per
    // file. No file may replace a module for the others (vi.mock): hostile-output.test.ts
    // replaces parts of node:fs for its own tests only, and puts them back.
    isolate: false,
    // Keeps each module as transformed, by its content, in node_modules/.experimental-vitest-cache:
    // a second run transforms only what changed (about 3 s of CPU less of 60).
    experimental: { fsModuleCache: true },
  },
});
