// What to plot for a part of a file: the bridge from neurons, fits and netlists to the plot
// specifications of plots.ts. Pure: the caller renders and writes.

import { basename } from 'node:path';
import type { NeuronDef } from '../check/model.js';
import type { Netlist } from '../elaborate/netlist.js';
import type { CompiledCircuit } from '../evaluate/compile.js';
import { forEachRow } from '../evaluate/table.js';
import { fires } from '../evaluate/compile.js';
import type { FitReport } from '../train/fit.js';
import type { DecisionBoundaryPlot, ErrorsPlot, HiddenSpacePlot, PlotPoint } from './plots.js';

const num = (x: number) => String(Number(x.toPrecision(4)));

/**
 * A 2-input neuron's decision boundary. The points are its training examples when it was
 * trained (labelled by the data), else the four corners of the input square, each coloured
 * by what the neuron outputs there.
 */
export function decisionBoundaryFigure(neuron: NeuronDef, fit?: FitReport): DecisionBoundaryPlot {
  const weights = neuron.weights!;
  const bias = neuron.bias!;
  const [xLabel, yLabel] = neuron.params as [string, string];
  let points: PlotPoint[];
  if (fit) {
    const { x, y, count } = fit.examples;
    points = Array.from({ length: count }, (_, i) => ({ x: x[2 * i]!, y: x[2 * i + 1]!, cls: y[i] as 0 | 1 }));
  } else {
    points = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => ({
      x: a!, y: b!, cls: fires(weights, bias, [a!, b!]) ? 1 : 0, label: `(${a}, ${b})`,
    }));
  }
  const source = fit?.dataset ? `: ${fit.examples.count} rows of ${basename(fit.dataset.path)}` : fit ? ': trained on its truth table' : '';
  return {
    title: `neuron ${neuron.name}${source}`,
    xLabel,
    yLabel,
    weights: [weights[0]!, weights[1]!],
    bias,
    points,
  };
}

export function errorsFigure(fit: FitReport): ErrorsPlot {
  const o = fit.options;
  return {
    title: `${fit.neuron.name}: perceptron errors per epoch (rate ${num(o.rate)}, init ${o.init}, seed ${o.seed})`,
    errorsPerEpoch: fit.result.errorsPerEpoch,
  };
}

/** Input rows labelled at each place of a hidden space; the others there are counted. */
export const LABELLED_ROWS_PER_PLACE = 8;

/**
 * The hidden space of a one-output circuit whose output neuron reads two neurons (XOR: h1 and
 * h2): every input row placed at the values of those two, labelled with the row, and the
 * output neuron's line. Undefined when the circuit has no such shape.
 *
 * It evaluates every row, so check the table's length first (checkRowLimit). Hidden values
 * are bits, so the rows fall on at most four places: each shows the first
 * LABELLED_ROWS_PER_PLACE rows and a count of the rest, and the picture stays small however
 * many rows there are.
 */
export function hiddenSpaceFigure(netlist: Netlist, program: CompiledCircuit): HiddenSpacePlot | undefined {
  if (netlist.outputs.length !== 1) return undefined;
  const source = netlist.outputs[0]!.source;
  if (source.kind !== 'neuron') return undefined;
  const out = netlist.neurons[source.index]!;
  if (out.inputs.length !== 2 || out.inputs.some((s) => s.kind !== 'neuron')) return undefined;
  const [a, b] = out.inputs.map((s) => (s.kind === 'neuron' ? s.index : -1)) as [number, number];
  const names = [netlist.neurons[a]!.name, netlist.neurons[b]!.name];
  const [ha, hb, y] = [program.firstNeuron + a, program.firstNeuron + b, program.outputSlots[0]!];
  const inputs = Array.from({ length: program.inputCount }, (_, i) => 2 + i);
  const points: (PlotPoint & { label: string })[] = [];
  const places = new Map<string, { x: number; y: number; cls: 0 | 1; rows: number }>();
  forEachRow(program, (v) => {
    const key = `${v[ha]},${v[hb]},${v[y]}`;
    let place = places.get(key);
    if (place === undefined) places.set(key, (place = { x: v[ha]!, y: v[hb]!, cls: v[y] as 0 | 1, rows: 0 }));
    if (++place.rows > LABELLED_ROWS_PER_PLACE) return;
    const row = inputs.map((slot) => v[slot]).join(', ');
    points.push({ x: v[ha]!, y: v[hb]!, cls: v[y] as 0 | 1, label: `x = (${row})` });
  });
  for (const place of places.values()) {
    const more = place.rows - LABELLED_ROWS_PER_PLACE;
    if (more > 0) points.push({ x: place.x, y: place.y, cls: place.cls, label: `… and ${more.toLocaleString('en-US')} more row${more === 1 ? '' : 's'}` });
  }
  return {
    title: `${netlist.name}: the hidden space of ${names.join(' and ')}, read by ${out.name}`,
    xLabel: names[0]!,
    yLabel: names[1]!,
    weights: [out.weights[0]!, out.weights[1]!],
    bias: out.bias,
    points,
  };
}
