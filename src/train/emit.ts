// Trained neurons written back as .nn source: what `nn train` prints and what --emit writes.

import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { NeuronDef } from '../check/model.js';
import type { FileAst } from '../parse/ast.js';

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
  return replacements.map(({ neuron, weights, bias }) => {
    const { start, end } = neuron.decl.span;
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart, start))?.[0] ?? '';
    const kept = commentsIn(source, start, end).map((c) => `${c}\n${indent}`).join('');
    return { start, end, text: kept + neuronSource(neuron, weights, bias) };
  });
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
