// The README shows real output: every `$ npx nn ...` of its console blocks, run through the
// command line in-process (that bin/nn.js runs this same command line is
// cli-process.test.ts's), prints what the README shows under it, stdout and stderr interleaved
// as a terminal shows them. The `$ node docs/examples/...` commands run as processes in
// cli-process.test.ts.

import { describe, expect, it } from 'vitest';
import { readmeCommands, timeless, words } from './readme-commands.js';
import { nnInterleaved } from './run-in-process.js';

describe('the README shows real output', () => {
  const shown = readmeCommands();
  const nn = shown.filter((s) => s.command.startsWith('npx nn '));

  it('shows the commands it should', () => {
    expect(nn.map((s) => s.command)).toEqual(
      expect.arrayContaining(['npx nn table circuits/xor.nn --hidden', "npx nn verify circuits/ripple-adder.nn 'RippleAdder<32>'"]),
    );
    expect(nn.length).toBeGreaterThanOrEqual(10);
    // Every command is either nn's or an example script's (run by cli-process.test.ts).
    expect(shown.filter((s) => !s.command.startsWith('npx nn ') && !s.command.startsWith('node docs/examples/'))).toEqual([]);
  });

  it.each(nn.map((s) => [s.command, s] as const))('%s', async (_, { command, output }) => {
    const r = await nnInterleaved(words(command).slice(2));
    expect(r.output).not.toContain('    at ');
    expect(timeless(r.output.trimEnd())).toBe(timeless(output));
  });
});
