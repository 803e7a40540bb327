// What to plot for a part of a file: the bridge from neurons, fits and netlists to the plot
// specifications of plots.ts. Pure: the caller renders and writes.

import { basename } from 'node:path';
import { fires } from '../arith/neuron.js';
import { formatNumber } from '../arith/format.js';
import { toNumber } from '../arith/rational.js';
import type { NeuronDef, NeuronWeights } from '../check/model.js';
import { inputSignal, neuronSignal } from '../evaluate/compile.js';
import { rowCount, sweep, type Engine } from '../evaluate/engine.js';
import type { CircuitFitReport } from '../train/fit-circuit.js';
import type { FitReport } from '../train/fit.js';
import type { DecisionBoundaryPlot, ErrorsPlot, HiddenSpacePlot, PlotPoint } from './plots.js';
import { count } from '../diagnostics/words.js';

const num = (x: number) => formatNumber(x, 4);

/**
 * A 2-input neuron's decision boundary. The points are its training examples when it was
 * trained (labelled by the data), else the four corners of the input square, each coloured
 * by what the neuron outputs there.
 */
export function decisionBoundaryFigure(neuron: NeuronDef, given: NeuronWeights, fit?: FitReport): DecisionBoundaryPlot {
  const { weights, bias } = given;
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
  const source = fit?.dataset ? `: ${count(fit.examples.count, 'row')} of ${basename(fit.dataset.path)}` : fit ? ': trained on its truth table' : '';
  return {
    title: `neuron ${neuron.name}${source}`,
    xLabel,
    yLabel,
    weights: [toNumber(weights[0]!), toNumber(weights[1]!)],
    bias: toNumber(bias),
    points,
  };
}

export function errorsFigure(fit: FitReport): ErrorsPlot {
  const o = fit.options;
  return {
    title: `${fit.neuron.name}: perceptron errors per epoch (rate ${num(o.rate)}, init ${o.init}, seed ${o.seed})`,
    errorsPerEpoch: fit.result.errorsPerEpoch,
    epochsPerEntry: fit.result.errorsSampling,
  };
}

/** A circuit trained by gradient descent: its examples wrong after each epoch. Undefined for an exact fit, which has no epochs. */
export function circuitErrorsFigure(fit: CircuitFitReport): ErrorsPlot | undefined {
  const g = fit.gradient;
  if (!g) return undefined;
  const t = fit.circuit.training!;
  const o = g.options;
  return {
    title: `${fit.circuit.name}: errors per epoch of gradient descent (hidden ${t.hidden.join(', ') || 'none'}, rate ${num(o.rate)}, seed ${o.seed})`,
    errorsPerEpoch: g.errorsPerEpoch,
    epochsPerEntry: g.errorsSampling,
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
export function hiddenSpaceFigure(engine: Engine): HiddenSpacePlot | undefined {
  const c = engine.circuit;
  const { netlist } = c;
  if (netlist.outputs.length !== 1) return undefined;
  const source = netlist.outputs[0]!.source;
  if (source.kind !== 'neuron') return undefined;
  const out = netlist.neurons[source.index]!;
  if (out.inputs.length !== 2 || out.inputs.some((s) => s.kind !== 'neuron')) return undefined;
  const [a, b] = out.inputs.map((s) => (s.kind === 'neuron' ? s.index : -1)) as [number, number];
  const names = [netlist.neurons[a]!.name, netlist.neurons[b]!.name];
  const [ha, hb, y] = [neuronSignal(c, a), neuronSignal(c, b), c.outputSignals[0]!];
  const inputs = Array.from({ length: c.inputCount }, (_, i) => inputSignal(i));
  const points: (PlotPoint & { label: string })[] = [];
  const places = new Map<string, { x: number; y: number; cls: 0 | 1; rows: number }>();
  sweep(engine, { from: 0, to: rowCount(c) }, (block) => {
    for (let r = 0; r < block.rows; r++) {
      const [x, yv, cls] = [block.bit(ha, r), block.bit(hb, r), block.bit(y, r)];
      const key = `${x},${yv},${cls}`;
      let place = places.get(key);
      if (place === undefined) {
        place = { x, y: yv, cls, rows: 0 };
        places.set(key, place);
      }
      if (++place.rows > LABELLED_ROWS_PER_PLACE) continue;
      const row = inputs.map((s) => block.bit(s, r)).join(', ');
      points.push({ x, y: yv, cls, label: `x = (${row})` });
    }
  });
  for (const place of places.values()) {
    const more = place.rows - LABELLED_ROWS_PER_PLACE;
    if (more > 0) points.push({ x: place.x, y: place.y, cls: place.cls, label: `… and ${count(more, 'more row')}` });
  }
  return {
    title: `${netlist.name}: the hidden space of ${names.join(' and ')}, read by ${out.name}`,
    xLabel: names[0]!,
    yLabel: names[1]!,
    weights: [toNumber(out.weights[0]!), toNumber(out.weights[1]!)],
    bias: toNumber(out.bias),
    points,
  };
}
