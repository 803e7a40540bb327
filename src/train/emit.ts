// Trained neurons written back as .nn source: what `nn train` prints and what --emit writes.

import type { NeuronDef } from '../check/model.js';

function number(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

/** `neuron NAME(params) { weights: ...  bias: ... }` */
export function neuronSource(neuron: NeuronDef, weights: readonly number[], bias: number): string {
  const w = weights.length > 0 ? `weights: ${weights.map(number).join(', ')}  ` : '';
  return `neuron ${neuron.name}(${neuron.params.join(', ')}) { ${w}bias: ${number(bias)} }`;
}

/**
 * `source` with each listed neuron's whole declaration replaced by its fitted form. Works
 * from the end of the file back, so earlier offsets stay valid.
 */
export function replaceDeclarations(source: string, replacements: readonly { neuron: NeuronDef; text: string }[]): string {
  let out = source;
  for (const { neuron, text } of [...replacements].sort((a, b) => b.neuron.decl.span.start - a.neuron.decl.span.start)) {
    const { start, end } = neuron.decl.span;
    out = out.slice(0, start) + text + out.slice(end);
  }
  return out;
}
