// Netlist → Graphviz DOT, drawn the way textbooks draw perceptrons: inputs on the left,
// neurons as circles showing their bias, weights on the edges, outputs on the right, and
// sub-circuit instances as labelled clusters (or, below `depth`, as single boxes).
//
// The DOT is kept lean because Graphviz's layout time grows with it: style lives in
// node[...]/edge[...] defaults, per-node attributes are only the labels. Two layout features
// are worth their cost only on small drawings, where people read every weight: weights as
// edge labels (dot turns each into a node of its own, doubling the ranks it lays out) and one
// column per neuron layer (newrank with rank=same groups). Large drawings get weights as
// xlabels, placed after layout, and dot's own ranking: several times faster on 500 neurons.
// Large drawings without clusters are dot's worst case (long chains make thousands of
// virtual nodes); there the outputs are not forced into the last column either.
//
// Sub-circuit instances show their ports. A box is a record with a field per port, inputs
// down its left side and outputs down its right, and its wires land on the fields. In a
// cluster, each port is a pin (a small node in the inputs' or outputs' colour) that the wires
// into or out of the cluster pass through; pins are a small drawing's feature too, drawn
// instead of layer columns, which with pins take newrank several times longer.
//
// Labels stay ASCII (hyphen-minus, not U+2212): the WebAssembly Graphviz we render with only
// has ASCII font metrics and prints a warning on stderr for any other character. The one
// exception is θ for McCulloch–Pitts neurons, which the textbook notation needs.
//
// Circuits with memory: a delay is a register box (double border, the clock's colour), and
// every edge that goes back (into a register, or to a neuron of a loop from one at or after
// it) is drawn in that colour without pulling on the layout (constraint=false), so the
// picture still reads from inputs to outputs.

import { formatNumber } from '../arith/format.js';
import { toNumber, type Rational } from '../arith/rational.js';
import { PathNamer } from '../elaborate/names.js';
import { estimateTextWidth } from '../plot/svg.js';
import {
  registersOf, type InstancePort, type NetInstance, type NetNeuron, type NetPort, type NetRegister, type Netlist, type Scope, type Signal,
} from '../elaborate/netlist.js';

export interface DotOptions {
  /**
   * How many levels of sub-circuit instances to draw as clusters. Instances nested deeper
   * are drawn as one box each, with their edges merged. 0 draws every instance in the top
   * circuit as a box; undefined draws every level.
   */
  depth?: number;
  /** The graph's title; defaults to the netlist's name, '' for none. */
  title?: string;
}

/** Drawings up to this many nodes plus edges get edge labels and layer columns (see top). */
export const DETAILED_LAYOUT_LIMIT = 400;

const NEURON_FONT_PT = 11;
// Inputs, outputs and boxes are sized by their label; the generous margin leaves room for
// fonts wider than the Helvetica metrics Graphviz sizes them with.
const BOX_STYLE = 'shape=box, fixedsize=false, width=0.4, height=0.3, margin="0.12,0.04"';

/** Neurons, or instances of a sub-circuit, in the order the source states them. */
interface Container {
  readonly items: (number | Instance)[];
}

/** A sub-circuit instance: one node of the tree that the neurons' scopes describe. */
interface Instance extends Container {
  readonly scope: Scope;
  /** Scope labels from the top, joined with '.': unique among instances. */
  readonly path: string;
  /** 1 for an instance in the top circuit. */
  readonly level: number;
  readonly children: Map<string, Instance>;
  /** Its ports and what they carry, where the netlist records them. */
  ports?: Ports;
}

/** An instance's ports, and which port bit first carries each signal (see signalKey). */
interface Ports {
  readonly inputs: readonly PortBits[];
  readonly outputs: readonly PortBits[];
  readonly inputOf: ReadonlyMap<string, PortBit>;
  readonly outputOf: ReadonlyMap<string, PortBit>;
}

/** A port and what each of its bits carries, bit 0 first. */
interface PortBits extends InstancePort {
  readonly bits: readonly Signal[];
}

interface PortBit {
  readonly port: number;
  readonly bit: number;
}

/** The node statements, and where each neuron ended up. */
interface Drawing {
  readonly lines: string[];
  /** The DOT id each neuron is drawn as: its own circle, or the box that hides it. */
  readonly endpoint: string[];
  /** Neurons drawn as circles. */
  readonly circles: NetNeuron[];
  /** The clusters drawn around each neuron's or register's node (numbered as endpoint), outermost first. */
  readonly around: (readonly Instance[])[];
  /** The box each neuron or register is hidden in, if it is. */
  readonly hiddenIn: (Instance | undefined)[];
  /** Boxes whose ports are known: they are drawn with a field per port. */
  readonly boxes: { readonly instance: Instance & { ports: Ports }; readonly id: string; readonly around: readonly Instance[] }[];
  /** Whether clusters show their ports as pins, the wires crossing into them passing through. */
  readonly pins: boolean;
  /** Each pin drawn, by id: the index of its line. Pins no wire passes through are dropped. */
  readonly pinLines: Map<string, number>;
  /** The pins wires pass through. */
  readonly usedPins: Set<string>;
  nodeCount: number;
  clusters: number;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  /** Absent on edges that stand for several connections, or for none of a neuron's weights. */
  readonly weight?: number;
  /** Into a register, or back along a loop: drawn in the clock's colour, not ranked. */
  readonly back?: boolean;
}

/** Layout choices that trade looks for time; see the top of the file. */
interface Layout {
  /** Edge labels, and pins or layer columns. */
  readonly detailed: boolean;
  /** One column per neuron layer (newrank): on detailed drawings without pins. */
  readonly columns: boolean;
  /** Inputs and outputs kept top to bottom in declaration order. */
  readonly pinOrder: boolean;
  /** Large and without clusters: dot's slowest case, laid out with less effort. */
  readonly largeFlat: boolean;
}

/**
 * Drawings that cost more than this to lay out (see layoutCost) are not for Graphviz in
 * WebAssembly: layout time grows faster than the drawing, 10,000 takes some 10 s and 3,600
 * neurons minutes. The CLI refuses them with a hint (docs/cli.md).
 */
export const MAX_LAYOUT_COST = 10_000;

/**
 * Instances nested deeper than this are drawn as boxes whatever `depth` says: dot's layout
 * time and memory grow fast with the nesting of clusters (700 levels: 16 s, 570 MB).
 */
export const MAX_CLUSTER_DEPTH = 50;

export function toDot(netlist: Netlist, options: DotOptions = {}): string {
  const { drawing, edgeList, detailed } = draw(netlist, checkDepth(options.depth));
  const flat = drawing.clusters === 0;
  // Pinning the order reads well on flat circuits, but with clusters it fights the crossing
  // minimiser, which then tangles whole instances.
  const columns = detailed && drawing.pinLines.size === 0;
  const layout: Layout = { detailed, columns, pinOrder: flat && detailed, largeFlat: flat && !detailed };

  return [
    `digraph ${quote(netlist.name)} {`,
    ...graphDefaults(options.title ?? netlist.name, layout, circleWidth(drawing.circles)),
    ...inputNodes(netlist, layout),
    ...drawing.lines,
    ...outputNodes(netlist, layout),
    ...(columns ? layerColumns(drawing.circles) : []),
    ...edgeList.map((edge) => edgeStatement(edge, detailed ? 'label' : 'xlabel')),
    '}',
    '',
  ].join('\n');
}

/**
 * What laying out toDot's drawing costs Graphviz, roughly: its nodes and edges, and the
 * virtual nodes dot adds on every rank an edge crosses (a circuit input read by a neuron
 * 400 layers on is 399 of them), estimated from the neurons' layers.
 */
export function layoutCost(netlist: Netlist, options: Pick<DotOptions, 'depth'> = {}): number {
  return draw(netlist, checkDepth(options.depth)).cost;
}

/** How deep instances nest in the netlist: 0 for a circuit of neurons only. */
export function instanceDepth(netlist: Netlist): number {
  return netlist.neurons.reduce((d, n) => Math.max(d, n.scopes.length), 0);
}

/**
 * The drawing and its edges. Whether it is detailed is decided on the drawing without pins;
 * a detailed drawing is then drawn again with them (pins are for reading wire by wire, and
 * roughly double the nodes of a drawing with clusters).
 */
function draw(netlist: Netlist, depth: number): { drawing: Drawing; edgeList: Edge[]; detailed: boolean; cost: number } {
  const levels = Math.min(depth, MAX_CLUSTER_DEPTH);
  const tree = instanceTree(netlist);
  const plain = drawWith(tree, netlist, levels, false);
  const detailed = plain.size <= DETAILED_LAYOUT_LIMIT;
  const chosen = detailed && plain.drawing.clusters > 0 && netlist.instances !== undefined ? drawWith(tree, netlist, levels, true) : plain;
  return { drawing: chosen.drawing, edgeList: chosen.edgeList, detailed, cost: chosen.size + spanCost(netlist, chosen.drawing.endpoint, levels) };
}

function drawWith(tree: Container, netlist: Netlist, depth: number, pins: boolean): { drawing: Drawing; edgeList: Edge[]; size: number } {
  const drawing: Drawing = { lines: [], endpoint: [], circles: [], around: [], hiddenIn: [], boxes: [], pins, pinLines: new Map(), usedPins: new Set(), nodeCount: 0, clusters: 0 };
  drawContainer(tree, netlist, depth, drawing);
  const edgeList = edges(netlist, drawing);
  dropIdlePins(drawing);
  const size = drawing.nodeCount + netlist.inputs.length + netlist.outputs.length + edgeList.length;
  return { drawing, edgeList, size };
}

function checkDepth(depth: number | undefined): number {
  if (depth === undefined) return Infinity;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a whole number >= 0, got ${depth}`);
  return depth;
}

function graphDefaults(title: string, layout: Layout, neuronWidth: number): string[] {
  const graph = ['rankdir=LR', 'nodesep=0.25', 'ranksep=0.5', 'fontname="Helvetica"'];
  // newrank lets the layer columns (rank=same groups) reach into clusters.
  if (layout.columns) graph.push('newrank=true');
  // Fewer network-simplex passes when placing nodes within ranks: on a large flat drawing
  // the default takes seconds for hardly a better picture.
  if (layout.largeFlat) graph.push('nslimit=2');
  if (title !== '') graph.push(`label=${quote(title)}`, 'labelloc=t', 'fontsize=16');
  return [
    `  graph [${graph.join(', ')}];`,
    // The default node is a neuron, since neurons are most of the nodes; one circle size for
    // all of them, as in the textbook figures.
    `  node [shape=circle, fixedsize=true, width=${neuronWidth}, fontname="Helvetica", fontsize=${NEURON_FONT_PT}];`,
    '  edge [fontname="Helvetica", fontsize=10, color="#555555", arrowsize=0.6];',
  ];
}

/**
 * A port's node: a box with its name, or for a bus one node with its name and width over a
 * column of its bits, most significant first, each a record field that edges leave or enter.
 */
function portNode(id: string, port: NetPort): string {
  if (port.width === null) return `    ${id} [label=${quote(port.name)}];`;
  return `    ${id} [shape=Mrecord, label="${busRecord(port.name, port.width)}"];`;
}

/** A bus's record label: its name and width, then a field per bit, most significant first. */
function busRecord(name: string, width: number): string {
  const bits = Array.from({ length: width }, (_, i) => width - 1 - i).map((i) => `<b${i}> ${i}`);
  return `${recordText(`${name}[${width}]`)}|${bits.join('|')}`;
}

function inputNodes(netlist: Netlist, layout: Layout): string[] {
  if (netlist.inputPorts.length === 0) return [];
  const ids = netlist.inputPorts.map((p) => inputId(p.name));
  return [
    '  { rank=min;',
    `    node [${BOX_STYLE}, style="rounded,filled", fillcolor="#dce9f7"];`,
    ...netlist.inputPorts.map((port, k) => portNode(ids[k]!, port)),
    ...(layout.pinOrder ? keepOrder(netlist.inputPorts, ids) : []),
    '  }',
  ];
}

function outputNodes(netlist: Netlist, layout: Layout): string[] {
  if (netlist.outputs.length === 0) return [];
  const ids = netlist.outputPorts.map((p) => outputId(p.name));
  const lines = [
    // All outputs in the last column, except on large flat drawings, where the long edges
    // to that column cost dot more than any other part of the layout.
    layout.largeFlat ? '  {' : '  { rank=max;',
    `    node [${BOX_STYLE}, style="rounded,filled,bold", fillcolor="#fbe3cf"];`,
    ...netlist.outputPorts.map((port, k) => portNode(ids[k]!, port)),
    ...(layout.pinOrder ? keepOrder(netlist.outputPorts, ids) : []),
    '  }',
  ];
  // Outside the rank=max group: a constant there would share the outputs' column.
  netlist.outputs.forEach((out, k) => {
    if (out.source.kind === 'constant') lines.push(`  ${constantNode(outputConstantKey(k), out.source.value)}`);
  });
  return lines;
}

/**
 * Invisible edges inside a rank pin its nodes in the order given (top to bottom), so x1 stays
 * above x2 however the crossing minimiser shuffles the rest. Single bits only: the Graphviz
 * we render with fails ("lost edge") on an edge within a rank that touches a record, as a
 * bus port is.
 */
function keepOrder(ports: readonly NetPort[], ids: readonly string[]): string[] {
  const bits = ids.filter((_, k) => ports[k]!.width === null);
  return bits.length < 2 ? [] : [`    ${bits.join(' -> ')} [style=invis];`];
}

/** One column per layer: the layered-network figure. */
function layerColumns(circles: readonly NetNeuron[]): string[] {
  const layers = new Map<number, string[]>();
  for (const neuron of circles) {
    const ids = layers.get(neuron.layer);
    if (ids === undefined) layers.set(neuron.layer, [quote(neuron.name)]);
    else ids.push(quote(neuron.name));
  }
  return [...layers.entries()]
    .filter(([, ids]) => ids.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([, ids]) => `  { rank=same; ${ids.join('; ')}; }`);
}

/**
 * Neurons, then registers (numbered after the neurons), in the instances around them, each
 * instance with its ports where the netlist records them.
 */
function instanceTree(netlist: Netlist): Container {
  const root: Container & { children: Map<string, Instance> } = { items: [], children: new Map() };
  const paths = new PathNamer();
  [...netlist.neurons, ...registersOf(netlist)].forEach((unit, index) => {
    let container = root;
    let path = '';
    unit.scopes.forEach((scope, i) => {
      let child = container.children.get(scope.label);
      if (child === undefined) {
        // A path is made once per instance: per neuron and level it would cost the depth squared.
        child = { scope, path: paths.extend(path, scope.label), level: i + 1, children: new Map(), items: [] };
        container.children.set(scope.label, child);
        container.items.push(child);
      }
      path = child.path;
      container = child;
    });
    container.items.push(index);
  });
  for (const instance of netlist.instances ?? []) {
    let node: Instance | undefined;
    let children: ReadonlyMap<string, Instance> | undefined = root.children;
    for (const scope of instance.scopes) {
      node = children?.get(scope.label);
      children = node?.children;
    }
    if (node !== undefined) node.ports = portsOf(instance);
  }
  return root;
}

function portsOf(instance: NetInstance): Ports {
  let next = 0;
  const withBits = (ports: readonly InstancePort[]): PortBits[] =>
    ports.map((p) => {
      const from = next;
      next += p.width ?? 1;
      return { name: p.name, width: p.width, bits: instance.signals.slice(from, next) };
    });
  const inputs = withBits(instance.inputs);
  const outputs = withBits(instance.outputs);
  // A signal on two ports (`HalfAdder(x, x)`) is drawn through the first.
  const firstOf = (ports: readonly PortBits[]): Map<string, PortBit> => {
    const of = new Map<string, PortBit>();
    ports.forEach((p, port) =>
      p.bits.forEach((signal, bit) => {
        const key = signalKey(signal);
        if (key !== undefined && !of.has(key)) of.set(key, { port, bit });
      }),
    );
    return of;
  };
  return { inputs, outputs, inputOf: firstOf(inputs), outputOf: firstOf(outputs) };
}

/** What identifies a signal across ports; constants are no wire from anywhere. */
function signalKey(signal: Signal): string | undefined {
  return signal.kind === 'constant' ? undefined : `${signal.kind} ${signal.index}`;
}

/**
 * Emits the neurons and instances of a container in order, clusters inside clusters. The
 * nesting is walked with a stack of our own, so its depth never meets the JS stack's.
 */
function drawContainer(root: Container, netlist: Netlist, depth: number, drawing: Drawing): void {
  const stack: { container: Container; next: number; indent: string; around: readonly Instance[] }[] = [{ container: root, next: 0, indent: '  ', around: [] }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const item = top.container.items[top.next++];
    const { indent, around } = top;
    if (item === undefined) {
      stack.pop();
      if (stack.length > 0) drawing.lines.push(`${stack[stack.length - 1]!.indent}}`);
    } else if (typeof item === 'number') {
      drawing.around[item] = around;
      if (item >= netlist.neurons.length) drawRegister(registersOf(netlist)[item - netlist.neurons.length]!, item, drawing, indent);
      else drawNeuron(netlist.neurons[item]!, item, drawing, indent);
    } else if (item.level > depth) drawBox(item, drawing, indent, around);
    else {
      drawing.clusters++;
      drawing.lines.push(
        `${indent}subgraph ${quote(`cluster ${item.path}`)} {`,
        `${indent}  label=${quote(instanceLabel(item.scope))}; ${clusterStyle(item.level)}`,
      );
      if (drawing.pins && item.ports !== undefined) drawPins(item, item.ports, drawing, indent + '  ');
      stack.push({ container: item, next: 0, indent: indent + '  ', around: [...around, item] });
    }
  }
}

/**
 * A cluster's ports, as small nodes inside it (inputs the inputs' colour, outputs the
 * outputs'): the wires into and out of the cluster pass through them, so each says which
 * port it is. A bus is one pin with a field per bit, like the circuit's own bus ports.
 */
function drawPins(instance: Instance, ports: Ports, drawing: Drawing, indent: string): void {
  const side = (list: readonly PortBits[], direction: 'in' | 'out', fill: string): void => {
    if (list.length === 0) return;
    drawing.lines.push(`${indent}{ node [${PIN_STYLE}, fillcolor="${fill}"];`);
    for (const port of list) {
      const id = pinId(instance, direction, port.name);
      drawing.pinLines.set(id, drawing.lines.length);
      drawing.nodeCount++;
      if (port.width === null) drawing.lines.push(`${indent}  ${id} [label=${quote(port.name)}];`);
      else drawing.lines.push(`${indent}  ${id} [shape=Mrecord, label="${busRecord(port.name, port.width)}"];`);
    }
    drawing.lines.push(`${indent}}`);
  };
  side(ports.inputs, 'in', '#dce9f7');
  side(ports.outputs, 'out', '#fbe3cf');
}

/**
 * A pin no wire passes through (an output nothing reads, an input no neuron of the instance
 * reads) would float wherever dot puts it; the instance's box, at a lower --depth, still
 * shows every port.
 */
function dropIdlePins(drawing: Drawing): void {
  const idle = new Set<number>();
  for (const [id, line] of drawing.pinLines) if (!drawing.usedPins.has(id)) idle.add(line);
  if (idle.size === 0) return;
  drawing.nodeCount -= idle.size;
  const kept = drawing.lines.filter((_, k) => !idle.has(k));
  drawing.lines.splice(0, drawing.lines.length, ...kept);
}

const PIN_STYLE = 'shape=box, fixedsize=false, width=0.2, height=0.2, margin="0.05,0.02", fontsize=9, style="rounded,filled"';

/** Alternating fills tell nested clusters apart without heavier borders. */
function clusterStyle(level: number): string {
  const fill = level % 2 === 1 ? '#f6f6f6' : '#ffffff';
  return `style="rounded,filled"; fillcolor="${fill}"; color="#999999"; fontsize=11; labeljust=l;`;
}

function drawNeuron(neuron: NetNeuron, index: number, drawing: Drawing, indent: string): void {
  const id = quote(neuron.name);
  drawing.endpoint[index] = id;
  drawing.circles.push(neuron);
  drawing.nodeCount++;
  drawing.lines.push(`${indent}${id} [label=${quote(neuronLabel(neuron))}];`);
  neuron.inputs.forEach((source, k) => {
    if (source.kind !== 'constant') return;
    drawing.lines.push(`${indent}${constantNode(neuronConstantKey(index, k), source.value)}`);
    drawing.nodeCount++;
  });
}

/** A delay: a box with a double border, its initial value shown when it is 1. */
function drawRegister(register: NetRegister, index: number, drawing: Drawing, indent: string): void {
  const id = registerId(register.name);
  drawing.endpoint[index] = id;
  drawing.nodeCount++;
  const label = `${shortName(register)}\ndelay${register.init === 1 ? ', 1 at start' : ''}`;
  drawing.lines.push(`${indent}${id} [label=${quote(label)}, ${BOX_STYLE}, style="filled", fillcolor="#fff2cc", color="${CLOCK_COLOUR}", peripheries=2];`);
  if (register.input.kind === 'constant') {
    drawing.lines.push(`${indent}${constantNode(`register ${index}`, register.input.value)}`);
    drawing.nodeCount++;
  }
}

/** The colour of registers and of the edges that go back. */
const CLOCK_COLOUR = '#D55E00';

const RECORD_BOX_STYLE = 'shape=Mrecord, fixedsize=false, width=0.4, height=0.3, margin="0.08,0.04", style="filled", fillcolor="#eeeeee"';

/** A collapsed instance: one box standing for every neuron and register inside it. */
function drawBox(instance: Instance, drawing: Drawing, indent: string, around: readonly Instance[]): void {
  const id = quote(`instance ${instance.path}`);
  const style = `${BOX_STYLE}, style="rounded,filled", fillcolor="#eeeeee"`;
  const { ports } = instance;
  if (ports === undefined) drawing.lines.push(`${indent}${id} [label=${quote(instanceLabel(instance.scope))}, ${style}];`);
  else {
    drawing.lines.push(`${indent}${id} [${RECORD_BOX_STYLE}, label="${boxRecord(instance.scope, ports)}"];`);
    drawing.boxes.push({ instance: instance as Instance & { ports: Ports }, id, around });
    // A port fed a constant shows it, as a neuron's input does.
    ports.inputs.forEach((port, k) => {
      for (const value of [0, 1] as const) {
        if (!port.bits.some((b) => b.kind === 'constant' && b.value === value)) continue;
        drawing.lines.push(`${indent}${constantNode(boxConstantKey(instance, k, value), value)}`);
        drawing.nodeCount++;
      }
    });
  }
  drawing.nodeCount++;
  const inside: Container[] = [instance];
  for (let container = inside.pop(); container !== undefined; container = inside.pop()) {
    for (const item of container.items) {
      if (typeof item === 'number') {
        drawing.endpoint[item] = id;
        drawing.hiddenIn[item] = instance;
        drawing.around[item] = around;
      } else inside.push(item);
    }
  }
}

/**
 * A box with its ports: the inputs down its left side, the instance's label in the middle,
 * the outputs down its right side; a bus is one field, named with its width (`a[4]`).
 * Fields are `i0`, `i1`, ... and `o0`, ... in port order.
 */
function boxRecord(scope: Scope, ports: Ports): string {
  const side = (list: readonly PortBits[], prefix: string): string[] =>
    list.length === 0 ? [] : [`{${list.map((p, k) => `<${prefix}${k}> ${recordText(p.width === null ? p.name : `${p.name}[${p.width}]`)}`).join('|')}}`];
  const middle = `${recordText(scope.label)}\\n${recordText(scope.part)}`;
  return `{${[...side(ports.inputs, 'i'), middle, ...side(ports.outputs, 'o')].join('|')}}`;
}

function instanceLabel(scope: Scope): string {
  return `${scope.label}: ${scope.part}`;
}

/**
 * The short name (the clusters around it show the rest of the path) with the part when that
 * adds something, then the bias, or θ for a McCulloch–Pitts neuron.
 */
function neuronLabel(neuron: NetNeuron): string {
  const short = shortName(neuron);
  const head = neuron.part === short ? short : `${short}: ${neuron.part}`;
  const tail = neuron.threshold === undefined ? `b = ${formatWeight(neuron.bias)}` : `θ = ${formatWeight(neuron.threshold)}`;
  return `${head}\n${tail}`;
}

function shortName(neuron: NetNeuron | NetRegister): string {
  const prefix = neuron.scopes.map((s) => s.label).join('.');
  if (prefix !== '' && neuron.name.startsWith(prefix + '.')) return neuron.name.slice(prefix.length + 1);
  return neuron.name.slice(neuron.name.lastIndexOf('.') + 1);
}

/** The diameter (inches) that fits the widest neuron label, so all circles can be alike. */
function circleWidth(circles: readonly NetNeuron[]): number {
  let widest = 0.6;
  for (const neuron of circles) {
    const lines = neuronLabel(neuron).split('\n');
    // Width in points: the plots' estimate, which errs wide, at the neurons' font size.
    const width = lines.reduce((w, line) => Math.max(w, estimateTextWidth(line, NEURON_FONT_PT)), 0);
    const height = lines.length * NEURON_FONT_PT * 1.2;
    // A circle holds the label's box when its diameter is the box's diagonal; plus a margin.
    widest = Math.max(widest, Math.hypot(width, height) / 72 + 0.1);
  }
  return Math.round(widest * 100) / 100;
}


function constantNode(key: string, value: 0 | 1): string {
  return `${constantId(key)} [label="${value}", shape=square, width=0.24, style=filled, fillcolor="#e4e4e4", fontsize=9];`;
}

/**
 * One edge per input of a drawn neuron, weighted; per bit of a box's input port; per
 * register input and per output. A wire that crosses into or out of a cluster with pins
 * passes through the pin of the port that carries it; the stretches between pins are shared
 * by every wire of the same signal. Boxes whose ports are not known (a netlist made by hand)
 * take the edges of the neurons inside them, merged per (from, to) pair; those keep a weight
 * only when they stand for a single input of a drawn neuron, since a weight belongs to the
 * neuron that reads it, never to a box.
 */
function edges(netlist: Netlist, drawing: Drawing): Edge[] {
  const { endpoint, hiddenIn, around } = drawing;
  const registers = registersOf(netlist);
  const registersFrom = netlist.neurons.length;
  const inputEnd = portEnds(netlist.inputPorts, netlist.inputs.length, inputId, 'e');
  const outputEnd = portEnds(netlist.outputPorts, netlist.outputs.length, outputId, 'w');
  const unitOf = (signal: Signal & { kind: 'neuron' | 'register' }): number => (signal.kind === 'neuron' ? signal.index : registersFrom + signal.index);
  const opaque = (unit: number): boolean => hiddenIn[unit] !== undefined && hiddenIn[unit]!.ports === undefined;

  const direct: Edge[] = [];
  const merged = new Map<string, { from: string; to: string; count: number; weight: number | undefined; back: boolean }>();
  const merge = (from: string, to: string, weight: number | undefined, back: boolean): void => {
    const key = `${from} -> ${to}`;
    const edge = merged.get(key);
    if (edge === undefined) merged.set(key, { from, to, count: 1, weight, back });
    else {
      edge.count++;
      edge.back &&= back;
    }
  };
  const pinEnd = (instance: Instance, side: 'in' | 'out', signal: Signal): { into: string; out: string } | undefined => {
    const key = signalKey(signal);
    if (!drawing.pins || instance.ports === undefined || key === undefined) return undefined;
    const at = (side === 'in' ? instance.ports.inputOf : instance.ports.outputOf).get(key);
    if (at === undefined) return undefined;
    const port = (side === 'in' ? instance.ports.inputs : instance.ports.outputs)[at.port]!;
    const id = pinId(instance, side, port.name);
    drawing.usedPins.add(id);
    return port.width === null ? { into: id, out: id } : { into: `${id}:b${at.bit}:w`, out: `${id}:b${at.bit}:e` };
  };
  /**
   * The wire from `signal` to a head inside the clusters `headAround`, through the pins on its
   * way: where its last stretch starts, and whether that stretch goes back. Of a wire that goes
   * back (into a register, along a loop) only the stretch between the clusters it leaves and
   * those it enters does: out of a cluster and into one, the wire runs forward.
   */
  const wire = (signal: Signal, constantKey: string, headAround: readonly Instance[], back: boolean): { from: string; back: boolean } => {
    let from: string;
    let tailAround: readonly Instance[];
    if (signal.kind === 'input') [from, tailAround] = [inputEnd[signal.index]!, []];
    // A constant has a node of its own next to what reads it.
    else if (signal.kind === 'constant') [from, tailAround] = [constantId(constantKey), headAround];
    else {
      const unit = unitOf(signal);
      const at = hiddenIn[unit]?.ports?.outputOf.get(signalKey(signal)!);
      [from, tailAround] = [at === undefined ? endpoint[unit]! : `${endpoint[unit]}:o${at.port}:e`, around[unit]!];
    }
    let common = 0;
    while (common < tailAround.length && common < headAround.length && tailAround[common] === headAround[common]) common++;
    for (let i = tailAround.length - 1; i >= common; i--) {
      const pin = pinEnd(tailAround[i]!, 'out', signal);
      if (pin === undefined) continue;
      merge(from, pin.into, undefined, false);
      from = pin.out;
    }
    let crossing = back;
    for (let i = common; i < headAround.length; i++) {
      const pin = pinEnd(headAround[i]!, 'in', signal);
      if (pin === undefined) continue;
      merge(from, pin.into, undefined, crossing);
      from = pin.out;
      crossing = false;
    }
    return { from, back: crossing };
  };

  netlist.neurons.forEach((neuron, index) => {
    const to = endpoint[index]!;
    const box = hiddenIn[index];
    // A box with ports takes its edges from them (below).
    if (box !== undefined && box.ports !== undefined) return;
    neuron.inputs.forEach((signal, k) => {
      // A constant inside a box is internal to it; a drawn neuron has its own constant node.
      if (signal.kind === 'constant' && box !== undefined) return;
      const { from, back } = wire(signal, neuronConstantKey(index, k), around[index]!, signal.kind === 'neuron' && signal.index >= index);
      const weight = toNumber(neuron.weights[k]!);
      if (box === undefined && (signal.kind === 'input' || signal.kind === 'constant' || !opaque(unitOf(signal)))) {
        direct.push({ from, to, weight, ...(back && { back: true }) });
      } else if (from !== to) merge(from, to, box === undefined ? weight : undefined, false);
    });
  });
  for (const { instance, id, around: boxAround } of drawing.boxes) {
    instance.ports.inputs.forEach((port, k) => {
      port.bits.forEach((signal) => {
        const key = signal.kind === 'constant' ? boxConstantKey(instance, k, signal.value) : '';
        merge(wire(signal, key, boxAround, false).from, `${id}:i${k}:w`, undefined, false);
      });
    });
  }
  // What each register stores: drawn as going back, into the register's box.
  const registerEdges: Edge[] = [];
  registers.forEach((register, r) => {
    const unit = registersFrom + r;
    const box = hiddenIn[unit];
    if (box !== undefined && box.ports !== undefined) return;
    const to = endpoint[unit]!;
    const { from, back } = wire(register.input, `register ${unit}`, around[unit]!, true);
    if (from !== to || box === undefined) registerEdges.push({ from, to, ...(back && { back }) });
  });
  const outputEdges = netlist.outputs.map((out, k) => ({ from: wire(out.source, outputConstantKey(k), [], false).from, to: outputEnd[k]! }));
  // Last: the wires above add to the merged stretches.
  const boxEdges = [...merged.values()].map(({ from, to, count, weight, back }): Edge => ({
    from,
    to,
    ...(count === 1 && weight !== undefined && { weight }),
    ...(back && { back: true }),
  }));
  return [...direct, ...boxEdges, ...registerEdges, ...outputEdges];
}

/**
 * The ranks that edges between nodes outside clusters cross, estimated by layers: dot adds
 * a virtual node on each. (Edges into clusters cost far less: dot ranks each cluster on its
 * own.) Counted per connection, edges into and out of a box merged per (from, to) pair.
 */
function spanCost(netlist: Netlist, endpoint: readonly string[], depth: number): number {
  const outside = (signal: Signal): boolean => signal.kind !== 'neuron' || depth === 0 || netlist.neurons[signal.index]!.scopes.length === 0;
  const layerOf = (signal: Signal): number => (signal.kind === 'neuron' ? netlist.neurons[signal.index]!.layer : 0);
  const spanOf = (from: Signal, to: number): number =>
    from.kind === 'constant' || !outside(from) || !outside({ kind: 'neuron', index: to }) ? 0 : Math.max(0, netlist.neurons[to]!.layer - layerOf(from) - 1);
  const registersFrom = netlist.neurons.length;
  const nodeOf = (signal: Signal & { index: number }): string =>
    signal.kind === 'input' ? `input ${signal.index}` : signal.kind === 'neuron' ? endpoint[signal.index]! : endpoint[registersFrom + signal.index]!;
  const isCircle = (index: number): boolean => endpoint[index] === quote(netlist.neurons[index]!.name);
  const isDrawn = (signal: Signal): boolean =>
    signal.kind === 'neuron' ? isCircle(signal.index)
      : signal.kind === 'register' ? endpoint[registersFrom + signal.index] === registerId(registersOf(netlist)[signal.index]!.name) : true;
  let spans = 0;
  const merged = new Map<string, number>();
  netlist.neurons.forEach((neuron, index) => {
    const to = endpoint[index]!;
    const drawn = isCircle(index);
    for (const signal of neuron.inputs) {
      // Constants cost nothing; nor does a wire hidden inside a box.
      if (signal.kind === 'constant' || nodeOf(signal) === to) continue;
      const span = spanOf(signal, index);
      if (drawn && isDrawn(signal)) spans += span;
      else {
        const key = `${nodeOf(signal)} -> ${to}`;
        merged.set(key, Math.max(merged.get(key) ?? 0, span));
      }
    }
  });
  for (const span of merged.values()) spans += span;
  // Outputs share the last column.
  for (const out of netlist.outputs) if (out.source.kind !== 'constant' && outside(out.source)) spans += Math.max(0, netlist.depth - layerOf(out.source));
  return spans;
}

function edgeStatement(edge: Edge, labelAttribute: 'label' | 'xlabel'): string {
  const attributes = edge.weight === undefined ? [] : [`${labelAttribute}="${formatWeight(edge.weight)}"`];
  if (edge.back) attributes.push('constraint=false', `color="${CLOCK_COLOUR}"`);
  return `  ${edge.from} -> ${edge.to}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`;
}

/**
 * Where an edge meets each bit of a port: the port's node, or for a bus bit its field on the
 * side facing the circuit (`"input a":b3:e`).
 */
function portEnds(ports: readonly NetPort[], count: number, id: (name: string) => string, side: 'e' | 'w'): string[] {
  const ends = new Array<string>(count);
  for (const port of ports) {
    port.bits.forEach((position, bit) => (ends[position] = port.width === null ? id(port.name) : `${id(port.name)}:b${bit}:${side}`));
  }
  return ends;
}

/**
 * Text inside a record label, where `{ } | < >` and spaces at the ends are syntax, as it goes
 * between the label's double quotes (not through quote(): its backslashes are the record's).
 */
function recordText(text: string): string {
  return text.replace(/[{}|<>\\ "]/g, '\\$&').replace(/\r?\n/g, '\\n');
}

// Ids carry a kind prefix because an output and the neuron driving it usually share a name.
// Neurons keep their hierarchical name as id: it is the <title> of their SVG node, which
// viewers show on hover, so the full name is one hover away even where the circle shows less.
function inputId(name: string): string {
  return quote(`input ${name}`);
}

function outputId(name: string): string {
  return quote(`output ${name}`);
}

/** A cluster's pin: `"in FullAdder#1.a"`, `"out FullAdder#1.sum"`. */
function pinId(instance: Instance, side: 'in' | 'out', port: string): string {
  return quote(`${side} ${instance.path}.${port}`);
}

function registerId(name: string): string {
  return quote(`register ${name}`);
}

function constantId(key: string): string {
  return quote(`constant ${key}`);
}

/** One constant node per use: a shared one would pull distant neurons together. */
function neuronConstantKey(neuron: number, input: number): string {
  return `${neuron}.${input}`;
}

function boxConstantKey(instance: Instance, port: number, value: 0 | 1): string {
  return `${instance.path} ${port} ${value}`;
}

function outputConstantKey(output: number): string {
  return `out${output}`;
}

/** A DOT double-quoted string; backslashes are doubled so no name can end an id early. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\n')}"`;
}

/** Weights and biases as people write them: 1, -1, 0.5, 0.284 (three significant digits). */
export function formatWeight(value: Rational | number): string {
  return formatNumber(typeof value === 'number' ? value : toNumber(value), 3);
}
