// The V8 code cache of the bundled command line (bin/load-cli.js, dist/cli/core.cache): nn
// uses it when it was made from the core it loads, and otherwise runs from source, just as
// correctly. The good and the stale cache are run end to end, each in a copy of bin/ and
// dist/cli/; a cache spoilt any other way is refused by the same check before V8 sees it.

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { scratchDirs } from './helpers.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { readCache } = createRequire(import.meta.url)('../bin/load-cli.js') as {
  readCache: (file: string, source: Buffer) => Buffer | undefined;
};
const xor = join(repoRoot, 'circuits', 'xor.nn');
const tmpRoot = scratchDirs('nn-code-cache-test-')();

/** A copy of the built command line in its own directory, with `spoil` applied to it. */
function copy(name: string, spoil: (cli: string) => void = () => {}): string {
  const dir = join(tmpRoot, name);
  cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  cpSync(join(repoRoot, 'dist', 'cli'), join(dir, 'dist', 'cli'), { recursive: true });
  spoil(join(dir, 'dist', 'cli'));
  return dir;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnRun(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // a hang guard only
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** `nn table xor.nn` as each copy's loader runs it, in one process: what it printed, and whether the cache was used. */
async function tables(dirs: readonly string[]): Promise<(Run & { usedCache: boolean })[]> {
  const script = `const { Writable } = require('node:stream');
    (async () => {
      const results = [];
      for (const dir of ${JSON.stringify(dirs)}) {
        const cli = require(require('node:path').join(dir, 'bin', 'load-cli.js')).loadCli();
        const out = { stdout: '', stderr: '' };
        const sink = (name) => new Writable({ write: (chunk, _, done) => done(void (out[name] += chunk)) });
        const io = { stdout: sink('stdout'), stderr: sink('stderr'), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
        const code = await cli.run(['table', ${JSON.stringify(xor)}], io);
        results.push({ code, ...out, usedCache: cli.usedCache });
      }
      process.stdout.write(JSON.stringify(results));
    })();`;
  const r = await spawnRun(['-e', script], repoRoot);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as (Run & { usedCache: boolean })[];
}

let expected: { stdout: string; stderr: string };
beforeAll(async () => {
  const out: string[] = [];
  const err: string[] = [];
  const collect = (into: string[]) => new Writable({ write: (chunk, _, cb) => cb(void into.push(String(chunk))) });
  const io = { stdout: collect(out), stderr: collect(err), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
  expect(await run(['table', xor], io)).toBe(0);
  expected = { stdout: out.join(''), stderr: err.join('') };
});

/** A value made when first needed and shared by the tests that look at it. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

/** A copy as built, with a symlink `nn` to its bin/nn.js beside bin/. */
function linkedCopy(name: string): string {
  const dir = copy(name);
  symlinkSync(join(dir, 'bin', 'nn.js'), join(dir, 'nn'));
  return dir;
}

describe.concurrent('the code cache', { timeout: 60_000 }, () => {
  // The copies run one after the other in one process: each copy's core is a file of its own,
  // whose cache the loader reads and checks, and which it compiles, on its own. The good copy
  // goes first, into a process that has loaded nothing of nn's yet, as a run of nn would.
  const runs = once(() =>
    tables([
      linkedCopy('good'),
      copy('stale', (cli) => {
        const core = join(cli, 'core.js');
        const source = readFileSync(core, 'utf8');
        expect(source).toContain('the only ${');
        writeFileSync(core, source.replace('the only ${', 'THE ONLY ${'));
      }),
    ]),
  );

  it('is used when it was made from the core it loads; the bin runs through a symlink from elsewhere', async () => {
    const [cached] = await runs();
    expect(cached).toEqual({ code: 0, ...expected, usedCache: true });
    // The real process: its own stdout and stderr, the bin found through the link.
    const linked = await spawnRun([join(tmpRoot, 'good', 'nn'), 'table', xor], tmpdir());
    expect(linked).toEqual({ code: 0, ...expected });
  });

  it('is not used for a core changed since, even with its length unchanged (which V8 alone would accept)', async () => {
    const [, stale] = await runs();
    expect(stale).toEqual({ code: 0, stdout: expected.stdout, stderr: expected.stderr.replace('the only', 'THE ONLY'), usedCache: false });
  });

  it('is not used when corrupt, truncated, empty or missing: the check that turned the stale one away refuses it', () => {
    // Refused here, the loader compiles the core from source, as the stale copy's run shows.
    const cli = join(repoRoot, 'dist', 'cli');
    const source = readFileSync(join(cli, 'core.js'));
    const good = readFileSync(join(cli, 'core.cache'));
    const file = join(tmpRoot, 'spoilt.cache');
    // Compared as bytes: a deep equality of 700 kB takes seconds.
    expect(readCache(join(cli, 'core.cache'), source)?.equals(good.subarray(good.indexOf(10) + 1))).toBe(true);
    const flipped = Buffer.from(good);
    for (let i = flipped.length >> 1; i < flipped.length; i += 97) flipped[i] = (flipped[i] ?? 0) ^ 0x5a;
    const spoilt = {
      corrupt: flipped,
      truncated: good.subarray(0, 5000),
      empty: Buffer.alloc(0),
      'one byte short': good.subarray(0, good.length - 1),
    };
    for (const [how, bytes] of Object.entries(spoilt)) {
      writeFileSync(file, bytes);
      expect(readCache(file, source), how).toBeUndefined();
    }
    expect(readCache(join(tmpRoot, 'no-such.cache'), source), 'missing').toBeUndefined();
  });
});
