// -o through the command line, where the writing needs no simulated failure: a folder that
// refuses new files for real, and the temporary files of killed runs. (Writing that fails on
// purpose, which needs a mock of node:fs and so a worker of its own: hostile-output.test.ts.)

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../src/cli/write-output.js';
import { nnInProcess as nn } from './run-in-process.js';

const posix = process.platform !== 'win32';
const isRoot = process.getuid?.() === 0;
let dir: string;
const temporaries = () => readdirSync(dir).filter((name) => name.startsWith('.nn-tmp-'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nn-output-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a writable file in a folder where no temporary file can be made', () => {
  it.skipIf(isRoot || !posix)('the real thing, for a normal user: a chmod 555 folder', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'xor.svg'), 'old');
    execFileSync('chmod', ['555', locked]);
    try {
      const r = await nn(['render', 'circuits/xor.nn', '--format', 'dot', '-o', join(locked, 'xor.svg')]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(
        `note: the folder of ${join(locked, 'xor.svg')} is not writable, so ${join(locked, 'xor.svg')} was updated in place`,
      );
      expect(readFileSync(join(locked, 'xor.svg'), 'utf8')).toContain('digraph');
    } finally {
      execFileSync('chmod', ['755', locked]);
    }
  });
});

describe('temporary files', () => {
  it('are named so that a later run recognises those of a killed one, and removes only those', async () => {
    // A process id that is surely not running: one that has just ended.
    const gone = (posix ? spawnSync('true') : spawnSync(process.execPath, ['-e', '0'])).pid!;
    const hourAgo = new Date(Date.now() - 3600_000);
    const names = {
      stale: `.nn-tmp-${gone}-deadbeef-xor.svg`,
      recent: `.nn-tmp-${gone}-0badf00d-xor.svg`,
      mine: `.nn-tmp-${process.pid}-12345678-xor.svg`,
      other: '.nn-tmp-not-ours',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'partial');
    for (const name of [names.stale, names.mine, names.other]) utimesSync(join(dir, name), hourAgo, hourAgo);
    const r = await nn(['render', 'circuits/xor.nn', '--format', 'dot', '-o', join(dir, 'xor.svg')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: removed ${join(dir, names.stale)}, a temporary file left by an nn run that was killed while writing`);
    expect(temporaries().sort()).toEqual([names.recent, names.mine, names.other].sort());
    expect(removeStaleTemporaries(dir)).toEqual([]);
  });
});
