// The smallest whole weights for each neuron of a found network. A neuron must keep its
// values on the rows that matter: every row some output cares about, for a neuron that others
// read; only the rows its own outputs care about, for one that drives outputs alone. On those
// rows its sources' values are fixed, so each neuron is a small table of its own, and
// `smallestIntegerWeights` (an integer program, minimising Σ|w| + |b|) gives its weights.

import { smallestIntegerWeights } from './integer-weights.js';
import { evaluateNeuronsExactly, signalValue, type SynthNeuron, type ThresholdNetwork } from './network.js';
import { caredRows, inputBits, type TruthTable } from './truth-table.js';

export async function withSmallestWeights(network: ThresholdNetwork, table: TruthTable): Promise<ThresholdNetwork> {
  const rows = caredRows(table);
  const n = table.inputs.length;
  const inputs = rows.map((r) => inputBits(r, n));
  const values = inputs.map((bits) => evaluateNeuronsExactly(network, bits));
  const read = new Uint8Array(network.neurons.length);
  for (const neuron of network.neurons) for (const s of neuron.sources) if (s.kind === 'neuron') read[s.index] = 1;
  const neurons: SynthNeuron[] = [];
  for (let k = 0; k < network.neurons.length; k++) {
    const neuron = network.neurons[k]!;
    // Rows where this neuron's value matters.
    const drives = network.outputSources.flatMap((s, q) => (s.kind === 'neuron' && s.index === k ? [q] : []));
    const matters = rows.map((_, i) => i).filter((i) => read[k] === 1 || drives.some((q) => table.care[q]![rows[i]!] === 1));
    if (matters.length === 0) {
      neurons.push(neuron); // nothing depends on it: any weights will do
      continue;
    }
    const seen = new Map<string, number>();
    const x: number[] = [];
    const y: number[] = [];
    for (const i of matters) {
      const pattern = neuron.sources.map((s) => signalValue(s, inputs[i]!, values[i]!));
      const key = pattern.join('');
      const label = values[i]![k]!;
      const before = seen.get(key);
      if (before !== undefined) {
        if (before !== label) throw new Error('internal error: a neuron gives two values for one input pattern');
        continue;
      }
      seen.set(key, label);
      x.push(...pattern);
      y.push(label);
    }
    const smallest = await smallestIntegerWeights({ x: Float64Array.from(x), y: Uint8Array.from(y), count: y.length, features: neuron.sources.length });
    if (!smallest) throw new Error(`internal error: neuron ${neuron.name} of a checked network is not a threshold function of its sources`);
    neurons.push({ ...neuron, weights: smallest.weights, bias: smallest.bias });
  }
  return { ...network, neurons };
}
