// Syntax errors that say what is wrong in plain words, and a run that shows every problem it
// can: a declaration with a syntax error is reported, and the others are checked all the same.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { positionOf } from '../src/diagnostics/render.js';
import { parse } from '../src/parse/parse.js';
import { load } from '../src/pipeline.js';
import { memoryHost, scratchDirs } from './helpers.js';

const tempDir = scratchDirs('nn-syntax-');

/** `code line:col message` and the hint of each diagnostic of parsing `source`. */
function problems(source: string): { where: string; hint?: string }[] {
  const r = parse(source, 'f.nn');
  return r.diagnostics.map((d) => {
    const p = positionOf(source, d.span!.start);
    return { where: `${d.code} ${p.line}:${p.column} ${d.message}`, ...(d.hint && { hint: d.hint }) };
  });
}

/** Every diagnostic of loading and checking `source` as main.nn, as `code line:col message`. */
function checked(source: string): { ok: boolean; lines: string[] } {
  const r = load('main.nn', { host: memoryHost({ 'main.nn': source }) });
  return {
    ok: r.ok,
    lines: r.diagnostics.map((d) => {
      const p = positionOf(source, d.span!.start);
      return `${d.code} ${p.line}:${p.column} ${d.message}`;
    }),
  };
}

/** Runs `nn ARGS` in this process; stdout, stderr and the exit code. */
async function nn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const out = sink();
  const err = sink();
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('syntax errors in plain words', () => {
  it('suggests weights for weight: a setting with a list', () => {
    expect(problems('neuron AND(x1, x2) { weight: 1, 1  bias: -2 }')).toEqual([
      {
        where: "syntax 1:31 expected '}', found ','",
        hint: "did you mean 'weights'? Only weights takes a list of numbers",
      },
    ]);
    expect(problems('neuron N(x1, x2) { rate: -1, 1 }')[0]!.hint).toBe(
      'only weights takes a list of numbers; every other field takes one value',
    );
  });

  it('says once that a reserved word cannot be a name', () => {
    const hint = 'pick another name, such as test1; import, neuron, circuit, test, assert and for are reserved';
    expect(problems('neuron test(x) { weights: 1 }')).toEqual([
      { where: "syntax 1:8 'test' is a reserved word, so it cannot be used as a name", hint },
    ]);
    expect(problems('circuit C(test) -> y { y = test }')).toEqual([
      { where: "syntax 1:11 'test' is a reserved word, so it cannot be used as a name", hint },
    ]);
    expect(problems('circuit C(a) -> y {\n  circuit = a\n  y = a\n}')[0]!.where).toBe(
      "syntax 2:3 'circuit' is a reserved word, so it cannot be used as a name",
    );
  });

  it('says once that names are ASCII, with the ASCII spelling', () => {
    expect(problems('neuron ÄND(x) { weights: 1 }')).toEqual([
      {
        where: "syntax 1:8 names are ASCII letters, digits and _, so 'Ä' cannot be part of one",
        hint: 'write it in ASCII, such as AND',
      },
    ]);
    expect(problems('circuit C(a) -> y { y = x₁ }')).toEqual([
      {
        where: "syntax 1:26 names are ASCII letters, digits and _, so '₁' cannot be part of one",
        hint: 'write it in ASCII, such as x1',
      },
    ]);
  });

  it("says that a call's ( must be on the part's line", () => {
    expect(problems('circuit C(a, b) -> y {\n  y = AND\n  (a, b)\n}')).toEqual([
      {
        where: "syntax 4:1 expected '=', found '}'",
        hint: "a call's '(' must be on the same line as the part's name: AND(a, b)",
      },
    ]);
  });

  it('says that a string or a comment is never closed', () => {
    expect(problems('import "gates.nn\nneuron A(x) { weights: 1 }')[0]).toEqual({
      where: 'syntax 1:8 this string is never closed',
      hint: `close it with '"' on the same line; to put a quote inside it, write \\"`,
    });
    expect(problems('neuron A(x) { weights: 1 }\n/* notes')[0]).toEqual({
      where: 'syntax 2:1 this comment is never closed',
      hint: "close it with '*/'",
    });
  });

  it('points at the next declaration when one is left open', () => {
    expect(problems('neuron A(x) { weights: 1\ncircuit B(a) -> y { y = a }')).toEqual([
      {
        where: "syntax 2:1 expected '}', ',', 'weights', 'train' or a name, found 'circuit'",
        hint: 'the declaration before it is not closed: is a } missing?',
      },
    ]);
  });

  it('asks for a space after a keyword run into a name', () => {
    expect(problems('importgates.nn')[0]!.where).toBe("syntax 1:7 expected a space, found 'gates.nn'");
  });
});

describe('bits written together', () => {
  it('are told apart by the row width, for any number of inputs', () => {
    const r = checked('neuron AND(a, b) { weights: 1, 1  bias: -2 }\ntest AND { 01 -> 0 ; 1 1 -> 01 ; 0 1 1 -> 0 }');
    expect(r.lines).toEqual([
      'row-width 2:12 this row has 1 input, but AND takes 2 (a b)',
      'not-a-bit 2:29 a truth table holds bits, 0 or 1, but this cell is 01',
      'row-width 2:34 this row has 3 inputs, but AND takes 2 (a b)',
    ]);
    const hints = load('main.nn', {
      host: memoryHost({ 'main.nn': 'neuron AND(a, b) { weights: 1, 1  bias: -2 }\ntest AND { 01 -> 0 ; 1 1 -> 01 ; 0 1 1 -> 0 }' }),
    }).diagnostics.map((d) => d.hint);
    expect(hints).toEqual([
      'separate the bits with spaces: 0 1',
      'separate the bits with spaces: 0 1',
      'write one bit per input, separated by spaces',
    ]);
  });

  it('are split in the hint for a circuit with several outputs', () => {
    const source =
      'neuron X(a, b) { weights: 1, 1  bias: -1 }\ncircuit C(a, b) -> (s, c) { s = X(a, b); c = X(a, a) }\ntest C { 11 -> 11 }';
    const r = load('main.nn', { host: memoryHost({ 'main.nn': source }) });
    expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([['row-width', 'separate the bits with spaces: 1 1']]);
  });

  it('a row without inputs for a part with inputs is a width error, not a crash', () => {
    expect(checked('neuron N(a) { weights: 1 }\ntest N { -> 1 }\nneuron M(a) { train { -> 1 } }').lines).toEqual([
      'row-width 2:10 this row has 0 inputs, but N takes 1 (a)',
      'row-width 3:23 this row has 0 inputs, but neuron M takes 1 (a)',
    ]);
  });
});

describe('one syntax error does not hide the other problems', () => {
  const file = [
    'neuron AND(x1, x2) { weight: 1, 1  bias: -2 }',
    'neuron OR(x1, x2) { weights: 1, 1, 1  bias: -1 }',
    'circuit XOR(x1, x2) -> y {',
    '  h1 = OR(x1, x2)',
    '  h2 = NAND(x1, x2)',
    '  y = AND(h1, h2)',
    '}',
    'test AND { 0 0 -> 0 }',
    'test XOR { 0 0 -> 2 }',
    '',
  ].join('\n');

  it('reports the syntax error and every problem of the declarations that parsed', () => {
    const r = checked(file);
    expect(r.ok).toBe(false);
    expect(r.lines).toEqual([
      "syntax 1:31 expected '}', found ','",
      'weight-count 2:21 neuron OR has 2 inputs (x1, x2) but 3 weights',
      'unknown-name 5:8 there is no neuron or circuit called NAND',
      'not-a-bit 9:19 a truth table holds bits, 0 or 1, but this cell is 2',
    ]);
  });

  it('does not call a part unknown when its declaration has the syntax error', () => {
    // AND is called in XOR and tested, and is the neuron that did not parse: no follow-on error.
    expect(checked(file).lines.filter((l) => /\bAND\b/.test(l))).toEqual([]);
    // A misspelt keyword still names the declaration.
    expect(checked('nueron N(a) { weights: 1 }\ncircuit C(a) -> y { y = N(a) }').lines).toEqual([
      "syntax 1:1 expected a declaration (import, neuron, circuit, test or assert), found 'nueron'",
    ]);
  });

  it('does not call parts unknown where an import did not parse', () => {
    const r = load('main.nn', {
      host: memoryHost({ 'main.nn': 'import gates.nn\ncircuit C(a) -> y { y = NOT(a) }\ntest NOT { 0 -> 1 }' }),
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['syntax']);
    expect(r.ok).toBe(false);
  });

  it('still fails the run, with exit code 1 and every problem on stderr', async () => {
    const dir = tempDir();
    const path = join(dir, 'f.nn');
    writeFileSync(path, file);
    const checkRun = await nn(['check', path]);
    expect(checkRun.code).toBe(1);
    expect(checkRun.stderr.match(/error\[[a-z-]+\]/g)).toEqual([
      'error[syntax]',
      'error[weight-count]',
      'error[unknown-name]',
      'error[not-a-bit]',
    ]);
    expect(checkRun.stderr).toContain(`${path}:1:31: error[syntax]: expected '}', found ','`);
    const testRun = await nn(['test', path]);
    expect(testRun.code).toBe(1);
    expect(testRun.stdout).not.toContain('PASS');
  });
});
