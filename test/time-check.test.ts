// Circuits with memory, checked and expanded: delay(x) as a part of its own, loops through a
// neuron or a delay allowed, loops of wires alone reported, the netlist's registers and loops.

import { describe, expect, it } from 'vitest';
import { compile } from '../src/evaluate/compile.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { isCombinational, type Netlist } from '../src/elaborate/netlist.js';
import { build } from '../src/pipeline.js';
import { parse } from '../src/parse/parse.js';
import { checkSource, GATES } from './helpers.js';

const errors = (source: string) => checkSource(source).summary.filter((s) => !s.startsWith('unused') && !s.startsWith('read-before'));
const netlistOf = (source: string, name: string): Netlist => {
  const checked = checkSource(source);
  if (!checked.model) throw new Error(checked.rendered);
  const built = elaborate(checked.model, name);
  if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
  return built.value;
};

describe('the grammar: test NAME sequence { ... }', () => {
  it('marks a sequence test, and keeps plain tests and tests of a part called sequence as they were', () => {
    const file = parse(
      'test C sequence { 1 -> 0 }\ntest C { 1 -> 0 }\ntest sequence { 1 -> 0 }\ntest R<4> sequence {\n  a -> y\n  1 -> 0\n}',
      'f.nn',
    );
    if (!file.ok) throw new Error(JSON.stringify(file.diagnostics));
    const tests = file.value.items.map((i) => (i.kind === 'test' ? [i.name.text, i.sequence === true, i.table.rows.length] : []));
    // The last one's header is a row here: the checker tells names from values.
    expect(tests).toEqual([
      ['C', true, 1],
      ['C', false, 1],
      ['sequence', false, 1],
      ['R', true, 2],
    ]);
  });

  it('a sequence test becomes a TestDef with sequence set', () => {
    const r = checkSource(`${GATES}circuit C(a) -> q {\n  q = delay(a)\n}\ntest C sequence {\n  a -> q\n  1 -> 0\n  0 -> 1\n}`);
    expect(r.model!.tests.filter((t) => t.name === 'C').map((t) => [t.name, t.sequence, t.rows.length])).toEqual([['C', true, 2]]);
    expect(r.model!.tests.filter((t) => t.sequence).length).toBe(1);
  });
});

describe('delay(x): the built-in register', () => {
  it('takes one bit or a bus, starts at 0 or at the number given, and is as wide as its argument', () => {
    const n = netlistOf(
      `circuit C(a, b[3]) -> (p, q[3], r[3], s) {\n  p = delay(a, 1)\n  q = delay(b)\n  r = delay(b, 5)\n  s = delay(delay(a))\n}`,
      'C',
    );
    expect(n.registers!.map((r) => [r.name, r.init])).toEqual([
      ['p', 1],
      ['q[0]', 0],
      ['q[1]', 0],
      ['q[2]', 0],
      ['r[0]', 1],
      ['r[1]', 0],
      ['r[2]', 1],
      ['delay#1', 0],
      ['s', 0],
    ]);
    // s is the outer delay of the inner one (which comes first: what a statement reads is made first); the inner reads a.
    expect(n.registers![8]!.input).toEqual({ kind: 'register', index: 7 });
    expect(n.registers![7]!.input).toEqual({ kind: 'input', index: 0 });
    expect(n.outputs.map((o) => o.source.kind)).toEqual([
      'register',
      'register',
      'register',
      'register',
      'register',
      'register',
      'register',
      'register',
    ]);
  });

  it('every mistake in a call of delay is reported where it is', () => {
    expect(errors('circuit C(a) -> q {\n  q = delay(a, 1, 0)\n}')).toEqual([
      'arity main.nn:2:7 delay takes 1 or 2 arguments (x, and optionally its value at the start), but this call gives 3',
    ]);
    expect(errors('circuit C(a) -> q {\n  q = delay()\n}')).toEqual([
      'arity main.nn:2:7 delay takes 1 or 2 arguments (x, and optionally its value at the start), but this call gives 0',
    ]);
    expect(errors('circuit C(a, b) -> q {\n  q = delay(a, b)\n}')).toEqual([
      'delay-init main.nn:2:16 the value a delay starts with must be a whole number written in place, not a wire or a call',
    ]);
    expect(errors('circuit C(a) -> q {\n  q = delay(a, 0.5)\n}')).toEqual([
      'delay-init main.nn:2:16 the value a delay starts with must be a whole number written in place, not 0.5',
    ]);
    expect(errors('circuit C(a) -> q {\n  q = delay(a, 2)\n}')).toEqual([
      'delay-init main.nn:2:16 a delay of one bit starts at 0 or 1, not 2',
    ]);
    expect(errors('circuit C(a[2]) -> q[2] {\n  q = delay(a, 4)\n}')).toEqual([
      'delay-init main.nn:2:16 4 does not fit in the 2 bits of this delay (0 to 3)',
    ]);
    expect(errors('circuit C(a) -> q {\n  q = delay<2>(a)\n}')).toEqual([
      "type-args main.nn:2:7 delay has no width parameters, so it takes no <...>: its width is its argument's",
    ]);
    expect(errors('circuit C(a) -> (p, q) {\n  (p, q) = delay(a)\n}')).toEqual([
      'output-count main.nn:2:4 delay has one output (a bus for a bus), but 2 names are assigned',
    ]);
    expect(errors('circuit C(a[2]) -> q[3] {\n  q = delay(a)\n}')).toEqual([
      'width-mismatch main.nn:2:3 q is 3 bits wide, but the value assigned is 2 bits wide',
    ]);
  });

  it('the name is reserved: a declaration called delay is an error, and a misspelt call is told about it', () => {
    expect(errors('neuron delay(x) { weights: 1  bias: 0 }')).toEqual([
      "reserved-name main.nn:1:8 delay is nn's built-in register, so no neuron can be called delay",
    ]);
    expect(errors('circuit delay(x) -> y {\n  y = x\n}')).toEqual([
      "reserved-name main.nn:1:9 delay is nn's built-in register, so no circuit can be called delay",
    ]);
    const r = checkSource('circuit C(a) -> q {\n  q = dealy(a)\n}');
    expect(r.summary).toEqual(['unknown-name main.nn:2:7 there is no neuron or circuit called dealy']);
    expect(r.rendered).toContain("did you mean 'delay'?");
  });

  it('what a delay reads is used, and reading a delay further down draws no warning', () => {
    const r = checkSource(`${GATES}circuit C(a, b) -> y {\n  y = AND(a, q)\n  q = delay(b)\n}`);
    expect(r.summary).toEqual([]);
  });
});

describe('loops', () => {
  it('through a neuron, or through a delay, are allowed: no diagnostic at all', () => {
    expect(checkSource(`${GATES}circuit L(s, r) -> (q, qn) {\n  q  = NOR(r, qn)\n  qn = NOR(s, q)\n}`).summary).toEqual([]);
    expect(checkSource(`${GATES}circuit T(en) -> q {\n  q = delay(AND(en, NOT(q)))\n}`).summary).toEqual([]);
    expect(checkSource(`${GATES}circuit S(x) -> y {\n  y = OR(x, y)\n}`).summary).toEqual([]);
  });

  it('of wires alone are an error naming the bits, also when the wire runs through instances', () => {
    expect(errors('circuit C(a) -> y {\n  p = q\n  q = p\n  y = p\n}')).toEqual(['cycle main.nn:2:3 these wires form a loop: p → q → p']);
    expect(errors('circuit C(a) -> y {\n  y = y\n}')).toEqual(['cycle main.nn:2:3 these wires form a loop: y → y']);
    const through =
      'circuit W(x) -> y {\n  y = x\n}\ncircuit V(x) -> y {\n  y = W(x)\n}\ncircuit C(a) -> y {\n  p = V(q)\n  q = W(p)\n  y = p\n}';
    expect(errors(through)).toEqual(['cycle main.nn:8:3 these wires form a loop: p → q → p']);
    // A bus loop is said for its first bit.
    expect(errors('circuit C(a[2]) -> y[2] {\n  p = [q[1], q[0]]\n  q = p\n  y = q\n}')).toEqual([
      'cycle main.nn:2:3 these wires form a loop: p[0] → q[0] → p[1] → q[1] → p[0]',
    ]);
  });

  it('through an instance that does not pass the wire back is no loop of bits: combinational after all', () => {
    // C's outputs: p is a, q is NOT(b); feeding q back to a is no loop.
    const source = `${GATES}circuit P(a, b) -> (p, q) {\n  p = a\n  q = NOT(b)\n}\ncircuit C(x) -> y {\n  (y, z) = P(z, x)\n}`;
    expect(errors(source)).toEqual([]);
    const n = netlistOf(source, 'C');
    expect(isCombinational(n)).toBe(true);
    expect(n.outputs[0]!.source).toEqual({ kind: 'neuron', index: 0 });
  });
});

describe('the netlist of a circuit with memory', () => {
  const LATCH = `${GATES}circuit SR(s, r) -> (q, qn) {\n  q  = NOR(r, qn)\n  qn = NOR(s, q)\n}`;

  it("lists a loop's neurons together, in source order, after what feeds them", () => {
    const n = netlistOf(
      `${GATES}circuit D(d, en) -> q {\n  (q, _qn) = SR(AND(d, en), AND(NOT(d), en))\n}${LATCH.slice(GATES.length)}`,
      'D',
    );
    expect(n.neurons.map((x) => x.name)).toEqual(['AND#1', 'NOT#1', 'AND#2', 'SR#1.q', 'SR#1.qn']);
    expect(n.loops).toEqual([[3, 4]]);
    // Reading ahead along the loop: q reads qn, listed after it.
    expect(n.neurons[3]!.inputs).toEqual([
      { kind: 'neuron', index: 2 },
      { kind: 'neuron', index: 4 },
    ]);
    // Inputs along the loop do not count for layers.
    expect(n.neurons.map((x) => x.layer)).toEqual([1, 1, 2, 3, 2]);
    expect(isCombinational(n)).toBe(false);
  });

  it('names a register after its wire, in instances too, as neurons are named', () => {
    const n = netlistOf('circuit DFF(d) -> q {\n  q = delay(d)\n}\ncircuit Two(a) -> (x, y) {\n  x = DFF(a)\n  (y) = DFF(x)\n}', 'Two');
    // x = DFF(a): the instance's one output is the wire x; (y) = DFF(x) is the instance DFF#1.
    expect(n.registers!.map((r) => [r.name, r.scopes.map((s) => s.label)])).toEqual([
      ['x', ['x']],
      ['DFF#1', ['DFF#1']],
    ]);
    expect(n.registers![1]!.input).toEqual({ kind: 'register', index: 0 });
  });

  it('a circuit without memory expands exactly as before: no registers, no loops, neurons in source order', () => {
    const n = netlistOf(`${GATES}circuit X(a, b) -> y {\n  h1 = OR(a, b)\n  h2 = NAND(a, b)\n  y = AND(h1, h2)\n}`, 'X');
    expect(n.registers).toEqual([]);
    expect(n.loops).toEqual([]);
    expect(n.neurons.map((x) => [x.name, x.layer])).toEqual([
      ['h1', 1],
      ['h2', 1],
      ['y', 2],
    ]);
  });

  it('the engines refuse it, and build says what to use instead', async () => {
    const checked = checkSource(LATCH);
    const n = netlistOf(LATCH, 'SR');
    expect(() => compile(n)).toThrow(/has memory/);
    const built = await build(checked.model!, 'SR');
    expect(built.ok).toBe(false);
    expect(built.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'sequential SR has memory (1 loop of neurons): its outputs depend on what came before, not only on its inputs',
    ]);
    expect(built.diagnostics[0]!.hint).toContain('nn sim');
  });

  it('an instance says whether it may hold state', () => {
    const r = checkSource(`${LATCH}\ncircuit Top(a) -> y {\n  (y, _n) = SR(a, 0)\n}\ncircuit Plain(a) -> y {\n  y = NOT(a)\n}`);
    const flags = Object.fromEntries([...r.model!.instances].map(([k, i]) => [k, i.sequential]));
    expect(flags).toEqual({ SR: true, Top: true, Plain: false });
  });
});
