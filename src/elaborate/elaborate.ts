// Elaboration: a checked part expanded into a flat netlist of neurons in topological order
// (loops, where there are any, kept together) and registers, bit by bit. Iterative throughout:
// a hierarchy thousands of levels deep cannot overflow the stack.

import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import { withPart } from '../check/check.js';
import {
  CONST0, CONST1, weightsOf, type BitRef, type CircuitInstance, type Model, type NeuronDef, type Part, type PortShape, type TrainedWeights,
} from '../check/model.js';
import { stronglyConnected } from '../check/graph.js';
import type { NetInstance, NetNeuron, NetOutput, NetPort, NetRegister, Netlist, Scope, Signal } from './netlist.js';
import { PathNamer } from './names.js';

/** The most neurons one netlist may hold unless the caller raises it (`--max-neurons`). */
export const DEFAULT_MAX_NEURONS = 1_000_000;

/** Instances nested deeper than this are refused. */
export const MAX_NESTING_DEPTH = 1000;

export interface ElaborateOptions {
  readonly maxNeurons?: number;
  /** The learned weights of the `train` neurons the part uses (see the fit stage). */
  readonly trained?: TrainedWeights;
  /**
   * Whether to record each instance's ports and the signals on them (`Netlist.instances`),
   * which only diagrams draw: true by default. A huge hierarchy keeps a fifth less memory
   * without them (RippleAdder<50000>: 272 MB of heap instead of 334).
   */
  readonly ports?: boolean;
}

/**
 * Expands `name` (a neuron, a circuit, or an instance such as `RippleAdder<8>`); every neuron
 * it uses must have weights, written or learned.
 */
export function elaborate(model: Model, name: string, options: ElaborateOptions = {}): Result<Netlist> {
  const found = withPart(model, name);
  if (!found.ok) return found;
  const { part } = found.value;
  const full = found.value.model;
  const depth = nestingDepth(part, full);
  const span = part.kind === 'neuron' ? part.decl.name.span : part.def.decl.name.span;
  const label = part.kind === 'neuron' ? part.name : part.key;
  if (depth > MAX_NESTING_DEPTH) {
    return fail([error('too-deep', `${label} nests circuits ${depth} levels deep, more than the limit of ${MAX_NESTING_DEPTH}`, span, {
      hint: 'a circuit that deep is almost certainly generated wrong; flatten some levels',
    })]);
  }
  const limit = options.maxNeurons ?? DEFAULT_MAX_NEURONS;
  const size = neuronCount(part, full);
  if (size > limit) {
    return fail([error('too-large', `${label} would expand to ${formatCount(size)} neurons, more than the limit of ${formatCount(limit)}`, span, {
      hint: 'raise the limit with --max-neurons N, or test a smaller instance of the circuit',
    })]);
  }
  const unfitted = circuitsToFit(part, full);
  if (unfitted.length > 0) {
    return fail(unfitted.map((c) => error('untrained', `${label} uses trained circuit ${c.key}, whose neurons have not been found`, c.def.decl.name.span, {
      hint: 'build it through the fit stage (build() in the library), which trains it; see the error reported for it above',
    })));
  }
  const untrained = neuronsUsed(part, full).filter((n) => weightsOf(n, options.trained) === undefined);
  if (untrained.length > 0) {
    return fail(untrained.map((n) => error('untrained', `${label} uses neuron ${n.name}, which has no weights: it could not be trained`, n.decl.name.span, {
      hint: 'see the error reported for it above; fix its training table or data set',
    })));
  }
  return ok(expand(part, full, options.trained, options.ports !== false), found.diagnostics);
}

/** The neurons `part` uses, directly or through circuits, each once, in the order first met. */
export function neuronsUsed(part: Part, model: Model): NeuronDef[] {
  if (part.kind === 'neuron') return [part];
  const neurons: NeuronDef[] = [];
  const seenNeurons = new Set<NeuronDef>();
  const seen = new Set<string>([part.key]);
  const stack: CircuitInstance[] = [part];
  while (stack.length > 0) {
    const instance = stack.pop()!;
    for (const s of instance.statements) {
      if (s.source.kind === 'neuron' && !seenNeurons.has(s.source.neuron)) {
        seenNeurons.add(s.source.neuron);
        neurons.push(s.source.neuron);
      } else if (s.source.kind === 'circuit' && !seen.has(s.source.instance)) {
        seen.add(s.source.instance);
        stack.push(model.instances.get(s.source.instance)!);
      }
    }
  }
  return neurons;
}

/**
 * The trained circuits `part` uses (itself included) whose neurons the fit stage has not found
 * yet, each once, in the order first met.
 */
export function circuitsToFit(part: Part, model: Model): CircuitInstance[] {
  if (part.kind === 'neuron') return [];
  if (part.untrained) return [part];
  const found: CircuitInstance[] = [];
  const seen = new Set<string>([part.key]);
  const stack: CircuitInstance[] = [part];
  while (stack.length > 0) {
    for (const s of stack.pop()!.statements) {
      if (s.source.kind !== 'circuit' || seen.has(s.source.instance)) continue;
      seen.add(s.source.instance);
      const child = model.instances.get(s.source.instance)!;
      if (child.untrained) found.push(child);
      else stack.push(child);
    }
  }
  return found;
}

/** How many neurons `part` expands to, without expanding it (so a blow-up is refused cheaply). */
export function neuronCount(part: Part, model: Model): number {
  return measure(part, model, (sum, child) => sum + child, 1, 0);
}

/** How many levels of circuit instances `part` nests (a neuron: 0, XOR: 1, HalfAdder: 2). */
export function nestingDepth(part: Part, model: Model): number {
  return measure(part, model, (deepest, child) => Math.max(deepest, child + 1), 0, 0);
}

/**
 * A bottom-up measure over the instances a part uses, each computed once; `combine` folds an
 * instance's value from those of the statements that call parts. Iterative.
 */
function measure(part: Part, model: Model, combine: (acc: number, child: number) => number, neuron: number, empty: number): number {
  if (part.kind === 'neuron') return neuron;
  const memo = new Map<string, number>();
  const stack: CircuitInstance[] = [part];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (memo.has(top.key)) {
      stack.pop();
      continue;
    }
    const pending: CircuitInstance[] = [];
    for (const s of top.statements) {
      if (s.source.kind === 'circuit' && !memo.has(s.source.instance)) pending.push(model.instances.get(s.source.instance)!);
    }
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    let value = empty;
    for (const s of top.statements) {
      if (s.source.kind === 'neuron') value = combine(value, neuron);
      else if (s.source.kind === 'circuit') value = combine(value, memo.get(s.source.instance)!);
    }
    memo.set(top.key, value);
    stack.pop();
  }
  return memo.get(part.key)!;
}

function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(2);
}

type MutableNeuron = { -readonly [K in keyof NetNeuron]: NetNeuron[K] };
type MutableRegister = { -readonly [K in keyof NetRegister]: NetRegister[K] };

/**
 * The ports' bits in reading order (each bus from its most significant bit down), as the
 * netlist lists them: a row of a table then reads as the numbers it holds.
 */
function readingOrder(ports: readonly PortShape[], bits: readonly (readonly BitRef[])[]): { names: string[]; bits: BitRef[]; ports: NetPort[] } {
  const names: string[] = [];
  const order: BitRef[] = [];
  const netPorts: NetPort[] = [];
  ports.forEach((p, k) => {
    const own = bits[k]!;
    const positions = new Array<number>(own.length);
    for (let i = own.length - 1; i >= 0; i--) {
      positions[i] = names.length;
      names.push(p.width === null ? p.name : `${p.name}[${i}]`);
      order.push(own[i]!);
    }
    netPorts.push({ name: p.name, width: p.width, bits: positions });
  });
  return { names, bits: order, ports: netPorts };
}

// What drives a net. A net without a driver yet is linked to the net it is the same wire as
// (a copy, a port of an instance), or not assigned so far (read ahead of its statement).
const LINK = 0;
const INPUT = 1;
const NEURON = 2;
const REGISTER = 3;
const CONSTANT = 4;

/**
 * Every bit of every instance expanded is a net; a net is driven by an input, a neuron, a
 * register or a constant, or is the same wire as another net. Nets are numbered densely, in
 * typed arrays that grow, so a million-neuron circuit costs a few bytes per bit.
 */
class Nets {
  kind = new Uint8Array(1024);
  ref = new Int32Array(1024);
  count = 2;

  constructor() {
    this.kind[0] = CONSTANT;
    this.ref[0] = 0;
    this.kind[1] = CONSTANT;
    this.ref[1] = 1;
  }

  /** `n` fresh nets, none assigned yet; returns the first. */
  allocate(n: number): number {
    const first = this.count;
    this.count += n;
    if (this.count > this.kind.length) {
      const size = Math.max(this.count, 2 * this.kind.length);
      const kind = new Uint8Array(size);
      kind.set(this.kind);
      const ref = new Int32Array(size);
      ref.set(this.ref);
      this.kind = kind;
      this.ref = ref;
    }
    this.ref.fill(-1, first, this.count);
    return first;
  }

  drive(net: number, kind: number, ref: number): void {
    this.kind[net] = kind;
    this.ref[net] = ref;
  }

  link(net: number, to: number): void {
    this.kind[net] = LINK;
    this.ref[net] = to;
  }

  /**
   * The net that drives `net`, following links (and shortening them); -1 while the chain
   * ends at a net not assigned yet. A loop of links is a loop of wires alone, which the
   * checker reports before anything is expanded.
   */
  resolve(net: number): number {
    let end = net;
    for (let steps = 0; this.kind[end] === LINK; steps++) {
      const next = this.ref[end]!;
      if (next < 0) return -1;
      if (steps > this.count) throw new Error('internal error: a loop of wires reached elaboration');
      end = next;
    }
    for (let n = net; this.kind[n] === LINK && n !== end; ) {
      const next = this.ref[n]!;
      this.ref[n] = end;
      n = next;
    }
    return end;
  }
}

interface Frame {
  readonly instance: CircuitInstance;
  /** The net of this instance's bit 0: bit b is net `base + b`. */
  readonly base: number;
  readonly prefix: string;
  readonly scopes: Scope[];
  next: number;
  /** Set while a child instance is being expanded: where its outputs go. */
  child?: {
    readonly targets: readonly BitRef[];
    readonly firstNeuron: number;
    readonly firstRegister: number;
    readonly label: string;
    readonly frame: Frame;
  };
}

/** A growable list of whole numbers in a typed array: a million neurons' inputs, unboxed. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
}

/**
 * Expands a part into a netlist. Every bit becomes a net (see Nets); once every statement is
 * expanded, each neuron's and register's inputs are resolved to what drives them. Reading
 * ahead is allowed (loops through neurons and delays), so nothing is resolved earlier. The
 * neurons are then ordered for evaluation: dependencies first, each loop's neurons together.
 */
function expand(part: Part, model: Model, trained: TrainedWeights | undefined, ports: boolean): Netlist {
  const neurons: MutableNeuron[] = [];
  // Neuron k reads nets edges[from[k] .. from[k + 1]]: resolved once everything is expanded.
  const edges = new IntList();
  const from = new IntList();
  const registers: MutableRegister[] = [];
  const registerNets: number[] = [];
  const nets = new Nets();
  // Each sub-circuit instance expanded, with the net of its bit 0: its ports are read off
  // once every net is resolved.
  const expanded: Frame[] = [];
  const addNeuron = (def: NeuronDef, inputs: readonly number[], name: string, scopes: Scope[], span: NetNeuron['span']): number => {
    const given = weightsOf(def, trained)!;
    const neuron: MutableNeuron = { name, scopes, part: def.name, weights: given.weights, bias: given.bias, inputs: [], layer: 0 };
    if (given.threshold !== undefined) neuron.threshold = given.threshold;
    if (span) neuron.span = span;
    neurons.push(neuron);
    from.push(edges.length);
    for (const n of inputs) edges.push(n);
    return neurons.length - 1;
  };

  let inputs: { names: string[]; ports: NetPort[] };
  let outputNets: number[];
  let outputNames: string[];
  let outputPorts: NetPort[];
  if (part.kind === 'neuron') {
    // Parameter order is bit 0 first; the netlist lists inputs in reading order.
    const paramBits: BitRef[][] = [];
    let next = 0;
    for (const p of part.ports) paramBits.push(Array.from({ length: p.width ?? 1 }, () => next++));
    const order = readingOrder(part.ports, paramBits);
    const base = nets.allocate(next + 1);
    order.bits.forEach((b, index) => nets.drive(base + b, INPUT, index));
    const k = addNeuron(part, Array.from({ length: next }, (_, b) => base + b), part.name, [], undefined);
    nets.drive(base + next, NEURON, k);
    inputs = order;
    outputNets = [base + next];
    outputNames = [part.name];
    outputPorts = [{ name: part.name, width: null, bits: [0] }];
  } else {
    inputs = readingOrder(part.inputs, part.inputBits);
    const names = new PathNamer();
    const top = frameFor(part, '', [], nets);
    const topBits = readingOrder(part.inputs, part.inputBits).bits;
    topBits.forEach((b, index) => nets.drive(top.base + b, INPUT, index));
    const stack: Frame[] = [top];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const net = (b: BitRef) => (b === CONST0 ? 0 : b === CONST1 ? 1 : frame.base + b);
      if (frame.child) {
        // The child has just finished: its outputs, in port order, are the statement's targets.
        const { targets, firstNeuron, firstRegister, frame: child } = frame.child;
        const outs = child.instance.outputBits.flat();
        outs.forEach((b, k) => nets.link(net(targets[k]!), child.base + b));
        // A single-bit, single-output instance `w = XOR(a, b)`: its output neuron (or
        // register) is the wire itself, so it is called `w` rather than `w.y`.
        if (outs.length === 1 && child.instance.outputs.length === 1) {
          const driver = nets.resolve(child.base + outs[0]!);
          const long = `${child.prefix}${child.instance.outputs[0]!.name}`;
          const short = child.prefix.slice(0, -1);
          const k = driver >= 0 ? nets.ref[driver]! : -1;
          if (driver >= 0 && nets.kind[driver] === NEURON && k >= firstNeuron && neurons[k]!.name === long) neurons[k]!.name = short;
          if (driver >= 0 && nets.kind[driver] === REGISTER && k >= firstRegister && registers[k]!.name === long) registers[k]!.name = short;
        }
        frame.child = undefined;
      }
      if (frame.next >= frame.instance.statements.length) {
        stack.pop();
        continue;
      }
      const s = frame.instance.statements[frame.next++]!;
      const src = s.source;
      if (src.kind === 'copy') {
        src.bits.forEach((b, k) => nets.link(net(s.targets[k]!), net(b)));
      } else if (src.kind === 'neuron') {
        const k = addNeuron(src.neuron, src.args.map(net), frame.prefix + s.label, frame.scopes, s.span);
        nets.drive(net(s.targets[0]!), NEURON, k);
      } else if (src.kind === 'delay') {
        src.args.forEach((b, k) => {
          const register: MutableRegister = { name: frame.prefix + src.names[k]!, scopes: frame.scopes, input: CONSTANT_0, init: src.init[k]!, span: s.span };
          registers.push(register);
          registerNets.push(net(b));
          nets.drive(net(s.targets[k]!), REGISTER, registers.length - 1);
        });
      } else {
        const instance = model.instances.get(src.instance)!;
        const child = frameFor(instance, `${names.extend(frame.prefix.slice(0, -1), s.label)}.`, [...frame.scopes, { label: s.label, part: instance.key }], nets);
        if (ports) expanded.push(child);
        instance.inputBits.flat().forEach((b, k) => nets.link(child.base + b, net(src.args[k]!)));
        frame.child = { targets: s.targets, firstNeuron: neurons.length, firstRegister: registers.length, label: s.label, frame: child };
        stack.push(child);
      }
    }
    // The netlist lists output bits in reading order.
    const outputs = readingOrder(part.outputs, part.outputBits);
    outputNets = outputs.bits.map((b) => (b === CONST0 ? 0 : b === CONST1 ? 1 : top.base + b));
    outputNames = outputs.names;
    outputPorts = outputs.ports;
  }

  // Every input resolved to the net that drives it, in place.
  from.push(edges.length);
  const driver = (net: number): number => {
    const d = nets.resolve(net);
    if (d < 0) throw new Error('internal error: a bit with no value reached elaboration');
    return d;
  };
  for (let j = 0; j < edges.length; j++) edges.data[j] = driver(edges.data[j]!);
  const { order, loops } = evaluationOrder(neurons.length, from.data, edges.data, nets);
  const position = new Int32Array(neurons.length);
  order.forEach((k, i) => (position[k] = i));
  const signals = new SignalCache(position);
  const signalOf = (d: number) => signals.get(nets.kind[d]!, nets.ref[d]!);
  const ordered = order.map((k) => neurons[k]!);
  order.forEach((k, i) => {
    const inputs: Signal[] = [];
    for (let j = from.data[k]!; j < from.data[k + 1]!; j++) inputs.push(signalOf(edges.data[j]!));
    ordered[i]!.inputs = inputs;
  });
  registers.forEach((r, i) => (r.input = signalOf(driver(registerNets[i]!))));
  const outReads = outputNets.map(driver);
  const inLoop = new Int32Array(ordered.length).fill(-1);
  loops.forEach((loop, i) => loop.forEach((k) => (inLoop[k] = i)));
  let depth = 0;
  ordered.forEach((n, i) => {
    let layer = 0;
    for (const s of n.inputs) {
      if (s.kind === 'neuron' && (inLoop[i]! < 0 || inLoop[s.index] !== inLoop[i])) layer = Math.max(layer, ordered[s.index]!.layer);
    }
    n.layer = layer + 1;
    depth = Math.max(depth, n.layer);
  });
  const outputs: NetOutput[] = outReads.map((d, k) => ({ name: outputNames[k]!, source: signalOf(d) }));
  const instances = !ports ? undefined : expanded.map(({ instance, base, scopes }): NetInstance => {
    const signals: Signal[] = [];
    for (const bits of [instance.inputBits, instance.outputBits]) {
      for (const port of bits) for (const b of port) signals.push(signalOf(driver(b === CONST0 ? 0 : b === CONST1 ? 1 : base + b)));
    }
    return { scopes, inputs: instance.inputs, outputs: instance.outputs, signals };
  });
  return {
    name: part.kind === 'neuron' ? part.name : part.key,
    inputs: inputs.names, inputPorts: inputs.ports, outputs, outputPorts,
    neurons: ordered, depth, registers, loops, ...(instances && { instances }),
  };
}

const CONSTANT_0: Signal = { kind: 'constant', value: 0 };

function frameFor(instance: CircuitInstance, prefix: string, scopes: Scope[], nets: Nets): Frame {
  return { instance, base: nets.allocate(instance.bitSpace), prefix, scopes, next: 0 };
}

/** One Signal object per source, shared by every reader (a netlist may hold millions). */
class SignalCache {
  private readonly neurons: Signal[] = [];
  private readonly inputs: Signal[] = [];
  private readonly registers: Signal[] = [];
  private readonly constants: Signal[] = [CONSTANT_0, { kind: 'constant', value: 1 }];

  constructor(private readonly position: Int32Array) {}

  get(kind: number, ref: number): Signal {
    switch (kind) {
      case NEURON: {
        const index = this.position[ref]!;
        return (this.neurons[index] ??= { kind: 'neuron', index });
      }
      case INPUT:
        return (this.inputs[ref] ??= { kind: 'input', index: ref });
      case REGISTER:
        return (this.registers[ref] ??= { kind: 'register', index: ref });
      default:
        return this.constants[ref]!;
    }
  }
}

/**
 * The order to evaluate neurons in (as indices into the order they were made), given what
 * each reads (neuron k: the driving nets `edges[from[k] .. from[k + 1]]`): dependencies first,
 * the neurons of a loop together. Already in order, as every circuit without loops is, it
 * stays as it is; otherwise the strongly connected components, dependencies first (registers
 * and inputs are no dependency).
 */
function evaluationOrder(n: number, from: Int32Array, edges: Int32Array, nets: Nets): { order: number[]; loops: number[][] } {
  const reads = (k: number): number[] => {
    const out: number[] = [];
    for (let j = from[k]!; j < from[k + 1]!; j++) if (nets.kind[edges[j]!] === NEURON) out.push(nets.ref[edges[j]!]!);
    return out;
  };
  let sorted = true;
  for (let k = 0; k < n && sorted; k++) {
    for (let j = from[k]!; j < from[k + 1]!; j++) if (nets.kind[edges[j]!] === NEURON && nets.ref[edges[j]!]! >= k) sorted = false;
  }
  if (sorted) return { order: Array.from({ length: n }, (_, k) => k), loops: [] };
  const { component, count, cyclic } = stronglyConnected(n, reads);
  // Components come numbered dependencies first; within one, the order the neurons were made.
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let k = 0; k < n; k++) members[component[k]!]!.push(k);
  const order: number[] = [];
  const loops: number[][] = [];
  members.forEach((m, c) => {
    if (cyclic[c]) loops.push(m.map((_, i) => order.length + i));
    for (const k of m) order.push(k);
  });
  return { order, loops };
}
