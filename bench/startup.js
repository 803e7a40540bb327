// Start-up: `nn table circuits/xor.nn` as a whole process, against a bare `node -e 0` measured
// in the same run, the two interleaved so that a busy machine slows both alike. The goal is
// a ratio of at most 1.8. The same command through the unbundled modules of dist/src shows
// what bundling the command line saves; `nn --version` shows the cost of loading nn alone.
// `import 'nn'` loads the bundled library (dist/lib), against tsc's modules in dist/src.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, round } from './measure.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 41;

const commands = {
  node: ['-e', '0'],
  nn: ['bin/nn.js', 'table', 'circuits/xor.nn'],
  version: ['bin/nn.js', '--version'],
  unbundled: [
    '-e',
    "import('./dist/src/cli/main.js').then(async (m) => { process.exitCode = await m.run(['table', 'circuits/xor.nn']); })",
  ],
  library: ['--input-type=module', '-e', "import 'nn';"],
  libraryModules: ['--input-type=module', '-e', "import './dist/src/index.js';"],
};

function time(args) {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
  return performance.now() - start;
}

export default async function bench() {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const args of Object.values(commands)) time(args); // file caches warm
  for (let i = 0; i < RUNS; i++) for (const [k, args] of Object.entries(commands)) times[k].push(time(args));
  const ms = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const ratio = (k) => round(ms[k] / ms.node, 2);
  return [
    {
      name: 'start-up: node -e 0 (baseline)',
      value: round(ms.node, 1),
      unit: 'ms',
      note: `median of ${RUNS}, interleaved with the runs below`,
    },
    {
      name: 'start-up: nn table circuits/xor.nn, whole process',
      value: round(ms.nn, 1),
      unit: 'ms',
      note: `${ratio('nn')}× node -e 0 (goal ≤ 1.8×)`,
    },
    {
      name: 'start-up: nn --version, whole process',
      value: round(ms.version, 1),
      unit: 'ms',
      note: `${ratio('version')}× node -e 0: loading nn, no work`,
    },
    {
      name: 'start-up: nn table circuits/xor.nn, unbundled modules',
      value: round(ms.unbundled, 1),
      unit: 'ms',
      note: `${ratio('unbundled')}× node -e 0; the bundled command line takes ${round(ms.nn / ms.unbundled, 2)}× this`,
    },
    {
      name: "start-up: import 'nn' (the library), whole process",
      value: round(ms.library, 1),
      unit: 'ms',
      note: `${ratio('library')}× node -e 0; tsc's modules of dist/src take ${round(ms.libraryModules, 1)} ms (${ratio('libraryModules')}×)`,
    },
  ];
}
