// When nn's own output cannot be written. Node turns a failed write to stdout or stderr into
// an 'error' event, and an 'error' event nobody listens to ends the process with a stack
// trace; so the command line listens, and says what happened in a sentence.

import { fileErrorReason } from '../load/file-errors.js';

/** The parts of `process` this needs, so tests can pass their own. */
export interface StandardStreams {
  readonly stdout: NodeJS.EventEmitter;
  readonly stderr: NodeJS.WritableStream & NodeJS.EventEmitter;
  exitCode?: number | string | undefined;
  exit(code?: number): never;
}

/**
 * - stdout closed by its reader (`nn table big.nn | head`): not an error; nn stops quietly
 *   with the exit code it has.
 * - stdout failing otherwise (`> /dev/full`): one line on stderr, exit code 1.
 * - stderr failing (closed: `2>&1 >/dev/null | true`): there is nowhere left to say anything,
 *   so nn carries on and its exit code tells the outcome.
 */
export function guardStandardStreams(proc: StandardStreams = process): void {
  let stderrBroken = false;
  proc.stderr.on('error', () => {
    stderrBroken = true;
  });
  proc.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') proc.exit(Number(proc.exitCode ?? 0));
    if (!stderrBroken) proc.stderr.write(`nn: cannot write the output: ${fileErrorReason(e, 'write')}\n`);
    proc.exit(1);
  });
}
