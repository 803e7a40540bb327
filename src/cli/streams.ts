// When nn's own output cannot be written. Node turns a failed write to stdout or stderr into
// an 'error' event, and an 'error' event nobody listens to ends the process with a stack
// trace; so the command line listens, and says what happened in a sentence.

/** The parts of `process` this needs, so tests can pass their own. */
export interface StandardStreams {
  readonly stdout: NodeJS.EventEmitter;
  readonly stderr: NodeJS.WritableStream & NodeJS.EventEmitter;
  exitCode?: number | string | undefined;
  exit(code?: number): never;
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
  EACCES: 'permission denied',
  EBADF: 'the output is closed',
};

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
    const reason = (e.code !== undefined ? REASONS[e.code] : undefined) ?? e.message;
    if (!stderrBroken) proc.stderr.write(`nn: cannot write the output: ${reason}\n`);
    proc.exit(1);
  });
}
