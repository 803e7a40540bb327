// The nn command line as a user sees it: stdout, stderr and the exit code. Every test here
// runs the CLI in-process through `run(argv, io)` with collected streams, the terminal flags
// and the environment set per run; files are written only into temporary directories, and
// circuits/ is read, never written. What only a real process shows (the bin wiring, exit
// codes, a closed pipe, a terminal, the README's commands) is in cli-process.test.ts.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { writeTable, type TableFormat } from '../src/evaluate/table-format.js';
import { toDot } from '../src/render/dot.js';
import { compileSource, GATES, scratchDirs, seededRandom } from './helpers.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.cwd() !== repoRoot) throw new Error(`run the tests from ${repoRoot}: paths such as circuits/xor.nn are relative to it`);

// ---------------------------------------------------------------------------------------------
// Helpers

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes, for binary output. */
  readonly bytes: Buffer;
}

interface NnOptions {
  /** The environment nn sees: empty unless given, so colour depends on the terminal flags alone. */
  readonly env?: Record<string, string>;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
}

/** A stream that keeps what is written to it. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Every output of this file off a terminal, to check at the end that none has an ANSI escape. */
const plainOutputs: { args: string; text: string }[] = [];

/** Runs `nn ...args` in-process and resolves to what a user would see. */
async function nn(args: readonly string[], opts: NnOptions = {}): Promise<Run> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await run(args, {
    stdout,
    stderr,
    env: { ...opts.env },
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
  });
  const r = { code, stdout: stdout.bytes().toString('utf8'), stderr: stderr.bytes().toString('utf8'), bytes: stdout.bytes() };
  if (!opts.stdoutIsTTY && !opts.stderrIsTTY) plainOutputs.push({ args: args.join(' '), text: r.stdout + r.stderr });
  return r;
}

/** No stack trace or internal error reached the user. */
function expectNoCrash(r: Run): void {
  expect(r.code, r.stderr).not.toBe(70);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toContain('    at ');
  expect(r.stderr).not.toMatch(/^\w*Error\b[^\n]*:/m); // "Error: ...", "RangeError: ..."
  expect(r.stdout).not.toContain('    at ');
}

/** A failure the user is told about: the exit code (1 unless given), a diagnostic, no crash. */
function expectDiagnosed(r: Run, code = 1): void {
  expectNoCrash(r);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/(error|warning)\[[a-z-]+\]/);
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

/** A value made when first needed and shared by the tests that look at it. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

const tmpRoot = scratchDirs('nn-cli-test-')();

let tmpCount = 0;
/** A fresh temporary directory, holding `files` (name → text or bytes). */
function tmp(files: Record<string, string | Uint8Array> = {}): string {
  const dir = join(tmpRoot, String(++tmpCount));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A temporary directory with copies of the circuits/ files named: a circuit and what it imports. */
function copyOfCircuits(names: readonly string[]): string {
  const dir = tmp();
  for (const f of names) copyFileSync(join(repoRoot, 'circuits', f), join(dir, f));
  return dir;
}

/** Every file below `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** Deterministic pseudo-random bytes. */
function randomBytes(count: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length: count }, () => rand(256));
}

const circuitFiles = readdirSync(join(repoRoot, 'circuits'))
  .filter((f) => f.endsWith('.nn'))
  .sort();
const count = (re: RegExp) =>
  circuitFiles.map((f) => readFileSync(join(repoRoot, 'circuits', f), 'utf8').match(re)?.length ?? 0).reduce((a, b) => a + b, 0);
const testBlockCount = count(/^test\s+\w+/gm);
/** Test blocks and asserts: nn test runs both. */
const checkCount = testBlockCount + count(/^assert\s+\w+/gm);
/** The asserts too big for nn test's default --assert-rows: left to nn verify. */
const SKIPPED = ['SKIP assert Add16:', 'SKIP assert RippleAdder<32>:'];
const testSummary = `${checkCount} tests: ${checkCount - SKIPPED.length} passed, 0 failed, ${SKIPPED.length} skipped; 1 file without tests`;

/** XOR of circuits/xor.nn, built by the library once for the tests that compare with it. */
const xorEngine = once(() => compileSource('import "circuits/xor.nn"', 'XOR').engine);

/** What the library's table writer prints for XOR: what `nn table circuits/xor.nn` must print. */
async function libraryTable(format: TableFormat, hidden: boolean): Promise<string> {
  const engine = xorEngine();
  const decoder = new TextDecoder();
  let out = '';
  await writeTable(engine, { format, hidden }, (chunk) => {
    out += decoder.decode(chunk, { stream: true });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. The example circuits

describe('the files in circuits/', () => {
  it('nn test circuits: every test block passes, with a summary line counting them all', async () => {
    const r = await nn(['test', 'circuits']);
    expectNoCrash(r);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(testBlockCount).toBeGreaterThanOrEqual(18);
    const out = lines(r.stdout);
    const passes = out.filter((l) => l.startsWith('PASS '));
    expect(passes).toHaveLength(checkCount - SKIPPED.length);
    expect(out.some((l) => l.startsWith('FAIL'))).toBe(false);
    expect(out.filter((l) => l.startsWith('SKIP')).map((l) => l.slice(0, l.indexOf(':') + 1))).toEqual(SKIPPED);
    expect(r.stdout).toContain('PASS XOR (4 rows) circuits/xor.nn:11:1\n');
    expect(r.stdout).toContain('PASS Adder4 (10 rows) circuits/adder4.nn:12:1\n');
    // Every example with memory runs its sequence tests, tick by tick.
    for (const name of [
      'SRLatch',
      'SRLatch1',
      'DLatch',
      'DFF',
      'MasterSlaveDFF',
      'Counter4',
      'ShiftRegister8',
      'SerialAdder',
      'TrafficLight',
      'GatedRing',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^PASS ${name} sequence \\(\\d+ ticks\\) circuits/`, 'm'));
    }
    // iris.nn has no test of its own: said in the summary.
    expect(out.at(-1)).toBe(testSummary);
    expect(r.stderr).toBe('');
  });

  it('nn check circuits: no errors, no warnings', async () => {
    const r = await nn(['check', 'circuits']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`checked ${circuitFiles.length} files: 0 errors, 0 warnings\n`);
  });

  it('--format and --hidden reach the table writer: each format prints what the library writes', async () => {
    // The formats themselves are tested on the library (evaluate.test.ts); here, the wiring.
    for (const format of ['text', 'md', 'csv', 'json', 'test'] as const) {
      for (const hidden of format === 'test' ? [false] : [false, true]) {
        const args = ['table', 'circuits/xor.nn', '--format', format, ...(hidden ? ['--hidden'] : [])];
        const r = await nn(args);
        expect(r.code, args.join(' ')).toBe(0);
        expect(r.stdout, args.join(' ')).toBe(await libraryTable(format, hidden));
      }
    }
    expect((await nn(['table', 'circuits/xor.nn'])).stdout).toBe(await libraryTable('text', false));
  });

  const xorTestBlock = once(() => nn(['table', 'circuits/xor.nn', '--format', 'test']));

  it('--format test prints a test block that passes nn test when pasted next to the circuit', async () => {
    const xor = await xorTestBlock();
    expect(xor.code).toBe(0);
    expect(xor.stdout).toBe('test XOR {\n  x1 x2 -> y\n   0  0 -> 0\n   0  1 -> 1\n   1  0 -> 1\n   1  1 -> 0\n}\n');
    const adder = await nn(['table', 'circuits/adder4.nn', '--format', 'test']);
    expect(adder.code).toBe(0);
    expect(adder.stdout).toMatch(/^test Adder4 \{\n {2}a3 a2 a1 a0 b3 b2 b1 b0 -> cout s3 s2 s1 s0\n/);

    // adder4.nn imports full-adder.nn, which imports half-adder.nn, which imports xor.nn.
    const dir = copyOfCircuits(['gates.nn', 'xor.nn', 'half-adder.nn', 'full-adder.nn', 'adder4.nn']);
    writeFileSync(join(dir, 'frozen.nn'), `import "xor.nn"\nimport "adder4.nn"\n\n${xor.stdout}\n${adder.stdout}`);
    const r = await nn(['test', join(dir, 'frozen.nn')]);
    expectNoCrash(r);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `PASS XOR (4 rows) ${join(dir, 'frozen.nn')}:4:1\n` +
        `PASS Adder4 (256 rows) ${join(dir, 'frozen.nn')}:12:1\n` +
        '2 tests: 2 passed, 0 failed\n',
    );
    expect(r.code).toBe(0);
  });

  it('--format test with --hidden is refused: a test block has no hidden columns (exit 2)', async () => {
    const r = await nn(['table', 'circuits/xor.nn', '--format', 'test', '--hidden']);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)[0]).toBe('nn table: --hidden does not go with --format test: a test block checks inputs and outputs only');
  });

  it('a test block importing the circuit by absolute path passes', async () => {
    const xor = await xorTestBlock();
    const dir = tmp({ 'frozen.nn': `import "${join(repoRoot, 'circuits', 'xor.nn')}"\n\n${xor.stdout}` });
    const r = await nn(['test', join(dir, 'frozen.nn')]);
    expectNoCrash(r);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`PASS XOR (4 rows) ${join(dir, 'frozen.nn')}:3:1\n1 test: 1 passed, 0 failed\n`);
    expect(r.code).toBe(0);
  });

  it('without NAME, a file with several candidates gets a note on stderr naming the one used', async () => {
    const r = await nn(['table', 'circuits/gates.nn']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'note: circuits/gates.nn declares 7 neurons; using OR_MP, the last one. Name another: nn table circuits/gates.nn NAME\n',
    );
    expect(r.stdout).toBe('x1 x2 | OR_MP\n 0  0 |     0\n 0  1 |     1\n 1  0 |     1\n 1  1 |     1\n');
  });

  it('a file named twice, or also inside a folder given, is tested and checked once', async () => {
    const twice = await nn(['test', 'circuits/xor.nn', 'circuits/xor.nn', './circuits/xor.nn']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe('PASS XOR (4 rows) circuits/xor.nn:11:1\n1 test: 1 passed, 0 failed\n');
    // A small folder: the whole of circuits/ is tested above.
    const dir = tmp(
      Object.fromEntries(['gates.nn', 'xor.nn', 'half-adder.nn'].map((f) => [f, readFileSync(join(repoRoot, 'circuits', f))])),
    );
    const folder = await nn(['test', dir]);
    const withFolder = await nn(['test', join(dir, 'xor.nn'), dir]);
    expect(withFolder.code).toBe(0);
    const xorLine = `PASS XOR (4 rows) ${join(dir, 'xor.nn')}:11:1`;
    expect(lines(withFolder.stdout).filter((l) => l.includes('xor.nn:'))).toEqual([xorLine]);
    // The folder's tests, each once: the file named first is tested first.
    expect(lines(withFolder.stdout)).toEqual([xorLine, ...lines(folder.stdout).filter((l) => l !== xorLine)]);
    expect(lines(withFolder.stdout).at(-1)).toBe('9 tests: 9 passed, 0 failed');
    // A symbolic link in the folder to a file named already is that file: tested once.
    symlinkSync(join(dir, 'xor.nn'), join(dir, 'link.nn'));
    expect((await nn(['test', join(dir, 'xor.nn'), dir])).stdout).toBe(withFolder.stdout);
    const check = await nn(['check', 'circuits/xor.nn', 'circuits/xor.nn']);
    expect(check.stderr).toBe('checked 1 file: 0 errors, 0 warnings\n');
  });
});

// ---------------------------------------------------------------------------------------------
// 2. nn eval

describe('nn eval', () => {
  const xor10 = once(() => nn(['eval', 'circuits/xor.nn', 'XOR', '1', '0']));

  it('XOR on 1 0 shows each neuron with its sum, z and output, then the outputs', async () => {
    const r = await xor10();
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toBe('XOR(x1 = 1, x2 = 0)');
    expect(out[1]).toMatch(/^\s+layer\s+neuron\s+w·x \+ b\s+z\s+out$/);
    expect(out[2]).toMatch(/^\s+1\s+h1\s+1·1 \+ 1·0 − 1\s+=\s+0\s+1$/);
    expect(out[3]).toMatch(/^\s+1\s+h2\s+\S.*=\s+0\s+1$/);
    expect(out[4]).toMatch(/^\s+2\s+y\s+1·1 \+ 1·1 − 2\s+=\s+0\s+1$/);
    expect(out[5]).toBe('y = 1');
    expect(out).toHaveLength(6);
  });

  it("without NAME the file's circuit is used", async () => {
    const unnamed = await nn(['eval', 'circuits/xor.nn', '1', '0']);
    expect(unnamed.code).toBe(0);
    expect(unnamed.stderr).toBe('note: using XOR, the only circuit in circuits/xor.nn\n');
    expect(unnamed.stdout).toBe((await xor10()).stdout);
  });

  it('without NAME and without a circuit, the last neuron is used', async () => {
    const r = await nn(['eval', 'circuits/gates.nn', '1', '0']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('using OR_MP, the last one');
    expect(lines(r.stdout).at(-1)).toBe('OR_MP = 1');
  });

  it('real-valued inputs on the trained iris neuron', async () => {
    const setosa = await nn(['eval', 'circuits/iris.nn', '5.0', '1.5']);
    expectNoCrash(setosa);
    expect(setosa.code).toBe(0);
    expect(lines(setosa.stdout)[0]).toBe('Versicolor(sepal_length = 5, petal_length = 1.5)');
    const z = Number(/=\s+(-?[\d.]+)\s+0$/m.exec(setosa.stdout)?.[1]);
    expect(z).toBeLessThan(0);
    expect(lines(setosa.stdout).at(-1)).toBe('Versicolor = 0');

    const versicolor = await nn(['eval', 'circuits/iris.nn', '6.0', '4.5']);
    expect(versicolor.code).toBe(0);
    expect(lines(versicolor.stdout).at(-1)).toBe('Versicolor = 1');
  });

  it('negative numbers are values, not options', async () => {
    const and = await nn(['eval', 'circuits/gates.nn', 'AND', '-1', '0.5']);
    expectNoCrash(and);
    expect(and.code, and.stderr).toBe(0);
    expect(lines(and.stdout)[0]).toBe('AND(x1 = -1, x2 = 0.5)');
    expect(and.stdout).toMatch(/^\s+1\s+AND\s+.*=\s+-2\.5\s+0$/m); // z = 1·(-1) + 1·0.5 - 2
    expect(lines(and.stdout).at(-1)).toBe('AND = 0');
  });

  it('the wrong number of inputs is a usage error (exit 2) that says how many', async () => {
    const few = await nn(['eval', 'circuits/xor.nn', 'XOR', '1']);
    expectNoCrash(few);
    expect(few.code).toBe(2);
    expect(few.stdout).toBe('');
    expect(lines(few.stderr)[0]).toBe('nn eval: XOR takes 2 inputs (x1 x2), but 1 was given');
  });

  it('a non-numeric input is a usage error (exit 2)', async () => {
    const r = await nn(['eval', 'circuits/xor.nn', 'XOR', '1', 'abc']);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)[0]).toBe("nn eval: input x2 must be a finite number, not 'abc'");
    expect(r.stderr).toContain('Usage: nn eval');
  });

  it('an input too large to be finite is refused (exit 2)', async () => {
    const r = await nn(['eval', 'circuits/xor.nn', 'XOR', '1e999', '0']);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1e999');
  });

  it('--json is parsable and holds every neuron and the outputs', async () => {
    const r = await nn(['eval', 'circuits/xor.nn', 'XOR', '1', '0', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.name).toBe('XOR');
    expect(e.inputs).toEqual([1, 0]);
    expect(e.neurons.map((n: { name: string }) => n.name)).toEqual(['h1', 'h2', 'y']);
    expect(e.neurons.map((n: { layer: number }) => n.layer)).toEqual([1, 1, 2]);
    expect(e.neurons.map((n: { z: number }) => n.z)).toEqual([0, 0, 0]);
    expect(e.neurons[1]).toMatchObject({ weights: [-1, -1], bias: 1, inputs: [1, 0], output: 1 });
    expect(e.outputs).toEqual([{ name: 'y', value: 1 }]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. nn test with failures

describe('nn test with a failing test', () => {
  const wrongXor = `import "gates.nn"

// a wrong XOR: the output neuron is OR instead of AND
circuit XOR(x1, x2) -> y {
  h1 = OR(x1, x2)
  h2 = NAND(x1, x2)
  y  = OR(h1, h2)
}

test XOR {
  x1 x2 -> y
   0  0 -> 0
   0  1 -> 1
   1  0 -> 1
   1  1 -> 0
}

test XOR { 0 0 -> * ; 1 1 -> * }
test XOR { 0 1 -> 1 }
`;

  it('lists every wrong row with file:line:col, expected, actual and hidden values; exit 1', async () => {
    const dir = tmp({ 'gates.nn': GATES, 'wrong.nn': wrongXor });
    const file = join(dir, 'wrong.nn');
    const r = await nn(['test', file]);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        `FAIL XOR: 2 of 4 rows wrong ${file}:10:1`,
        `  ${file}:12:4  x1=0 x2=0: y expected 0, got 1  [hidden: h1=0 h2=1]`,
        `  ${file}:15:4  x1=1 x2=1: y expected 0, got 1  [hidden: h1=1 h2=0]`,
        // The same wrong rows with don't-care outputs pass.
        `PASS XOR (2 rows) ${file}:18:1`,
        `PASS XOR (1 row) ${file}:19:1`,
        '3 tests: 2 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('a multi-output failure names only the wrong outputs; * is not compared', async () => {
    const dir = tmp({
      'gates.nn': GATES,
      'ha.nn': `import "gates.nn"
circuit HA(a, b) -> (sum, carry) {
  sum   = OR(a, b)
  carry = AND(a, b)
}
test HA {
  0 0 -> 0 0
  1 1 -> 0 *
  1 1 -> 1 0
}
`,
    });
    const file = join(dir, 'ha.nn');
    const r = await nn(['test', file]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      `FAIL HA: 2 of 3 rows wrong ${file}:6:1`,
      `  ${file}:8:3  a=1 b=1: sum expected 0, got 1`,
      `  ${file}:9:3  a=1 b=1: carry expected 0, got 1`,
      '1 test: 0 passed, 1 failed',
    ]);
  });

  it('a folder with a passing file and a broken one: the summary counts both, exit 1', async () => {
    const dir = tmp({ 'a.nn': GATES, 'b.nn': 'neuron X(x) { weights: 1, 2 }\ntest X { 0 -> 1 }\n' });
    const r = await nn(['test', dir]);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'b.nn')}:1:15: error[weight-count]`);
    expect(lines(r.stdout).at(-1)).toBe('7 tests: 7 passed, 0 failed; 1 file with errors');
  });

  it('PASS and FAIL are coloured on a terminal, unless NO_COLOR is set', async () => {
    const dir = tmp({ 'gates.nn': GATES, 'fail.nn': 'import "gates.nn"\ntest AND { 1 1 -> 0 }\ntest OR { 1 1 -> 1 }\n' });
    const file = join(dir, 'fail.nn');
    const coloured = await nn(['test', file], { stdoutIsTTY: true });
    expect(coloured.stdout).toContain('\x1b[31;1mFAIL\x1b[0m AND');
    expect(coloured.stdout).toContain('\x1b[32;1mPASS\x1b[0m OR');
    const plain = await nn(['test', file], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\x1b');
    expect(plain.stdout.replace(/\x1b\[[\d;]*m/g, '')).toBe(coloured.stdout.replace(/\x1b\[[\d;]*m/g, ''));
  });
});

// ---------------------------------------------------------------------------------------------
// 4. nn train

describe('nn train', () => {
  /** What a neuron computes on bits. */
  const fire = (w: number[], b: number, x: number[]) => (w.reduce((s, wi, i) => s + wi * x[i]!, b) >= 0 ? 1 : 0);
  const truth: Record<string, (x: number[]) => number> = {
    AND: ([a, b]) => a! & b!,
    OR: ([a, b]) => a! | b!,
    NAND: ([a, b]) => 1 - (a! & b!),
    NOR: ([a, b]) => 1 - (a! | b!),
    NOT: ([a]) => 1 - a!,
  };
  const rowsOf = (n: number) => Array.from({ length: 1 << n }, (_, i) => Array.from({ length: n }, (_, j) => (i >> (n - 1 - j)) & 1));
  const numbers = (s: string) => s.split(',').map((v) => Number(v.trim()));

  /** A small file with one trained neuron, for the runs that only need something to train. */
  const SMALL = 'neuron OR(x1, x2) {\n  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 1 }\n  init: normal  sigma: 0.5\n}\n';

  // One run of circuits/trained.nn with --emit: its report and the file it writes.
  const emitDir = once(() => tmp());
  const emitted = once(() => nn(['train', 'circuits/trained.nn', '--emit', join(emitDir(), 'out.nn')]));

  it('circuits/trained.nn: each neuron with learned weights, epochs, errors, integer form and .nn source', async () => {
    const r = await emitted();
    expectNoCrash(r);
    expect(r.code, r.stderr).toBe(0);
    const blocks = r.stdout.split(/\n(?=neuron )/);
    expect(blocks.map((b) => /^neuron (\w+)/.exec(b)?.[1])).toEqual(['AND', 'OR', 'NAND', 'NOR', 'NOT']);
    const declaredAt: Record<string, number> = { AND: 4, OR: 15, NAND: 20, NOR: 24, NOT: 29 };
    for (const block of blocks) {
      const name = /^neuron (\w+)/.exec(block)![1]!;
      const arity = name === 'NOT' ? 1 : 2;
      expect(block).toContain(`neuron ${name}  (circuits/trained.nn:${declaredAt[name]})`);
      const learned = /^ {2}learned +weights (.+?) {2}bias (\S+)$/m.exec(block);
      expect(learned, block).not.toBeNull();
      const w = numbers(learned![1]!);
      const b = Number(learned![2]);
      // The learned weights really compute the gate.
      for (const x of rowsOf(arity)) expect(fire(w, b, x), `${name} on ${x}`).toBe(truth[name]!(x));
      const epochs = Number(/^ {2}epochs +(\d+) \(converged: no errors in the last\)$/m.exec(block)?.[1]);
      expect(epochs).toBeGreaterThan(0);
      const errors = /^ {2}errors +(.+)$/m.exec(block)![1]!.split(' ').map(Number);
      expect(errors).toHaveLength(epochs);
      expect(errors.at(-1)).toBe(0);
      expect(block).toContain(`  accuracy   100% (${1 << arity} of ${1 << arity})`);
      expect(block).toMatch(/^ {2}integer +weights .+ {2}bias \S+ {2}\(smallest Σ\|w\| \+ \|b\| = \d+\)$/m);
      expect(block).toContain('  as .nn:\n');
      const params = arity === 1 ? 'x' : 'x1, x2';
      // The source has the learned values, or the shorter decimals shown as "rounded".
      const rounded = /^ {2}rounded +weights (.+?) {2}bias (\S+) {2}\(shorter; decides every input row as the learned weights do\)$/m.exec(
        block,
      );
      const written = rounded ?? learned!;
      for (const x of rowsOf(arity))
        expect(fire(numbers(written[1]!), Number(written[2]), x), `${name} rounded on ${x}`).toBe(truth[name]!(x));
      expect(block).toContain(`    neuron ${name}(${params}) { weights: ${written[1]}  bias: ${written[2]} }`);
    }
    expect(blocks[0]).toContain('  integer    weights 1, 1  bias -2  (smallest Σ|w| + |b| = 4)');
    // The knobs written in the file are used.
    expect(blocks[1]).toContain('  options    rate 0.1, epochs ≤ 100, init normal (σ 0.5), seed 7');
    expect(blocks[3]).toContain('seed 3, shuffled');
  });

  it('--emit writes a file without train blocks that passes nn test', async () => {
    const r = await emitted();
    const out = join(emitDir(), 'out.nn');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`note: wrote ${out}: circuits/trained.nn with 5 trained neurons replaced by learned weights\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/\btrain\s*[{:]/);
    expect(text).not.toMatch(/\b(rate|epochs|seed|init|sigma|shuffle)\s*:/);
    expect(text).toMatch(/^neuron AND\(x1, x2\) \{ weights: \S+, \S+ {2}bias: \S+ \}$/m);
    expect(text).toContain('circuit XOR(x1, x2) -> y {'); // the rest of the file is kept
    expect(listFiles(emitDir())).toEqual(['out.nn']);
    const t = await nn(['test', out]);
    expect(t.code, t.stdout + t.stderr).toBe(0);
    expect(lines(t.stdout).at(-1)).toBe('6 tests: 6 passed, 0 failed');
  });

  it('--json is parsable: one entry per trained neuron; --emit --integer writes the smallest integer weights', async () => {
    const out = join(tmp(), 'int.nn');
    const r = await nn(['train', 'circuits/trained.nn', '--json', '--emit', out, '--integer']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const fits = JSON.parse(r.stdout) as {
      name: string;
      trained: boolean;
      learned: { weights: number[]; bias: number };
      epochs: number;
      converged: boolean;
      errorsPerEpoch: number[];
      accuracy: number;
      separable: boolean;
      integer: { weights: number[]; bias: number; scope: string };
      nn: string;
    }[];
    expect(fits.map((f) => f.name)).toEqual(['AND', 'OR', 'NAND', 'NOR', 'NOT']);
    for (const f of fits) {
      expect(f).toMatchObject({ trained: true, converged: true, accuracy: 1, separable: true });
      expect(f.errorsPerEpoch).toHaveLength(f.epochs);
      for (const x of rowsOf(f.learned.weights.length)) expect(fire(f.learned.weights, f.learned.bias, x)).toBe(truth[f.name]!(x));
      expect(f.nn).toMatch(new RegExp(`^neuron ${f.name}\\(`));
    }
    expect(fits[0]!.integer).toEqual({ weights: [1, 1], bias: -2, scope: 'every-row' });
    expect(fits[4]!.integer).toEqual({ weights: [-1], bias: 0, scope: 'every-row' });
    // With --integer, the source given is the integer form.
    for (const f of fits) expect(f.nn).toContain(`weights: ${f.integer.weights.join(', ')}  bias: ${f.integer.bias} }`);

    const integer = readFileSync(out, 'utf8');
    expect(integer).toContain('neuron AND(x1, x2) { weights: 1, 1  bias: -2 }');
    expect(integer).toContain('neuron OR(x1, x2) { weights: 1, 1  bias: -1 }');
    expect(integer).toContain('neuron NOT(x) { weights: -1  bias: 0 }');
  });

  it('the same --seed gives identical output twice', async () => {
    const file = join(tmp({ 'or.nn': SMALL }), 'or.nn');
    const first = await nn(['train', file, '--seed', '5']);
    const second = await nn(['train', file, '--seed', '5']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('init normal (σ 0.5), seed 5');
    expect(first.stdout).toMatch(/^ {2}learned +weights /m);
    expect(second.stdout).toBe(first.stdout);
  });

  it('--emit onto the input file itself is refused (exit 2), and the input is unchanged byte for byte', async () => {
    const dir = tmp({ 'in.nn': SMALL, 'sub/.keep': '' });
    const input = join(dir, 'in.nn');
    const r = await nn(['train', input, '--emit', input]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`nn train: refusing to write ${input}: it is the input file`);
    // Also when spelt differently: a relative path through another folder.
    const spelt = join(relative(process.cwd(), dir), 'sub', '..', 'in.nn');
    const relativeRun = await nn(['train', input, '--emit', spelt]);
    expectNoCrash(relativeRun);
    expect(relativeRun.code).toBe(2);
    expect(relativeRun.stderr).toContain(`nn train: refusing to write ${spelt}: it is the input file`);
    // And through a symbolic link to it.
    symlinkSync(input, join(dir, 'link.nn'));
    const viaLink = await nn(['train', input, '--emit', join(dir, 'link.nn')]);
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toContain('it is the input file');
    expect(readFileSync(input, 'utf8')).toBe(SMALL);
    expect(listFiles(dir).sort()).toEqual(['in.nn', 'link.nn', 'sub/.keep']);
  });

  it('--emit onto a file the input imports is refused (exit 2)', async () => {
    const lib = 'neuron G(x) { weights: 1 }\n';
    const dir = tmp({ 'lib.nn': lib, 'main.nn': `import "lib.nn"\n${SMALL}` });
    const r = await nn(['train', join(dir, 'main.nn'), '--emit', join(dir, 'lib.nn')]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to write ${join(dir, 'lib.nn')}`);
    expect(readFileSync(join(dir, 'lib.nn'), 'utf8')).toBe(lib);
  });

  it('--emit into a directory that does not exist: a clear error (exit 2) and no temporary file left', async () => {
    const dir = tmp({ 'or.nn': SMALL });
    const out = join(dir, 'missing', 'out.nn');
    const r = await nn(['train', join(dir, 'or.nn'), '--emit', out]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn train: cannot write ${out}: directory does not exist\n`);
    expect(listFiles(dir)).toEqual(['or.nn']);
  });

  it('--emit rewrites relative imports so the copy works from its own folder', async () => {
    const dir = tmp({
      'gates.nn': GATES,
      'sub/t.nn':
        'import "../gates.nn"\nneuron T(a, b) { train { 0 0 -> 0 ; 0 1 -> 0 ; 1 0 -> 0 ; 1 1 -> 1 } }\n' +
        'circuit C(a, b) -> y { y = NOT(T(a, b)) }\ntest C { 1 1 -> 0 ; 0 1 -> 1 }\n',
    });
    const out = join(dir, 'copy.nn');
    const r = await nn(['train', join(dir, 'sub', 't.nn'), '--emit', out]);
    expect(r.code).toBe(0);
    const copy = readFileSync(out, 'utf8');
    expect(copy.split('\n')[0]).toBe('import "gates.nn"');
    expect(copy).not.toContain('train');
    const t = await nn(['test', out]);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe(`PASS C (2 rows) ${out}:4:1\n1 test: 1 passed, 0 failed\n`);
  });

  it('circuits/iris.nn trains to 100% accuracy on its 100 flowers', async () => {
    const r = await nn(['train', 'circuits/iris.nn']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data       100 rows of circuits/data/setosa-versicolor.csv: sepal_length, petal_length → versicolor');
    expect(r.stdout).toContain('  accuracy   100% (100 of 100)\n');
    expect(r.stdout).toMatch(/^ {2}epochs +\d+ \(converged: no errors in the last\)$/m);
  });

  it('XOR as a train table: error[not-separable] with a checkable certificate and a hint to a hidden layer', async () => {
    const dir = tmp({ 'x.nn': 'neuron X(a, b) {\n  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 }\n}\n' });
    const file = join(dir, 'x.nn');
    const r = await nn(['train', file]);
    expectDiagnosed(r);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)[0]).toBe(
      `${file}:1:8: error[not-separable]: no single neuron can compute X: its truth table is not linearly separable`,
    );
    expect(r.stderr).toMatch(/= hint: a circuit with a hidden layer can: XOR, for one, is AND\(OR\(x1, x2\), NAND\(x1, x2\)\)/);
    const note = /= note: (.*)$/m.exec(r.stderr)?.[1] ?? '';
    expect(note).toMatch(/average of \(0, 1\) and \(1, 0\), which give 1, is \(0\.5, 0\.5\)/);
    expect(note).toMatch(/average of \(0, 0\) and \(1, 1\), which give 0/);
  });

  it('a contradictory train table: error[contradiction] pointing at both rows', async () => {
    const dir = tmp({ 'c.nn': 'neuron C(a, b) {\n  train {\n    0 0 -> 0\n    0 1 -> 1\n    0 0 -> 1\n  }\n}\n' });
    const file = join(dir, 'c.nn');
    const r = await nn(['train', file]);
    expectDiagnosed(r);
    expect(r.stderr).toContain(`${file}:5:5: error[contradiction]: the training table of C contradicts itself`);
    expect(r.stderr).toContain(' 5 |     0 0 -> 1\n   |     ^~~~~~~~\n');
    expect(r.stderr).toContain(`= note: ${file}:3:5: inputs 0 0 give 0 here`);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Bad input: diagnostics and a non-zero exit, never a stack trace or a hang

describe('bad input', () => {
  it('a FILE that does not exist is a mistake on the command line (exit 2); a missing import is one in a file (exit 1)', async () => {
    const dir = tmp({ 'imports.nn': 'import "nowhere.nn"\nneuron A(x) { weights: 1 }\n' });
    const file = join(dir, 'missing.nn');
    for (const command of ['table', 'check', 'test', 'eval', 'train', 'render', 'plot']) {
      const r = await nn([command, file]);
      expectDiagnosed(r, 2);
      expect(r.stderr, command).toContain(`error[unreadable-file]: cannot read ${file}: no such file`);
      expect(r.stdout.replace(/^0 tests: 0 passed, 0 failed; 1 file with errors\n$/, '')).toBe('');
    }
    // Among other files, it still decides the exit code.
    const mixed = await nn(['test', 'circuits/xor.nn', file]);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toContain('PASS XOR');
    const imported = await nn(['check', join(dir, 'imports.nn')]);
    expectDiagnosed(imported, 1);
    expect(imported.stderr).toContain('error[import-not-found]: cannot import');
  });

  it('a directory passed to nn table (exit 2)', async () => {
    const dir = tmp();
    const r = await nn(['table', dir]);
    expectDiagnosed(r, 2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error[unreadable-file]: cannot read ${dir}: it is a directory, not a file\n` +
        '  = hint: pass a .nn file; `nn test` and `nn check` also accept folders\n',
    );
  });

  it('an empty file: nn check warns, nn table says there is nothing to show', async () => {
    const file = join(tmp({ 'empty.nn': '' }), 'empty.nn');
    const check = await nn(['check', file]);
    expectNoCrash(check);
    expect(check.code).toBe(0); // a warning alone
    expect(check.stderr).toContain(`warning[empty-file]: ${file} declares nothing`);
    expect(lines(check.stderr).at(-1)).toBe('checked 1 file: 0 errors, 1 warning');

    const table = await nn(['table', file]);
    expectNoCrash(table);
    expect(table.code).toBe(1);
    expect(table.stdout).toBe('');
    expect(table.stderr).toContain(`${file} declares no neuron or circuit of its own`);
  });

  it('binary garbage with NUL bytes: error[binary-file]', async () => {
    const bytes = randomBytes(4096, 1);
    bytes[100] = 0;
    const file = join(tmp({ 'garbage.nn': bytes }), 'garbage.nn');
    const r = await nn(['table', file]);
    expectDiagnosed(r);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error[binary-file]: ${file} is not a text file (it contains NUL bytes)`);
  });

  it('binary garbage without NUL bytes: a syntax error at file:line:col, control characters not echoed', async () => {
    const bytes = randomBytes(4096, 2).map((b) => (b === 0 ? 1 : b));
    // Escape sequences in the file must not reach the terminal through the source excerpt.
    const poison = Buffer.from('\x1b[31m\x1b]0;pwned\x07');
    const data = Buffer.concat([Buffer.from('neuron A(x) { weights: 1 } '), poison, bytes]);
    const file = join(tmp({ 'garbage.nn': data }), 'garbage.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    expect(r.stderr).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}:1:28: error\\[syntax\\]`, 'm'));
    const controls = [...r.stderr].filter((c) => c !== '\n' && c !== '\t' && (c < ' ' || c === '\x7f'));
    expect(controls).toEqual([]);
    expect(lines(r.stderr).at(-1)).toMatch(/^checked 1 file: \d+ errors?, \d+ warnings?$/);
  });

  it('a file that imports itself: error[import-cycle]', async () => {
    const file = join(tmp({ 'self.nn': 'import "self.nn"\nneuron A(x) { weights: 1 }\n' }), 'self.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    expect(r.stderr).toContain(`${file}:1:8: error[import-cycle]: ${file} imports itself\n 1 | import "self.nn"\n   |        ^~~~~~~~~\n`);
  });

  it('two files importing each other: error[import-cycle] naming the loop', async () => {
    const dir = tmp({
      'a.nn': 'import "b.nn"\nneuron A(x) { weights: 1 }\n',
      'b.nn': 'import "a.nn"\nneuron B(x) { weights: 1 }\n',
    });
    const [a, b] = [join(dir, 'a.nn'), join(dir, 'b.nn')];
    const r = await nn(['check', a]);
    expectDiagnosed(r);
    expect(r.stderr).toContain(`${b}:1:8: error[import-cycle]: circular import: ${a} → ${b} → ${a}`);
  });

  it('a number too large to be finite (1e999 as a weight): error[not-finite]', async () => {
    const file = join(tmp({ 'huge.nn': 'neuron Big(x1, x2) {\n  weights: 1e999, 1\n  bias: -1\n}\n' }), 'huge.nn');
    const r = await nn(['table', file]);
    expectDiagnosed(r);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:2:12: error[not-finite]: 1e999 is too large`);
    expect(r.stderr).toContain(' 2 |   weights: 1e999, 1\n   |            ^~~~~\n');
  });

  it('huge but finite weights still give the exact table', async () => {
    const file = join(
      tmp({
        'big.nn':
          'neuron Big(x1, x2) { weights: 1e308, 1e308  bias: -1.5e308 }\n' +
          'neuron Tiny(x1, x2) { weights: 1e300, 1e-300  bias: -1e-300 }\n' +
          'circuit Both(x1, x2) -> (big, tiny) {\n  big = Big(x1, x2)\n  tiny = Tiny(x1, x2)\n}\n',
      }),
      'big.nn',
    );
    const r = await nn(['table', file, '--format', 'csv']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('x1,x2,big,tiny\n0,0,0,0\n0,1,0,1\n1,0,0,1\n1,1,1,1\n');
  });

  const deepDir = once(() =>
    tmp({
      'gates.nn': GATES,
      'deep.nn': `import "gates.nn"\ncircuit Deep(x) -> y {\n  y = ${'NOT('.repeat(10_000)}x${')'.repeat(10_000)}\n}\n`,
      'ok.nn': `import "gates.nn"\ncircuit Deep(x) -> y {\n  y = ${'NOT('.repeat(200)}x${')'.repeat(200)}\n}\n`,
    }),
  );
  const deepTable = once(() => nn(['table', join(deepDir(), 'deep.nn')]));

  it('10,000 levels of nested calls: error[too-deep] at the 201st parenthesis', async () => {
    const dir = deepDir();
    const file = join(dir, 'deep.nn');
    const r = await deepTable();
    expectDiagnosed(r);
    expect(r.stdout).toBe('');
    // "  y = " then 200 "NOT(" (4 characters each): the 201st '(' is at column 7 + 200·4 + 3.
    expect(r.stderr).toContain(`${file}:3:810: error[too-deep]: parentheses are nested more than 200 levels deep here`);
    expect(r.stderr).toContain('= hint: name the inner results');
    // 200 levels are allowed: an even number of NOTs is the identity.
    const ok = await nn(['table', join(dir, 'ok.nn')]);
    expectNoCrash(ok);
    expect(ok.stdout).toBe('x | y\n0 | 0\n1 | 1\n');
  });

  it('the caret of an error far along a long line is under a visible part of the line', async () => {
    const out = lines((await deepTable()).stderr);
    const source = out.find((l) => l.startsWith(' 3 | '))!;
    const caret = out[out.indexOf(source) + 1]!;
    expect(caret.indexOf('^')).toBeGreaterThan(0);
    expect(caret.indexOf('^')).toBeLessThan(source.length);
  });

  it('a chain of circuits 1,000 levels deep, the limit, works; 1,001 levels are refused, not a crash', async () => {
    let text = 'import "gates.nn"\ncircuit C0(x) -> y { y = NOT(x) }\n';
    for (let i = 1; i <= 1000; i++) text += `circuit C${i}(x) -> y { y = C${i - 1}(x) }\n`;
    const file = join(tmp({ 'gates.nn': GATES, 'chain.nn': text }), 'chain.nn');
    const ok = await nn(['table', file, 'C999']);
    expectNoCrash(ok);
    expect(ok.stdout).toBe('x | y\n0 | 1\n1 | 0\n');
    const r = await nn(['table', file, 'C1000']);
    expectDiagnosed(r);
    expect(r.stderr).toContain('error[too-deep]: C1000 nests circuits 1001 levels deep, more than the limit of 1000');
  });

  it('a doubling hierarchy of 40 levels is refused with error[too-large] before it is built (exit 2)', async () => {
    let text = 'import "gates.nn"\ncircuit D0(x) -> y { y = NOT(x) }\n';
    for (let i = 1; i <= 40; i++) text += `circuit D${i}(x) -> y {\n  a = D${i - 1}(x)\n  _b = D${i - 1}(x)\n  y = a\n}\n`;
    const file = join(tmp({ 'gates.nn': GATES, 'double.nn': text }), 'double.nn');
    const r = await nn(['table', file, 'D40']);
    // The limit is --max-neurons's: a mistake on the command line, like --max-rows.
    expectDiagnosed(r, 2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `${file}:198:9: error[too-large]: D40 would expand to 1,099,511,627,776 neurons, more than the limit of 1,000,000`,
    );
    expect(r.stderr).toContain('--max-neurons');
    // --max-neurons sets the limit both ways.
    const lower = await nn(['render', file, 'D10', '--max-neurons', '100', '--format', 'dot']);
    expectDiagnosed(lower, 2);
    expect(lower.stderr).toContain('error[too-large]: D10 would expand to 1,024 neurons, more than the limit of 100');
    const higher = await nn(['table', file, 'D10', '--max-neurons', '2000']);
    expectNoCrash(higher);
    expect(higher.code).toBe(0);
    expect(higher.stdout).toBe('x | y\n0 | 1\n1 | 0\n');
  });

  it('a table over --max-rows is refused with error[table-too-large] (exit 2)', async () => {
    const r = await nn(['table', 'circuits/xor.nn', '--max-rows', '3']);
    expectDiagnosed(r, 2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error[table-too-large]: XOR has 2 inputs, so its truth table has 4 rows, more than the limit of 3');
    expect(r.stderr).toContain('--max-rows 4');
    // The default limit is 2^20 rows: 21 inputs are refused.
    const params = Array.from({ length: 21 }, (_, i) => `x${i}`).join(', ');
    const file = join(tmp({ 'wide.nn': `neuron Wide(${params}) { threshold: 21 }\n` }), 'wide.nn');
    const wide = await nn(['table', file]);
    expectDiagnosed(wide, 2);
    expect(wide.stderr).toContain('2,097,152 rows, more than the limit of 1,048,576');
  });

  it('an unterminated comment', async () => {
    const text =
      'neuron AND(x1, x2) { weights: 1, 1  bias: -2 }\n/* this comment\n   never ends\nneuron OR(x1, x2) { weights: 1, 1 bias: -1 }\n';
    const file = join(tmp({ 'c.nn': text }), 'c.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    expect(r.stderr).toBe(
      `${file}:2:1: error[syntax]: this comment is never closed\n 2 | /* this comment\n   | ^~\n  = hint: close it with '*/'\n` +
        'checked 1 file: 1 error, 0 warnings\n',
    );
  });

  it('a syntax error shows the position, the source line and a caret', async () => {
    const dir = tmp({
      'paren.nn': 'neuron AND(x1, x2) { weights: 1, 1  bias: -2 }\n\ncircuit C(a, b) -> y {\n  y = AND(a, b\n}\n',
      'comma.nn': 'neuron AND(x1, x2) { weights: 1 1  bias: -2 }\n',
    });
    const paren = await nn(['check', join(dir, 'paren.nn')]);
    expectDiagnosed(paren);
    expect(paren.stderr).toContain(`${join(dir, 'paren.nn')}:5:1: error[syntax]: expected ')' or ',', found '}'\n 5 | }\n   | ^\n`);
    const comma = await nn(['table', join(dir, 'comma.nn')]);
    expectDiagnosed(comma);
    expect(comma.stderr).toContain(`${join(dir, 'comma.nn')}:1:33: error[syntax]: expected `);
    expect(comma.stderr).toContain(' 1 | neuron AND(x1, x2) { weights: 1 1  bias: -2 }\n   |                                 ^\n');
  });

  it('CRLF line endings and a UTF-8 BOM work, with correct positions', async () => {
    const crlf = (s: string) => `\ufeff${s.replaceAll('\n', '\r\n')}`;
    const xor = readFileSync(join(repoRoot, 'circuits', 'xor.nn'), 'utf8');
    const dir = tmp({
      'gates.nn': crlf(GATES),
      'xor.nn': crlf(xor),
      'bad.nn': crlf('import "gates.nn"\ncircuit C(a, b) -> y {\n  y = ANDD(a, b)\n}\n'),
      'fail.nn': crlf('import "gates.nn"\ntest AND {\n  0 0 -> 1\n  1 1 -> 1\n}\n'),
    });
    const test = await nn(['test', join(dir, 'xor.nn')]);
    expectNoCrash(test);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toBe(`PASS XOR (4 rows) ${join(dir, 'xor.nn')}:11:1\n1 test: 1 passed, 0 failed\n`);

    const bad = await nn(['check', join(dir, 'bad.nn')]);
    expectDiagnosed(bad);
    expect(bad.stderr).toContain(
      `${join(dir, 'bad.nn')}:3:7: error[unknown-name]: there is no neuron or circuit called ANDD\n 3 |   y = ANDD(a, b)\n   |       ^~~~\n`,
    );
    expect(bad.stderr).not.toContain('\r');

    const fail = await nn(['test', join(dir, 'fail.nn')]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(`  ${join(dir, 'fail.nn')}:3:3  x1=0 x2=0: AND expected 1, got 0\n`);
    expect(fail.stdout).not.toContain('\r');
  });

  it('a UTF-8 BOM does not shift the columns of line 1', async () => {
    const file = join(tmp({ 'bom.nn': '\ufeffneuron A(x) { weights: 1, 1 }\r\n' }), 'bom.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    expect(r.stderr).toContain(
      `${file}:1:15: error[weight-count]: neuron A has 1 input (x) but 2 weights\n 1 | neuron A(x) { weights: 1, 1 }\n   |               ^~~~~~~~~~~~~\n`,
    );
  });

  it('a misspelt name gets "did you mean"', async () => {
    const dir = tmp({
      'gates.nn': GATES,
      'typo.nn': 'import "gates.nn"\n\ncircuit XOR2(x1, x2) -> y {\n  h1 = OR(x1, x2)\n  h2 = NAND(x1, x2)\n  y  = ANDD(h1, h2)\n}\n',
      'field.nn': 'neuron A(x) { wieghts: 1 }\n',
    });
    const file = join(dir, 'typo.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    expect(r.stderr).toBe(
      `${file}:6:8: error[unknown-name]: there is no neuron or circuit called ANDD\n` +
        ' 6 |   y  = ANDD(h1, h2)\n' +
        '   |        ^~~~\n' +
        "  = hint: did you mean 'AND'?\n" +
        'checked 1 file: 1 error, 0 warnings\n',
    );
    const field = await nn(['check', join(dir, 'field.nn')]);
    expectDiagnosed(field);
    expect(field.stderr).toContain(`${join(dir, 'field.nn')}:1:15: error[unknown-field]: a neuron has no field called wieghts`);
    expect(field.stderr).toContain("= hint: did you mean 'weights'?");
  });

  it.skipIf(!existsSync('/dev/zero'))('a file that never ends (/dev/zero) is refused instead of read forever', async () => {
    const r = await nn(['check', '/dev/zero']);
    // Named on the command line, it is the command line's mistake.
    expectDiagnosed(r, 2);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Command-line conventions

describe('command-line conventions', () => {
  const commands = ['table', 'eval', 'test', 'check', 'train', 'render', 'plot', 'verify'];

  it('nn --help lists the commands, exit 0; without arguments the same on stderr, exit 2', async () => {
    const r = await nn(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: nn COMMAND [ARGS] [OPTIONS]');
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^ {2}${c} +\\S`, 'm'));
    expect(r.stdout).toContain('--version');
    const bare = await nn([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toBe(r.stdout);
    expect((await nn(['help', 'table'])).stdout).toBe((await nn(['table', '--help'])).stdout);
  });

  it("nn COMMAND --help shows the command's usage and every option, exit 0", async () => {
    const expected: Record<string, string[]> = {
      table: ['--hidden', '--format', '--radix', '--bits', '--count', '--max-rows', '--max-neurons', '--jobs'],
      eval: ['--json'],
      test: ['--assert-rows'],
      check: [],
      verify: ['--equals', '--method', '--exhaustive', '--timeout', '--jobs', '--json'],
      train: ['--rate', '--epochs', '--seed', '--init', '--sigma', '--shuffle', '--emit', '--integer', '--json'],
      render: ['-o, --output', '--format', '--depth', '--max-neurons'],
      plot: ['-o, --output', '--errors', '--format', '--max-rows'],
    };
    for (const c of commands) {
      const r = await nn([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: nn ${c} `));
      // An "Options:" heading, then one line per option, descriptions in one column.
      const options = r.stdout.slice(r.stdout.indexOf('\nOptions'));
      expect(options, c).toMatch(/^\nOptions[^\n]*:\n/);
      const optionLines = options.split('\n').slice(2, -1);
      const named = optionLines.filter((l) => l.startsWith('  -')).map((l) => l.slice(0, 21).trim());
      expect(named, c).toEqual([...expected[c]!.map((o) => expect.stringMatching(new RegExp(`^${o}\\b`))), '-h, --help']);
      for (const l of optionLines) {
        // The option (or nothing, on a continued line), then its description from column 22.
        expect(l.slice(0, 21), `${c}: ${l}`).toMatch(/^ {2}-\S(.*\S)? {2,}$|^ {21}$/);
        expect(l.slice(21), `${c}: ${l}`).toMatch(/^\S/);
        expect(l.length, `${c}: ${l}`).toBeLessThanOrEqual(96);
      }
    }
  });

  it('the help texts say what a user would otherwise have to find out', async () => {
    expect((await nn(['eval', '--help'])).stdout).toContain(
      "Without NAME: the file's last circuit\n(or, with no circuit, its last neuron)",
    );
    expect((await nn(['train', '--help'])).stdout).toMatch(/The neuron nn uses is the learned one, exactly/);
    expect((await nn(['table', '--help'])).stdout).toMatch(/--hidden .*\(not with\s+--format test/);
  });

  it('nn --version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = await nn(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`nn ${version}\n`);
    expect(r.stderr).toBe('');
  });

  it('an unknown command: exit 2, naming the commands', async () => {
    const r = await nn(['frobnicate', 'circuits/xor.nn']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)[0]).toBe("nn: unknown command 'frobnicate'");
    for (const c of commands) expect(lines(r.stderr)[1]).toContain(c);
    expect(r.stderr).toContain("Try 'nn --help'.");
  });

  it('an unknown option: exit 2 with a did-you-mean', async () => {
    const r = await nn(['table', 'circuits/xor.nn', '--hiden']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      "nn table: unknown option --hiden; did you mean '--hidden'?",
      'Usage: nn table FILE [NAME] [--hidden] [--format text|md|csv|json|test] [--radix dec|hex|bin] [--bits] [--max-rows N] [--max-neurons N]',
      "Try 'nn table --help'.",
    ]);
  });

  it('other command-line mistakes are usage errors (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['table'], 'nn table: missing the file'],
      [['table', 'circuits/xor.nn', 'XRO'], "nn table: there is no neuron or circuit called XRO in circuits/xor.nn; did you mean 'XOR'?"],
      [['table', 'circuits/xor.nn', '--format', 'xml'], "nn table: --format must be one of text, md, csv, json, test, not 'xml'"],
      [['table', 'circuits/xor.nn', '--max-rows', 'lots'], "nn table: --max-rows needs a whole number, not 'lots'"],
      [['table', 'circuits/xor.nn', 'XOR', 'extra'], "nn table: unexpected argument 'extra'"],
      [['train', 'circuits/trained.nn', '--epochs'], 'nn train: --epochs needs a value'],
      [['test', 'circuits/data'], 'nn test: no .nn files in circuits/data'],
    ];
    for (const [args, message] of cases) {
      const r = await nn(args);
      expectNoCrash(r);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)[0]).toBe(message);
    }
  });

  it('-o onto an input file is refused (exit 2), and so is a PNG to a terminal', async () => {
    const dir = copyOfCircuits(['gates.nn', 'xor.nn']);
    const input = join(dir, 'xor.nn');
    const before = readFileSync(input, 'utf8');
    const render = await nn(['render', input, '-o', input, '--format', 'dot']);
    expectNoCrash(render);
    expect(render.code).toBe(2);
    expect(render.stderr).toContain(`nn render: refusing to write ${input}: it is the input file`);
    const plot = await nn(['plot', input, '-o', join(dir, 'gates.nn'), '--format', 'svg']);
    expect(plot.code).toBe(2);
    expect(plot.stderr).toContain(`nn plot: refusing to write ${join(dir, 'gates.nn')}: it is the input file`);
    expect(readFileSync(input, 'utf8')).toBe(before);
    const png = await nn(['plot', input, '--format', 'png'], { stdoutIsTTY: true });
    expect(png.code).toBe(2);
    expect(png.bytes.length).toBe(0);
    expect(lines(png.stderr).at(-3)).toBe('nn plot: a PNG is binary: write it to a file with -o FILE.png, or pipe it');
  });

  it('diagnostics are coloured on a terminal, unless NO_COLOR is set', async () => {
    const file = join(tmp({ 'bad.nn': 'neuron A(x) { weights: 1, 2 }\n' }), 'bad.nn');
    const coloured = await nn(['check', file], { stderrIsTTY: true });
    expect(coloured.code).toBe(1);
    expect(coloured.stderr).toContain('error[weight-count]');
    expect(coloured.stderr).toContain('\x1b[');
    const plain = await nn(['check', file], { stderrIsTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\x1b');
    expect(plain.stderr).toBe(coloured.stderr.replace(/\x1b\[[\d;]*m/g, ''));
    // Off a terminal nothing is coloured, NO_COLOR or not: checked for every run of this file below.
  });
});

// ---------------------------------------------------------------------------------------------
// 7. nn render and nn plot (pictures themselves: render.test.ts and plot.test.ts)

describe('nn render and nn plot', () => {
  it('render --format dot prints the DOT of the elaborated circuit; -o writes the file, its format from the name', async () => {
    const dot = await nn(['render', 'circuits/xor.nn', 'XOR', '--format', 'dot']);
    expect(dot.code, dot.stderr).toBe(0);
    expect(dot.stdout).toBe(toDot(compileSource('import "circuits/xor.nn"', 'XOR').netlist));
    const dir = tmp();
    const written = await nn(['render', 'circuits/xor.nn', 'XOR', '-o', join(dir, 'xor.gv'), '--depth', '0']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(join(dir, 'xor.gv'), 'utf8')).toMatch(/^digraph "XOR" \{/);
    expect(listFiles(dir)).toEqual(['xor.gv']);
  });

  it('plot draws what explains each kind of part: a boundary, a hidden space, a training curve', async () => {
    const boundary = await nn(['plot', 'circuits/gates.nn', 'AND']);
    expect(boundary.code, boundary.stderr).toBe(0);
    expect(boundary.stdout).toContain('class="boundary"');
    const hidden = await nn(['plot', 'circuits/xor.nn']);
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(hidden.stdout).toContain('hidden space');
    const errors = await nn(['plot', 'circuits/trained.nn', 'AND', '--errors']);
    expect(errors.code, errors.stderr).toBe(0);
    expect(errors.stdout).toMatch(/^<\?xml[\s\S]*<\/svg>\n?$/);
    const refused = await nn(['plot', 'circuits/full-adder.nn', 'FullAdder']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no hidden space to plot');
  });
});

// ---------------------------------------------------------------------------------------------
// 8. All diagnostics at once

describe('nn check reports every problem of a file at once', () => {
  it('a file with 4 different errors gives 4 error lines and the count', async () => {
    const text = `neuron AND(x1, x2) { weights: 1, 1  bias: -2 }
neuron NOT(x) { weights: -1, 1 }

circuit C(a, b) -> y {
  y = ANDD(a, b)
  _w = AND(a)
}

test Nope { 0 -> 1 }
`;
    const file = join(tmp({ 'four.nn': text }), 'four.nn');
    const r = await nn(['check', file]);
    expectDiagnosed(r);
    const errors = lines(r.stderr).filter((l) => /^\S+:\d+:\d+: error\[/.test(l));
    expect(errors).toEqual([
      `${file}:2:17: error[weight-count]: neuron NOT has 1 input (x) but 2 weights`,
      `${file}:5:7: error[unknown-name]: there is no neuron or circuit called ANDD`,
      `${file}:6:8: error[arity]: AND takes 2 inputs (x1, x2), but this call gives 1`,
      `${file}:9:6: error[unknown-test-target]: test Nope: there is no neuron or circuit called Nope`,
    ]);
    expect(lines(r.stderr).at(-1)).toBe('checked 1 file: 4 errors, 0 warnings');
  });

  it('several files: every file is checked and the count covers them all', async () => {
    const dir = tmp({
      'a.nn': 'neuron A(x) { weights: 1, 2 }\n',
      'b.nn': 'neuron B(x) { threshold: 1  weights: 1 }\n',
      'c.nn': 'circuit C(a, b) -> y { y = a }\n',
    });
    const r = await nn(['check', dir]);
    expectDiagnosed(r);
    expect(r.stderr).toContain(`${join(dir, 'a.nn')}:1:15: error[weight-count]`);
    expect(r.stderr).toContain(`${join(dir, 'b.nn')}:`);
    expect(r.stderr).toContain('error[conflicting-fields]');
    expect(r.stderr).toContain(`${join(dir, 'c.nn')}:1:14: warning[unused]: input b of C is never used`);
    expect(lines(r.stderr).at(-1)).toBe('checked 3 files: 2 errors, 1 warning');
  });
});

// ---------------------------------------------------------------------------------------------

describe('colour', () => {
  it('no output of this file off a terminal holds an ANSI escape (NO_COLOR was not set for them)', () => {
    expect(plainOutputs.length).toBeGreaterThan(80);
    const coloured = plainOutputs.filter((o) => o.text.includes('\x1b')).map((o) => o.args);
    expect(coloured).toEqual([]);
  });
});
