// The SourceHost that reads from disk. Only this module (and the CLI) touches the file system.
//
// A .nn file or a data set may come from anyone, so the reader refuses, before reading,
// anything that is not a regular file: opening a FIFO blocks until a writer comes, and
// /dev/stdin or /dev/zero never end. It never hands back part of a file: a file with a NUL
// byte is binary, and says so, however far into the file the NUL is.

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceHost } from './load.js';

/** Files larger than this are refused: a .nn file or data set is text, and /dev/zero is endless. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Reads files from disk, in chunks, refusing to read past MAX_FILE_BYTES. */
export const nodeHost: SourceHost = { readFile: readTextFile, fileId };

/** The error codes readFile throws besides Node's own (ENOENT, EACCES, ...). */
export type ReadErrorCode = 'EISDIR' | 'ENOTREGULAR' | 'EFBIG' | 'EBINARY';

function refuse(code: ReadErrorCode, message: string): never {
  throw Object.assign(new Error(message), { code });
}

/** Throws unless `stats` is a regular file, saying what it is instead. */
function mustBeRegular(stats: Stats): void {
  if (stats.isFile()) return;
  if (stats.isDirectory()) refuse('EISDIR', 'it is a directory');
  const what =
    stats.isFIFO() ? 'a named pipe (FIFO)' :
    stats.isCharacterDevice() ? 'a character device' :
    stats.isBlockDevice() ? 'a block device' :
    stats.isSocket() ? 'a socket' :
    'not a regular file';
  refuse('ENOTREGULAR', `it is ${what}, not a regular file`);
}

// One buffer that every read fills, so reading a small file allocates only its own bytes
// (a fresh megabyte per read, twice for the read that finds the end, was most of its cost).
// Reads are synchronous: nothing else can use it meanwhile.
const CHUNK_BYTES = 1 << 20;
let scratch: Buffer | undefined;

function readTextFile(path: string): string {
  // Stat first: open() itself blocks on a FIFO without a writer.
  mustBeRegular(statSync(path));
  // O_NONBLOCK in case the file was swapped for a FIFO since; it does nothing to a regular file.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    mustBeRegular(fstatSync(fd));
    scratch ??= Buffer.allocUnsafe(CHUNK_BYTES);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, scratch, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) refuse('EFBIG', `it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      const bytes = scratch.subarray(0, n);
      // Binary data: no need to read on, but the caller must hear why, not get a part of it.
      if (bytes.includes(0)) refuse('EBINARY', 'it is not a text file (it contains NUL bytes)');
      chunks.push(Buffer.from(bytes));
    }
    return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * One name for a file however it is reached (symlinks, `..`, hard links): its device and
 * inode, so that two symlinks to one folder cannot make an import loop look like new files.
 */
function fileId(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return resolve(path);
  }
}
