// A synthesised network as .nn source: one neuron declaration per neuron (its weights are its
// own), the circuit wiring them, and the table it was made from as a test block, so that
// `nn test` re-checks it.

import { uniqueNames, type Signal, type ThresholdNetwork } from '../train/network.js';
import { inputBit, rowCount, type TruthTable } from '../train/truth-table.js';

export function emitNetwork(network: ThresholdNetwork, table: TruthTable, comment: readonly string[] = []): string {
  const wire = (s: Signal): string =>
    s.kind === 'constant' ? String(s.value) : s.kind === 'input' ? network.inputs[s.index]! : network.neurons[s.index]!.name;
  const taken = new Set([network.name, ...network.inputs, ...network.outputs, ...network.neurons.map((n) => n.name)]);
  const declared = network.neurons.map((neuron) => {
    let name = `${network.name}_${neuron.name}`;
    while (taken.has(name)) name = `_${name}`;
    taken.add(name);
    return name;
  });

  const lines = comment.map((c) => `// ${c}`);
  if (lines.length > 0) lines.push('');
  network.neurons.forEach((neuron, k) => {
    const params = uniqueNames(neuron.sources.map(wire));
    const weights = neuron.weights.length > 0 ? `weights: ${neuron.weights.map(number).join(', ')}  ` : '';
    lines.push(`neuron ${declared[k]}(${params.join(', ')}) { ${weights}bias: ${number(neuron.bias)} }`);
  });
  if (network.neurons.length > 0) lines.push('');

  const outputs = network.outputs.length === 1 ? network.outputs[0]! : `(${network.outputs.join(', ')})`;
  lines.push(`circuit ${network.name}(${network.inputs.join(', ')}) -> ${outputs} {`);
  const width = Math.max(0, ...network.neurons.map((n) => n.name.length), ...network.outputs.map((o) => o.length));
  network.neurons.forEach((neuron, k) => {
    lines.push(`  ${neuron.name.padEnd(width)} = ${declared[k]}(${neuron.sources.map(wire).join(', ')})`);
  });
  network.outputSources.forEach((s, q) => {
    const name = network.outputs[q]!;
    if (s.kind === 'neuron' && network.neurons[s.index]!.name === name) return;
    lines.push(`  ${name.padEnd(width)} = ${wire(s)}`);
  });
  lines.push('}', '', ...testBlock(table), '');
  return lines.join('\n');
}

/** `test NAME { header ; rows }` with every row some output cares about; `*` where one does not. */
export function testBlock(table: TruthTable): string[] {
  const n = table.inputs.length;
  const head = [...table.inputs, '->', ...table.outputs];
  const widths = head.map((h) => h.length);
  const lines = [`test ${table.name} {`, `  ${head.join(' ')}`];
  for (let r = 0; r < rowCount(table); r++) {
    if (!table.care.some((c) => c[r] === 1)) continue;
    const cells = [
      ...table.inputs.map((_, j) => String(inputBit(r, j, n))),
      '->',
      ...table.outputs.map((_, q) => (table.care[q]![r] === 1 ? String(table.on[q]![r]) : '*')),
    ];
    lines.push(`  ${cells.map((c, i) => c.padStart(widths[i]!)).join(' ')}`);
  }
  lines.push('}');
  return lines;
}

function number(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}
