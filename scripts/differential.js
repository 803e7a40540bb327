// `npm run differential`: the differential tests of the evaluators and simulators, over
// thousands of random circuits instead of the suite's few hundred. The same tests as in
// `npm test` (test/engine.test.ts, test/evaluate.test.ts, test/sim.test.ts), the same seeds
// first, NN_TEST_SCALE times as many cases; each prints how many it compared.
//
//   npm run differential            20 times the suite's cases (5,700 random circuits and netlists)
//   npm run differential -- 100     100 times
//
// The exit code is vitest's: 0 when every case agreed.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scale = process.argv[2] ?? '20';
if (!/^[1-9]\d*$/.test(scale)) {
  process.stderr.write(`npm run differential: the scale must be a whole number from 1, not '${scale}'\n`);
  process.exit(2);
}

const files = ['test/engine.test.ts', 'test/evaluate.test.ts', 'test/sim.test.ts'];
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const started = performance.now();
const run = spawnSync(
  process.execPath,
  // The tests whose cases are random circuits or netlists; the timeout is a hang guard for
  // cases counted in thousands.
  [vitest, 'run', ...files, '--testNamePattern', 'random (circuits|netlists)', '--testTimeout', '1800000'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NN_TEST_SCALE: scale } },
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`npm run differential: NN_TEST_SCALE=${scale}, ${seconds} s\n`);
process.exit(run.status ?? 1);
