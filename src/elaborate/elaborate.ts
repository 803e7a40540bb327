// Elaboration: a checked circuit expanded into a flat netlist of neurons in topological order.

import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import type * as A from '../parse/ast.js';
import { weightsOf, type CircuitDef, type Model, type NeuronDef, type PartDef, type TrainedWeights } from '../check/model.js';
import type { NetNeuron, NetOutput, Netlist, Scope, Signal } from './netlist.js';

/** The most neurons one netlist may hold unless the caller raises it (`--max-neurons`). */
export const DEFAULT_MAX_NEURONS = 1_000_000;

/** Expansion recurses once per level of circuit instances; deeper hierarchies are refused. */
export const MAX_NESTING_DEPTH = 1000;

export interface ElaborateOptions {
  readonly maxNeurons?: number;
  /** The learned weights of the `train` neurons the part uses (see the fit stage). */
  readonly trained?: TrainedWeights;
}

/** Expands the neuron or circuit `name`; every neuron it uses must have weights, written or learned. */
export function elaborate(model: Model, name: string, options: ElaborateOptions = {}): Result<Netlist> {
  const part = model.parts.get(name);
  if (!part) return fail([error('unknown-name', `there is no neuron or circuit called ${name}`)]);
  const depth = nestingDepth(part, model);
  if (depth > MAX_NESTING_DEPTH) {
    return fail([error('too-deep', `${name} nests circuits ${depth} levels deep, more than the limit of ${MAX_NESTING_DEPTH}`, part.decl.name.span, {
      hint: 'a circuit that deep is almost certainly generated wrong; flatten some levels',
    })]);
  }
  const limit = options.maxNeurons ?? DEFAULT_MAX_NEURONS;
  const size = neuronCount(part, model);
  if (size > limit) {
    return fail([error('too-large', `${name} would expand to ${formatCount(size)} neurons, more than the limit of ${formatCount(limit)}`, part.decl.name.span, {
      hint: 'raise the limit with --max-neurons N, or test a smaller instance of the circuit',
    })]);
  }
  const untrained = neuronsWithoutWeights(part, model, options.trained);
  if (untrained.length > 0) {
    return fail(untrained.map((n) => error('untrained', `${name} uses neuron ${n.name}, which has no weights: it could not be trained`, n.decl.name.span, {
      hint: 'see the error reported for it above; fix its training table or data set',
    })));
  }
  return ok(new Expander(model, options.trained).top(part));
}

/** The neurons `part` uses, directly or through circuits, each once, in the order first met. */
export function neuronsUsed(part: PartDef, model: Model): NeuronDef[] {
  const seen = new Set<PartDef>([part]);
  const stack: PartDef[] = [part];
  const neurons: NeuronDef[] = [];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (p.kind === 'neuron') {
      neurons.push(p);
      continue;
    }
    for (const callee of calleesOf(p, model)) {
      if (!seen.has(callee)) {
        seen.add(callee);
        stack.push(callee);
      }
    }
  }
  return neurons;
}

function neuronsWithoutWeights(part: PartDef, model: Model, trained: TrainedWeights | undefined): NeuronDef[] {
  return neuronsUsed(part, model).filter((n) => weightsOf(n, trained) === undefined);
}

/** How many neurons `part` expands to, without expanding it (so a blow-up is refused cheaply). */
export function neuronCount(part: PartDef, model: Model, memo: Map<string, number> = new Map()): number {
  return measure(part, model, memo, (sum, child) => sum + child, 1, 0);
}

/** How many levels of circuit instances `part` nests (a neuron: 0, XOR: 1, HalfAdder: 2). */
export function nestingDepth(part: PartDef, model: Model, memo: Map<string, number> = new Map()): number {
  return measure(part, model, memo, (deepest, child) => Math.max(deepest, child + 1), 0, 0);
}

/**
 * A bottom-up measure over the circuits a part uses, each computed once; `combine` folds a
 * circuit's value from those of the parts it calls. Iterative, so thousands of nested
 * circuits cannot overflow the stack.
 */
function measure(
  part: PartDef,
  model: Model,
  memo: Map<string, number>,
  combine: (acc: number, child: number) => number,
  neuron: number,
  empty: number,
): number {
  const valueOf = (p: PartDef) => (p.kind === 'neuron' ? neuron : memo.get(p.name));
  const stack: PartDef[] = [part];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (valueOf(top) !== undefined) {
      stack.pop();
      continue;
    }
    const callees = calleesOf(top as CircuitDef, model);
    const pending = callees.filter((c) => valueOf(c) === undefined);
    if (pending.length > 0) {
      for (const p of pending) stack.push(p);
      continue;
    }
    memo.set(top.name, callees.reduce((acc, c) => combine(acc, valueOf(c)!), empty));
    stack.pop();
  }
  return valueOf(part)!;
}

/** Every call in a circuit's body, nested ones included, once per call. */
function calleesOf(c: CircuitDef, model: Model): PartDef[] {
  const out: PartDef[] = [];
  const walk = (e: A.Expr): void => {
    if (e.kind !== 'call') return;
    const callee = model.parts.get(e.callee.text);
    if (callee) out.push(callee);
    e.args.forEach(walk);
  };
  c.decl.body.forEach((s) => walk(s.expr));
  return out;
}

function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(2);
}

type MutableNeuron = { -readonly [K in keyof NetNeuron]: NetNeuron[K] };

class Expander {
  private readonly neurons: MutableNeuron[] = [];
  private readonly labels = new WeakMap<A.CircuitDecl, Map<A.Expr, string>>();

  constructor(
    private readonly model: Model,
    private readonly trained: TrainedWeights | undefined,
  ) {}

  top(part: PartDef): Netlist {
    const inputs: Signal[] = part.params.map((_, index) => ({ kind: 'input', index }));
    let outputs: NetOutput[];
    if (part.kind === 'neuron') {
      const [signal] = this.instantiate(part, inputs, part.name, [], '', undefined);
      outputs = [{ name: part.name, source: signal! }];
    } else {
      outputs = this.expand(part, inputs, [], '').map((source, i) => ({ name: part.outputs[i]!, source }));
    }
    const depth = this.neurons.reduce((d, n) => Math.max(d, n.layer), 0);
    return { name: part.name, inputs: part.params, outputs, neurons: this.neurons, depth };
  }

  private part(name: string): PartDef {
    const part = this.model.parts.get(name);
    if (!part) throw new Error(`internal: elaborating unchecked part ${name}`);
    return part;
  }

  /** Expands circuit `c` with its inputs bound to `args`; returns its outputs' signals. */
  private expand(c: CircuitDef, args: Signal[], scopes: Scope[], prefix: string): Signal[] {
    const env = new Map<string, Signal>(c.params.map((p, i) => [p, args[i]!]));
    const labels = this.labelsOf(c.decl);
    const value = (e: A.Expr): Signal[] => {
      if (e.kind === 'number') return [{ kind: 'constant', value: e.value === 1 ? 1 : 0 }];
      if (e.kind === 'name') return [env.get(e.text)!];
      const argSignals = e.args.map((a) => value(a)[0]!);
      return this.instantiate(this.part(e.callee.text), argSignals, labels.get(e)!, scopes, prefix, e);
    };
    for (const i of c.order) {
      const s = c.decl.body[i]!;
      value(s.expr).forEach((signal, k) => env.set(s.targets[k]!.text, signal));
    }
    return c.outputs.map((o) => env.get(o)!);
  }

  private instantiate(part: PartDef, args: Signal[], label: string, scopes: Scope[], prefix: string, call: A.CallExpr | undefined): Signal[] {
    if (part.kind === 'neuron') return [this.neuron(part, args, prefix + label, scopes, call)];
    const first = this.neurons.length;
    const outputs = this.expand(part, args, [...scopes, { label, part: part.name }], `${prefix}${label}.`);
    // A single-output instance `w = XOR(a, b)`: its output neuron is the wire w itself,
    // so it is called `w` rather than `w.y`.
    const [only] = outputs;
    if (outputs.length === 1 && only?.kind === 'neuron' && only.index >= first) {
      const n = this.neurons[only.index]!;
      if (n.name === `${prefix}${label}.${part.outputs[0]}`) n.name = `${prefix}${label}`;
    }
    return outputs;
  }

  private neuron(part: NeuronDef, inputs: Signal[], name: string, scopes: Scope[], call: A.CallExpr | undefined): Signal {
    const given = weightsOf(part, this.trained);
    if (!given) throw new Error(`internal: neuron ${part.name} has no weights`);
    let layer = 0;
    for (const s of inputs) if (s.kind === 'neuron') layer = Math.max(layer, this.neurons[s.index]!.layer);
    const neuron: MutableNeuron = {
      name, scopes, part: part.name, weights: given.weights, bias: given.bias, inputs, layer: layer + 1,
    };
    if (given.threshold !== undefined) neuron.threshold = given.threshold;
    if (call) neuron.span = call.span;
    this.neurons.push(neuron);
    return { kind: 'neuron', index: this.neurons.length - 1 };
  }

  /**
   * Instance labels, given in source order: a call that is a statement's whole right side
   * with one target is labelled by that target (`h1`); any other call (destructured, or
   * nested inside another call) is `Part#k`, the k-th such use of Part in the circuit.
   */
  private labelsOf(decl: A.CircuitDecl): Map<A.Expr, string> {
    let labels = this.labels.get(decl);
    if (labels) return labels;
    labels = new Map();
    const counters = new Map<string, number>();
    const anonymous = (e: A.CallExpr) => {
      const k = (counters.get(e.callee.text) ?? 0) + 1;
      counters.set(e.callee.text, k);
      return `${e.callee.text}#${k}`;
    };
    const walk = (e: A.Expr, label: string | undefined): void => {
      if (e.kind !== 'call') return;
      labels!.set(e, label ?? anonymous(e));
      e.args.forEach((a) => walk(a, undefined));
    };
    for (const s of decl.body) walk(s.expr, s.targets.length === 1 && !s.destructured ? s.targets[0]!.text : undefined);
    this.labels.set(decl, labels);
    return labels;
  }
}
