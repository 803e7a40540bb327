// Proving that an output is 1 on every input: by evaluating every row on the bit-parallel
// engine while that is quick (up to 2^32 rows by default), by SAT beyond. Equivalence of two
// circuits is the same question about their miter. A counterexample, from either method, is
// checked by evaluating the circuit exactly before it is reported.

import type { Bit } from '../check/model.js';
import { hiddenNeurons, type Netlist } from '../elaborate/netlist.js';
import { compile, inputSignal, type CompiledCircuit } from '../evaluate/compile.js';
import { rowCount } from '../evaluate/engine.js';
import { evaluate } from '../evaluate/evaluate.js';
import { singleThread, type RowProgress, type Sweeper } from '../evaluate/sweeper.js';
import { integer } from '../arith/rational.js';
import { encodeCircuit } from './cnf.js';
import { EQUAL, miter } from './miter.js';
import { inThreadSat, type SatBackend } from './sat.js';

export type Method = 'exhaustive' | 'sat';

/** Past this many rows `auto` proves by SAT instead of evaluating every row. */
export const DEFAULT_MAX_EXHAUSTIVE_ROWS = 2 ** 32;

export interface Counterexample {
  /** The inputs, in the circuit's order. */
  readonly inputs: readonly { readonly name: string; readonly value: Bit }[];
  /** Its row in the truth table (binary counting order, first input most significant). */
  readonly row: number;
  readonly outputs: readonly { readonly name: string; readonly value: Bit }[];
  /** Every hidden neuron's value on that row. */
  readonly hidden: readonly { readonly name: string; readonly value: Bit }[];
}

export type Verdict =
  | { readonly status: 'proved'; readonly method: Method; readonly ms: number }
  | { readonly status: 'failed'; readonly method: Method; readonly ms: number; readonly counterexample: Counterexample }
  | { readonly status: 'undecided'; readonly method: Method; readonly ms: number; readonly reason: string };

export interface ProveOptions {
  /** `auto` (default): exhaustive up to `maxExhaustiveRows` rows, SAT beyond. */
  readonly method?: Method | 'auto';
  readonly maxExhaustiveRows?: number;
  /** Milliseconds; past it the verdict is `undecided`. */
  readonly timeout?: number;
  /** Where exhaustive work runs (default: this thread). */
  readonly sweeper?: Sweeper;
  /** Where SAT problems are solved (default: this thread, which polls the time limit). */
  readonly sat?: SatBackend;
  readonly progress?: RowProgress;
}

/** Proves that output `output` (an index into the circuit's outputs) is 1 on every input. */
export async function proveAlways(c: CompiledCircuit, output: number, options: ProveOptions = {}): Promise<Verdict> {
  const start = Date.now();
  const ms = () => Date.now() - start;
  const signal = c.outputSignals[output];
  if (signal === undefined) throw new RangeError(`${c.netlist.name} has no output ${output}`);
  const rows = rowCount(c);
  const method: Method = options.method === 'exhaustive' || options.method === 'sat' ? options.method
    : rows <= (options.maxExhaustiveRows ?? DEFAULT_MAX_EXHAUSTIVE_ROWS) ? 'exhaustive' : 'sat';
  const deadline = options.timeout === undefined ? undefined : start + options.timeout;
  if (method === 'exhaustive') {
    if (c.inputCount > 53) return { status: 'undecided', method, ms: ms(), reason: `${c.inputCount} inputs are too many rows to evaluate one by one` };
    const sweeper = options.sweeper ?? singleThread;
    const search = await sweeper.firstZero(c, signal, { from: 0, to: rows }, {
      ...(options.progress && { progress: options.progress }),
      ...(deadline !== undefined && { deadline }),
    });
    if (search.row !== undefined) return { status: 'failed', method, ms: ms(), counterexample: counterexample(c, output, bitsOfRow(search.row, c.inputCount)) };
    if (search.stopped) return { status: 'undecided', method, ms: ms(), reason: timeUp(options.timeout!) };
    return { status: 'proved', method, ms: ms() };
  }
  const encoded = encodeCircuit(c, [signal]);
  if (!encoded.ok) return { status: 'undecided', method, ms: ms(), reason: encoded.reason };
  const { cnf } = encoded;
  const target = cnf.literalOf[signal]!;
  const left = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
  const outcome = await (options.sat ?? inThreadSat).solve(cnf, [-target], left);
  if (outcome.status === 'unsat') return { status: 'proved', method, ms: ms() };
  if (outcome.status === 'unknown') {
    const late = deadline !== undefined && Date.now() >= deadline - 1;
    return { status: 'undecided', method, ms: ms(), reason: late ? timeUp(options.timeout!) : outcome.reason };
  }
  const inputs = Array.from({ length: c.inputCount }, (_, i) => {
    const lit = cnf.literalOf[inputSignal(i)]!;
    return (outcome.model[Math.abs(lit)]! === (lit > 0 ? 1 : 0) ? 1 : 0) as Bit;
  });
  return { status: 'failed', method, ms: ms(), counterexample: counterexample(c, output, inputs) };
}

export type Equivalence = Verdict | { readonly status: 'incomparable'; readonly reason: string };

/** Proves that `a` and `b` give the same outputs on every input (same inputs, same outputs). */
export async function proveEquivalent(a: Netlist, b: Netlist, options: ProveOptions = {}): Promise<Equivalence> {
  const m = miter(a, b);
  if (!m.ok) return { status: 'incomparable', reason: m.reason };
  const c = compile(m.netlist);
  const index = m.netlist.outputs.findIndex((o) => o.name === EQUAL);
  return proveAlways(c, index, options);
}

/** The time limit, in the unit it was probably given in. */
function timeUp(limit: number): string {
  return `the time limit of ${limit < 1000 ? `${limit} ms` : `${+(limit / 1000).toFixed(3)} s`} ran out`;
}

function bitsOfRow(row: number, n: number): Bit[] {
  return Array.from({ length: n }, (_, i) => (Math.floor(row / 2 ** (n - 1 - i)) % 2) as Bit);
}

/**
 * The circuit evaluated exactly on the inputs; throws if the output is not 0 there, since a
 * counterexample that does not fail would be a bug in nn.
 */
function counterexample(c: CompiledCircuit, output: number, inputs: readonly Bit[]): Counterexample {
  const e = evaluate(c, inputs.map((b) => integer(b)));
  const value = (q: { num: bigint }): Bit => (q.num === 0n ? 0 : 1);
  const outputs = e.outputs.map((o) => ({ name: o.name, value: value(o.value) }));
  if (outputs[output]!.value !== 0) throw new Error(`internal error: the counterexample ${inputs.join('')} does not make ${outputs[output]!.name} 0`);
  const hidden = hiddenNeurons(c.netlist).map((k) => ({ name: c.netlist.neurons[k]!.name, value: e.neurons[k]!.output as Bit }));
  let row = 0;
  for (const bit of inputs) row = row * 2 + bit;
  return { inputs: c.netlist.inputs.map((name, i) => ({ name, value: inputs[i]! })), row, outputs, hidden };
}
