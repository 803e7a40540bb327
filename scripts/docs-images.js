// `npm run docs:images`: the pictures in the README and docs/, drawn by the current code
// through the real command line, so they always show what nn does now.
import { mkdirSync } from 'node:fs';
import { run } from '../dist/src/cli/main.js';

const images = [
  ['render', 'circuits/xor.nn', 'XOR', '-o', 'docs/images/xor.svg'],
  ['plot', 'circuits/xor.nn', 'XOR', '-o', 'docs/images/xor-hidden-space.svg'],
  ['render', 'circuits/full-adder.nn', 'FullAdder', '-o', 'docs/images/full-adder.svg'],
  ['plot', 'circuits/gates.nn', 'AND', '-o', 'docs/images/and.svg'],
  ['plot', 'circuits/iris.nn', 'Versicolor', '-o', 'docs/images/iris.svg'],
  ['plot', 'circuits/iris.nn', 'Versicolor', '--errors', '-o', 'docs/images/iris-errors.svg'],
];

mkdirSync('docs/images', { recursive: true });
for (const args of images) {
  const code = await run(args);
  if (code !== 0) throw new Error(`nn ${args.join(' ')} failed with ${code}`);
  console.log(`wrote ${args[args.length - 1]}`);
}
