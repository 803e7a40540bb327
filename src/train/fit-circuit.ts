// The fit stage for trained circuits: a network of the declared shape, its weights found when
// the file is loaded. A small truth table (`fittedExactly`) is fitted exactly (hidden.ts: the
// smallest whole weights, or a proof that the shape cannot compute it); a data set, or a larger
// table, by gradient descent (gradient.ts), hardened to steps and checked on every row. The answer is new data: the circuit's instance with the neurons found, which
// elaboration expands like any other.

import { exactDecimal, fromNumber } from '../arith/rational.js';
import {
  CONST0, CONST1, type BitRef, type BitStatement, type CircuitDef, type CircuitInstance, type CircuitTraining, type NeuronDef, type PortShape,
} from '../check/model.js';
import { EXACT_FIT_MAX_INPUTS, EXACT_FIT_MAX_NEURONS, fittedExactly } from '../check/trained-circuits.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { count } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import type { SourceHost } from '../load/load.js';
import type { FitOptions } from './fit.js';
import type { GradientOptions, GradientResult, LabelledData } from './gradient.js';
import { uniqueNames, type Signal, type ThresholdNetwork } from './network.js';
import { decider, fewestDigits } from './written.js';

export interface FittedNeuron {
  /** The wire it drives: `h1`, an output (`y`, `s[1]`). */
  readonly wire: string;
  /** The wires it reads, in the order of its weights. */
  readonly reads: readonly string[];
  /** Its declaration, with the learned weights exactly (`CIRCUIT_wire`, as --emit writes it). */
  readonly def: NeuronDef;
  /** The learned weights as doubles (whole numbers from the exact fit). */
  readonly weights: readonly number[];
  readonly bias: number;
  /** The fewest digits that decide as the learned neuron on every row checked (see `checkedOn`). */
  readonly written: { readonly weights: readonly string[]; readonly bias: string; readonly exact: boolean };
}

export interface CircuitFitReport {
  readonly circuit: CircuitDef;
  /** The circuit's instance with the neurons found: what elaboration expands. */
  readonly instance: CircuitInstance;
  /** How the weights were found: exactly (from a table) or by gradient descent. */
  readonly method: 'exact' | 'gradient';
  /** For an exact fit, what found the network before its weights were made smallest. */
  readonly foundBy?: 'gradient descent' | 'integer program';
  /** Rows of the table or examples of the data set. */
  readonly rows: number;
  readonly dataset?: { readonly path: string; readonly columns: readonly string[] };
  /** Gradient descent's own account: epochs, errors per epoch, the options used. */
  readonly gradient?: Omit<GradientResult, 'network'>;
  /** Rows (or examples) the circuit gets wrong, counted exactly. */
  readonly errors: number;
  /** In evaluation order, layer by layer. */
  readonly neurons: readonly FittedNeuron[];
  /** Where each output bit comes from: a neuron's wire, an input bit or a constant. */
  readonly outputs: readonly { readonly name: string; readonly from: string }[];
  /** Where `written` was checked: every input row (up to 16 inputs), the examples, or both. */
  readonly checkedOn: 'every-row' | 'examples' | 'every-row-and-examples';
}

export interface CircuitFitOutcome {
  readonly reports: readonly CircuitFitReport[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Every input row is checked when writing weights down, up to this many inputs and rows × weights. */
const ALL_ROWS_INPUTS = 16;
const CHECK_BUDGET = 2e7;

/**
 * Fits each untrained circuit instance. `taken` holds the names the neurons' declarations must
 * not take (the parts of the files), so that --emit can write them as they are named here.
 */
export async function fitCircuits(
  instances: readonly CircuitInstance[],
  host: SourceHost,
  options: FitOptions = {},
  sources?: Map<string, string>,
  taken: ReadonlySet<string> = new Set(),
): Promise<CircuitFitOutcome> {
  const reports: CircuitFitReport[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const instance of instances) {
    const report = await fitCircuit(instance, host, options, diagnostics, sources, taken);
    if (report) reports.push(report);
  }
  return { reports, diagnostics };
}

async function fitCircuit(
  instance: CircuitInstance,
  host: SourceHost,
  fit: FitOptions,
  out: Diagnostic[],
  sources: Map<string, string> | undefined,
  taken: ReadonlySet<string>,
): Promise<CircuitFitReport | undefined> {
  const circuit = instance.def;
  const training = circuit.training;
  if (!training) throw new Error(`internal error: ${circuit.name} is not a trained circuit`);
  const name = circuit.name;
  const n = training.inputs.length;
  const shape = shapeWords(training);
  let network: ThresholdNetwork;
  let method: CircuitFitReport['method'];
  let rows: number;
  let dataset: CircuitFitReport['dataset'];
  let gradient: CircuitFitReport['gradient'];
  let examples: Float64Array | undefined;
  let foundBy: CircuitFitReport['foundBy'];

  const descend = async (data: LabelledData): Promise<GradientResult> => {
    const { trainLayers, DEFAULT_GRADIENT_OPTIONS } = await import('./gradient.js');
    const o = fit.overrides ?? {};
    const options: GradientOptions = {
      ...DEFAULT_GRADIENT_OPTIONS,
      ...defined(training.options),
      ...defined({ rate: o.rate, epochs: o.epochs, seed: o.seed }),
    };
    return trainLayers(data, training.hidden, options, fit.progress && ((done, most) => fit.progress!(circuit, done, most)));
  };

  if (training.source.kind === 'table') {
    const table = truthTable(name, training);
    rows = training.source.rows.length;
    if (fittedExactly(training)) {
      const { fitShape } = await import('./hidden.js');
      const fitted = await fitShape(table, training.hidden, { layered: training.layered });
      if (fitted.kind === 'impossible') {
        out.push(error('shape-impossible', `no ${shape} computes ${name}'s truth table`, training.hiddenSpan, {
          notes: [{ message: `proof: ${fitted.reason}` }],
          hint: training.layered
            ? 'widen the hidden layers or add one (XOR, for one, takes hidden: 2), or let each neuron also read the inputs and the hidden neurons before it: layered: false'
            : 'give it more hidden neurons',
        }));
        return undefined;
      }
      if (fitted.kind === 'unknown') {
        out.push(error('fit-undecided', `nn could not decide whether a ${shape} computes ${name}'s truth table: ${fitted.reason}`, training.hiddenSpan, {
          hint: 'try a larger shape, which is usually found faster, or fewer inputs',
        }));
        return undefined;
      }
      network = fitted.network;
      foundBy = fitted.foundBy;
      method = 'exact';
    } else {
      const data = tableData(training);
      const result = await descend(data);
      if (diverged(result, name, training, out)) return undefined;
      if (result.errors > 0) {
        out.push(error('not-converged', `gradient descent did not fit ${name}'s truth table with a ${shape}: ${count(result.errors, 'row')} of ${rows} wrong after ${count(result.epochs, 'epoch')}`, training.span, {
          hint: `a table of more than ${EXACT_FIT_MAX_INPUTS} inputs or ${EXACT_FIT_MAX_NEURONS} neurons is fitted by gradient descent: raise epochs (now ${result.options.epochs}), try another seed, or widen the hidden layers`,
        }));
        return undefined;
      }
      ({ network } = result);
      gradient = withoutNetwork(result);
      method = 'gradient';
    }
  } else {
    const { readCircuitData } = await import('./examples.js');
    const read = readCircuitData(circuit, { ...training, source: training.source }, host, sources);
    out.push(...read.diagnostics);
    if (!read.ok) return undefined;
    const { data, path } = read.value;
    rows = data.count;
    examples = data.x;
    dataset = { path, columns: [...training.inputs, ...training.outputs] };
    const result = await descend({ inputs: training.inputs, outputs: training.outputs, count: data.count, x: data.x, y: data.y });
    if (diverged(result, name, training, out)) return undefined;
    if (result.errors > 0) {
      out.push(warning('not-converged', `the ${shape} trained for ${name} gets ${count(result.errors, 'row')} of ${rows} wrong after ${count(result.epochs, 'epoch')}; these weights are used`, training.span, {
        hint: `raise epochs (now ${result.options.epochs}), try another seed, or widen the hidden layers`,
      }));
    }
    ({ network } = result);
    gradient = withoutNetwork(result);
    method = 'gradient';
  }

  const named = renameHidden(network, instance);
  const listed = training.source.kind === 'table' ? tableData(training).x : undefined;
  const checks = checkRows(n, examples, listed, named);
  const written = writeNetwork(named, checks.rows, method === 'exact');
  const neurons = declare(named, written, circuit, training, taken);
  return {
    circuit,
    instance: fittedInstance(instance, named, neurons),
    method,
    ...(foundBy && { foundBy }),
    rows,
    ...(dataset && { dataset }),
    ...(gradient && { gradient }),
    errors: gradient?.errors ?? 0,
    neurons,
    outputs: named.outputSources.map((s, q) => ({ name: training.outputs[q]!, from: wire(named, s) })),
    checkedOn: checks.checkedOn,
  };
}

/** `layered network with a hidden layer of 2 neurons`, as diagnostics say it. */
export function shapeWords(training: CircuitTraining): string {
  const h = training.hidden;
  if (!training.layered) return `network of ${count(h[0] ?? 0, 'hidden neuron')} (each reading the inputs and the hidden neurons before it)`;
  if (h.length === 0) return 'layered network without a hidden layer';
  if (h.length === 1) return `layered network with a hidden layer of ${count(h[0]!, 'neuron')}`;
  return `layered network with hidden layers of ${h.join(', ')} neurons`;
}

function diverged(result: GradientResult, name: string, training: CircuitTraining, out: Diagnostic[]): boolean {
  if (!result.diverged) return false;
  out.push(error('training-diverged', `training ${name} overflowed: after ${count(result.epochs, 'epoch')} the weights stopped being finite numbers`, training.span, {
    hint: `lower rate (now ${result.options.rate}), or scale the inputs down`,
  }));
  return true;
}

function withoutNetwork(result: GradientResult): Omit<GradientResult, 'network'> {
  const { network: _network, ...rest } = result;
  return rest;
}

/** The `train { }` rows as a truth table over the input bits: unlisted rows and `*` are free. */
function truthTable(name: string, training: CircuitTraining) {
  const n = training.inputs.length;
  const size = 2 ** n;
  const on = training.outputs.map(() => new Uint8Array(size));
  const care = training.outputs.map(() => new Uint8Array(size));
  if (training.source.kind === 'table') {
    for (const row of training.source.rows) {
      let r = 0;
      for (const b of row.inputs) r = 2 * r + b;
      row.outputs.forEach((v, q) => {
        if (v === null) return;
        on[q]![r] = v;
        care[q]![r] = 1;
      });
    }
  }
  return { name, inputs: training.inputs, outputs: training.outputs, on, care };
}

/** The `train { }` rows as examples for gradient descent, `*` as a label that does not count. */
function tableData(training: CircuitTraining): LabelledData {
  const rows = training.source.kind === 'table' ? training.source.rows : [];
  const n = training.inputs.length;
  const m = training.outputs.length;
  const x = new Float64Array(rows.length * n);
  const y = new Uint8Array(rows.length * m);
  const care = new Uint8Array(rows.length * m);
  rows.forEach((row, i) => {
    x.set(row.inputs, i * n);
    row.outputs.forEach((v, q) => {
      if (v === null) return;
      y[i * m + q] = v;
      care[i * m + q] = 1;
    });
  });
  return { inputs: training.inputs, outputs: training.outputs, count: rows.length, x, y, care };
}

/**
 * Hidden neurons named h1, h2, ... in evaluation order (layer by layer), skipping the names of
 * the circuit's ports; output neurons keep the name of the output bit they drive.
 */
function renameHidden(network: ThresholdNetwork, instance: CircuitInstance): ThresholdNetwork {
  const taken = new Set([...instance.inputs, ...instance.outputs].map((p) => p.name));
  const drives = new Map<number, string>();
  network.outputSources.forEach((s, q) => {
    if (s.kind === 'neuron' && !drives.has(s.index)) drives.set(s.index, network.outputs[q]!);
  });
  let next = 1;
  const neurons = network.neurons.map((neuron, k) => {
    let name = drives.get(k);
    if (name === undefined) {
      while (taken.has(`h${next}`)) next++;
      name = `h${next++}`;
    }
    return { ...neuron, name };
  });
  return { ...network, neurons };
}

function wire(network: ThresholdNetwork, s: Signal): string {
  return s.kind === 'constant' ? String(s.value) : s.kind === 'input' ? network.inputs[s.index]! : network.neurons[s.index]!.name;
}

/**
 * The rows on which written weights must decide as the learned ones: every bit row up to 16
 * inputs (while rows × weights stays within a budget; else a table's listed rows), and the
 * examples of a data set.
 */
function checkRows(
  n: number,
  examples: Float64Array | undefined,
  listed: Float64Array | undefined,
  network: ThresholdNetwork,
): { rows: Float64Array; checkedOn: CircuitFitReport['checkedOn'] } {
  const weights = network.neurons.reduce((s, k) => s + k.weights.length + 1, 0);
  const all = n <= ALL_ROWS_INPUTS && 2 ** n * weights <= CHECK_BUDGET;
  if (!all && listed) return { rows: listed, checkedOn: 'examples' };
  const count = all ? 2 ** n : 0;
  const extra = examples ? examples.length / Math.max(1, n) : 0;
  const rows = new Float64Array((count + extra) * n);
  for (let r = 0; r < count; r++) for (let j = 0; j < n; j++) rows[r * n + j] = (r >>> (n - 1 - j)) & 1;
  if (examples) rows.set(examples, count * n);
  return { rows, checkedOn: !examples ? 'every-row' : all ? 'every-row-and-examples' : 'examples' };
}

type Written = FittedNeuron['written'];

/**
 * Each neuron in the fewest significant digits (1 to 17) that decide exactly as the learned
 * neuron on the patterns it sees on every checked row; failing that, its exact decimals. Earlier
 * neurons then give the same values everywhere checked, so the written network computes what
 * the learned one does. Whole weights (the exact fit) are written as they are.
 */
function writeNetwork(network: ThresholdNetwork, rows: Float64Array, whole: boolean): Written[] {
  if (whole) return network.neurons.map((k) => ({ weights: k.weights.map(String), bias: String(k.bias), exact: true }));
  const n = network.inputs.length;
  const count = n === 0 ? 1 : rows.length / n;
  // Every neuron's learned value on every checked row: a byte per row and neuron.
  const values = network.neurons.map(() => new Uint8Array(count));
  const sourcesOn = (k: ThresholdNetwork['neurons'][number], i: number, x: Float64Array): Float64Array => {
    k.sources.forEach((s, j) => (x[j] = s.kind === 'input' ? rows[i * n + s.index]! : s.kind === 'neuron' ? values[s.index]![i]! : s.value));
    return x;
  };
  network.neurons.forEach((k, j) => {
    const learned = decider({ weights: k.weights.map(fromNumber), bias: fromNumber(k.bias) });
    const x = new Float64Array(k.sources.length);
    for (let i = 0; i < count; i++) values[j]![i] = learned(sourcesOn(k, i, x)) ? 1 : 0;
  });
  return network.neurons.map((k, j) => {
    const all = [...k.weights, k.bias];
    const x = new Float64Array(k.sources.length);
    const found = fewestDigits(all, (q) => {
      const decide = decider({ weights: q.slice(0, -1), bias: q[q.length - 1]! });
      let same = true;
      for (let i = 0; i < count && same; i++) same = decide(sourcesOn(k, i, x)) === (values[j]![i] === 1);
      return same;
    });
    if (found) {
      const { texts } = found;
      const unchanged = texts.every((t, i) => t === exactDecimal(fromNumber(all[i]!)));
      return { weights: texts.slice(0, -1), bias: texts[texts.length - 1]!, exact: unchanged };
    }
    const text = (v: number) => exactDecimal(fromNumber(v))!;
    return { weights: k.weights.map(text), bias: text(k.bias), exact: true };
  });
}

/** A neuron's parameter name for a wire it reads: `a[3]` is `a_3`. */
const paramName = (wire: string) => wire.replace(/\[(\d+)\]$/, '_$1');

/** Each neuron as a declaration of its own, `CIRCUIT_wire`, avoiding the names taken. */
function declare(network: ThresholdNetwork, written: readonly Written[], circuit: CircuitDef, training: CircuitTraining, taken: ReadonlySet<string>): FittedNeuron[] {
  const used = new Set(taken);
  return network.neurons.map((k, j) => {
    let name = `${circuit.name}_${paramName(k.name)}`;
    while (used.has(name)) name = `_${name}`;
    used.add(name);
    const reads = k.sources.map((s) => wire(network, s));
    const params = uniqueNames(reads.map(paramName));
    const at = circuit.decl.name.span;
    const decl: A.NeuronDecl = { kind: 'neuron', name: { text: name, span: at }, params: params.map((text) => ({ text, span: at })), fields: [], span: training.span };
    const ports: PortShape[] = params.map((p) => ({ name: p, width: null }));
    const def: NeuronDef = {
      kind: 'neuron', name, params, ports, decl, file: circuit.file,
      // The learned neuron, exactly: the doubles gradient descent computed, or whole numbers.
      given: { weights: k.weights.map(fromNumber), bias: fromNumber(k.bias) },
    };
    return { wire: k.name, reads, def, weights: k.weights, bias: k.bias, written: written[j]! };
  });
}

/** The untrained instance with a statement per neuron found, and copies for outputs that are wires. */
function fittedInstance(instance: CircuitInstance, network: ThresholdNetwork, neurons: readonly FittedNeuron[]): CircuitInstance {
  const reading = (ports: readonly PortShape[], bits: readonly (readonly BitRef[])[]) =>
    ports.flatMap((p, k) => (p.width === null ? [bits[k]![0]!] : [...bits[k]!].reverse()));
  const inputs = reading(instance.inputs, instance.inputBits);
  const outputs = reading(instance.outputs, instance.outputBits);
  let next = Math.max(-1, ...inputs, ...outputs) + 1;
  const span = instance.def.training!.hiddenSpan;
  const bitOf = new Array<BitRef>(neurons.length);
  const assigned = new Set<number>();
  network.outputSources.forEach((s, q) => {
    if (s.kind === 'neuron' && bitOf[s.index] === undefined) {
      bitOf[s.index] = outputs[q]!;
      assigned.add(q);
    }
  });
  const signal = (s: Signal): BitRef => (s.kind === 'input' ? inputs[s.index]! : s.kind === 'neuron' ? bitOf[s.index]! : s.value === 1 ? CONST1 : CONST0);
  const statements: BitStatement[] = [];
  neurons.forEach((neuron, k) => {
    bitOf[k] ??= next++;
    statements.push({ targets: [bitOf[k]!], source: { kind: 'neuron', neuron: neuron.def, args: network.neurons[k]!.sources.map(signal) }, label: neuron.wire, span });
  });
  network.outputSources.forEach((s, q) => {
    if (assigned.has(q)) return;
    statements.push({ targets: [outputs[q]!], source: { kind: 'copy', bits: [signal(s)] }, label: network.outputs[q]!, span });
  });
  // An output the network copies straight from an input is wired through, for the loop check of callers.
  const inputOrder = instance.inputBits.flat();
  const copied = new Map<BitRef, BitRef>();
  for (const st of statements) if (st.source.kind === 'copy') copied.set(st.targets[0]!, st.source.bits[0]!);
  const wiredThrough = instance.outputBits.flat().map((bit) => {
    const from = copied.get(bit);
    return from === undefined ? -1 : inputOrder.indexOf(from);
  });
  const { untrained: _untrained, ...rest } = instance;
  return { ...rest, statements, bitSpace: next, wiredThrough };
}


/** The keys that have a value: an explicit undefined must not hide a default. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
