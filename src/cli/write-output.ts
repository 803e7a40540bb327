// Writing output files (diagrams, plots, emitted .nn files) so that a failure never costs the
// user a file.
//
// - A regular file (or a new one) is written to a temporary file beside it, which is then
//   renamed over it. A rename within one directory is atomic, so the target is either the old
//   file or the new one, never a half-written mix.
// - A FIFO, a device or a terminal (`-o /dev/stdout`, `-o >(gzip > x.gz)`), and anything
//   under /dev or /proc, is written directly: renaming a file over it would replace the
//   device or pipe with a plain file.
// - An existing file in a folder nn cannot write to (so no temporary file can be made there)
//   is updated in place: its old contents are kept in memory and put back if the write
//   fails; only a crash or SIGKILL during the write can leave it partly written.
// - An input .nn file is never a valid target.
//
// Temporary files are named `.nn-tmp-PID-RANDOM-NAME`. SIGINT, SIGTERM and SIGHUP wait until
// a write in progress is finished or undone (then nn stops); a file left by an nn that was killed outright
// (SIGKILL, a power cut) is removed by the next nn that writes into that folder, once its
// process has gone and the file is over ten minutes old.

import { randomBytes } from 'node:crypto';
import {
  chmodSync, closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { errorCode, fileErrorReason } from '../load/file-errors.js';

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

export interface Written {
  /** How the file was written (see the top of this file). */
  readonly how: 'replaced' | 'direct' | 'in-place';
  /** Stale temporary files of killed nn runs, removed from the target's folder. */
  readonly removedStale: readonly string[];
}

/** Files updated in place larger than this are refused: their old contents are kept in memory. */
const MAX_IN_PLACE_BYTES = 64 * 1024 * 1024;

export function writeOutputSafely(path: string, data: string | Uint8Array, options: WriteOutputOptions): Written {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) throw new OutputError(`cannot write ${path}: it is a directory`, path, 'EISDIR');
  // /dev/stdout is a regular file when stdout is redirected to one: renaming over the file it
  // resolves to would unlink the file the shell opened, and later output would go nowhere.
  if ((existing !== undefined && !existing.isFile()) || /^\/(dev|proc)\//.test(resolve(path))) {
    // Not deferring signals here: opening a FIFO waits for its reader, and Ctrl-C must work.
    writeSpecial(path, bytes);
    return { how: 'direct', removedStale: [] };
  }
  deferSignals();
  const target = resolveTarget(path);
  refuseProtected(path, target, options.protect);
  const removedStale = removeStaleTemporaries(dirname(target));
  const temporary = join(dirname(target), temporaryName(target));
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx');
  } catch (err) {
    // No temporary file in a folder we cannot write to: an existing file may still be updated.
    const code = errorCode(err);
    if ((code === 'EACCES' || code === 'EPERM') && existing?.isFile()) {
      writeInPlace(path, target, bytes);
      return { how: 'in-place', removedStale };
    }
    throw outputError(path, err);
  }
  live.add(temporary);
  try {
    writeAll(fd, bytes);
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
  } finally {
    live.delete(temporary);
  }
  return { how: 'replaced', removedStale };
}

/** A FIFO, a device, a terminal: written as it is, never replaced. */
function writeSpecial(path: string, bytes: Uint8Array): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeAll(fd, bytes);
  } catch (err) {
    throw outputError(path, err);
  } finally {
    if (fd !== undefined) ignoreErrors(() => closeSync(fd!));
  }
}

/**
 * Rewrites an existing regular file in its place, for a folder where no temporary file can be
 * made. The old contents are read first and written back if the new ones cannot be.
 */
function writeInPlace(path: string, target: string, bytes: Uint8Array): void {
  let fd: number;
  try {
    fd = openSync(target, 'r+');
  } catch (err) {
    throw outputError(path, err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_IN_PLACE_BYTES) {
      throw new OutputError(`cannot write ${path}: its folder is not writable, and the file is too large to update in place safely`, path, 'EACCES');
    }
    const old = Buffer.alloc(size);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, old, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    try {
      writeAll(fd, bytes, 0);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } catch (err) {
      const restored = tryTo(() => {
        writeAll(fd, old, 0);
        ftruncateSync(fd, old.length);
        fsyncSync(fd);
      });
      const error = outputError(path, err);
      throw new OutputError(`${error.message}${restored ? '; its old contents were put back' : '; it may now be incomplete'}`, path, error.code);
    }
  } finally {
    ignoreErrors(() => closeSync(fd));
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

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let offset = 0;
  while (offset < bytes.length) {
    offset += writeSync(fd, bytes, offset, bytes.length - offset, position === undefined ? null : position + offset);
  }
}

/** A replaced file keeps its permissions (an executable bit, a group's write access). */
function keepMode(target: string, temporary: string): void {
  const existing = statOrUndefined(target);
  if (existing !== undefined) chmodSync(temporary, Number(existing.mode) & 0o7777);
}

// ---------------------------------------------------------------------------------------------
// Temporary files: named so that a later run knows them, removed on signals.

const PREFIX = '.nn-tmp-';
/** `.nn-tmp-PID-RANDOM-NAME`; NAME is the target's name, cut to keep within NAME_MAX. */
const TEMPORARY = /^\.nn-tmp-(\d+)-[0-9a-f]{8}-/;
const STALE_AFTER_MS = 10 * 60 * 1000;

function temporaryName(target: string): string {
  return `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target).slice(0, 100)}`;
}

/**
 * Removes the temporary files that nn runs killed outright left in `dir`: those whose process
 * is no longer running and that are over ten minutes old (the age guards against an nn
 * writing there from another machine or container, whose process we cannot see).
 */
export function removeStaleTemporaries(dir: string, now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const path = join(dir, name);
    const stats = statOrUndefined(path);
    if (stats === undefined || !stats.isFile() || now - Number(stats.mtimeMs) < STALE_AFTER_MS) continue;
    if (pid === process.pid || isRunning(pid)) continue;
    if (tryTo(() => unlinkSync(path))) removed.push(path);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return errorCode(e) === 'EPERM';
  }
}

/** Temporary files being written now. */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let deferring = false;

/**
 * From the first write on, a signal that would kill nn is caught instead. JavaScript runs it
 * only after the (synchronous) write in progress has finished, so the target is whole, old
 * or new; temporary files still there are removed, and nn then dies of the same signal, as
 * the shell expects (exit status 128 + its number).
 */
function deferSignals(): void {
  if (deferring) return;
  deferring = true;
  const onSignal = (signal: NodeJS.Signals): void => {
    for (const path of live) ignoreErrors(() => unlinkSync(path));
    live.clear();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    deferring = false;
    // Someone else listens (a test runner in-process): leave the signal to them.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
}

// ---------------------------------------------------------------------------------------------

function tryTo(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}

function ignoreErrors(action: () => void): void {
  // Cleanup after a failure: the first error is the one to report.
  tryTo(action);
}

function outputError(path: string, err: unknown): OutputError {
  if (err instanceof OutputError) return err;
  return new OutputError(`cannot write ${path}: ${fileErrorReason(err, 'write')}`, path, errorCode(err));
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
  // Named like every other: a run killed mid-stream leaves a file the next nn can clear away.
  const temporary = join(dirname(target), temporaryName(target));
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
