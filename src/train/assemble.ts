// From neurons and the targets they compute to a finished network: outputs wired (to a neuron,
// an input, a constant or another output), neurons nobody reads dropped, and every neuron
// named after the wire it drives: the output's name, or h1, h2, ... for hidden neurons.

import type { Signal, SynthNeuron, ThresholdNetwork } from './network.js';
import type { Problem } from './problem.js';

/**
 * `assignment[t]` is the neuron that computes target t. Neurons no output depends on are
 * dropped unless `keepAll` (a network of a declared shape keeps its shape).
 */
export function assemble(problem: Problem, neurons: readonly SynthNeuron[], assignment: readonly number[], keepAll = false): ThresholdNetwork {
  const { table } = problem;
  const outputSources: Signal[] = [];
  problem.wiring.forEach((wiring) => {
    switch (wiring.kind) {
      case 'constant':
        return outputSources.push({ kind: 'constant', value: wiring.value });
      case 'input':
        return outputSources.push({ kind: 'input', index: wiring.index });
      case 'same':
        return outputSources.push(outputSources[wiring.output]!);
      case 'target':
        return outputSources.push({ kind: 'neuron', index: assignment[wiring.target]! });
    }
  });
  if (keepAll) return named({ name: table.name, inputs: table.inputs, outputs: table.outputs, neurons, outputSources });
  // A source with weight 0 is not read at all: dropping it can only make the network shallower.
  const read = neurons.map((neuron) => {
    const keep = neuron.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
    return keep.length === neuron.weights.length ? neuron : { ...neuron, weights: keep.map((j) => neuron.weights[j]!), sources: keep.map((j) => neuron.sources[j]!) };
  });
  return named(pruned({ name: table.name, inputs: table.inputs, outputs: table.outputs, neurons: read, outputSources }));
}

/** The network without neurons that no output depends on. */
export function pruned(network: ThresholdNetwork): ThresholdNetwork {
  const needed = new Uint8Array(network.neurons.length);
  const mark = (s: Signal) => {
    if (s.kind === 'neuron') needed[s.index] = 1;
  };
  network.outputSources.forEach(mark);
  for (let k = network.neurons.length - 1; k >= 0; k--) if (needed[k]) network.neurons[k]!.sources.forEach(mark);
  if (needed.every((v) => v === 1)) return network;
  const index = new Int32Array(network.neurons.length).fill(-1);
  const neurons: SynthNeuron[] = [];
  network.neurons.forEach((neuron, k) => {
    if (!needed[k]) return;
    index[k] = neurons.length;
    neurons.push({ ...neuron, sources: neuron.sources.map((s) => renumber(s, index)) });
  });
  return { ...network, neurons, outputSources: network.outputSources.map((s) => renumber(s, index)) };
}

function renumber(s: Signal, index: Int32Array): Signal {
  return s.kind === 'neuron' ? { kind: 'neuron', index: index[s.index]! } : s;
}

/**
 * Each neuron named after its wire: the first output it drives, else h1, h2, ... in order,
 * skipping names the circuit's inputs and outputs already use.
 */
export function named(network: ThresholdNetwork): ThresholdNetwork {
  const taken = new Set([...network.inputs, ...network.outputs]);
  const names = new Array<string | undefined>(network.neurons.length);
  network.outputSources.forEach((s, q) => {
    if (s.kind === 'neuron' && names[s.index] === undefined) names[s.index] = network.outputs[q];
  });
  let next = 1;
  const neurons = network.neurons.map((neuron, k) => {
    let name = names[k];
    if (name === undefined) {
      while (taken.has(`h${next}`)) next++;
      name = `h${next++}`;
    }
    return { ...neuron, name };
  });
  return { ...network, neurons };
}
