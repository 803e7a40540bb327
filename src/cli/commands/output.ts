// Writing a command's result: to -o FILE safely (temporary file, then rename; never over an
// input), or to stdout. Shared by render and plot.

import { extname, resolve } from 'node:path';
import { UsageError, type Context } from '../context.js';
import { OutputError, writeOutputSafely, type Written } from '../write-output.js';

export type ImageFormat = 'svg' | 'png' | 'dot';

/** The format asked for, else the one -o's extension implies, else SVG. */
export function imageFormat(format: unknown, out: unknown, allowed: readonly ImageFormat[]): ImageFormat {
  const fromName = typeof out === 'string' ? ({ '.svg': 'svg', '.png': 'png', '.dot': 'dot', '.gv': 'dot' } as const)[extname(out).toLowerCase()] : undefined;
  const chosen = (format ?? fromName ?? 'svg') as ImageFormat;
  if (!allowed.includes(chosen)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, not '${format}'`);
  return chosen;
}

/**
 * Refuses a PNG for a terminal before anything is built: drawing one takes a while, and it
 * would be refused at the end all the same.
 */
export function refusePngToTerminal(ctx: Context, format: ImageFormat, out: unknown): void {
  if (format === 'png' && (out === undefined || out === '-') && ctx.io.stdoutIsTTY) throw binaryToTerminal();
}

const binaryToTerminal = () => new UsageError('a PNG is binary: write it to a file with -o FILE.png, or pipe it');

/** Writes `data`; returns false (after saying why) when it could not. */
export function emit(ctx: Context, data: string | Uint8Array, out: string | undefined, protect: readonly string[], command: string): boolean {
  if (out === undefined || out === '-') {
    if (typeof data !== 'string' && ctx.io.stdoutIsTTY) throw binaryToTerminal();
    ctx.io.stdout.write(data);
    return true;
  }
  try {
    const written = writeOutputSafely(out, data, { protect: protect.map((p) => resolve(p)) });
    noteWritten(ctx, out, written);
    return true;
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    ctx.blameCommandLine();
    ctx.err(`nn ${command}: ${e.message}\n`);
    return false;
  }
}

/** Says what the user may want to know about a write: stale files removed, an in-place update. */
export function noteWritten(ctx: Context, out: string, written: Written): void {
  for (const stale of written.removedStale) ctx.note(`removed ${stale}, a temporary file left by an nn run that was killed while writing`);
  if (written.how === 'in-place') ctx.note(`the folder of ${out} is not writable, so ${out} was updated in place`);
}
