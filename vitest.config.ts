import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// How much a function runs before V8 optimises it: as in bin/load-cli.js, 15 times V8's
// default. The tests run thousands of small parses and builds, and at the default V8 spends
// much of the suite's CPU compiling code that is soon done with (measured: about 15% less
// CPU for the whole suite). WebAssembly's tiering budget likewise, as bin/load-cli.js sets it:
// at V8's default, optimising HiGHS's functions took about 1.3 s of CPU in every worker that
// solves a few hundred small LPs, which the optimised code never gains back.
// --single-threaded keeps V8's garbage collection and compiling on each worker's own thread:
// every core has a worker already, so V8's helper threads only competed with the other
// worker (measured: about 1.4 s less CPU and 0.9 s less wall for the suite, in six pairs of
// runs taken in turn).
const execArgv = ['--interrupt-budget=1000000', '--wasm-tiering-budget=2000000000', '--single-threaded'];

const dist = fileURLToPath(new URL('dist/src/', import.meta.url));

export default defineConfig({
  // The tests import nn as `../src/*.js`, and get the modules tsc built from those sources
  // (dist/src/, rebuilt by test/build-first.ts whenever a source changed), loaded by Node
  // itself rather than transformed by Vite: no TypeScript to strip in a fresh clone (about 3 s
  // of CPU), one copy of each module however a test reaches it (engine-cli.test.ts needs the
  // built ones for its worker threads), and plain ES module bindings in the hot paths.
  resolve: { alias: [{ find: /^\.\.\/src\/(.*)$/, replacement: `${dist}$1` }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/build-first.ts'],
    server: { deps: { external: [/\/dist\/src\//] } },
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
    // Keeps each test file as transformed, by its content, in node_modules/.experimental-vitest-cache:
    // a second run transforms only what changed.
    experimental: { fsModuleCache: true },
  },
});
