// Trained neurons written back as .nn source: what `nn train` prints and what --emit writes.

import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { NeuronDef } from '../check/model.js';
import type { FileAst } from '../parse/ast.js';

function number(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

/** `neuron NAME(params) { weights: ...  bias: ... }` */
export function neuronSource(neuron: NeuronDef, weights: readonly number[], bias: number): string {
  const w = weights.length > 0 ? `weights: ${weights.map(number).join(', ')}  ` : '';
  return `neuron ${neuron.name}(${neuron.params.join(', ')}) { ${w}bias: ${number(bias)} }`;
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

/** Each trained neuron's whole declaration replaced by its fitted form. */
export function fittedDeclarations(replacements: readonly { neuron: NeuronDef; weights: readonly number[]; bias: number }[]): Edit[] {
  return replacements.map(({ neuron, weights, bias }) => ({
    start: neuron.decl.span.start,
    end: neuron.decl.span.end,
    text: neuronSource(neuron, weights, bias),
  }));
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
