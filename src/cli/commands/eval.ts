import { formatExact } from '../../arith/format.js';
import { ONE, parseDecimal, toNumber, ZERO, type Rational } from '../../arith/rational.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { plural } from '../../diagnostics/words.js';
import type { NetPort, Netlist } from '../../elaborate/netlist.js';
import { evaluate, type Evaluation } from '../../evaluate/evaluate.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { buildPart, loadFile, pickPart } from './shared.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate one input vector, showing every neuron',
  usage: 'nn eval FILE [NAME] X1 X2 ... [--json]',
  help: `Evaluates NAME on one input vector and shows, for every neuron in evaluation order, its
layer, its pre-activation z = w·x + b and its output step(z). Inputs may be real numbers
(a neuron trained on a data set takes measurements). Without NAME: the file's last circuit
(or, with no circuit, its last neuron).

Options:
  --json             print the evaluation as JSON`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [file, ...rest] = positionals as [string, ...string[]];
    const name = rest.length > 0 && !NUMBER.test(rest[0]!) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]!) ? rest.shift() : undefined;
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'eval');
    const built = await buildPart(ctx, loaded, part);
    if (!built) return EXIT.failed;
    const inputs = readInputs(built.netlist, rest);
    const result = evaluate(built.circuit, inputs);
    const shown = portValues(built.netlist.inputPorts, inputs);
    ctx.out(values.json ? JSON.stringify(evaluationJson(built.netlist.name, result), null, 2) + '\n' : formatEvaluation(built.netlist, shown, result));
    return EXIT.ok;
  },
};

/**
 * Numbers as JSON numbers (the nearest doubles), and each sum also exactly, as a decimal
 * string: JSON has no exact numbers, and z is where exactness matters.
 */
function evaluationJson(name: string, e: Evaluation) {
  return {
    name,
    inputs: e.inputs.map(toNumber),
    neurons: e.neurons.map((n) => ({
      name: n.name, layer: n.layer, inputs: n.inputs.map(toNumber), weights: n.weights.map(toNumber),
      bias: toNumber(n.bias), z: toNumber(n.z), zExact: formatExact(n.z), output: n.output,
    })),
    outputs: e.outputs.map((o) => ({ name: o.name, value: toNumber(o.value) })),
  };
}

/**
 * The command line's inputs as one exact value per input bit: per port (named `a=3` or in
 * order), a bus as a whole number (5, 0x5, 0b0101), a single bit as any number (a neuron
 * trained on measurements takes real values); or, for a part of single bits only, one value
 * per input in order.
 */
function readInputs(netlist: Netlist, args: readonly string[]): Rational[] {
  const ports = netlist.inputPorts;
  const named = args.filter((a) => a.includes('='));
  if (named.length > 0 && named.length !== args.length) throw new UsageError('give every input by name (a=3 b=5) or every input in order (3 5), not a mix');
  const byPort = new Map<string, string>();
  if (named.length > 0) {
    for (const a of named) {
      const [key, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      if (!ports.some((p) => p.name === key)) {
        const hint = didYouMean(key, ports.map((p) => p.name));
        throw new UsageError(`${netlist.name} has no input called ${shorten(key)}${hint ? `; ${hint}` : ` (its inputs are ${ports.map((p) => p.name).join(', ')})`}`);
      }
      if (byPort.has(key)) throw new UsageError(`input ${key} is given twice`);
      byPort.set(key, value);
    }
    const missing = ports.filter((p) => !byPort.has(p.name));
    if (missing.length > 0) throw new UsageError(`missing ${missing.map((p) => p.name).join(', ')}: give every input of ${netlist.name}`);
  } else if (args.length === ports.length) {
    ports.forEach((p, k) => byPort.set(p.name, args[k]!));
  } else {
    const described = ports.map((p) => (p.width === null ? p.name : `${p.name}[${p.width}]`)).join(' ');
    throw new UsageError(`${netlist.name} takes ${ports.length} ${plural(ports.length, 'input')} (${described}), but ${args.length} ${plural(args.length, 'was', 'were')} given`);
  }
  const values = new Array<Rational>(netlist.inputs.length);
  for (const p of ports) {
    const text = byPort.get(p.name)!;
    if (p.width === null) {
      const parsed = NUMBER.test(text) ? parseDecimal(text) : undefined;
      if (!parsed?.ok) throw new UsageError(`input ${p.name} must be a finite number, not '${shorten(text)}'`);
      values[p.bits[0]!] = parsed.value;
      continue;
    }
    const v = /^(\d+|0[xX][0-9a-fA-F]+|0[bB][01]+)$/.test(text) ? BigInt(text) : undefined;
    if (v === undefined || v >= 1n << BigInt(p.width)) {
      throw new UsageError(`input ${p.name} is ${p.width} bits wide: give a whole number from 0 to ${(1n << BigInt(p.width)) - 1n} (such as 5, 0x5 or 0b101), not '${shorten(text)}'`);
    }
    p.bits.forEach((position, i) => (values[position] = ((v >> BigInt(i)) & 1n) === 1n ? ONE : ZERO));
  }
  return values;
}

const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Each port's value for display: a bus as the number its bits make, a bit as its value. */
function portValues(ports: readonly NetPort[], bits: readonly Rational[]): string[] {
  return ports.map((p) => {
    if (p.width === null) return formatExact(bits[p.bits[0]!]!);
    let v = 0n;
    p.bits.forEach((position, i) => {
      if (bits[position]!.num !== 0n) v |= 1n << BigInt(i);
    });
    return v.toString();
  });
}

export function formatEvaluation(netlist: Netlist, inputs: readonly string[], e: Evaluation): string {
  const lines = [`${netlist.name}(${netlist.inputPorts.map((p, i) => `${p.name} = ${inputs[i]}`).join(', ')})`];
  const rows = e.neurons.map((n) => [String(n.layer), n.name, writtenSum(n.weights, n.inputs, n.bias), formatExact(n.z), String(n.output)]);
  const header = ['layer', 'neuron', 'w·x + b', 'z', 'out'];
  // A loop, not Math.max(...): a circuit may have more neurons than a call has room for arguments.
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), h.length));
  const line = (r: string[]) =>
    `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[2] === 'w·x + b' ? ' ' : '='} ${r[3]!.padStart(widths[3]!)}  ${r[4]!.padStart(widths[4]!)}`;
  lines.push(line(header));
  for (const r of rows) lines.push(line(r));
  const outputs = portValues(netlist.outputPorts, e.outputs.map((o) => o.value));
  lines.push(netlist.outputPorts.map((p, i) => `${p.name} = ${outputs[i]}`).join(', '));
  return lines.join('\n') + '\n';
}

/**
 * `1·1 − 1·0 + 2`: the sum as a reader would write it, minus signs folded into the operators.
 * Weights and inputs are written exactly, so the sum adds up to the z shown.
 */
function writtenSum(weights: readonly Rational[], inputs: readonly Rational[], bias: Rational): string {
  const n = (v: Rational) => formatExact(v);
  const x = (v: Rational) => (v.num < 0n ? `(${n(v)})` : n(v));
  const magnitude = (v: Rational) => n(v.num < 0n ? { num: -v.num, den: v.den } : v);
  let out = '';
  weights.forEach((w, j) => {
    const term = `${magnitude(w)}·${x(inputs[j]!)}`;
    out += j === 0 ? (w.num < 0n ? `−${term}` : term) : w.num < 0n ? ` − ${term}` : ` + ${term}`;
  });
  if (out === '') return n(bias);
  return bias.num < 0n ? `${out} − ${magnitude(bias)}` : `${out} + ${n(bias)}`;
}
