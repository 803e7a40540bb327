import { evaluate, type Evaluation } from '../../evaluate/evaluate.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { buildPart, formatNumber, loadFile, pickPart } from './shared.js';

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
    const name = rest.length > 0 && !NUMBER.test(rest[0]!) ? rest.shift() : undefined;
    const bad = rest.find((x) => !NUMBER.test(x) || !Number.isFinite(Number(x)));
    if (bad !== undefined) throw new UsageError(`inputs must be finite numbers, not '${bad}'`);
    const loaded = await loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'eval');
    if (rest.length !== part.params.length) {
      throw new UsageError(`${part.name} takes ${part.params.length} input${part.params.length === 1 ? '' : 's'} (${part.params.join(' ')}), but ${rest.length} ${rest.length === 1 ? 'was' : 'were'} given`);
    }
    const built = buildPart(ctx, loaded, part);
    if (!built) return EXIT.failed;
    const result = evaluate(built.program, rest.map(Number));
    for (const n of result.neurons) {
      if (!Number.isFinite(n.z)) ctx.note(`${n.name}: w·x + b overflowed (it is ${n.z}); a neuron fires only on a sum >= 0`);
    }
    ctx.out(values.json ? JSON.stringify({ name: part.name, ...result }, null, 2) + '\n' : formatEvaluation(part.name, part.params, result));
    return EXIT.ok;
  },
};

export function formatEvaluation(name: string, params: readonly string[], e: Evaluation): string {
  const lines = [`${name}(${params.map((p, i) => `${p} = ${formatNumber(e.inputs[i]!)}`).join(', ')})`];
  const rows = e.neurons.map((n) => [String(n.layer), n.name, writtenSum(n.weights, n.inputs, n.bias), formatNumber(n.z), String(n.output)]);
  const header = ['layer', 'neuron', 'w·x + b', 'z', 'out'];
  // A loop, not Math.max(...): a circuit may have more neurons than a call has room for arguments.
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), h.length));
  const line = (r: string[]) =>
    `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[2] === 'w·x + b' ? ' ' : '='} ${r[3]!.padStart(widths[3]!)}  ${r[4]!.padStart(widths[4]!)}`;
  lines.push(line(header));
  for (const r of rows) lines.push(line(r));
  lines.push(e.outputs.map((o) => `${o.name} = ${formatNumber(o.value)}`).join(', '));
  return lines.join('\n') + '\n';
}

/**
 * `1·1 − 1·0 + 2`: the sum as a reader would write it, minus signs folded into the operators.
 * Weights and inputs are written in full, so the sum adds up to the z shown.
 */
function writtenSum(weights: readonly number[], inputs: readonly number[], bias: number): string {
  const n = (v: number) => String(v + 0);
  const x = (v: number) => (v < 0 ? `(${n(v)})` : n(v));
  let out = '';
  weights.forEach((w, j) => {
    const term = `${n(Math.abs(w))}·${x(inputs[j]!)}`;
    out += j === 0 ? (w < 0 ? `−${term}` : term) : w < 0 ? ` − ${term}` : ` + ${term}`;
  });
  if (out === '') return n(bias);
  return bias < 0 ? `${out} − ${n(-bias)}` : `${out} + ${n(bias)}`;
}
