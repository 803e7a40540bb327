// Hostile and huge inputs: every one must end in a diagnostic, a bounded run or a refusal,
// never a crash, a hang, a flood of output or a terminal driven by a file's bytes.
// Small repros live in test/fixtures/hostile/; the big ones are generated here.

import { integer } from '../src/arith/rational.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Context, expandPaths } from '../src/cli/context.js';
import { guardStandardStreams } from '../src/cli/streams.js';
import { error } from '../src/diagnostics/diagnostic.js';
import { positionOf, renderDiagnostic } from '../src/diagnostics/render.js';
import { closest, editDistance } from '../src/diagnostics/suggest.js';
import { escapeControl, listSome, shorten } from '../src/diagnostics/text.js';
import { withScalarPorts, type NetNeuron, type Netlist } from '../src/elaborate/netlist.js';
import { checkRowLimit } from '../src/evaluate/table.js';
import { loadProgram } from '../src/load/load.js';
import { nodeHost } from '../src/load/node-host.js';
import { hiddenSpaceFigure, LABELLED_ROWS_PER_PLACE } from '../src/plot/figures.js';
import { MAX_CLUSTER_DEPTH, toDot } from '../src/render/dot.js';
import { parseDataset } from '../src/train/dataset.js';
import { checkSource, compileSource, memoryHost, reportScale, seededRandom, TEST_SCALE } from './helpers.js';
import { nnInProcess as nn } from './run-in-process.js';

// A hang guard, not a speed test: these spawn nn or feed it megabytes, on busy machines too.
vi.setConfig({ testTimeout: 30_000 });

const FIXTURES = 'test/fixtures/hostile';
const OSC52 = '\x1b]52;c;aGVsbG8=\x07';
const isRoot = process.getuid?.() === 0;
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nn-hostile-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** No byte of the output can start a terminal escape. */
function expectNoControl(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
}

describe('files that are not regular files are refused before they are opened', () => {
  it.skipIf(!posix)('an import of a FIFO, which would block open() forever', async () => {
    copyFileSync(join(FIXTURES, 'fifo-import.nn'), join(dir, 'main.nn'));
    execFileSync('mkfifo', [join(dir, 'pipe.nn')]);
    const r = await nn(['check', join(dir, 'main.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error[import-not-found]: cannot import ${join(dir, 'pipe.nn')}: it is a named pipe (FIFO), not a regular file`,
    );
  });

  it.skipIf(!posix)('a FIFO named on the command line', async () => {
    execFileSync('mkfifo', [join(dir, 'f.nn')]);
    const r = await nn(['table', join(dir, 'f.nn')]);
    // A FILE named on the command line that cannot be read: a mistake of the command line.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error[unreadable-file]: cannot read ${join(dir, 'f.nn')}: it is a named pipe (FIFO), not a regular file`);
  });

  it.skipIf(!posix)('import "/dev/stdin" and the endless /dev/zero', async () => {
    const r = await nn(['check', join(FIXTURES, 'stdin-import.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot import \/dev\/stdin: it is (a character device|a named pipe \(FIFO\)|a socket), not a regular file/);
    const zero = await nn(['check', '/dev/zero']);
    expect(zero.stderr).toContain('cannot read /dev/zero: it is a character device, not a regular file');
  });
});

describe('binary files are refused whole, never cut short', () => {
  /** A data set of `rows` rows with a NUL byte in row `nulAt`, well past its first megabyte. */
  function bigDataset(rows: number, nulAt: number): string {
    // Row i is `${i % 7}.25,${i % 5}.5,${i % 7 > 3 ? 1 : 0}`: the rows repeat every 35, so each
    // run of them is a cycle repeated, not thousands of strings made one by one.
    const cycle = Array.from({ length: 35 }, (_, i) => `${i % 7}.25,${i % 5}.5,${i % 7 > 3 ? 1 : 0}\n`);
    const run = (from: number, to: number): string => {
      const turned = [...cycle.slice(from % 35), ...cycle.slice(0, from % 35)];
      return turned.join('').repeat(Math.floor((to - from) / 35)) + turned.slice(0, (to - from) % 35).join('');
    };
    return `a,b,y\n${run(0, nulAt)}1,\0,1\n${run(nulAt + 1, rows)}`;
  }

  it('a data set with a NUL byte after its first megabyte is refused, not trained on its start', async () => {
    const csv = bigDataset(150_000, 140_000);
    expect(csv.indexOf('\0')).toBeGreaterThan(1024 * 1024);
    writeFileSync(join(dir, 'big.csv'), csv);
    writeFileSync(join(dir, 'v.nn'), 'neuron V(a, b) { train: "big.csv"  label: "y" }\n');
    const r = await nn(['train', join(dir, 'v.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it is not a text file (it contains NUL bytes)');
    expect(r.stdout).not.toContain('rows of');
  });

  it('the disk reader throws for a binary file instead of returning the part before the NUL', () => {
    writeFileSync(join(dir, 'x.nn'), 'neuron N(a) { weights: 1  bias: 0 }\n'.repeat(40_000) + '\0');
    expect(() => nodeHost.readFile(join(dir, 'x.nn'))).toThrow(expect.objectContaining({ code: 'EBINARY' }));
    const loaded = loadProgram(join(dir, 'x.nn'), nodeHost);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['binary-file']);
  });

  it('a text file of several reads is returned whole, a character cut between reads included', () => {
    // The reader takes a megabyte at a time: after 'a', each 'θ' (two bytes) starts at an odd
    // byte, so one straddles the boundary at 2^20.
    const text = `a${'θ'.repeat(530_000)}\n`;
    writeFileSync(join(dir, 'long.nn'), text);
    expect(nodeHost.readFile(join(dir, 'long.nn')) === text).toBe(true);
  });

  it('the data-set reader refuses NUL bytes from any host, pointing at the first', () => {
    const r = parseDataset('a,b,y\n1,1,1\n0,\0,0\n', 'd.csv', ['a', 'b'], 'y');
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'binary-file', span: { file: 'd.csv', start: 14, end: 15 } })]);
  });
});

describe('imports', () => {
  it.skipIf(!posix)('two symlinks to the folder itself are one file, not 2^40 paths', async () => {
    copyFileSync(join(FIXTURES, 'symlink-loop', 'a.nn'), join(dir, 'a.nn'));
    symlinkSync('.', join(dir, 'l1'));
    symlinkSync('.', join(dir, 'l2'));
    const r = await nn(['check', join(dir, 'a.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[import-cycle]: ${join(dir, 'a.nn')} imports itself (as ${join(dir, 'l1', 'a.nn')})`);
    expect(r.stderr).toContain('checked 1 file: 2 errors');
  });

  it.skipIf(!posix)('a file reached through symlinks under many names is loaded once', () => {
    // Each file imports the next through both links: 2^n paths to the last one.
    const n = 30;
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `import "l1/f${i + 1}.nn"\nimport "l2/f${i + 1}.nn"\n` : '';
      writeFileSync(join(dir, `f${i}.nn`), `${next}neuron N${i}(a) { weights: 1  bias: 0 }\n`);
    }
    symlinkSync('.', join(dir, 'l1'));
    symlinkSync('.', join(dir, 'l2'));
    const loaded = loadProgram(join(dir, 'f0.nn'), nodeHost);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.value.files).toHaveLength(n);
  });

  it('a chain of 5,000 imports is followed without the JS stack (it overflowed at 5,000)', () => {
    const n = 5000;
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) files[`f${i}.nn`] = i + 1 < n ? `import "f${i + 1}.nn"\n` : 'neuron N(a) { weights: 1  bias: 0 }\n';
    const loaded = loadProgram('f0.nn', memoryHost(files));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.value.files).toHaveLength(n);
      expect(loaded.value.files[0]!.path).toBe(`f${n - 1}.nn`);
      expect(loaded.value.entry.path).toBe('f0.nn');
    }
  });

  it('a file loaded again is parsed again only if its text changed', () => {
    const files: Record<string, string> = { 'lib.nn': 'neuron A(x) { weights: 1 }\n', 'main.nn': 'import "lib.nn"\n' };
    const lib = (loaded: ReturnType<typeof loadProgram>) => (loaded.ok ? loaded.value.files[0]!.ast : undefined);
    const first = lib(loadProgram('main.nn', memoryHost(files)));
    expect(first?.items.map((i) => i.kind === 'neuron' && i.name.text)).toEqual(['A']);
    // The same text under the same path: the same parse, shared (nothing changes a parse).
    expect(lib(loadProgram('main.nn', memoryHost(files)))).toBe(first);
    files['lib.nn'] = 'neuron B(x) { weights: 1 }\n';
    expect(lib(loadProgram('main.nn', memoryHost(files)))?.items.map((i) => i.kind === 'neuron' && i.name.text)).toEqual(['B']);
    // The same text under another path names that path in its spans.
    const moved = loadProgram('other.nn', memoryHost({ 'other.nn': files['lib.nn'] }));
    expect(moved.ok && moved.value.files[0]!.ast.items[0]!.span.file).toBe('other.nn');
  });

  it('a loop through hundreds of files is named by its ends', () => {
    const n = 300;
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) files[`f${i}.nn`] = `import "f${(i + 1) % n}.nn"\n`;
    const loaded = loadProgram('f0.nn', memoryHost(files));
    const cycle = loaded.diagnostics.find((d) => d.code === 'import-cycle')!;
    expect(cycle.message).toBe(
      `circular import: f0.nn → f1.nn → f2.nn → f3.nn → f4.nn → f5.nn → … ${n + 1 - 10} more … → f297.nn → f298.nn → f299.nn → f0.nn`,
    );
  });
});

describe("a file's bytes never reach the terminal raw", () => {
  it('an OSC 52 clipboard write in an import path', async () => {
    const r = await nn(['check', join(FIXTURES, 'osc52-import.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot import test/fixtures/hostile/\\x1b]52;c;aGVsbG8=\\x07.nn: no such file');
    expectNoControl(r.stderr);
  });

  it('an OSC 52 clipboard write in a CSV header', async () => {
    const r = await nn(['train', join(FIXTURES, 'osc52-header.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('= note: its columns are: "a", "\\x1b]52;c;aGVsbG8=\\x07", "y"');
    expectNoControl(r.stderr);
  });

  it('an OSC 52 clipboard write in a label, printed on stdout by nn train', async () => {
    const r = await nn(['train', join(FIXTURES, 'osc52-label.nn')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ \\x1b]52;c;aGVsbG8=\\x07');
    expectNoControl(r.stdout);
  });

  it('the renderer escapes every field of a diagnostic, whoever made it', () => {
    const d = error(
      `code${OSC52}`,
      `message ${OSC52}\nforged: error`,
      { file: `f${OSC52}.nn`, start: 0, end: 1 },
      {
        hint: `hint ${OSC52}`,
        notes: [{ message: `note ${OSC52}` }, { message: `located ${OSC52}`, span: { file: `f${OSC52}.nn`, start: 2, end: 3 } }],
      },
    );
    const text = renderDiagnostic(d, { source: () => `a${OSC52}b\u202ec\n` });
    expectNoControl(text);
    expect(text).toContain('message \\x1b]52;c;aGVsbG8=\\x07\\nforged: error');
    expect(text).toContain('hint \\x1b]52');
    expect(text).toContain('= note: note \\x1b]52');
    expect(text).toContain('f\\x1b]52;c;aGVsbG8=\\x07.nn:1:1: ');
    // In the source excerpt each control character becomes one replacement character.
    expect(text).toContain(' 1 | a\ufffd]52;c;aGVsbG8=\ufffdb\ufffdc');
  });

  it('notes and every other line nn writes on stderr are escaped too', async () => {
    copyFileSync('circuits/gates.nn', join(dir, `g${OSC52}.nn`));
    const r = await nn(['table', join(dir, `g${OSC52}.nn`)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: ${join(dir, 'g')}\\x1b]52;c;aGVsbG8=\\x07.nn declares 7 neurons`);
    expectNoControl(r.stderr);
    const usage = await nn(['table', `x${OSC52}.nn`, 'N', 'extra']);
    expect(usage.code).toBe(2);
    expectNoControl(usage.stderr);
  });

  it('escapeControl keeps text without control characters as it is', () => {
    expect(escapeControl('plain θ → text\twith a tab\n')).toBe('plain θ → text\twith a tab\n');
    expect(escapeControl('a\x1b[31mred\x9b\u202e', { lineBreaks: false })).toBe('a\\x1b[31mred\\x9b\\u202e');
  });
});

describe('echoes of file content are bounded', () => {
  it('shorten keeps both ends and says how long the text was', () => {
    const digits = '1234567890'.repeat(1000);
    expect(shorten(digits)).toBe(`${digits.slice(0, 38)}…${digits.slice(-18)} (10,000 characters)`);
    expect(shorten('short')).toBe('short');
    // A surrogate pair is never split.
    expect(shorten('😀'.repeat(100))).toBe(`${'😀'.repeat(19)}…${'😀'.repeat(9)} (100 characters)`);
    expect(listSome(['a', 'b', 'c', 'd'], 2)).toBe('a, b, … and 2 more');
  });

  it('a 10,000-digit number', async () => {
    writeFileSync(join(dir, 'n.nn'), `neuron N(a) { weights: 1${'0'.repeat(10_000)}  bias: 0 }\n`);
    const r = await nn(['check', join(dir, 'n.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[number-range]: 10000000000');
    expect(r.stderr).toContain('(10,001 characters) has more than 500 digits');
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('a 1 MB CSV cell and a header of 50,000 columns', async () => {
    // The cell once also took the number pattern minutes to reject: its digits could be split
    // in quadratically many ways.
    writeFileSync(join(dir, 'cell.csv'), `a,b,y\n${'7'.repeat(1_000_000)}x,1,1\n`);
    writeFileSync(join(dir, 'cell.nn'), 'neuron V(a, b) { train: "cell.csv"  label: "y" }\n');
    const cell = await nn(['train', join(dir, 'cell.nn')]);
    expect(cell.code).toBe(1);
    expect(cell.stderr).toContain('(1,000,001 characters)" in column "a" (data row 1) is not a number');
    expect(cell.stderr.length).toBeLessThan(1000);

    const columns = Array.from({ length: 50_000 }, (_, i) => `c${i}`);
    writeFileSync(join(dir, 'wide.csv'), `${columns.join(',')}\n${columns.map(() => '1').join(',')}\n`);
    writeFileSync(join(dir, 'wide.nn'), 'neuron V(a, b) { train: "wide.csv"  label: "y" }\n');
    const wide = await nn(['train', join(dir, 'wide.nn')]);
    expect(wide.code).toBe(1);
    expect(wide.stderr).toContain('= note: its 50,000 columns are: "c0", "c1", ');
    expect(wide.stderr).toContain('"c19", … and 49,980 more');
    expect(wide.stderr.length).toBeLessThan(3000);
  });

  it('a table of 1,100 inputs has 2^1100 rows, not "∞" rows', () => {
    const params = Array.from({ length: 1100 }, (_, i) => `x${i}`);
    const { circuit } = compileSource(`neuron Big(${params.join(', ')}) { weights: ${params.map(() => '1').join(', ')}  bias: 0 }`, 'Big');
    const d = checkRowLimit(circuit)!;
    expect(d.message).toBe('Big has 1100 inputs, so its truth table has 2^1100 rows, more than the limit of 1,048,576');
    expect(d.hint).toBe('no table that long can be printed; check chosen rows with nn eval or a test block');
    const { circuit: p21 } = compileSource(
      `neuron N(${params.slice(0, 21).join(', ')}) { weights: ${params
        .slice(0, 21)
        .map(() => '1')
        .join(', ')}  bias: 0 }`,
      'N',
    );
    expect(checkRowLimit(p21)!.hint).toBe('raise the limit with --max-rows 2097152, or check chosen rows with nn eval or a test block');
  });
});

describe('diagnostics in bulk', () => {
  it('a bus of 100,000 bits with all but one never assigned, and an input of as many mostly unused: each said as ranges', () => {
    // Each bit's place in its bus is found once per bus (a search per bit was quadratic: 6 s here).
    const n = 100_000;
    const source = `neuron N(a) { weights: 1  bias: 0 }\nneuron AND(a, b) { weights: 1, 1  bias: -2 }\ncircuit C(a, b[${n}]) -> y {\n  w[${n - 1}] = N(a)\n  y = AND(w[${n - 1}], b[3])\n}\n`;
    const checked = checkSource(source);
    expect(checked.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      `unused: b[0..2], b[4..${n - 1}] of input b are never used`,
      `unassigned-bit: w[0..${n - 2}] are never assigned`,
    ]);
  });

  /** Line and column the slow, obvious way. */
  function naivePosition(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    for (let i = 0; i < offset; i++) {
      if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
        line++;
        start = i + 1;
      }
    }
    return { line, column: [...text.slice(start, offset)].length + 1 };
  }

  it('positions agree with counting code points from the line start', () => {
    const rand = seededRandom(7);
    const pieces = ['a', 'b', ' ', '\t', '\n', '\r\n', '\r', 'θ', '😀', '𝑥'];
    // One assertion for the 1,000 positions: the ones that disagree, each with its text.
    const wrong: string[] = [];
    for (let trial = 0; trial < 50; trial++) {
      const text = Array.from({ length: 1 + rand(200) }, () => pieces[rand(pieces.length)]).join('');
      for (let k = 0; k < 20; k++) {
        let offset = rand(text.length + 1);
        // Spans start at characters, never inside a surrogate pair.
        if (offset > 0 && offset < text.length && (text.charCodeAt(offset) & 0xfc00) === 0xdc00) offset--;
        const [got, want] = [positionOf(text, offset), naivePosition(text, offset)];
        if (got.line !== want.line || got.column !== want.column)
          wrong.push(`${JSON.stringify({ text, offset })}: ${got.line}:${got.column}, not ${want.line}:${want.column}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('1,000 bad cells on one line: the first 100 are shown, at the right columns, and the rest counted', async () => {
    // (Parsing, not reporting, is most of the time here: 1,000 rows keep the test short.)
    const rows = Array.from({ length: 1000 }, () => '2 -> 1').join(' ; ');
    writeFileSync(join(dir, 'wide.nn'), `neuron N(a) { weights: 1  bias: 0 }\ntest N { ${rows} }\n`);
    const r = await nn(['check', join(dir, 'wide.nn')]);
    expect(r.code).toBe(1);
    const shown = r.stderr.match(/error\[/g) ?? [];
    expect(shown.length).toBeLessThanOrEqual(100);
    expect(r.stderr).toContain('note: 900 more problems not shown (900 errors, 0 warnings); fix the first 100 and run nn again');
    expect(r.stderr).toContain('checked 1 file: 1000 errors');
    // The 100th cell is at column 10 + 99 · 9: "test N { " and each "2 -> 1 ; " are 9 characters.
    expect(r.stderr).toContain(`wide.nn:2:${10 + 99 * 9}: error[not-a-bit]`);
    // Every excerpt is a window around its caret, whatever the line's length.
    expect(r.stderr.split('\n').filter((line) => line.length >= 400)).toEqual([]);
  });

  it('a problem of a file two others import is shown once, and counted once', async () => {
    writeFileSync(join(dir, 'shared.nn'), 'neuron NOT(x) { weights: -1  bias: 0 }\ncircuit S(a) -> y {\n  w = NOT(a)\n  y = NOT(a)\n}\n');
    writeFileSync(join(dir, 'a.nn'), 'import "shared.nn"\ncircuit A(a) -> y { y = S(a) }\n');
    writeFileSync(join(dir, 'b.nn'), 'import "shared.nn"\ncircuit B(a) -> y { y = S(a) }\n');
    const r = await nn(['check', dir]);
    expect(r.stderr.match(/warning\[unused\]: wire w is never used/g)).toHaveLength(1);
    expect(r.stderr).toContain('checked 3 files: 0 errors, 1 warning');
  });

  it('problems reported again are not shown again, however many share a place', () => {
    const ran = { text: '' };
    const stderr = {
      write(text: string) {
        ran.text += text;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const ctx = new Context({ stdout: stderr, stderr, env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false });
    // Forty problems at one place and forty at forty places, each made anew for every report.
    const problems = () => [
      ...Array.from({ length: 40 }, (_, i) => error('x', `problem ${i} here`, { file: 'f.nn', start: 0, end: 1 })),
      ...Array.from({ length: 40 }, (_, i) => error('x', 'a problem', { file: 'f.nn', start: i + 1, end: i + 2 })),
    ];
    expect(ctx.report(problems())).toHaveLength(80);
    expect(ctx.report(problems())).toEqual([]);
    const another = error('x', 'problem 40 here', { file: 'f.nn', start: 0, end: 1 });
    const elsewhere = error('x', 'problem 0 here', { file: 'g.nn', start: 0, end: 1 });
    const longer = error('x', 'problem 0 here', { file: 'f.nn', start: 0, end: 2 });
    const wider = error('x', 'a problem', { file: 'f.nn', start: 5, end: 7 });
    const other = error('y', 'a problem', { file: 'f.nn', start: 5, end: 6 });
    const recoded = error('y', 'problem 0 here', { file: 'f.nn', start: 0, end: 1 });
    const fresh = [another, elsewhere, longer, wider, other, recoded];
    expect(ctx.report([...problems(), ...fresh])).toEqual(fresh);
    expect(ran.text.match(/error\[[xy]\]/g)).toHaveLength(86);
  });

  it('an unknown name among 5,000 wires lists ten of them and counts the rest, shown before 5,000 warnings', async () => {
    const wires = Array.from({ length: 5000 }, (_, i) => `  w${i} = NOT(a)`).join('\n');
    writeFileSync(join(dir, 'many.nn'), `neuron NOT(x) { weights: -1  bias: 0 }\ncircuit C(a) -> y {\n${wires}\n  y = NOT(zzzzzzzz)\n}\n`);
    const r = await nn(['check', join(dir, 'many.nn')]);
    expect(r.stderr).toContain('error[unknown-name]: zzzzzzzz is not an input or a wire of C');
    expect(r.stderr).toContain('= hint: the names in C are a, w0, w1, w2, w3, w4, w5, w6, w7, w8, … and 4,992 more');
    expect(r.stderr).toContain('note: 4,901 more problems not shown (0 errors, 4,901 warnings)');
  });
});

describe('did you mean: bounded work', () => {
  /** Optimal string alignment distance, the full table (row i, column j at i·(|b| + 1) + j). */
  function naiveDistance(a: string, b: string): number {
    const w = b.length + 1;
    const d = new Int32Array((a.length + 1) * w);
    for (let j = 0; j < w; j++) d[j] = j;
    for (let i = 1; i <= a.length; i++) {
      d[i * w] = i;
      for (let j = 1; j <= b.length; j++) {
        d[i * w + j] = Math.min(d[(i - 1) * w + j]! + 1, d[i * w + j - 1]! + 1, d[(i - 1) * w + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i * w + j] = Math.min(d[i * w + j]!, d[(i - 2) * w + j - 2]! + 1);
      }
    }
    return d[a.length * w + b.length]!;
  }

  it('the banded distance is exact up to its bound, and says "further" beyond it', () => {
    const rand = seededRandom(11);
    const word = () => Array.from({ length: rand(12) }, () => 'abc'[rand(3)]).join('');
    // Words of up to 11 letters from three, and every bound from 0 to 5, are all met many
    // times over in 600 pairs (NN_TEST_SCALE runs more). One assertion for the distances:
    // the ones that disagree.
    const trials = 600 * TEST_SCALE;
    const wrong: string[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const [a, b, max] = [word(), word(), rand(6)];
      const exact = naiveDistance(a, b);
      const [full, bounded] = [editDistance(a, b), editDistance(a, b, max)];
      if (full !== exact) wrong.push(`'${a}' '${b}': ${full}, not ${exact}`);
      if (bounded !== Math.min(exact, max + 1)) wrong.push(`'${a}' '${b}' within ${max}: ${bounded}, not ${Math.min(exact, max + 1)}`);
    }
    reportScale('pairs of words compared', trials);
    expect(wrong).toEqual([]);
  });

  it('two 30,000-character names get no suggestion, and no quadratic comparison', () => {
    const a = 'x'.repeat(30_000);
    expect(closest(a, [a + 'y', 'x'.repeat(29_999) + 'z'])).toBeUndefined();
    // Within the bound, suggestions are as before.
    expect(closest('ANDD', ['AND', 'OR'])).toBe('AND');
    expect(closest('and', ['AND', 'ANDS'])).toBe('AND');
    expect(closest('h2', ['h1', 'Q'])).toBe('h1');
    expect(closest('Q', ['A'])).toBeUndefined();
  });
});

describe('folders that cannot be read', () => {
  /** A directory reader that refuses one folder, as a chmod 000 folder does for a normal user. */
  function refusing(locked: string) {
    return (d: string): Dirent[] => {
      if (resolve(d) === resolve(locked)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${d}'`), { code: 'EACCES' });
      return readdirSync(d, { withFileTypes: true });
    };
  }

  function tree(): void {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'locked'));
    mkdirSync(join(dir, 'z'));
    writeFileSync(join(dir, 'a', 'one.nn'), '');
    writeFileSync(join(dir, 'locked', 'hidden.nn'), '');
    writeFileSync(join(dir, 'top.nn'), '');
    writeFileSync(join(dir, 'z', 'two.nn'), '');
  }

  it('is reported, and the others are still searched in order (any user, the reader injected)', () => {
    tree();
    const found = expandPaths([dir], refusing(join(dir, 'locked')));
    expect(found.files).toEqual([join(dir, 'a', 'one.nn'), join(dir, 'top.nn'), join(dir, 'z', 'two.nn')]);
    expect(found.problems).toEqual([
      expect.objectContaining({ code: 'unreadable-folder', message: `cannot read the folder ${join(dir, 'locked')}: permission denied` }),
    ]);
  });

  it('a tree 1,000 folders deep is walked depth first, in sorted order, with a stack of its own', () => {
    // Made up by the reader: a real tree much deeper outgrows PATH_MAX.
    const fake = (name: string, isDir: boolean) => ({ name, isDirectory: () => isDir, isSymbolicLink: () => false }) as Dirent;
    // Each level adds a separator and "d" to the path: its depth, without splitting it each time.
    const level = (d: string) => (d.length - dir.length) / 2 + 1;
    const deep = (d: string): Dirent[] => (level(d) < 1000 ? [fake('d', true), fake('x.nn', false)] : [fake('x.nn', false)]);
    const files = expandPaths([dir], deep).files;
    expect(files).toHaveLength(1000);
    // Depth first: the deepest file comes first, as "d" sorts before "x.nn"; the top one last.
    expect(files[0]!.split(/[\\/]d(?=[\\/])/)).toHaveLength(1000);
    expect(files.at(-1)).toBe(join(dir, 'x.nn'));
  });

  it.skipIf(isRoot || !posix)('nn check and nn test say so, exit 1, and run the rest (a normal user, a real chmod)', async () => {
    tree();
    writeFileSync(join(dir, 'top.nn'), 'neuron N(a) { weights: 1  bias: 0 }\ntest N { 0 -> 1 ; 1 -> 1 }\n');
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const check = await nn(['check', dir]);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(`error[unreadable-folder]: cannot read the folder ${join(dir, 'locked')}: permission denied`);
      expect(check.stderr).not.toContain('internal error');
      const test = await nn(['test', dir]);
      expect(test.code).toBe(1);
      expect(test.stdout).toContain('1 test: 1 passed, 0 failed; 1 folder not read');
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });
});

describe('nn plot of a hidden space is bounded like a truth table', () => {
  /** XOR of the parity of `n` inputs' first two, with the other inputs read by h1 too. */
  function wideXor(n: number): string {
    const xs = Array.from({ length: n }, (_, i) => `x${i}`);
    return `neuron OR(${xs.join(', ')}) { weights: 1, 1${', 0'.repeat(n - 2)}  bias: -1 }
neuron NAND(a, b) { weights: -1, -1  bias: 1 }
neuron AND(a, b) { weights: 1, 1  bias: -2 }
circuit X(${xs.join(', ')}) -> y {
  h1 = OR(${xs.join(', ')})
  h2 = NAND(x0, x1)
  y = AND(h1, h2)
}
`;
  }

  it('refuses more rows than --max-rows', async () => {
    writeFileSync(join(dir, 'x.nn'), wideXor(12));
    const r = await nn(['plot', join(dir, 'x.nn'), '--max-rows', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[table-too-large]: X has 12 inputs, so its truth table has 4,096 rows, more than the limit of 1,000');
    expect(r.stdout).toBe('');
  });

  it('names a few rows at each place and counts the others', async () => {
    const { engine } = compileSource(wideXor(12), 'X');
    const figure = hiddenSpaceFigure(engine)!;
    const more = figure.points.filter((p) => p.label.startsWith('…'));
    // h1 = x0 OR x1, h2 = x0 NAND x1: 1,024 rows at (0, 1), 1,024 at (1, 0), 2,048 at (1, 1).
    expect(more.map((p) => [p.x, p.y, p.label])).toEqual([
      [0, 1, '… and 1,016 more rows'],
      [1, 1, '… and 2,040 more rows'],
      [1, 0, '… and 1,016 more rows'],
    ]);
    expect(figure.points.length).toBe(3 * (LABELLED_ROWS_PER_PLACE + 1));
    writeFileSync(join(dir, 'x.nn'), wideXor(12));
    const r = await nn(['plot', join(dir, 'x.nn')]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(40_000);
  });
});

describe('nn render refuses drawings Graphviz would take minutes over', () => {
  /** A flat circuit of `n` ANDs, each reading two of the twenty wires before it. */
  function flat(n: number): string {
    const rand = seededRandom(1);
    const names = ['x0', 'x1', 'x2', 'x3'];
    const lines = ['neuron AND(x1, x2) { weights: 1, 1  bias: -2 }', 'circuit F(x0, x1, x2, x3) -> y {'];
    for (let i = 0; i < n; i++) {
      const pick = () => names[names.length - 1 - rand(Math.min(20, names.length))]!;
      lines.push(`  _w${i} = AND(${pick()}, ${pick()})`);
      names.push(`_w${i}`);
    }
    lines.push(`  y = AND(_w${n - 1}, _w${n - 2})`, '}');
    return lines.join('\n') + '\n';
  }

  it('3,600 neurons: a diagnostic with a way out, at once; the DOT is still written', async () => {
    writeFileSync(join(dir, 'flat.nn'), flat(3600));
    const r = await nn(['render', join(dir, 'flat.nn'), '-o', join(dir, 'flat.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error\[drawing-too-large\]: the diagram of F is too large to lay out: [\d,]+ nodes, edges and edge bends, more than the limit of 10,000/,
    );
    expect(r.stderr).toContain("write the DOT with --format dot and lay it out with Graphviz's own dot");
    expect(existsSync(join(dir, 'flat.svg'))).toBe(false);
    const dot = await nn(['render', join(dir, 'flat.nn'), '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('digraph "F"');
  });

  it(`instances nested 60 deep are drawn as clusters down to level ${MAX_CLUSTER_DEPTH}, then boxes`, async () => {
    const lines = ['neuron NOT(x) { weights: -1  bias: 0 }', 'circuit D0(a) -> y { y = NOT(a) }'];
    for (let i = 1; i < 60; i++) lines.push(`circuit D${i}(a) -> y { y = NOT(D${i - 1}(a)) }`);
    writeFileSync(join(dir, 'deep.nn'), lines.join('\n') + '\n');
    const r = await nn(['render', join(dir, 'deep.nn'), '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `note: D59 nests instances 59 levels deep; those below level ${MAX_CLUSTER_DEPTH} are drawn as boxes (choose with --depth N)`,
    );
    expect(r.stdout.match(/subgraph "cluster /g)).toHaveLength(MAX_CLUSTER_DEPTH);
    const usage = await nn(['render', join(dir, 'deep.nn'), '--depth', '51']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(`--depth must be at most ${MAX_CLUSTER_DEPTH}`);
  });

  it('toDot walks a netlist nested 5,000 deep without the JS stack', () => {
    const scopes = Array.from({ length: 5000 }, (_, i) => ({ label: `i${i}`, part: `P${i}` }));
    const neuron: NetNeuron = {
      name: 'n',
      scopes,
      part: 'NOT',
      weights: [integer(-1)],
      bias: integer(0),
      inputs: [{ kind: 'input', index: 0 }],
      layer: 1,
    };
    const netlist: Netlist = withScalarPorts({
      name: 'Deep',
      inputs: ['a'],
      outputs: [{ name: 'y', source: { kind: 'neuron', index: 0 } }],
      neurons: [neuron],
      depth: 1,
    });
    expect(toDot(netlist).match(/subgraph/g)).toHaveLength(MAX_CLUSTER_DEPTH);
  });
});

describe('stdout and stderr that cannot be written', () => {
  class FakeProcess extends EventEmitter {
    readonly stdout = new EventEmitter();
    readonly stderr = Object.assign(new EventEmitter(), {
      written: '',
      write(text: string) {
        this.written += text;
        return true;
      },
    });
    exitCode: number | undefined = undefined;
    exited: number | undefined;
    exit(code?: number): never {
      this.exited = code;
      throw new Error('exited');
    }
  }

  it('a full disk under stdout: one line on stderr, exit 1', () => {
    const p = new FakeProcess();
    guardStandardStreams(p as never);
    expect(() => p.stdout.emit('error', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toThrow(
      'exited',
    );
    expect(p.stderr.written).toBe('nn: cannot write the output: no space left on device\n');
    expect(p.exited).toBe(1);
  });

  it('stdout closed by its reader: quiet, with the exit code so far; a closed stderr is ignored', () => {
    const p = new FakeProcess();
    guardStandardStreams(p as never);
    p.stderr.emit('error', Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
    p.exitCode = 1;
    expect(() => p.stdout.emit('error', Object.assign(new Error('EPIPE'), { code: 'EPIPE' }))).toThrow('exited');
    expect(p.exited).toBe(1);
    expect(p.stderr.written).toBe('');
  });

  const bin = resolve('bin/nn.js');
  it.skipIf(!posix || !existsSync('/dev/full'))('the real thing: nn table > /dev/full', () => {
    // The smallest circuit: the first write of its table already fails.
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${bin}" table circuits/xor.nn > /dev/full`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nn: cannot write the output: no space left on device');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!posix)('the real thing: stderr on a closed pipe', () => {
    // The shell reports the status of the pipe's last command; nn's goes out through a file.
    const r = spawnSync(
      '/bin/sh',
      ['-c', `("${process.execPath}" "${bin}" table circuits/xor.nn 2>&1 >/dev/null; echo $? > "${join(dir, 'status')}") | true`],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'status'), 'utf8').trim()).toBe('0');
  });
});
