// Circuits with memory on the command line, in-process: nn sim (every way to give inputs,
// every format, VCD read back, SVG checked), sequence tests in nn test, state tables in
// nn table, and the commands that take or refuse a circuit with memory.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { svgToPng } from '../src/render/png.js';
import { expectWellFormedXml } from './xml.js';

class Collector extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

async function nn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await run(args, { stdout, stderr, env: { SOURCE_DATE_EPOCH: '0' }, stdoutIsTTY: false, stderrIsTTY: false });
  const r = { code, stdout: stdout.text(), stderr: stderr.text() };
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toContain('    at ');
  return r;
}

const root = mkdtempSync(join(tmpdir(), 'nn-sim-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
function tmp(files: Record<string, string> = {}): string {
  const dir = join(root, String(++count));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const COUNTER = 'circuits/counter.nn';

describe('nn sim: the trace', () => {
  it("runs the part's sequence test by default, saying so, in aligned text", async () => {
    const r = await nn('sim', COUNTER, 'Counter4');
    expect(r.code).toBe(0);
    // q's column is as wide as its widest value, 15.
    expect(r.stdout).toBe('tick | en |  q\n   0 |  1 |  0\n   1 |  1 |  1\n   2 |  0 |  2\n   3 |  1 |  2\n   4 |  1 |  3\n');
    expect(r.stderr).toBe(`note: inputs from the sequence test at ${COUNTER}:29:1 (the first of 2)\n`);
  });

  it('as CSV and JSON, buses as numbers in the radix asked, or as bits', async () => {
    expect((await nn('sim', COUNTER, 'Counter4', 'en=1,1,0', '--format', 'csv')).stdout).toBe('tick,en,q\n0,1,0\n1,1,1\n2,0,2\n');
    const json = JSON.parse((await nn('sim', COUNTER, 'Counter4', 'en=1,1,0', '--format', 'json')).stdout);
    expect(json).toEqual({
      circuit: 'Counter4',
      inputs: ['en'],
      hidden: [],
      outputs: ['q'],
      ticks: [
        [1, 0],
        [1, 1],
        [0, 2],
      ],
    });
    expect((await nn('sim', COUNTER, 'Counter4', 'en=1', '--ticks', '3', '--radix', 'bin', '--format', 'csv')).stdout).toBe(
      'tick,en,q\n0,1,0b0000\n1,1,0b0001\n2,1,0b0010\n',
    );
    expect((await nn('sim', COUNTER, 'Counter4', 'en=1', '--ticks', '3', '--bits', '--format', 'csv')).stdout).toBe(
      'tick,en,q[3],q[2],q[1],q[0]\n0,1,0,0,0,0\n1,1,0,0,0,1\n2,1,0,0,1,0\n',
    );
  });

  it('--ticks holds the last inputs past the end; a shorter list holds its last value', async () => {
    const r = await nn('sim', 'circuits/serial-adder.nn', 'a=1,1', 'b=1', '--ticks', '4', '--format', 'csv');
    // 11 + 01 + ... : a = 1,1,1,1 and b = 1,1,1,1: sum bits 0,1,1,1 with the carry running.
    expect(r.stdout).toBe('tick,a,b,s\n0,1,1,0\n1,1,1,1\n2,1,1,1\n3,1,1,1\n');
  });

  it('--hidden adds the registers and neurons that drive no output', async () => {
    const r = await nn('sim', 'circuits/traffic-light.nn', '--hidden', '--format', 'csv', '--ticks', '4');
    expect(r.stdout.split('\n')[0]).toBe('tick,walk,s,NextLow#1,XOR#1.h1,XOR#1.h2,XOR#1,green,yellow,red');
    expect(r.stdout.split('\n')[4]).toBe('3,0,1,0,1,1,1,0,1,0');
  });

  it('inputs from a CSV file, whose own trace reads back (tick and output columns ignored)', async () => {
    const dir = tmp({ 'stim.csv': 'en\n1\n1\n0\n1\n' });
    const first = await nn('sim', COUNTER, 'Counter4', '--input', join(dir, 'stim.csv'), '--format', 'csv');
    expect(first.stdout).toBe('tick,en,q\n0,1,0\n1,1,1\n2,0,2\n3,1,2\n');
    writeFileSync(join(dir, 'trace.csv'), first.stdout);
    expect((await nn('sim', COUNTER, 'Counter4', '--input', join(dir, 'trace.csv'), '--format', 'csv')).stdout).toBe(first.stdout);
    const bus = tmp({ 's.csv': 'b,a\n0x5,3\n1,0b1111\n' });
    const adder = await nn('sim', 'circuits/ripple-adder.nn', 'Add4', '--input', join(bus, 's.csv'), '--format', 'csv');
    expect(adder.stdout).toBe('tick,a,b,s,cout\n0,3,5,8,0\n1,15,1,0,1\n');
  });

  it('a circuit without memory runs too, one tick at a time', async () => {
    expect((await nn('sim', 'circuits/xor.nn', 'x1=0,1,1', 'x2=1,1,0', '--format', 'csv')).stdout).toBe(
      'tick,x1,x2,y\n0,0,1,1\n1,1,1,0\n2,1,0,1\n',
    );
  });
});

describe('nn sim: mistakes', () => {
  it('on the command line exit 2 and say what to write', async () => {
    const cases: [string[], string][] = [
      [['en=1', 'x=0'], 'Counter4 has no input called "x" (its inputs are en)'],
      [['em=1'], `Counter4 has no input called "em"; did you mean 'en'?`],
      [['en=2'], '"2" is not a value of en: en is one bit: 0 or 1'],
      [['en=1', 'en=0'], 'en is given twice'],
      [['en=1', 'surprise'], "unexpected argument 'surprise': inputs are given as PORT=V,V,... (en=1,0,1)"],
      [['en=1', '--input', 'x.csv'], 'give the inputs one way: PORT=... or --input'],
      [['--ticks', '0'], '--ticks must be at least 1'],
      [['--format', 'vcd'], "--format must be one of text, csv, json, not 'vcd'"],
      [['-q'], '--quiet leaves nothing to show: add --vcd OUT.vcd or --svg OUT.svg'],
      [['--input', '/no/such/file.csv'], 'cannot read /no/such/file.csv'],
    ];
    for (const [args, message] of cases) {
      const r = await nn('sim', COUNTER, 'Counter4', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    const missing = await nn('sim', 'circuits/serial-adder.nn', 'a=1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no values for b: give every input a list, such as b=0,1,1');
    const none = await nn('sim', 'circuits/d-latch.nn', 'DLatch', '--sequence');
    expect(none.code).toBe(0); // d-latch.nn has one
    const noInputs = await nn('sim', 'circuits/xor.nn');
    expect(noInputs.code).toBe(2);
    expect(noInputs.stderr).toContain(
      'XOR has inputs (x1, x2): give their values per tick as PORT=V,V,..., with --input FILE.csv, or in a test XOR sequence block',
    );
  });

  it('in a CSV file point into the file, exit 1', async () => {
    const dir = tmp({ 'bad.csv': 'en,extra\n1,0\n2,0\n1\n' });
    const r = await nn('sim', COUNTER, 'Counter4', '--input', join(dir, 'bad.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'bad.csv')}:1:4: error[stimulus]: Counter4 has no input called "extra"`);
    const values = tmp({ 'v.csv': 'en\n1\n2\n' });
    const v = await nn('sim', COUNTER, 'Counter4', '--input', join(values, 'v.csv'));
    expect(v.stderr).toContain(`${join(values, 'v.csv')}:3:1: error[stimulus]: "2" is not a value of en`);
    expect(v.stderr).toContain(' 3 | 2\n   | ^');
    const short = tmp({ 's.csv': 'q\n1\n' });
    expect((await nn('sim', COUNTER, 'Counter4', '--input', join(short, 's.csv'))).stderr).toContain(
      'error[stimulus]: the header has no column for en',
    );
  });

  it('an oscillation stops the run with the loop named, exit 1, and no waveform file', async () => {
    const dir = tmp();
    const r = await nn('sim', 'circuits/ring-oscillator.nn', 'GatedRing', 'en=0,0,1,1', '--format', 'csv', '--vcd', join(dir, 'w.vcd'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('tick,en,y\n0,0,1\n1,0,1\n');
    expect(r.stderr).toContain(
      'circuits/ring-oscillator.nn:17:3: error[oscillation]: GatedRing oscillates at tick 2: the loop of a, b, c never settles, it comes back to the same values every 6 steps',
    );
    expect(r.stderr).toContain('note: no waveform written: the run stopped at the oscillation');
    expect(existsSync(join(dir, 'w.vcd'))).toBe(false);
    expect(readdir(dir)).toEqual([]);
    const ring = await nn('sim', 'circuits/ring-oscillator.nn', 'Ring3');
    expect(ring.code).toBe(1);
    expect(ring.stderr).toContain(
      'error[oscillation]: Ring3 oscillates at tick 0: the loop of a, b, c never settles, it comes back to the same values every 2 steps',
    );
  });

  it('never writes over an input, and refuses a diagram too long to read', async () => {
    const dir = tmp({
      'c.nn': readFileSync(COUNTER, 'utf8').replace('import "half-adder.nn"', `import "${join(process.cwd(), 'circuits/half-adder.nn')}"`),
    });
    const before = readFileSync(join(dir, 'c.nn'), 'utf8');
    const r = await nn('sim', join(dir, 'c.nn'), 'Counter4', '--vcd', join(dir, 'c.nn'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to write');
    expect(readFileSync(join(dir, 'c.nn'), 'utf8')).toBe(before);
    const long = await nn('sim', COUNTER, 'Counter4', 'en=1', '--ticks', '2001', '--svg', join(dir, 'w.svg'));
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('--svg draws at most 2,000 ticks, and this run has 2,001');
  });
});

const readdir = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/**
 * A small VCD reader: the variables declared (with their scopes and widths) and the value of
 * each at every time stamp, carried forward from the last change.
 */
function readVcd(text: string): {
  header: Map<string, string>;
  vars: { scope: string; name: string; width: number; id: string }[];
  at: (name: string, t: number) => string;
  end: number;
} {
  const header = new Map<string, string>();
  const vars: { scope: string; name: string; width: number; id: string }[] = [];
  const scopes: string[] = [];
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  let i = 0;
  const until = () => {
    const words: string[] = [];
    while (tokens[i] !== '$end') words.push(tokens[i++]!);
    i++;
    return words;
  };
  for (;;) {
    const t = tokens[i++]!;
    if (t === '$enddefinitions') {
      until();
      break;
    }
    const words = until();
    if (t === '$scope') scopes.push(words[1]!);
    else if (t === '$upscope') scopes.pop();
    else if (t === '$var') {
      expect(words[0]).toBe('wire');
      vars.push({ scope: scopes.join('.'), name: words.slice(3).join(' '), width: Number(words[1]), id: words[2]! });
    } else header.set(t, words.join(' '));
  }
  const changes = new Map<string, [number, string][]>(vars.map((v) => [v.id, []]));
  let time = -1;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith('#')) time = Number(t.slice(1));
    else if (t === '$dumpvars' || t === '$end') continue;
    else if (t.startsWith('b')) changes.get(tokens[++i]!)!.push([time, t.slice(1)]);
    else changes.get(t.slice(1))!.push([time, t[0]!]);
  }
  const byName = new Map(vars.map((v) => [v.scope === '' ? v.name : `${v.scope}.${v.name}`, v.id]));
  return {
    header,
    vars,
    end: time,
    at: (name, t) => {
      const list = changes.get(byName.get(name)!)!;
      let value = '?';
      for (const [when, v] of list) if (when <= t) value = v;
      return value;
    },
  };
}

describe('nn sim --vcd and --svg', () => {
  it('writes a VCD that reads back as the trace: header, scopes, widths, each change once', async () => {
    const dir = tmp();
    const file = join(dir, 'c.vcd');
    const r = await nn('sim', COUNTER, 'Counter4', 'en=1,1,0,1,1,1', '--hidden', '--vcd', file, '--format', 'csv');
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const vcd = readVcd(text);
    expect(vcd.header.get('$date')).toBe('1970-01-01T00:00:00.000Z');
    expect(vcd.header.get('$version')).toMatch(/^nn \d+\.\d+\.\d+$/);
    expect(vcd.header.get('$timescale')).toBe('1 ns');
    const ports = vcd.vars.filter((v) => v.scope === 'Counter4').map(({ name, width }) => ({ name, width }));
    expect(ports).toEqual([
      { name: 'en', width: 1 },
      { name: 'q [3:0]', width: 4 },
    ]);
    expect(new Set(vcd.vars.map((v) => v.id)).size).toBe(vcd.vars.length);
    // A hidden neuron sits in the scopes of its instances; the wire an instance drives beside it.
    expect(vcd.vars.map((v) => `${v.scope}.${v.name}`)).toContain('Counter4.Incrementer4#1.HalfAdder#1.sum.h1');
    expect(vcd.vars.map((v) => `${v.scope}.${v.name}`)).toContain('Counter4.Incrementer4#1.HalfAdder#1.sum');
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const header = r.stdout.split('\n')[0]!.split(',');
    expect(vcd.end).toBe(6);
    rows.forEach((row, t) => {
      expect(parseInt(vcd.at('Counter4.q [3:0]', t), 2)).toBe(row[header.indexOf('q')]);
      expect(Number(vcd.at('Counter4.en', t))).toBe(row[header.indexOf('en')]);
    });
    const q = vcd.vars.find((v) => v.name === 'q [3:0]')!.id;
    expect(text).toContain('#0\n$dumpvars\n1!\n');
    expect(text).toContain(`b0000 ${q}\n`);
    // Only changes after #0: en stays 1 from tick 0 to 1, so #1 does not mention it.
    expect(text).toContain(`b0001 ${q}\n`);
    expect(text.slice(text.indexOf('#1\n'), text.indexOf('#2\n'))).not.toMatch(/^[01]!$/m);
  });

  it('--vcd - and --svg - write to stdout in place of the trace', async () => {
    const vcd = await nn('sim', COUNTER, 'Counter4', 'en=1,0,1', '--vcd', '-');
    expect(vcd.code).toBe(0);
    const read = readVcd(vcd.stdout);
    expect([0, 1, 2].map((t) => parseInt(read.at('Counter4.q [3:0]', t), 2))).toEqual([0, 1, 1]);
    const svg = await nn('sim', COUNTER, 'Counter4', 'en=1,0,1', '--svg', '-');
    expectWellFormedXml(svg.stdout);
    expect((await nn('sim', COUNTER, 'Counter4', 'en=1', '--svg', '-', '--vcd', '-')).code).toBe(2);
  });

  it('a CSV file with a byte-order mark reads as one without', async () => {
    const dir = tmp({ 'bom.csv': '\uFEFFen\r\n1\r\n0\r\n' });
    expect((await nn('sim', COUNTER, 'Counter4', '--input', join(dir, 'bom.csv'), '--format', 'csv')).stdout).toBe(
      'tick,en,q\n0,1,0\n1,0,1\n',
    );
  });

  it('a run of ten thousand ticks streams its VCD; a trace with -q prints nothing', async () => {
    const dir = tmp();
    const r = await nn('sim', COUNTER, 'Counter4', 'en=1', '--ticks', '10000', '--vcd', join(dir, 'long.vcd'), '-q');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const vcd = readVcd(readFileSync(join(dir, 'long.vcd'), 'utf8'));
    expect(vcd.end).toBe(10000);
    for (const t of [0, 15, 16, 9999]) expect(parseInt(vcd.at('Counter4.q [3:0]', t), 2)).toBe(t % 16);
  });

  it('draws a timing diagram: well-formed SVG, a row per signal, a band per bus value, rendered as PNG', async () => {
    const dir = tmp();
    const file = join(dir, 'w.svg');
    const r = await nn('sim', COUNTER, 'Counter4', 'en=1,1,0,1,1,1,1', '--svg', file, '-q');
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expectWellFormedXml(svg);
    expect(svg).toContain('<title>Counter4: 7 ticks</title>');
    // q is 0, 1, 2, 2, 3, 4, 5: six runs of one value, each a band with its number.
    expect(svg.match(/<polygon /g)).toHaveLength(6);
    for (const v of ['0', '1', '2', '3', '4', '5']) expect(svg).toMatch(new RegExp(`<text [^>]*>${v}</text>`));
    // en is one path: high, low for a tick, high again.
    expect(svg.match(/<path d="[^"]*"/g)).toHaveLength(1);
    expect(svg.match(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="16" fill="#cfe3f3"\/>/g)).toHaveLength(2);
    const png = svgToPng(svg);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});

describe('sequence tests in nn test', () => {
  it('pass, or list every wrong tick with the state; an oscillation is a failure with its diagnostic', async () => {
    const dir = tmp({
      'm.nn':
        `import "${join(process.cwd(), 'circuits/gates.nn')}"\ncircuit SR(s, r) -> (q, qn) {\n  q  = NOR(r, qn)\n  qn = NOR(s, q)\n}\n` +
        'test SR sequence {\n  s r -> q qn\n  0 0 -> 1 0\n  0 1 -> 0 1\n}\n' +
        'test SR sequence {\n  s r -> q qn\n  0 0 -> 0 *\n  1 1 -> 0 0\n  0 0 -> 0 0\n}\n',
    });
    const r = await nn('test', join(dir, 'm.nn'));
    expect(r.code).toBe(1);
    const file = join(dir, 'm.nn');
    expect(r.stdout).toBe(
      [
        `PASS SR sequence (2 ticks) ${file}:6:1`,
        `FAIL SR sequence: 2 of 3 ticks wrong ${file}:11:1`,
        `  ${file}:13:3  tick 0: s=0 r=0: q expected 0, got 1  [state: q=1 qn=0]`,
        `  ${file}:15:3  tick 2: s=0 r=0: the circuit does not settle (below)`,
        '2 tests: 1 passed, 1 failed',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain(`${file}:3:3: error[oscillation]: SR oscillates at tick 2`);
  });

  it('a plain test block of a part with memory is refused with what to write instead', async () => {
    const dir = tmp({ 'm.nn': 'circuit D(d) -> q {\n  q = delay(d)\n}\ntest D {\n  0 -> 0\n}\n' });
    const r = await nn('test', join(dir, 'm.nn'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[sequential]: D has memory (1 delay): its outputs depend on what came before, not only on its inputs');
    expect(r.stderr).toContain('test D sequence { ... }');
  });
  // That every example with memory in circuits/ passes its sequence tests is checked with the
  // rest of circuits/ in cli.test.ts (nn test circuits).
});

describe('state tables, diagrams and the other commands', () => {
  it("nn table prints the state table; csv names the next state q'; --format test and --max-rows are refused", async () => {
    const t = await nn('table', 'circuits/d-latch.nn');
    expect(t.stdout).toBe(
      "q | d en | q'\n0 | 0  0 |  0\n0 | 0  1 |  0\n0 | 1  0 |  0\n0 | 1  1 |  1\n1 | 0  0 |  1\n1 | 0  1 |  0\n1 | 1  0 |  1\n1 | 1  1 |  1\n",
    );
    expect((await nn('table', 'circuits/traffic-light.nn', '--format', 'csv')).stdout.split('\n').slice(0, 3)).toEqual([
      's,walk,green,yellow,red,"s\'"',
      '0,0,1,0,0,0',
      '0,1,1,0,0,1',
    ]);
    const md = await nn('table', 'circuits/sr-latch.nn', 'SRLatch1', '--format', 'md');
    expect(md.stdout.split('\n').slice(0, 3)).toEqual(["| q | s | r | q' |", '|--:|--:|--:|---:|', '| 0 | 0 | 0 |  0 |']);
    const test = await nn('table', 'circuits/d-latch.nn', '--format', 'test');
    expect(test.code).toBe(2);
    expect(test.stderr).toContain('DLatch has memory, so its table is a state table: --format text, md, csv, json');
    const limit = await nn('table', 'circuits/shift-register.nn', '--max-rows', '100');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain(
      'error[table-too-large]: ShiftRegister8 has 8 bits of state and 1 of inputs, so its state table has 512 rows, more than the limit of 100',
    );
  });

  it('nn render draws delays as register boxes and edges back in the clock colour, unranked', async () => {
    const dot = (await nn('render', 'circuits/serial-adder.nn', '--format', 'dot')).stdout;
    expect(dot).toContain('"register carry" [label="carry\\ndelay"');
    // Out of the full adder through its pin cout, and back in through cin.
    expect(dot).toContain('"out FullAdder#1.cout" -> "register carry" [constraint=false, color="#D55E00"];');
    expect(dot).toContain('"register carry" -> "in FullAdder#1.cin";');
    expect(dot).toContain('"in FullAdder#1.HalfAdder#2.b" -> "FullAdder#1.HalfAdder#2.carry" [label="1"];');
    const latch = (await nn('render', 'circuits/sr-latch.nn', 'SRLatch1', '--format', 'dot')).stdout;
    // A neuron reading itself keeps its loop.
    expect(latch).toMatch(/"q" -> "q" \[label="1", constraint=false, color="#D55E00"\];/);
    const svg = await nn('render', 'circuits/d-flip-flop.nn', 'DFF');
    expect(svg.code).toBe(0);
    expectWellFormedXml(svg.stdout);
  });

  it('nn info counts the memory; nn dump shows the registers; eval and plot refuse, saying why', async () => {
    expect((await nn('info', 'circuits/sr-latch.nn', 'SRLatch')).stdout).toContain('  memory    1 loop of 2 neurons\n');
    expect((await nn('info', 'circuits/shift-register.nn')).stdout).toContain('  memory    8 delay bits\n');
    const dump = JSON.parse((await nn('dump', 'circuits/d-flip-flop.nn', 'DFF', '--stage', 'netlist')).stdout);
    expect(dump.registers).toEqual([{ name: 'q', scopes: [], input: { kind: 'input', index: 0 }, init: 0, span: expect.anything() }]);
    const e = await nn('eval', 'circuits/d-flip-flop.nn', 'DFF', '1');
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('error[sequential]: DFF has memory (1 delay)');
    // That the circuits with memory in circuits/ check clean: cli.test.ts's nn check circuits.
  });
});

describe('the documentation shows real output', () => {
  // The README's nn sim is run with the README's other commands (readme.test.ts).
  it('the state table in docs/cli.md', async () => {
    const cli = readFileSync('docs/cli.md', 'utf8');
    expect(cli).toContain(`$ nn table circuits/d-latch.nn\n${(await nn('table', 'circuits/d-latch.nn')).stdout}`);
  });
});
