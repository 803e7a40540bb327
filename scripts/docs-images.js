// `npm run docs:images`: the pictures in the README and docs/, drawn by the current code
// through the real command line, so they always show what nn does now.
import { mkdirSync } from 'node:fs';
import { run } from '../dist/src/cli/main.js';

const images = [
  ['render', 'circuits/xor.nn', 'XOR', '-o', 'docs/images/xor.svg'],
  ['plot', 'circuits/xor.nn', 'XOR', '-o', 'docs/images/xor-hidden-space.svg'],
  ['render', 'circuits/full-adder.nn', 'FullAdder', '-o', 'docs/images/full-adder.svg'],
  ['render', 'circuits/ripple-adder.nn', 'Add4', '--depth', '1', '-o', 'docs/images/add4-boxes.svg'],
  ['plot', 'circuits/gates.nn', 'AND', '-o', 'docs/images/and.svg'],
  ['plot', 'circuits/iris.nn', 'Versicolor', '-o', 'docs/images/iris.svg'],
  ['plot', 'circuits/iris.nn', 'Versicolor', '--errors', '-o', 'docs/images/iris-errors.svg'],
  ['sim', 'circuits/counter.nn', 'Counter4', 'en=1,1,1,0,0,1', '--ticks', '20', '-q', '--svg', 'docs/images/counter4-waveform.svg'],
  ['sim', 'circuits/traffic-light.nn', '-q', '--svg', 'docs/images/traffic-light-waveform.svg'],
  ['render', 'circuits/sr-latch.nn', 'SRLatch', '-o', 'docs/images/sr-latch.svg'],
];

mkdirSync('docs/images', { recursive: true });
for (const args of images) {
  const code = await run(args);
  if (code !== 0) throw new Error(`nn ${args.join(' ')} failed with ${code}`);
  console.log(`wrote ${args[args.length - 1]}`);
}
