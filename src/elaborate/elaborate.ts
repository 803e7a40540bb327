// Elaboration: a checked part expanded into a flat netlist of neurons in topological order,
// bit by bit. Iterative throughout: a hierarchy thousands of levels deep cannot overflow the
// stack.

import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import { withPart } from '../check/check.js';
import {
  CONST0, CONST1, weightsOf, type BitRef, type CircuitInstance, type Model, type NeuronDef, type Part, type PortShape, type TrainedWeights,
} from '../check/model.js';
import type { NetNeuron, NetOutput, NetPort, Netlist, Scope, Signal } from './netlist.js';

/** The most neurons one netlist may hold unless the caller raises it (`--max-neurons`). */
export const DEFAULT_MAX_NEURONS = 1_000_000;

/** Instances nested deeper than this are refused. */
export const MAX_NESTING_DEPTH = 1000;

export interface ElaborateOptions {
  readonly maxNeurons?: number;
  /** The learned weights of the `train` neurons the part uses (see the fit stage). */
  readonly trained?: TrainedWeights;
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
  return ok(expand(part, full, options.trained), found.diagnostics);
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

interface Frame {
  readonly instance: CircuitInstance;
  readonly values: Signal[];
  readonly prefix: string;
  readonly scopes: Scope[];
  next: number;
  /** Set while a child instance is being expanded: where its outputs go. */
  child?: { readonly targets: readonly BitRef[]; readonly first: number; readonly label: string; readonly instance: CircuitInstance };
}

function expand(part: Part, model: Model, trained: TrainedWeights | undefined): Netlist {
  const neurons: MutableNeuron[] = [];
  const addNeuron = (def: NeuronDef, inputs: Signal[], name: string, scopes: Scope[], span: NetNeuron['span']): Signal => {
    const given = weightsOf(def, trained)!;
    let layer = 0;
    for (const s of inputs) if (s.kind === 'neuron') layer = Math.max(layer, neurons[s.index]!.layer);
    const neuron: MutableNeuron = { name, scopes, part: def.name, weights: given.weights, bias: given.bias, inputs, layer: layer + 1 };
    if (given.threshold !== undefined) neuron.threshold = given.threshold;
    if (span) neuron.span = span;
    neurons.push(neuron);
    return { kind: 'neuron', index: neurons.length - 1 };
  };

  if (part.kind === 'neuron') {
    // Parameter order is bit 0 first; the netlist lists inputs in reading order.
    const paramBits: BitRef[][] = [];
    let next = 0;
    for (const p of part.ports) paramBits.push(Array.from({ length: p.width ?? 1 }, () => next++));
    const inputs = readingOrder(part.ports, paramBits);
    const signals: Signal[] = new Array(next);
    inputs.bits.forEach((b, index) => (signals[b] = { kind: 'input', index }));
    const out = addNeuron(part, signals, part.name, [], undefined);
    return {
      name: part.name, inputs: inputs.names, inputPorts: inputs.ports,
      outputs: [{ name: part.name, source: out }], outputPorts: [{ name: part.name, width: null, bits: [0] }],
      neurons, depth: 1,
    };
  }

  const top = readingOrder(part.inputs, part.inputBits);
  const topValues: Signal[] = [];
  top.bits.forEach((b, index) => (topValues[b] = { kind: 'input', index }));
  const stack: Frame[] = [{ instance: part, values: topValues, prefix: '', scopes: [], next: 0 }];
  let finished: Signal[] | undefined;
  const signalOf = (values: Signal[], b: BitRef): Signal =>
    b === CONST0 ? { kind: 'constant', value: 0 } : b === CONST1 ? { kind: 'constant', value: 1 } : values[b]!;

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.child && finished) {
      // The child has just finished: its outputs, in port order, are the statement's targets.
      const { targets, first, label, instance } = frame.child;
      finished.forEach((signal, k) => (frame.values[targets[k]!] = signal));
      // A single-bit, single-output instance `w = XOR(a, b)`: its output neuron is the wire
      // itself, so it is called `w` rather than `w.y`.
      const only = finished[0];
      if (finished.length === 1 && instance.outputs.length === 1 && only?.kind === 'neuron' && only.index >= first) {
        const n = neurons[only.index]!;
        if (n.name === `${frame.prefix}${label}.${instance.outputs[0]!.name}`) n.name = `${frame.prefix}${label}`;
      }
      frame.child = undefined;
      finished = undefined;
    }
    if (frame.next >= frame.instance.statements.length) {
      finished = frame.instance.outputBits.flat().map((b) => signalOf(frame.values, b));
      stack.pop();
      continue;
    }
    const s = frame.instance.statements[frame.next++]!;
    const src = s.source;
    if (src.kind === 'copy') {
      src.bits.forEach((b, k) => (frame.values[s.targets[k]!] = signalOf(frame.values, b)));
    } else if (src.kind === 'neuron') {
      const signal = addNeuron(src.neuron, src.args.map((b) => signalOf(frame.values, b)), frame.prefix + s.label, frame.scopes, s.span);
      frame.values[s.targets[0]!] = signal;
    } else {
      const instance = model.instances.get(src.instance)!;
      const values: Signal[] = [];
      instance.inputBits.flat().forEach((b, k) => (values[b] = signalOf(frame.values, src.args[k]!)));
      frame.child = { targets: s.targets, first: neurons.length, label: s.label, instance };
      stack.push({
        instance, values, prefix: `${frame.prefix}${s.label}.`, scopes: [...frame.scopes, { label: s.label, part: instance.key }], next: 0,
      });
    }
  }
  const outputBits = readingOrder(part.outputs, part.outputBits);
  const outputValues = finished!;
  // `finished` lists output bits port by port, bit 0 first; the netlist lists them in reading order.
  const byBit = new Map<BitRef, Signal>();
  part.outputBits.flat().forEach((b, k) => byBit.set(b, outputValues[k]!));
  const outputs: NetOutput[] = outputBits.bits.map((b, k) => ({ name: outputBits.names[k]!, source: byBit.get(b)! }));
  const depth = neurons.reduce((d, n) => Math.max(d, n.layer), 0);
  return { name: part.key, inputs: top.names, inputPorts: top.ports, outputs, outputPorts: outputBits.ports, neurons, depth };
}
