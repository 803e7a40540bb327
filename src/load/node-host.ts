// The SourceHost that reads from disk. Only this module (and the CLI) touches the file system.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SourceHost } from './load.js';

/** Files larger than this are refused: a .nn file or data set is text, and /dev/zero is endless. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Reads files from disk, in chunks, refusing to read past MAX_FILE_BYTES. */
export const nodeHost: SourceHost = { readFile: readTextFile };

function readTextFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) {
        throw Object.assign(new Error(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`), { code: 'EFBIG' });
      }
      chunks.push(chunk.subarray(0, n));
      // A NUL byte means binary data, which the loader refuses anyway: stop reading there.
      if (chunk.subarray(0, n).includes(0)) break;
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
