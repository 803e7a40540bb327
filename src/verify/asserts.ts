// Asserts and equivalences, proved: the property compiled into the part's netlist as one more
// output (assert-circuit.ts, miter.ts), that output proved 1 on every input (prove.ts), and a
// failure explained on the part itself: its ports as numbers, its hidden neurons, and what each
// side of the assert's comparison came to.

import type { AssertDef, Bit } from '../check/model.js';
import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import { hiddenNeurons, type NetPort, type Netlist } from '../elaborate/netlist.js';
import { compile, type CompiledCircuit } from '../evaluate/compile.js';
import { evaluate } from '../evaluate/evaluate.js';
import { portValue } from '../evaluate/ports.js';
import { integer } from '../arith/rational.js';
import type * as A from '../parse/ast.js';
import { AssertUnsupported, assertCircuit, valueCircuit } from './assert-circuit.js';
import { miter, EQUAL, type Pairing } from './miter.js';
import { proveAlways, type Method, type ProveOptions, type Verdict } from './prove.js';

/** An assert made ready to prove: the part's netlist with the assert's output. */
export interface CompiledAssert {
  readonly def: AssertDef;
  /** The part alone. */
  readonly part: Netlist;
  readonly circuit: CompiledCircuit;
  /** Which output of `circuit` is the assert. */
  readonly output: number;
}

/** The assert's gates added to the part's netlist; an error for an assert nn cannot build. */
export function compileAssert(part: Netlist, def: AssertDef): Result<CompiledAssert> {
  try {
    const { netlist, holds } = assertCircuit(part, def.expr);
    return ok({ def, part, circuit: compile(netlist), output: holds });
  } catch (e) {
    if (!(e instanceof AssertUnsupported)) throw e;
    return fail([error('assert-unsupported', e.message, e.span ?? def.decl.name.span, {
      hint: 'see "Properties" in docs/language.md for what an assert can compute',
    })]);
  }
}

/** A port and the number it carries. */
export interface PortValue {
  readonly name: string;
  readonly width: number | null;
  readonly value: bigint;
}

/** An input on which a part breaks its assert (or two parts disagree), explained. */
export interface Failure {
  /** Its row in the truth table (first input most significant): a number, as it may pass 2^53. */
  readonly row: bigint;
  readonly bits: readonly Bit[];
  readonly inputs: readonly PortValue[];
  readonly outputs: readonly PortValue[];
  /** The hidden neurons of the part (of both parts, for an equivalence), by name. */
  readonly hidden: readonly { readonly name: string; readonly value: Bit }[];
  /** For an assert that compares two sides: their values (exact integers). */
  readonly sides?: { readonly op: string; readonly left: bigint; readonly right: bigint; readonly leftText: string; readonly rightText: string };
  /** For an equivalence: the other part's outputs on the same inputs. */
  readonly otherOutputs?: readonly PortValue[];
}

export type Proof =
  | { readonly status: 'proved'; readonly method: Method; readonly ms: number; readonly rows: bigint }
  | { readonly status: 'failed'; readonly method: Method; readonly ms: number; readonly rows: bigint; readonly failure: Failure }
  | { readonly status: 'undecided'; readonly method: Method; readonly ms: number; readonly rows: bigint; readonly reason: string };

/** Proves the assert for every input of its part. */
export async function proveAssert(a: CompiledAssert, options: ProveOptions = {}): Promise<Proof> {
  const verdict = await proveAlways(a.circuit, a.output, options);
  return withFailure(verdict, a.part.inputs.length, (bits) => explainAssert(a, bits));
}

export type EquivalenceProof = (Proof & { readonly pairing: Pairing }) | { readonly status: 'incomparable'; readonly reason: string };

/** Proves that `a` and `b` give the same outputs on every input (ports paired as `miter` says). */
export async function proveEquivalence(a: Netlist, b: Netlist, options: ProveOptions = {}): Promise<EquivalenceProof> {
  const m = miter(a, b);
  if (!m.ok) return { status: 'incomparable', reason: m.reason };
  const c = compile(m.netlist);
  const verdict = await proveAlways(c, m.netlist.outputs.findIndex((o) => o.name === EQUAL), options);
  const proof = withFailure(verdict, a.inputs.length, (bits) => {
    const left = onPart(a, bits);
    const feed = feedBits(a, b, m.pairing, bits);
    const right = onPart(b, feed);
    const prefixed = (side: typeof left, name: string) => side.hidden.map((h) => ({ name: `${name}.${h.name}`, value: h.value }));
    const [na, nb] = a.name === b.name ? ['a', 'b'] : [a.name, b.name];
    return { ...left, hidden: [...prefixed(left, na), ...prefixed(right, nb)], otherOutputs: m.pairing.outputOf.map((k) => right.outputs[k]!) };
  });
  return { ...proof, pairing: m.pairing };
}

function withFailure(verdict: Verdict, inputs: number, explain: (bits: Bit[]) => Omit<Failure, 'row' | 'bits'>): Proof {
  const rows = 1n << BigInt(inputs);
  if (verdict.status !== 'failed') return { ...verdict, rows };
  const bits = verdict.counterexample.inputs.map((i) => i.value);
  let row = 0n;
  for (const b of bits) row = row * 2n + BigInt(b);
  return { status: 'failed', method: verdict.method, ms: verdict.ms, rows, failure: { row, bits, ...explain(bits) } };
}

/** The bits b reads when a reads `bits`: b's ports fed from the a ports they are paired with. */
function feedBits(a: Netlist, b: Netlist, pairing: Pairing, bits: readonly Bit[]): Bit[] {
  const out = new Array<Bit>(b.inputs.length).fill(0);
  b.inputPorts.forEach((port, k) => {
    const from = a.inputPorts[pairing.inputOf[k]!]!;
    port.bits.forEach((position, i) => (out[position] = bits[from.bits[i]!]!));
  });
  return out;
}

const portValues = (ports: readonly NetPort[], bits: ArrayLike<number>): PortValue[] =>
  ports.map((p) => ({ name: p.name, width: p.width, value: portValue(p, bits) }));

/** A part evaluated exactly on one input: its ports as numbers and its hidden neurons. */
function onPart(part: Netlist, bits: readonly Bit[]): Pick<Failure, 'inputs' | 'outputs' | 'hidden'> {
  const e = evaluate(compile(part), bits.map((b) => integer(b)));
  const outputs = e.outputs.map((o) => (o.value.num === 0n ? 0 : 1));
  return {
    inputs: portValues(part.inputPorts, bits),
    outputs: portValues(part.outputPorts, outputs),
    hidden: hiddenNeurons(part).map((k) => ({ name: part.neurons[k]!.name, value: e.neurons[k]!.output })),
  };
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

function explainAssert(a: CompiledAssert, bits: readonly Bit[]): Omit<Failure, 'row' | 'bits'> {
  const base = onPart(a.part, bits);
  const top = a.def.expr;
  if (top.kind !== 'a-binary' || !COMPARISONS.has(top.op)) return base;
  const { netlist, values } = valueCircuit(a.part, [top.left, top.right]);
  const e = evaluate(compile(netlist), bits.map((b) => integer(b)));
  const read = (v: { outputs: number[]; signed: boolean }): bigint => {
    let n = 0n;
    v.outputs.forEach((o, i) => {
      if (e.outputs[o]!.value.num !== 0n) n |= 1n << BigInt(i);
    });
    // Two's complement: the last bit weighs minus its place.
    if (v.signed && v.outputs.length > 0 && (n >> BigInt(v.outputs.length - 1)) & 1n) n -= 1n << BigInt(v.outputs.length);
    return n;
  };
  return { ...base, sides: { op: top.op, left: read(values[0]!), right: read(values[1]!), leftText: exprText(top.left), rightText: exprText(top.right) } };
}

const PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

/** An assert expression written back, with the parentheses it needs: for messages. */
export function exprText(e: A.AssertExpr): string {
  const wrap = (x: A.AssertExpr, p: number, right: boolean) => {
    const q = x.kind === 'a-binary' ? PRECEDENCE[x.op]! : x.kind === 'a-cond' ? 0 : 11;
    return q < p || (right && q === p) ? `(${exprText(x)})` : exprText(x);
  };
  switch (e.kind) {
    case 'a-number':
      return e.text;
    case 'a-name':
      if (!e.index) return e.text;
      if (e.index.kind === 'bit') return `${e.text}[${intLiteral(e.index.at)}]`;
      return `${e.text}[${intLiteral(e.index.from)}..${intLiteral(e.index.to)}]`;
    case 'a-unary':
      return `${e.op}${wrap(e.operand, 11, false)}`;
    case 'a-binary': {
      const p = PRECEDENCE[e.op]!;
      return `${wrap(e.left, p, false)} ${e.op} ${wrap(e.right, p, true)}`;
    }
    case 'a-cond':
      return `${wrap(e.test, 1, false)} ? ${exprText(e.ifTrue)} : ${exprText(e.ifFalse)}`;
  }
}

function intLiteral(e: A.IntExpr): string {
  return e.kind === 'int' ? String(e.value) : e.kind === 'int-name' ? e.text : '?';
}
