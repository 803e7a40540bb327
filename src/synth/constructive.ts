// Constructive synthesis: always a correct network, quickly, for tables too large to search,
// never larger than a documented bound. Each output that needs a neuron gets the cheapest of:
//
// - one neuron, when it is a threshold function of the inputs (decided exactly);
// - a sum of products: a cube neuron [Σ positive literals − Σ negative literals ≥ #positive]
//   per cube of a cover of its 1-rows, and an OR neuron over them; or the same for its 0-rows
//   and a NOR neuron, whichever takes fewer neurons. Cubes are shared between outputs, and a
//   cube that is a single plain input needs no neuron. At most min(#1-rows, #0-rows) + 1
//   neurons per output, depth 2;
// - the same with an output neuron that also reads the inputs, which lets it do without some
//   cubes (each dropped only if the output stays one neuron, decided exactly);
// - for an output that depends only on how many inputs are 1: the binary digits of that count,
//   ⌈log2(n + 1)⌉ neurons, each reading the inputs and the digits above it
//   (b_k = [Σx − Σ_{i>k} 2^i b_i ≥ 2^k]), then the output from those digits: parity of n inputs
//   is the last digit itself, ⌈log2(n + 1)⌉ neurons in all.
//
// And outputs are built in an order that lets them share: whenever an output not yet built is
// one neuron of the inputs and the neurons built so far, it is built so (the same digit trick
// makes a 4-bit adder five neurons: the carry out, then each sum bit from the bits above it);
// otherwise the output whose own plan is cheapest is built next. So no output ever costs more
// than its own plan, and the bound holds for the whole network.
//
// A fan-in limit F splits wide neurons into trees of F-input ANDs and ORs; --layered copies
// signals forward through one-input neurons [x ≥ 1] until every neuron reads only the layer
// before it; --max-depth leaves out plans (and sharing) that would go deeper.

import type { Signal, SynthNeuron, ThresholdNetwork } from '../train/network.js';
import { networkDepth } from '../train/network.js';
import { named, pruned } from '../train/assemble.js';
import { contains, cover, literals, type Cube } from './cubes.js';
import { decideTarget, problemOf, targetPoints, type Problem } from '../train/problem.js';
import { decideNeuron, type NeuronDecision } from '../train/threshold.js';
import { inputBit, type TruthTable } from '../train/truth-table.js';
import { adjacentPairs, risesAndFalls } from './rise-and-fall.js';
import { plural } from '../diagnostics/words.js';

export interface ConstructiveOptions {
  readonly layered?: boolean;
  readonly maxDepth?: number;
  readonly maxFanIn?: number;
}

export type ConstructiveOutcome =
  /** `bound`: the size guaranteed not to be exceeded; stated for general networks without a fan-in limit. */
  | { readonly kind: 'network'; readonly network: ThresholdNetwork; readonly bound?: number }
  | { readonly kind: 'impossible'; readonly reason: string };

/** Builds a network neuron by neuron, sharing neurons that would be the same. */
class Builder {
  readonly neurons: SynthNeuron[] = [];
  /** Each neuron's layer (1 + the deepest it reads). */
  readonly layers: number[] = [];
  private readonly known = new Map<string, number>();
  private readonly values: Uint8Array[] = [];

  /** `inputs`: the number of circuit inputs, for `valuesOf`. */
  constructor(private readonly inputs = 0) {}

  add(weights: readonly number[], bias: number, sources: readonly Signal[]): Signal {
    const key = `${weights.join(',')}|${bias}|${sources.map(signalKey).join(',')}`;
    let index = this.known.get(key);
    if (index === undefined) {
      index = this.neurons.length;
      this.neurons.push({ name: '', weights, bias, sources });
      this.layers.push(1 + Math.max(0, ...sources.map((s) => this.layerOf(s))));
      this.known.set(key, index);
    }
    return { kind: 'neuron', index };
  }

  layerOf(s: Signal): number {
    return s.kind === 'neuron' ? this.layers[s.index]! : 0;
  }

  /** Neuron k's value on every row of the inputs, computed once. */
  valuesOf(k: number): Uint8Array {
    for (let j = this.values.length; j <= k; j++) {
      const { weights, bias, sources } = this.neurons[j]!;
      const n = this.inputs;
      const out = new Uint8Array(2 ** n);
      for (let r = 0; r < out.length; r++) {
        let z = bias;
        sources.forEach((s, i) => (z += weights[i]! * (s.kind === 'constant' ? s.value : s.kind === 'input' ? inputBit(r, s.index, n) : this.values[s.index]![r]!)));
        out[r] = z >= 0 ? 1 : 0;
      }
      this.values.push(out);
    }
    return this.values[k]!;
  }
}

/** Tables this wide or narrower let outputs read the neurons of outputs built before them. */
const REUSE_MAX_INPUTS = 10;
/** The most earlier neurons an output neuron reads that way. */
const REUSE_MAX_NEURONS = 48;

function signalKey(s: Signal): string {
  return s.kind === 'constant' ? `c${s.value}` : s.kind === 'input' ? `x${s.index}` : `n${s.index}`;
}

/** A plan for one output: how many neurons it takes alone, its depth, and how to build it. */
interface Plan {
  readonly neurons: number;
  readonly depth: number;
  readonly build: (b: Builder) => Signal;
}

export function constructiveSynthesis(table: TruthTable, options: ConstructiveOptions = {}): ConstructiveOutcome {
  const problem = problemOf(table);
  const F = options.maxFanIn;
  if (F !== undefined && F < 2 && problem.targets.length > 0) {
    // One-input neurons compute only copies and complements.
    const ok = problem.targets.every((_, t) => complementOfInput(problem, t) !== undefined);
    if (!ok) return { kind: 'impossible', reason: `with at most ${F} ${plural(F, 'source')} per neuron, a neuron can only copy or negate a signal` };
  }
  let outcome = construct(problem, options, options.maxDepth);
  // Layering copies signals read far from where they are made, which can cost more than a
  // deep plan saves; plans of depth 2 at most need few copies, and keep the layered bound.
  if (options.layered && (options.maxDepth === undefined || options.maxDepth > 2)) {
    const shallow = construct(problem, options, 2);
    if (shallow.kind === 'network' && (outcome.kind !== 'network' || shallow.network.neurons.length <= outcome.network.neurons.length)) outcome = shallow;
  }
  if (outcome.kind !== 'network') return outcome;
  const bound = constructiveBound(problem, options);
  return { kind: 'network', network: outcome.network, ...(bound !== undefined && { bound }) };
}

/** The network, with plans no deeper than `maxDepth`. */
function construct(problem: Problem, options: ConstructiveOptions, maxDepth: number | undefined): ConstructiveOutcome {
  const { table } = problem;
  const F = options.maxFanIn;
  const n = table.inputs.length;
  const builder = new Builder(n);
  const T = problem.targets.length;
  const signals: (Signal | undefined)[] = new Array(T).fill(undefined);
  const best: Plan[] = [];
  for (let t = 0; t < T; t++) {
    const plans = plansFor(problem, t, F, options.layered === true).filter((p) => maxDepth === undefined || p.depth <= maxDepth);
    if (plans.length === 0) {
      const name = table.outputs[problem.targets[t]!]!;
      return { kind: 'impossible', reason: `${name} needs more than ${maxDepth} ${plural(maxDepth ?? 0, 'layer')} of neurons with this method (it is not one neuron${F !== undefined ? ` of at most ${F} sources` : ''})` };
    }
    best.push(plans.reduce((x, y) => (y.neurons < x.neurons || (y.neurons === x.neurons && y.depth < x.depth) ? y : x)));
  }
  const reuse = !options.layered && F === undefined && n <= REUSE_MAX_INPUTS;
  const remaining = new Set(problem.targets.map((_, t) => t));
  while (remaining.size > 0) {
    let t = reuse ? reusing(problem, remaining, builder, maxDepth, signals) : undefined;
    if (t !== undefined) {
      remaining.delete(t);
      continue;
    }
    // Else the output whose own plan is cheapest, built on its own.
    t = [...remaining].reduce((x, y) => (best[y]!.neurons < best[x]!.neurons ? y : x));
    signals[t] = best[t]!.build(builder);
    remaining.delete(t);
  }
  const outputSources = problem.wiring.map((wiring): Signal => {
    switch (wiring.kind) {
      case 'constant':
        return { kind: 'constant', value: wiring.value };
      case 'input':
        return { kind: 'input', index: wiring.index };
      case 'same':
        return { kind: 'neuron', index: -1 - wiring.output }; // resolved below
      case 'target':
        return signals[wiring.target]!;
    }
  });
  const resolved = outputSources.map((s) => (s.kind === 'neuron' && s.index < 0 ? outputSources[-1 - s.index]! : s));
  let network: ThresholdNetwork = pruned({ name: table.name, inputs: table.inputs, outputs: table.outputs, neurons: builder.neurons, outputSources: resolved });
  if (options.layered) network = layerize(network);
  if (maxDepth !== undefined && networkDepth(network) > maxDepth) {
    return { kind: 'impossible', reason: `the network this method builds has depth ${networkDepth(network)}, more than --max-depth ${maxDepth}` };
  }
  return { kind: 'network', network: named(network) };
}

/**
 * An output that one neuron computes from the inputs and the neurons built so far (the parity
 * and adder trick: the binary digits of a sum, most significant first, each reads those above
 * it): built, and its number returned. Undefined when there is none.
 */
function reusing(problem: Problem, remaining: ReadonlySet<number>, builder: Builder, maxDepth: number | undefined, signals: (Signal | undefined)[]): number | undefined {
  const n = problem.table.inputs.length;
  const earlier = builder.neurons.length > REUSE_MAX_NEURONS ? [] : builder.neurons.map((_, k) => k);
  if (earlier.length === 0) return undefined;
  const columns = earlier.map((k) => {
    const values = builder.valuesOf(k);
    return (r: number) => values[r]!;
  });
  const sources: Signal[] = [...Array.from({ length: n }, (_, index): Signal => ({ kind: 'input', index })), ...earlier.map((index): Signal => ({ kind: 'neuron', index }))];
  for (const t of remaining) {
    const points = targetPoints(problem, t, columns);
    if (risesAndFalls(adjacentPairs(points.rows, n), points, n)) continue;
    const decision = decideNeuron(points);
    if (decision.kind !== 'neuron') continue;
    const used = decision.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
    const depth = 1 + Math.max(0, ...used.map((j) => builder.layerOf(sources[j]!)));
    if (maxDepth !== undefined && depth > maxDepth) continue;
    signals[t] = builder.add(used.map((j) => decision.weights[j]!), decision.bias, used.map((j) => sources[j]!));
    return t;
  }
  return undefined;
}

/**
 * The size the construction never exceeds, from the table alone. With m_t = min(#1-rows,
 * #0-rows) of target t (specified rows only): Σ (m_t + 1) in a general network (1 for a target
 * one neuron computes); Σ (m_t + 2) layered (a neuron of layer 1 may need a copy in layer 2);
 * Σ ((2n + 1)·m_t + 1) with a fan-in limit (a cube of k ≤ n literals becomes at most
 * 2⌈k/F⌉ − 1 ≤ 2n neurons, an OR of m signals at most m − 1). No bound is stated for layered
 * networks under a fan-in limit, whose copies depend on the trees' depths.
 */
export function constructiveBound(problem: Problem, options: ConstructiveOptions = {}): number | undefined {
  const { table } = problem;
  const n = table.inputs.length;
  const F = options.maxFanIn;
  if (options.layered && F !== undefined) return undefined;
  return problem.targets.reduce((sum, q, t) => {
    let ones = 0;
    let zeros = 0;
    for (const r of problem.rows) {
      if (table.care[q]![r] !== 1) continue;
      if (table.on[q]![r] === 1) ones++;
      else zeros++;
    }
    const m = Math.min(ones, zeros);
    if (F !== undefined) return sum + (2 * n + 1) * m + 1;
    const one = decideTarget(problem, t).kind === 'neuron';
    if (options.layered) return sum + (one ? 2 : m + 2);
    return sum + (one ? 1 : m + 1);
  }, 0);
}

function plansFor(problem: Problem, t: number, F: number | undefined, layered: boolean): Plan[] {
  const plans: Plan[] = [];
  const negated = complementOfInput(problem, t);
  if (negated !== undefined) {
    return [{ neurons: 1, depth: 1, build: (b) => b.add([-1], 0, [{ kind: 'input', index: negated }]) }];
  }
  const decision = decideTarget(problem, t);
  if (decision.kind === 'neuron') {
    const used = decision.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
    if (F === undefined || used.length <= F) {
      plans.push({
        neurons: 1,
        depth: 1,
        build: (b) => b.add(used.map((j) => decision.weights[j]!), decision.bias, used.map((index) => ({ kind: 'input', index }))),
      });
      return plans;
    }
  }
  const sop = sumOfProducts(problem, t, F);
  plans.push(sop);
  // An output neuron that reads the inputs as well as the cubes needs fewer cubes; it is not
  // layered, and reads more sources than a fan-in limit allows.
  if (F === undefined && !layered) {
    const plan = cubesAndInputs(problem, t, sop.cubes);
    if (plan) plans.push(plan);
  }
  if (F === undefined && symmetric(problem, t)) {
    const plan = countingPlan(problem, t);
    if (plan) plans.push(plan);
  }
  return plans;
}

/** The input whose complement the target is on its rows, if it is one. */
function complementOfInput(problem: Problem, t: number): number | undefined {
  const { table } = problem;
  const q = problem.targets[t]!;
  const n = table.inputs.length;
  for (let j = 0; j < n; j++) {
    if (problem.rows.every((r) => table.care[q]![r] !== 1 || table.on[q]![r] === 1 - inputBit(r, j, n))) return j;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Sums of products

function sumOfProducts(problem: Problem, t: number, F: number | undefined): Plan & { cubes: { cubes: Cube[]; negated: boolean }[] } {
  const { table } = problem;
  const q = problem.targets[t]!;
  const n = table.inputs.length;
  const rows = 2 ** n;
  const ones = new Uint8Array(rows);
  const zeros = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    if (table.care[q]![r] !== 1) continue;
    if (table.on[q]![r] === 1) ones[r] = 1;
    else zeros[r] = 1;
  }
  const candidates = [
    { cubes: cover(n, ones, zeros), negated: false },
    { cubes: cover(n, zeros, ones), negated: true },
  ].map((c) => ({ ...c, cost: sopCost(c.cubes, c.negated, n, F) }));
  const best = candidates[0]!.cost.neurons <= candidates[1]!.cost.neurons ? candidates[0]! : candidates[1]!;
  return {
    neurons: best.cost.neurons,
    depth: best.cost.depth,
    build: (b) => buildSop(b, best.cubes, best.negated, n, F),
    cubes: candidates,
  };
}

/** Covers with more cubes than this are not thinned: each try is an exact decision over all of them. */
const MAX_THINNED_CUBES = 32;

/**
 * A cover's cubes thinned out when the output neuron also reads the inputs: cubes are dropped
 * one at a time (the most specific first) while the target stays one neuron of the inputs and
 * the remaining cubes, decided exactly. XOR: of (x1 ∧ ¬x2) and (¬x1 ∧ x2), one is enough,
 * y = [−x1 + x2 + 2·(x1 ∧ ¬x2) ≥ 1].
 */
function cubesAndInputs(problem: Problem, t: number, covers: readonly { cubes: Cube[]; negated: boolean }[]): Plan | undefined {
  const n = problem.table.inputs.length;
  let best: { kept: Cube[]; decision: NeuronDecision & { kind: 'neuron' } } | undefined;
  for (const { cubes } of covers) {
    // Cubes of one positive literal are inputs, which the neuron reads anyway.
    let kept = cubes.filter((c) => !(literals(c) === 1 && (c.value & c.mask) !== 0));
    if (kept.length > MAX_THINNED_CUBES) continue;
    const pointsOf = (set: readonly Cube[]) => targetPoints(problem, t, set.map((c) => (r: number) => (contains(c, r) ? 1 : 0)));
    const first = pointsOf(kept);
    let decision = decideNeuron(first);
    if (decision.kind !== 'neuron') continue; // cannot happen: the OR (NOR) of the cover is one
    const pairs = adjacentPairs(first.rows, n);
    for (const cube of [...kept].sort((a, b) => literals(b) - literals(a))) {
      const without = kept.filter((c) => c !== cube);
      const points = pointsOf(without);
      if (risesAndFalls(pairs, points, n)) continue;
      const d = decideNeuron(points);
      if (d.kind === 'neuron') {
        kept = without;
        decision = d;
      }
    }
    if (!best || kept.length < best.kept.length) best = { kept, decision };
  }
  if (!best) return undefined;
  const { kept, decision } = best;
  return {
    neurons: kept.length + 1,
    depth: kept.length > 0 ? 2 : 1,
    build: (b) => {
      const inputs: Signal[] = Array.from({ length: n }, (_, index) => ({ kind: 'input', index }));
      const sources = [...inputs, ...kept.map((cube) => buildCube(b, cubeLiterals(cube, n), undefined))];
      const used = decision.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
      return b.add(used.map((j) => decision.weights[j]!), decision.bias, used.map((j) => sources[j]!));
    },
  };
}

/** Input j's literal in a cube: which inputs appear and whether negated. */
function cubeLiterals(cube: Cube, n: number): { index: number; positive: boolean }[] {
  const out: { index: number; positive: boolean }[] = [];
  for (let j = 0; j < n; j++) {
    const bit = 1 << (n - 1 - j);
    if ((cube.mask & bit) !== 0) out.push({ index: j, positive: (cube.value & bit) !== 0 });
  }
  return out;
}

function sopCost(cubes: readonly Cube[], negated: boolean, n: number, F: number | undefined): { neurons: number; depth: number } {
  const b = new Builder();
  const s = buildSop(b, cubes, negated, n, F);
  const net = { name: '', inputs: [], outputs: [], neurons: b.neurons, outputSources: [s] };
  return { neurons: b.neurons.length, depth: networkDepth(net) };
}

function buildSop(b: Builder, cubes: readonly Cube[], negated: boolean, n: number, F: number | undefined): Signal {
  const terms = cubes.map((cube) => buildCube(b, cubeLiterals(cube, n), F));
  if (terms.length === 1 && !negated) return terms[0]!;
  if (terms.length === 1 && negated && terms[0]!.kind === 'input') return b.add([-1], 0, terms);
  // OR of the terms: fires when any is 1; NOR: when none is.
  return gateTree(b, terms, negated ? 'nor' : 'or', F);
}

/** A cube's neuron (or tree of neurons), or the plain input when it is one positive literal. */
function buildCube(b: Builder, lits: readonly { index: number; positive: boolean }[], F: number | undefined): Signal {
  if (lits.length === 1 && lits[0]!.positive) return { kind: 'input', index: lits[0]!.index };
  if (F === undefined || lits.length <= F) {
    const weights = lits.map((l) => (l.positive ? 1 : -1));
    const bias = -lits.filter((l) => l.positive).length;
    return b.add(weights, bias, lits.map((l) => ({ kind: 'input', index: l.index })));
  }
  // Too wide: AND of ANDs of up to F literals each.
  const groups: Signal[] = [];
  for (let i = 0; i < lits.length; i += F) groups.push(buildCube(b, lits.slice(i, i + F), F));
  return gateTree(b, groups, 'and', F);
}

/** AND, OR or NOR of signals, as one neuron or a tree of neurons of at most F sources. */
function gateTree(b: Builder, signals: readonly Signal[], gate: 'and' | 'or' | 'nor', F: number | undefined): Signal {
  if (F === undefined || signals.length <= F) {
    const k = signals.length;
    if (gate === 'and') return b.add(new Array<number>(k).fill(1), -k, signals);
    if (gate === 'or') return b.add(new Array<number>(k).fill(1), -1, signals);
    return b.add(new Array<number>(k).fill(-1), 0, signals);
  }
  const inner: Signal[] = [];
  for (let i = 0; i < signals.length; i += F) {
    const group = signals.slice(i, i + F);
    inner.push(group.length === 1 ? group[0]! : gateTree(b, group, gate === 'and' ? 'and' : 'or', F));
  }
  return gateTree(b, inner, gate, F);
}

// ---------------------------------------------------------------------------------------------
// Functions of the number of inputs that are 1

function symmetric(problem: Problem, t: number): boolean {
  return valueByCount(problem, t) !== undefined;
}

/** The target's value for each count of 1-inputs (undefined where no row says), or undefined if it is not symmetric. */
function valueByCount(problem: Problem, t: number): (number | undefined)[] | undefined {
  const { table } = problem;
  const q = problem.targets[t]!;
  const n = table.inputs.length;
  const byCount: (number | undefined)[] = new Array(n + 1).fill(undefined);
  for (const r of problem.rows) {
    if (table.care[q]![r] !== 1) continue;
    let s = 0;
    for (let m = r; m !== 0; m &= m - 1) s++;
    const v = table.on[q]![r]!;
    if (byCount[s] === undefined) byCount[s] = v;
    else if (byCount[s] !== v) return undefined;
  }
  return byCount;
}

/**
 * The binary digits of Σx, most significant first, each neuron reading the inputs and the
 * digits above it; then the target from the digits: one of them, one more neuron reading the
 * inputs and digits, or a sum of products over the digits.
 */
function countingPlan(problem: Problem, t: number): Plan | undefined {
  const n = problem.table.inputs.length;
  const byCount = valueByCount(problem, t)!;
  const K = Math.ceil(Math.log2(n + 1));
  const digitsOf = (s: number) => Array.from({ length: K }, (_, i) => (s >> (K - 1 - i)) & 1); // most significant first
  const inputs: Signal[] = Array.from({ length: n }, (_, index) => ({ kind: 'input', index }));
  const buildDigits = (b: Builder): Signal[] => {
    const digits: Signal[] = [];
    for (let i = 0; i < K; i++) {
      const place = 2 ** (K - 1 - i);
      const weights = [...new Array<number>(n).fill(1), ...digits.map((_, k) => -(2 ** (K - 1 - k)))];
      digits.push(b.add(weights, -place, [...inputs, ...digits]));
    }
    return digits;
  };
  // The target as a function of the digits alone, on the counts that occur.
  const counts = byCount.flatMap((v, s) => (v === undefined ? [] : [s]));
  const same = Array.from({ length: K }, (_, i) => counts.every((s) => digitsOf(s)[i] === byCount[s]));
  const digit = same.indexOf(true);
  if (digit >= 0) return { neurons: digit + 1, depth: digit + 1, build: (b) => buildDigits(b)[digit]! };
  // One neuron over the inputs and digits: decide on the points (x, digits of Σx).
  const dim = n + K;
  const rows = problem.rows.filter((r) => problem.table.care[problem.targets[t]!]![r] === 1);
  const x = new Uint8Array(rows.length * dim);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = inputBit(r, j, n);
      x[i * dim + j] = v;
      s += v;
    }
    digitsOf(s).forEach((v, k) => (x[i * dim + n + k] = v));
    y[i] = problem.table.on[problem.targets[t]!]![r]!;
  });
  const decision = decideNeuron({ dim, count: rows.length, x, y });
  if (decision.kind === 'neuron') {
    return {
      neurons: K + 1,
      depth: K + 1,
      build: (b) => {
        const digits = buildDigits(b);
        const used = decision.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
        const all = [...inputs, ...digits];
        return b.add(used.map((j) => decision.weights[j]!), decision.bias, used.map((j) => all[j]!));
      },
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Layering

/**
 * The same network as a strict multilayer perceptron: a signal read more than one layer after
 * it is made is carried there by copy neurons [x ≥ 1], one per layer, shared by its readers;
 * outputs are carried to the last layer.
 */
export function layerize(network: ThresholdNetwork): ThresholdNetwork {
  const layerOf: number[] = [];
  for (const neuron of network.neurons) {
    let deepest = 0;
    for (const s of neuron.sources) if (s.kind === 'neuron') deepest = Math.max(deepest, layerOf[s.index]!);
    layerOf.push(deepest + 1);
  }
  const depth = networkDepth(network);
  const b = new Builder();
  const mapped: Signal[] = [];
  const copies = new Map<string, Signal>();
  const layerOfSignal = (s: Signal): number => (s.kind === 'neuron' ? layerOfNew[s.index]! : 0);
  const layerOfNew: number[] = [];
  // The signal s (of the new network) carried to layer `layer`.
  const at = (s: Signal, layer: number): Signal => {
    if (s.kind === 'constant') return s;
    let current: Signal = s;
    for (let l = layerOfSignal(s) + 1; l <= layer; l++) {
      const key = `${signalKey(current)}@${l}`;
      let next = copies.get(key);
      if (!next) {
        next = b.add([1], -1, [current]);
        if (layerOfNew.length < b.neurons.length) layerOfNew.push(l);
        copies.set(key, next);
      }
      current = next;
    }
    return current;
  };
  network.neurons.forEach((neuron, k) => {
    const layer = layerOf[k]!;
    const sources = neuron.sources.map((s) => at(s.kind === 'neuron' ? mapped[s.index]! : s, layer - 1));
    const before = b.neurons.length;
    const made = b.add(neuron.weights, neuron.bias, sources);
    if (b.neurons.length > before) layerOfNew.push(layer);
    mapped.push(made);
  });
  const outputSources = network.outputSources.map((s) => (s.kind === 'neuron' ? at(mapped[s.index]!, depth) : s));
  return pruned({ ...network, neurons: b.neurons, outputSources });
}
