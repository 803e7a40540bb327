// Runs the nn command line in-process, through `run(argv, io)`, capturing what it prints.

import { Writable } from 'node:stream';
import { run } from '../src/cli/main.js';

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * `nn ...args`, as a user would type it (paths relative to the repository), without colour;
 * `stderrIsTTY` as on a terminal, where progress lines are drawn.
 */
export async function nnInProcess(args: readonly string[], env: Record<string, string> = {}, stderrIsTTY = false): Promise<Ran> {
  const stdout = sink();
  const stderr = sink();
  const code = await run(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { NO_COLOR: '1', ...env },
    stdoutIsTTY: false,
    stderrIsTTY,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `nn ...args` with stdout and stderr in one stream, interleaved as a terminal shows them. */
export async function nnInterleaved(args: readonly string[]): Promise<{ code: number; output: string }> {
  const both = sink();
  const code = await run(args, {
    stdout: both.stream,
    stderr: both.stream,
    env: { NO_COLOR: '1' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, output: both.text() };
}
