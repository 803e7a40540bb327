// The README shows real output: each command it shows, run through the command line
// in-process (as cli.test.ts does; that bin/nn.js runs this same command line is
// cli-process.test.ts's), prints what the README says, notes and diagnostics first as a
// terminal shows them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nnInProcess } from './run-in-process.js';

describe('the README shows real output', () => {
  const readme = readFileSync('README.md', 'utf8');
  const commands = [
    ['table', 'circuits/xor.nn', '--hidden'],
    ['eval', 'circuits/xor.nn', 'XOR', '1', '0'],
    ['test', 'circuits/xor.nn'],
    ['train', 'circuits/trained.nn', 'AND'],
    ['train', 'docs/examples/xor-neuron.nn'],
    ['check', 'docs/examples/mistakes.nn'],
  ];
  it.each(commands.map((args) => [args.join(' '), args] as const))('nn %s', async (_, args) => {
    const r = await nnInProcess(args);
    expect(r.stderr).not.toContain('    at ');
    const shown = (r.stderr + r.stdout).trimEnd();
    expect(shown).not.toBe('');
    expect(readme).toContain(`$ npx nn ${args.join(' ')}\n${shown}\n`);
  });
});
