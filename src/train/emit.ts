// Trained neurons written back as .nn source: what `nn train` prints and what --emit writes.

import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { CircuitDef, NeuronDef, PortShape } from '../check/model.js';
import type { FileAst } from '../parse/ast.js';
import type { CircuitFitReport } from './fit-circuit.js';

/** `neuron NAME(params) { weights: ...  bias: ... }`, the numbers as decimal texts. */
export function neuronSource(neuron: NeuronDef, weights: readonly string[], bias: string): string {
  const w = weights.length > 0 ? `weights: ${weights.join(', ')}  ` : '';
  return `neuron ${neuron.name}(${neuron.params.join(', ')}) { ${w}bias: ${bias} }`;
}

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** `source` with each edit's span replaced by its text; edits must not overlap. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = source;
  // From the end of the file back, so earlier offsets stay valid.
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Each trained neuron's whole declaration replaced by its fitted form. Comments written inside
 * the declaration are kept, on lines of their own above it.
 */
export function fittedDeclarations(source: string, replacements: readonly { neuron: NeuronDef; weights: readonly string[]; bias: string }[]): Edit[] {
  return replacements.map(({ neuron, weights, bias }) => replaceDeclaration(source, neuron.decl.span, [neuronSource(neuron, weights, bias)]));
}

/** Each trained circuit's declaration replaced by the neurons found and the circuit wiring them, comments kept above. */
export function fittedCircuits(source: string, reports: readonly CircuitFitReport[]): Edit[] {
  return reports.map((r) => replaceDeclaration(source, r.circuit.decl.span, circuitSource(r)));
}

function replaceDeclaration(source: string, span: { start: number; end: number }, lines: readonly string[]): Edit {
  const { start, end } = span;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, start))?.[0] ?? '';
  const kept = commentsIn(source, start, end).map((c) => `${c}\n${indent}`).join('');
  return { start, end, text: kept + lines.join(`\n${indent}`) };
}

/**
 * A trained circuit as .nn source: a neuron declaration per neuron found (with its written
 * weights), then the circuit, one statement per neuron and one per output that is a wire.
 */
export function circuitSource(r: CircuitFitReport): string[] {
  const lines = r.neurons.map((n) => neuronSource(n.def, n.written.weights, n.written.bias));
  const width = Math.max(0, ...r.neurons.map((n) => n.wire.length), ...r.outputs.map((o) => o.name.length));
  lines.push(`${circuitHead(r.circuit, r.instance.inputs, r.instance.outputs)} {`);
  const driven = new Set(r.neurons.map((n) => n.wire));
  for (const n of r.neurons) lines.push(`  ${n.wire.padEnd(width)} = ${n.def.name}(${n.reads.join(', ')})`);
  for (const o of r.outputs) if (!driven.has(o.name)) lines.push(`  ${o.name.padEnd(width)} = ${o.from}`);
  lines.push('}');
  return lines;
}

function circuitHead(circuit: CircuitDef, inputs: readonly PortShape[], outputs: readonly PortShape[]): string {
  const port = (p: PortShape) => (p.width === null ? p.name : `${p.name}[${p.width}]`);
  const outs = outputs.length === 1 ? port(outputs[0]!) : `(${outputs.map(port).join(', ')})`;
  return `circuit ${circuit.name}(${inputs.map(port).join(', ')}) -> ${outs}`;
}

/** The comments between `start` and `end`, as written (a block comment on one line). */
function commentsIn(source: string, start: number, end: number): string[] {
  const comments: string[] = [];
  for (let i = start; i < end; i++) {
    const c = source[i];
    if (c === '"') {
      // Skip a string: a // inside it is not a comment.
      for (i++; i < end && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
    } else if (c === '/' && source[i + 1] === '/') {
      const eol = source.indexOf('\n', i);
      const stop = eol < 0 || eol > end ? end : eol;
      comments.push(source.slice(i, stop).replace(/\r$/, '').trimEnd());
      i = stop;
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      const stop = close < 0 ? end : close + 2;
      comments.push(source.slice(i, stop).replace(/\s*\n\s*/g, ' '));
      i = stop - 1;
    }
  }
  return comments;
}

/**
 * Relative import paths rewritten for a copy of `file` written at `out`, so that the copy
 * imports the same files from its own folder.
 */
export function movedImports(ast: FileAst, file: string, out: string): Edit[] {
  const edits: Edit[] = [];
  for (const item of ast.items) {
    if (item.kind !== 'import' || isAbsolute(item.path.value)) continue;
    const target = join(dirname(file), item.path.value);
    const path = relative(dirname(out), target).split(sep).join('/');
    if (path !== item.path.value) edits.push({ start: item.path.span.start, end: item.path.span.end, text: JSON.stringify(path) });
  }
  return edits;
}
