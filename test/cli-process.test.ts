// The real `nn` binary as a child process, for what only a process shows: that bin/nn.js
// runs the built CLI, the exit code the shell sees, a pipe closed early, colour on a real
// terminal, the package's entry point. Everything else about the CLI is tested in-process
// (cli.test.ts; the README's commands in readme.test.ts).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { readmeCommands, timeless, words } from './readme-commands.js';
import { scratchDirs } from './helpers.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binJs = join(repoRoot, 'bin', 'nn.js');
if (!existsSync(join(repoRoot, 'dist'))) {
  throw new Error('nn is not built: dist/ is missing. Run `npm run build` first (`npm test` builds before testing).');
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process was killed by the hang guard. */
  readonly signal: NodeJS.Signals | null;
}

/** Runs a program from the repository, with NO_COLOR unset unless `env` sets it. */
function spawnRun(command: string, argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const base = { ...process.env };
    delete base.NO_COLOR;
    delete base.FORCE_COLOR;
    const child = spawn(command, argv, { cwd: repoRoot, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A hang guard only: a run takes a fraction of a second.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, signal });
    });
  });
}

const nn = (args: readonly string[], env?: Record<string, string>) => spawnRun(process.execPath, [binJs, ...args], env);
const sh = (command: string) => spawnRun('/bin/sh', ['-c', command]);

const tmpRoot = scratchDirs('nn-process-test-')();

const SLOW = { timeout: 60_000 };

describe.concurrent('the nn process', SLOW, () => {
  it('bin/nn.js runs the command line: output, notes and exit codes 0, 1 and 2 as the shell sees them', async () => {
    writeFileSync(join(tmpRoot, 'fail.nn'), `import "${join(repoRoot, 'circuits', 'gates.nn')}"\ntest AND { 1 1 -> 0 }\n`);
    const failing = join(tmpRoot, 'fail.nn');
    const [ok, failed, usage] = await Promise.all([nn(['table', 'circuits/xor.nn']), nn(['test', failing]), nn(['frobnicate'])]);
    for (const r of [ok, failed, usage]) {
      expect(r.signal).toBeNull();
      expect(r.stderr).not.toContain('    at ');
    }
    expect(ok.code).toBe(0);
    // The same as the command line run in-process, which cli.test.ts tests in detail.
    const out: string[] = [];
    const err: string[] = [];
    const collect = (into: string[]) => new Writable({ write: (chunk, _, done) => done(void into.push(String(chunk))) });
    const io = { stdout: collect(out), stderr: collect(err), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
    expect(await run(['table', 'circuits/xor.nn'], io)).toBe(0);
    expect(ok.stdout).toBe(out.join(''));
    expect(ok.stderr).toBe(err.join(''));
    expect(ok.stderr).toBe('note: using XOR, the only circuit in circuits/xor.nn\n');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAIL AND: 1 of 1 row wrong');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("nn: unknown command 'frobnicate'");
    // Off a terminal, without NO_COLOR: no colour.
    for (const r of [ok, failed, usage]) expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('output into a closed pipe (nn table of an 8-bit adder | head -1) ends quietly with exit 0', async () => {
    // 65,536 rows of 80 bytes, 5 MB: far more than a pipe holds (64 kB, 1 MB at most on
    // Linux), so nn is still writing when head has gone.
    const n = 8;
    const bits = (p: string) => Array.from({ length: n }, (_, i) => `${p}${n - 1 - i}`);
    let text = `import "${join(repoRoot, 'circuits', 'full-adder.nn')}"\n`;
    text += `circuit Adder8(${[...bits('a'), ...bits('b')].join(', ')}) -> (cout, ${bits('s').join(', ')}) {\n`;
    text += '  (s0, c0) = HalfAdder(a0, b0)\n';
    for (let i = 1; i < n; i++) text += `  (s${i}, ${i === n - 1 ? 'cout' : `c${i}`}) = FullAdder(a${i}, b${i}, c${i - 1})\n`;
    text += '}\n';
    const file = join(tmpRoot, 'adder8.nn');
    writeFileSync(file, text);
    // The exit code of nn itself goes to stderr, since the pipeline's is head's.
    const r = await sh(`{ "${process.execPath}" "${binJs}" table "${file}" Adder8; echo "nn exit $?" >&2; } | head -1`);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('nn exit 0\n');
    expect(r.stdout).toBe('a7 a6 a5 a4 a3 a2 a1 a0 b7 b6 b5 b4 b3 b2 b1 b0 | cout s7 s6 s5 s4 s3 s2 s1 s0\n');
  });

  it('the bundled command line reaches what it loads on demand: Graphviz in WebAssembly, in a worker', async () => {
    const render = await nn(['render', 'circuits/xor.nn']);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toMatch(/^<\?xml[^>]*>[\s\S]*<svg /);
    expect(render.stdout.trimEnd()).toMatch(/<\/svg>$/);
    expect(render.stdout).toContain('h2: NAND');
  });

  it('the bundled command line has its worker threads: a SAT proof in a worker stops at --timeout, and nn exits after proofs that finish', async () => {
    // Without the worker files beside the bundle, --jobs and --timeout would quietly do nothing.
    for (const worker of ['sweep-worker.js', 'sat-worker.js']) expect(existsSync(join(repoRoot, 'dist', 'cli', worker)), worker).toBe(true);
    // Two 8-bit multipliers by SAT take the solver seconds: 0.05 s runs out.
    const r = await nn([
      'verify',
      'circuits/multipliers.nn',
      'ArrayMultiplier<8>',
      '--equals',
      'CarrySaveMultiplier<8>',
      '--method',
      'sat',
      '--timeout',
      '0.05',
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^UNDECIDED .*: the time limit of 50 ms ran out \(by SAT, /);
    expect(r.stderr).toBe('');
    // Four proofs by SAT, one worker: the worker left waiting after the last one must not keep
    // nn running (the hang guard would kill it, and the exit code would be missing). The
    // proofs also show that the bundled worker finds the solver's WebAssembly file.
    const proved = await nn(['verify', 'circuits/ripple-adder.nn', '--method', 'sat']);
    expect(proved.signal).toBeNull();
    expect(proved.code, proved.stderr).toBe(0);
    expect(proved.stdout).toContain('4 properties: 4 proved, 0 failed');
    expect(proved.stderr).toBe('');
  });

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('on a terminal: colour, unless NO_COLOR is set', async () => {
    const file = join(tmpRoot, 'bad.nn');
    writeFileSync(file, 'neuron A(x) { weights: 1, 2 }\n');
    // `script` runs the command on a pseudo-terminal, stdout and stderr both.
    const command = `"${process.execPath}" "${binJs}" check "${file}"`;
    const [coloured, plain] = await Promise.all([
      spawnRun('script', ['-qec', command, '/dev/null']),
      spawnRun('script', ['-qec', command, '/dev/null'], { NO_COLOR: '1' }),
    ]);
    expect(coloured.stdout).toContain('error[weight-count]');
    expect(coloured.stdout).toContain('\x1b[');
    expect(plain.stdout).toContain('error[weight-count]');
    expect(plain.stdout).not.toContain('\x1b');
  });
});

describe.concurrent("the README's example scripts", SLOW, () => {
  const scripts = readmeCommands().filter((s) => s.command.startsWith('node docs/examples/'));
  // The library example imports 'nn' by name, as a package user's program does: its run below
  // is also the test that the package resolves to the library, with these exports.
  it("include the library example, which imports from 'nn'", () => {
    expect(scripts.map((s) => s.command)).toContain('node docs/examples/library.mjs');
    const example = readFileSync(join(repoRoot, 'docs', 'examples', 'library.mjs'), 'utf8');
    expect(example).toMatch(/^import \{ load, build, truthTable, [^}]*\} from 'nn';$/m);
  });
  it("resolve 'nn' to the bundled library, which exports what the library's index exports", async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string; exports: { '.': { import: string } } };
    expect([pkg.main, pkg.exports['.'].import]).toEqual(['./dist/lib/index.js', './dist/lib/index.js']);
    // The bundle's exports are its last statement; the example's run below uses them.
    const bundle = readFileSync(join(repoRoot, 'dist', 'lib', 'index.js'), 'utf8');
    const list = /export \{([^}]*)\};\s*$/.exec(bundle)?.[1] ?? '';
    const names = list.split(',').map(
      (name) =>
        name
          .trim()
          .split(/\s+as\s+/)
          .at(-1)!,
    );
    expect(names.sort()).toEqual(Object.keys(await import('../src/index.js')).sort());
  });
  it.each(scripts.map((s) => [s.command, s] as const))('%s prints what the README shows', async (_, { command, output }) => {
    const r = await spawnRun(process.execPath, words(command).slice(1), { NO_COLOR: '1' });
    expect(r.signal).toBeNull();
    expect(timeless((r.stderr + r.stdout).trimEnd())).toBe(timeless(output));
  });
});
