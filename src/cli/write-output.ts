// Writing output files (diagrams, plots) so that a failure never costs the user a file:
// the data goes to a temporary file beside the target, which is then renamed over it.
// A rename within one directory is atomic, so the target is either the old file or the new
// one, never a half-written mix; and an input .nn file is never a valid target.

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The output could not be written; the message is meant for the user as it is. */
export class OutputError extends Error {
  override readonly name = 'OutputError';

  constructor(
    message: string,
    /** The path as the user gave it. */
    readonly path: string,
    /** The system error code behind it (EACCES, ENOENT, ...), when there is one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface WriteOutputOptions {
  /** Files that must never be overwritten: the input .nn files. */
  readonly protect: readonly string[];
}

export function writeOutputSafely(path: string, data: string | Uint8Array, options: WriteOutputOptions): void {
  const target = resolveTarget(path);
  refuseProtected(path, target, options.protect);
  const temporary = join(dirname(target), `.nn-tmp-${basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx');
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    // Without the flush a crash soon after the rename can leave an empty file on some file systems.
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    keepMode(target, temporary);
    renameSync(temporary, target);
  } catch (err) {
    const open = fd;
    if (open !== undefined) ignoreErrors(() => closeSync(open));
    ignoreErrors(() => unlinkSync(temporary));
    throw outputError(path, err);
  }
}

/**
 * The file to replace: through symlinks, so a link to the real file stays a link and the
 * file it points to is updated.
 */
function resolveTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet: resolve the directory instead, which must exist to write into.
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function refuseProtected(path: string, target: string, protect: readonly string[]): void {
  const targetStat = statOrUndefined(target);
  for (const input of protect) {
    const inputStat = statOrUndefined(input);
    const sameFile =
      canonical(input) === target ||
      // Hard links and case-insensitive file systems give one file several names.
      (targetStat !== undefined && inputStat !== undefined && targetStat.dev === inputStat.dev && targetStat.ino === inputStat.ino);
    if (sameFile) throw new OutputError(`refusing to write ${path}: it is the input file ${input}`, path);
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function statOrUndefined(path: string): { dev: number; ino: number; mode: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** A replaced file keeps its permissions (an executable bit, a group's write access). */
function keepMode(target: string, temporary: string): void {
  const existing = statOrUndefined(target);
  if (existing !== undefined) chmodSync(temporary, existing.mode & 0o7777);
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // Cleanup after a failure: the first error is the one to report.
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
};

function outputError(path: string, err: unknown): OutputError {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (err instanceof Error ? err.message : String(err));
  return new OutputError(`cannot write ${path}: ${reason}`, path, code);
}

/** An output file being written piece by piece; nothing is in place until `commit`. */
export interface OutputStream {
  write(data: string | Uint8Array): void;
  /** Flushes and renames the temporary file over the target. */
  commit(): void;
  /** Removes the temporary file: the target is as it was. */
  abort(): void;
}

/**
 * `writeOutputSafely` for output too long to hold in memory (a waveform of a million ticks):
 * the same temporary file beside the target, written as the data comes, renamed on `commit`.
 * Throws OutputError when the file cannot be opened or written.
 */
export function openOutputSafely(path: string, options: WriteOutputOptions): OutputStream {
  const target = resolveTarget(path);
  refuseProtected(path, target, options.protect);
  const temporary = join(dirname(target), `.nn-tmp-${basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx');
  } catch (err) {
    throw outputError(path, err);
  }
  const abort = () => {
    const open = fd;
    fd = undefined;
    if (open !== undefined) ignoreErrors(() => closeSync(open));
    ignoreErrors(() => unlinkSync(temporary));
  };
  return {
    write(data) {
      if (fd === undefined) throw new OutputError(`cannot write ${path}: it is closed`, path);
      try {
        writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      } catch (err) {
        abort();
        throw outputError(path, err);
      }
    },
    commit() {
      if (fd === undefined) throw new OutputError(`cannot write ${path}: it is closed`, path);
      try {
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        keepMode(target, temporary);
        renameSync(temporary, target);
      } catch (err) {
        abort();
        throw outputError(path, err);
      }
    },
    abort,
  };
}
