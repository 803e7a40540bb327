import { formatExact } from '../../arith/format.js';
import type { Rational } from '../../arith/rational.js';
import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import { circuitStats, type CircuitStats } from '../../elaborate/stats.js';
import { EXIT } from '../context.js';
import type { Command } from '../command.js';
import { buildNetlistPart, loadFile, numberOption, pickPart } from './shared.js';
import { count, thousands } from '../../diagnostics/words.js';

export const infoCommand: Command = {
  name: 'info',
  summary: "a circuit's ports, size, depth, fan-in and weights",
  usage: 'nn info FILE [NAME] [--json] [--max-neurons N]',
  help: `Prints what an engineer asks first about NAME: its inputs and outputs with their widths,
how many neurons it expands to and how they spread over the layers, its depth, the largest
fan-in, the range of its weights and biases, and the neuron declarations it is made of.
Without NAME: the file's last circuit (or last neuron).

Options:
  --json             the same as JSON (weights as exact decimal strings)
  --max-neurons N    refuse circuits that expand to more than N neurons (default ${thousands(DEFAULT_MAX_NEURONS)})`,
  options: { json: { type: 'boolean' }, 'max-neurons': { type: 'string' } },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'info');
    const built = await buildNetlistPart(ctx, loaded, part, maxNeurons === undefined ? {} : { maxNeurons });
    if (!built) return EXIT.failed;
    const stats = circuitStats(built.netlist);
    ctx.out(values.json ? `${JSON.stringify(statsJson(stats), null, 2)}\n` : describe(stats));
    return EXIT.ok;
  },
};

const port = (p: { name: string; width: number | null }) => (p.width === null ? p.name : `${p.name}[${p.width}]`);

function describe(s: CircuitStats): string {
  const row = (label: string, text: string) => `  ${label.padEnd(9)} ${text}\n`;
  let out = `${s.name}\n`;
  out += row('inputs', `${s.inputs.map(port).join(', ') || '(none)'}  (${count(s.inputBits, 'bit')})`);
  out += row('outputs', `${s.outputs.map(port).join(', ')}  (${count(s.outputBits, 'bit')})`);
  out += row('neurons', thousands(s.neurons));
  out += row('depth', `${count(s.depth, 'layer')}${s.layers.length > 1 ? `: ${s.layers.map(thousands).join(', ')} neurons per layer` : ''}`);
  out += row('fan-in', `${thousands(s.largestFanIn)} at most`);
  if (s.registers > 0 || s.loops > 0) {
    const memory = [s.registers > 0 && count(s.registers, 'delay bit'), s.loops > 0 && `${count(s.loops, 'loop')} of ${count(s.loopNeurons, 'neuron')}`];
    out += row('memory', memory.filter(Boolean).join(', '));
  }
  if (s.weights) out += row('weights', `${formatExact(s.weights.min)} to ${formatExact(s.weights.max)}`);
  if (s.biases) out += row('biases', `${formatExact(s.biases.min)} to ${formatExact(s.biases.max)}`);
  if (s.parts.length > 0) {
    const shown = s.parts.slice(0, 8).map((p) => `${p.part} ×${thousands(p.count)}`).join(', ');
    out += row('made of', `${shown}${s.parts.length > 8 ? `, and ${s.parts.length - 8} more` : ''}`);
  }
  return out;
}

function statsJson(s: CircuitStats) {
  const range = (r: { min: Rational; max: Rational } | undefined) => r && { min: formatExact(r.min), max: formatExact(r.max) };
  return { ...s, weights: range(s.weights), biases: range(s.biases) };
}
