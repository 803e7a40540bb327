// -o and --emit: onto a plain file, written whole or not at all and never over an input; onto
// what is not a plain file in a writable folder: FIFOs and devices, read-only folders, signals,
// and the temporary files of runs that were killed.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutputError, writeOutputSafely } from '../src/cli/write-output.js';
import { nnInProcess } from './run-in-process.js';

// A folder that refuses new files, and a disk that fills up, for any user (root can write
// into a read-only folder): openSync and writeSync can be told to fail. The rest is node:fs.
// They are replaced on node:fs itself, and syncBuiltinESMExports passes that on to every
// `import { openSync } from 'node:fs'`, so this file can share a worker, and the modules it
// loaded, with the other test files: a vi.mock of node:fs would need a fresh module graph.
const fail = { temporaryOpen: undefined as string | undefined, writes: [] as string[] };
const realOpenSync = fs.openSync;
const realWriteSync = fs.writeSync;
beforeAll(() => {
  fs.openSync = ((...args: Parameters<typeof fs.openSync>): number => {
    const path = String(args[0]);
    if (fail.temporaryOpen !== undefined && /[\\/]\.nn-tmp-[^\\/]*$/.test(path)) {
      throw Object.assign(new Error(`${fail.temporaryOpen}: simulated, open '${path}'`), { code: fail.temporaryOpen });
    }
    return realOpenSync(...args);
  }) as typeof fs.openSync;
  fs.writeSync = ((...args: Parameters<typeof realWriteSync>): number => {
    const code = fail.writes.shift();
    if (code !== undefined) throw Object.assign(new Error(`${code}: simulated`), { code });
    return (realWriteSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();
});
afterAll(() => {
  fs.openSync = realOpenSync;
  fs.writeSync = realWriteSync;
  syncBuiltinESMExports();
});

const posix = process.platform !== 'win32';
let dir: string;
const temporaries = () => readdirSync(dir).filter((name) => name.startsWith('.nn-tmp-'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nn-output-'));
  fail.temporaryOpen = undefined;
  fail.writes = [];
});
afterEach(() => {
  fail.temporaryOpen = undefined;
  fail.writes = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('special files are written, never replaced', () => {
  it.skipIf(!posix)('a FIFO stays a FIFO, and its reader gets the data', () => {
    const fifo = join(dir, 'out.svg');
    execFileSync('mkfifo', [fifo]);
    // Our own reader, opened first, so that opening the FIFO for writing does not wait.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      expect(writeOutputSafely(fifo, '<svg>through a pipe</svg>', { protect: [] }).how).toBe('direct');
      const buffer = Buffer.alloc(100);
      const n = readSync(reader, buffer, 0, 100, null);
      expect(buffer.subarray(0, n).toString()).toBe('<svg>through a pipe</svg>');
    } finally {
      closeSync(reader);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temporaries()).toEqual([]);
  });

  it.skipIf(!posix)('-o /dev/stdout with stdout redirected to a file writes that file, not a new one', async () => {
    const out = join(dir, 'out.svg');
    writeFileSync(out, 'old');
    const inode = statSync(out).ino;
    // What `nn ... -o /dev/stdout > out.svg` is to nn: /dev/stdout names a descriptor open on
    // the file, as /dev/fd/N names descriptor N. This process's own stdout is the test
    // runner's, so a descriptor of its own on the file stands in for it, through the command line.
    const fd = openSync(out, 'w');
    let r: Awaited<ReturnType<typeof nnInProcess>>;
    try {
      r = await nnInProcess(['render', 'circuits/xor.nn', '--format', 'dot', '-o', `/dev/fd/${fd}`]);
    } finally {
      closeSync(fd);
    }
    expect(r.code).toBe(0);
    expect(statSync(out).ino).toBe(inode);
    expect(readFileSync(out, 'utf8')).toMatch(/^digraph "XOR"/);
    expect(temporaries()).toEqual([]);
  });

  it('a directory is refused before anything is made', () => {
    mkdirSync(join(dir, 'd'));
    expect(() => writeOutputSafely(join(dir, 'd'), 'x', { protect: [] })).toThrow(`cannot write ${join(dir, 'd')}: it is a directory`);
    expect(temporaries()).toEqual([]);
  });
});

describe('a writable file in a folder where no temporary file can be made', () => {
  it('is updated in place, keeping its mode (the folder refusal simulated, for any user)', () => {
    const out = join(dir, 'out.svg');
    writeFileSync(out, 'the old diagram, longer than the new one', { mode: 0o640 });
    fail.temporaryOpen = 'EACCES';
    expect(writeOutputSafely(out, 'new', { protect: [] }).how).toBe('in-place');
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(temporaries()).toEqual([]);
  });

  it('gets its old contents back when the new ones cannot be written', () => {
    const out = join(dir, 'out.svg');
    writeFileSync(out, 'the old diagram');
    fail.temporaryOpen = 'EACCES';
    fail.writes = ['ENOSPC'];
    let caught: unknown;
    try {
      writeOutputSafely(out, 'the new, longer diagram', { protect: [] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OutputError);
    expect((caught as OutputError).message).toBe(`cannot write ${out}: no space left on device; its old contents were put back`);
    expect(readFileSync(out, 'utf8')).toBe('the old diagram');
  });

  it('a new file there is still refused: there is nothing to update', () => {
    fail.temporaryOpen = 'EACCES';
    const out = join(dir, 'new.svg');
    expect(() => writeOutputSafely(out, 'x', { protect: [] })).toThrow(`cannot write ${out}: permission denied`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('temporary files', () => {
  it('fit in a file name however long the target is', () => {
    const out = join(dir, `${'x'.repeat(240)}.svg`);
    writeOutputSafely(out, 'ok', { protect: [] });
    expect(readFileSync(out, 'utf8')).toBe('ok');
  });

  it.skipIf(!posix)('SIGINT during a write: the write finishes, no temporary file stays, nn dies of SIGINT', () => {
    const script = join(dir, 'interrupted.mjs');
    const module = resolve('dist/src/cli/write-output.js');
    writeFileSync(
      script,
      `
import { writeOutputSafely } from ${JSON.stringify(module)};
const out = (name) => ${JSON.stringify(dir)} + '/' + name;
writeOutputSafely(out('first.svg'), 'first', { protect: [] });
// Sent now, handled by JavaScript only once the synchronous write below is done: the same
// moment at which a Ctrl-C arriving in the middle of the write is handled.
process.kill(process.pid, 'SIGINT');
writeOutputSafely(out('big.svg'), 'x'.repeat(20_000_000), { protect: [] });
setTimeout(() => console.log('not stopped'), 5000);
`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).not.toContain('not stopped');
    expect(statSync(join(dir, 'big.svg')).size).toBe(20_000_000);
    expect(temporaries()).toEqual([]);
  });
});

describe('plain files: written whole or not at all, inputs never overwritten', () => {
  it('writes a new file and replaces an existing one, leaving no temporary file', () => {
    const out = join(dir, 'out.svg');
    writeOutputSafely(out, '<svg/>', { protect: [] });
    expect(readFileSync(out, 'utf8')).toBe('<svg/>');
    writeOutputSafely(out, new Uint8Array([1, 2, 3]), { protect: [] });
    expect([...readFileSync(out)]).toEqual([1, 2, 3]);
    expect(temporaries()).toEqual([]);
  });

  it('refuses to write over an input file, however it is named', () => {
    const input = join(dir, 'xor.nn');
    writeFileSync(input, 'circuit');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(input, join(dir, 'link.svg'));
    linkSync(input, join(dir, 'hard.svg'));
    for (const target of [input, join(dir, 'sub', '..', 'xor.nn'), join(dir, 'link.svg'), join(dir, 'hard.svg')]) {
      expect(() => writeOutputSafely(target, 'oops', { protect: [input] })).toThrow(OutputError);
      expect(() => writeOutputSafely(target, 'oops', { protect: [input] })).toThrow(/refusing to write .*: it is the input file/);
    }
    expect(readFileSync(input, 'utf8')).toBe('circuit');
    expect(temporaries()).toEqual([]);
  });

  it('says so in plain words when the directory does not exist', () => {
    const out = join(dir, 'missing', 'out.svg');
    expect(() => writeOutputSafely(out, 'x', { protect: [] })).toThrow(`cannot write ${out}: directory does not exist`);
  });

  it('says so when the target is a directory, and cleans up its temporary file', () => {
    const out = join(dir, 'out.svg');
    mkdirSync(out);
    writeFileSync(join(out, 'keep'), 'kept');
    expect(() => writeOutputSafely(out, 'x', { protect: [] })).toThrow(`cannot write ${out}: it is a directory`);
    expect(temporaries()).toEqual([]);
    expect(readFileSync(join(out, 'keep'), 'utf8')).toBe('kept');
  });

  it('leaves an existing target untouched when writing fails half-way', () => {
    const out = join(dir, 'out.svg');
    writeFileSync(out, 'the old diagram');
    fail.writes = ['ENOSPC'];
    let caught: unknown;
    try {
      writeOutputSafely(out, 'the new diagram', { protect: [] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutputError);
    expect((caught as OutputError).message).toBe(`cannot write ${out}: no space left on device`);
    expect((caught as OutputError).code).toBe('ENOSPC');
    expect(readFileSync(out, 'utf8')).toBe('the old diagram');
    expect(temporaries()).toEqual([]);
  });

  it('writes through a symlink: the link stays, the file it points to is replaced', () => {
    const real = join(dir, 'real.svg');
    const link = join(dir, 'link.svg');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    writeOutputSafely(link, 'new', { protect: [] });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
  });

  it('keeps the permissions of a file it replaces', () => {
    const out = join(dir, 'out.svg');
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    writeOutputSafely(out, 'new', { protect: [] });
    expect(lstatSync(out).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() === 0)('says so when permission is denied', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, 0o555);
    const out = join(locked, 'out.svg');
    expect(() => writeOutputSafely(out, 'x', { protect: [] })).toThrow(`cannot write ${out}: permission denied`);
  });
});
