import { formatExact } from '../../arith/format.js';
import { parseDecimal, toNumber, type Rational } from '../../arith/rational.js';
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
(a neuron trained on a data set takes measurements). Without NAME: the file's last circuit.

Options:
  --json    print the evaluation as JSON`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [file, ...rest] = positionals as [string, ...string[]];
    const name = rest.length > 0 && !NUMBER.test(rest[0]!) ? rest.shift() : undefined;
    const inputs = rest.map((x) => {
      const parsed = NUMBER.test(x) ? parseDecimal(x) : undefined;
      if (!parsed?.ok) throw new UsageError(`inputs must be finite numbers, not '${x.length > 40 ? `${x.slice(0, 40)}…` : x}'`);
      return parsed.value;
    });
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'eval');
    if (rest.length !== part.params.length) {
      throw new UsageError(`${part.name} takes ${part.params.length} input${part.params.length === 1 ? '' : 's'} (${part.params.join(' ')}), but ${rest.length} ${rest.length === 1 ? 'was' : 'were'} given`);
    }
    const built = await buildPart(ctx, loaded, part);
    if (!built) return EXIT.failed;
    const result = evaluate(built.circuit, inputs);
    ctx.out(values.json ? JSON.stringify(evaluationJson(part.name, result), null, 2) + '\n' : formatEvaluation(part.name, part.params, result));
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

export function formatEvaluation(name: string, params: readonly string[], e: Evaluation): string {
  const lines = [`${name}(${params.map((p, i) => `${p} = ${formatExact(e.inputs[i]!)}`).join(', ')})`];
  const rows = e.neurons.map((n) => [String(n.layer), n.name, writtenSum(n.weights, n.inputs, n.bias), formatExact(n.z), String(n.output)]);
  const header = ['layer', 'neuron', 'w·x + b', 'z', 'out'];
  // A loop, not Math.max(...): a circuit may have more neurons than a call has room for arguments.
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), h.length));
  const line = (r: string[]) =>
    `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[2] === 'w·x + b' ? ' ' : '='} ${r[3]!.padStart(widths[3]!)}  ${r[4]!.padStart(widths[4]!)}`;
  lines.push(line(header));
  for (const r of rows) lines.push(line(r));
  lines.push(e.outputs.map((o) => `${o.name} = ${formatExact(o.value)}`).join(', '));
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
