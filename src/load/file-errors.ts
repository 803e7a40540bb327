// Why a file could not be read, a folder listed or an output written, in a few plain words:
// the same words for the same system error code wherever nn meets one, instead of Node's
// "EACCES: permission denied, open '…'".

/** What nn was doing: one code can mean different things (ENOENT on a write: no folder). */
export type FileAction = 'read' | 'list' | 'write';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
};

// Reading has no EFBIG here on purpose: the reader's own refusals (EFBIG, ENOTREGULAR,
// EBINARY) carry a message that says more ("it is larger than 32 MB").
const BY_ACTION: Readonly<Record<FileAction, Readonly<Record<string, string>>>> = {
  read: { ENOENT: 'no such file', EISDIR: 'it is a directory, not a file' },
  // A folder that was found a moment ago, while walking the tree.
  list: { ENOENT: 'it is gone', ENOTDIR: 'it is not a folder' },
  write: {
    ENOENT: 'directory does not exist',
    EISDIR: 'it is a directory',
    EFBIG: 'the file is too large',
    ENXIO: 'nothing is reading it (a socket or a FIFO without a reader)',
    EPIPE: 'the reader closed it',
    EBADF: 'the output is closed',
  },
};

/** The system error code (`ENOENT`, ...) of a thrown error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The reason `error` gives for failing at `action`: plain words for a known code, else its message. */
export function fileErrorReason(error: unknown, action: FileAction): string {
  const code = errorCode(error);
  const known = code === undefined ? undefined : (lookup(BY_ACTION[action], code) ?? lookup(REASONS, code));
  return known ?? (error instanceof Error ? error.message : String(error));
}

/** Own entries only: a code such as `constructor` is no reason. */
function lookup(table: Readonly<Record<string, string>>, code: string): string | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
