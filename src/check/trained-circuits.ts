// Trained circuits: declared by their shape and what they learn from, not by statements.
//
//   circuit XOR(x1, x2) -> y { hidden: 2  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 } }
//
// The fields are checked here; the fit stage finds the weights.

import { error, warning, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { thousands } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import { portShapes } from './ints.js';
import { bitCount, type Bit, type CircuitDef, type CircuitTraining, type LayerOptionsSpec, type PortShape } from './model.js';
import { checkUniqueNames } from './names.js';
import { checkedSetting } from './neurons.js';
import { checkTable, hasDataRows, readingBits } from './tables.js';

const FIELDS = ['hidden', 'train', 'layered', 'rate', 'epochs', 'seed', 'momentum', 'activation'];
const KNOBS = ['rate', 'epochs', 'seed', 'momentum', 'activation'];

/**
 * A truth table is fitted exactly when it has up to 8 input bits and its network up to 32
 * neurons, none reading more than 16 sources: the integer program grows with all three. Other
 * tables are fitted by gradient descent.
 */
export const EXACT_FIT_MAX_INPUTS = 8;
export const EXACT_FIT_MAX_NEURONS = 32;
export const EXACT_FIT_MAX_FAN_IN = 16;
/** Most weights a trained circuit's network may have (gradient descent keeps four copies). */
export const MAX_TRAINED_WEIGHTS = 1_000_000;

/** Whether nn fits the circuit exactly (a table within the limits above), else by gradient descent. */
export function fittedExactly(training: Pick<CircuitTraining, 'source' | 'inputs' | 'outputs' | 'hidden' | 'layered'>): boolean {
  if (training.source.kind !== 'table' || training.inputs.length > EXACT_FIT_MAX_INPUTS) return false;
  const n = training.inputs.length;
  const h = training.hidden;
  const neurons = h.reduce((s, w) => s + w, 0) + training.outputs.length;
  const fanIn = training.layered ? Math.max(n, ...h) : n + (h[0] ?? 0);
  return neurons <= EXACT_FIT_MAX_NEURONS && fanIn <= EXACT_FIT_MAX_FAN_IN;
}

/** Weights and biases of the network of a shape. */
function weightCount(inputs: number, hidden: readonly number[], outputs: number, layered: boolean): number {
  if (!layered) {
    const k = hidden[0] ?? 0;
    return k * inputs + (k * (k - 1)) / 2 + k + outputs * (inputs + k + 1);
  }
  const sizes = [inputs, ...hidden, outputs];
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l]! * (sizes[l - 1]! + 1);
  return count;
}
/** The most input bits a `train { }` table may have (its rows are kept as 2^n bits per output). */
export const MAX_TRAINED_TABLE_INPUTS = 16;
/** Hidden layers: at most this many, each of at most this many neurons. */
export const MAX_HIDDEN_LAYERS = 16;
export const MAX_HIDDEN_WIDTH = 1000;

export function checkTrainedCircuit(decl: A.CircuitDecl, file: string, out: Diagnostic[]): CircuitDef {
  const name = decl.name.text;
  const def: { -readonly [K in keyof CircuitDef]: CircuitDef[K] } = { kind: 'circuit', name, typeParams: decl.typeParams.map((p) => p.text), decl, file };
  checkUniqueNames(decl.params, 'input', out);
  checkUniqueNames(decl.outputs, 'output', out);
  const params = new Set(decl.params.map((p) => p.text));
  for (const o of decl.outputs) {
    if (params.has(o.text)) {
      out.push(error('output-is-input', `${o.text} is both an input and an output of ${name}`, o.span, { hint: 'give the output a name of its own' }));
    }
  }
  if (decl.typeParams.length > 0) {
    out.push(error('type-args', `trained circuit ${name} cannot have width parameters: one network is trained for one shape of ports`, decl.typeParams[0]!.span, {
      hint: `write its widths as numbers, such as a[4], and remove <${decl.typeParams.map((p) => p.text).join(', ')}>`,
    }));
    return def;
  }
  const fields = new Map<string, A.Field>();
  for (const field of decl.fields ?? []) {
    const key = field.key.text;
    const first = fields.get(key);
    if (first) {
      out.push(error('duplicate-field', `${key} is given twice in circuit ${name}`, field.key.span, { notes: [{ message: 'first given here', span: first.key.span }] }));
    } else if (!FIELDS.includes(key)) {
      const port = [...decl.params, ...decl.outputs].some((p) => p.text === key);
      const hint = key === 'label'
        ? "a trained circuit's data set has a column for each output, named like it: no label is needed"
        : port
          ? `${key} is a port: a circuit is either wired by statements (${key} = ...) or trained (hidden: and train), not both`
          : (didYouMean(key, FIELDS) ?? `the fields of a trained circuit are ${FIELDS.join(', ')}`);
      out.push(error('unknown-field', `a trained circuit has no field called ${key}`, field.key.span, { hint }));
    } else fields.set(key, field);
  }
  const hiddenField = fields.get('hidden');
  const train = fields.get('train');
  if (!hiddenField || !train) {
    // A misspelt field (`hiden`) is already reported; saying the shape is missing adds nothing.
    if ((decl.fields ?? []).some((f) => !FIELDS.includes(f.key.text))) return def;
    const missing = hiddenField ? 'what to learn from' : 'its shape';
    out.push(error('incomplete-circuit', `trained circuit ${name} does not say ${missing}`, decl.name.span, {
      hint: hiddenField
        ? 'add its truth table, train { 0 1 -> 1 ... }, or a data set, train: "data.csv"'
        : 'add the widths of its hidden layers, such as hidden: 2 (or hidden: 3, 2 for two layers)',
    }));
    return def;
  }

  const inputs = portShapes(decl.params, new Map(), out);
  const outputs = portShapes(decl.outputs, new Map(), out);
  const layered = booleanSetting(fields.get('layered'), out) ?? true;
  const hidden = hiddenWidths(hiddenField, layered, out);
  const options = knobs(fields, out);
  const source = trainingSource(train, name, inputs, outputs, out);
  if (!hidden || !source) return def;
  if (source.kind === 'dataset' && !layered) {
    out.push(error('bad-setting', 'a general network (layered: false) is fitted on truth tables only; gradient descent trains layered networks', fields.get('layered')!.span, {
      hint: 'remove layered: false to train a layered network on the data set',
    }));
    return def;
  }
  const training: CircuitTraining = {
    hidden,
    layered,
    source,
    options,
    inputs: readingNames(inputs),
    outputs: readingNames(outputs),
    hiddenSpan: hiddenField.span,
    span: train.span,
  };
  const weights = weightCount(training.inputs.length, hidden, training.outputs.length, layered);
  if (weights > MAX_TRAINED_WEIGHTS) {
    out.push(error('too-large', `circuit ${name}'s network would have ${thousands(weights)} weights, more than the ${thousands(MAX_TRAINED_WEIGHTS)} nn trains`, hiddenField.span, {
      hint: 'narrow the hidden layers',
    }));
    return def;
  }
  const exact = fittedExactly(training);
  if (!layered && !exact) {
    out.push(error('bad-setting', `a general network (layered: false) is fitted exactly only: a table of up to ${EXACT_FIT_MAX_INPUTS} inputs, ${EXACT_FIT_MAX_NEURONS} neurons in all, each reading at most ${EXACT_FIT_MAX_FAN_IN} sources`, fields.get('layered')!.span, {
      hint: 'give it fewer hidden neurons, or remove layered: false to train a layered network by gradient descent',
    }));
    return def;
  }
  if (exact) {
    // A table fitted exactly: the knobs of gradient descent would do nothing.
    for (const knob of KNOBS) {
      const f = fields.get(knob);
      if (f) out.push(warning('unused-knob', `${knob} has no effect here: this truth table is fitted exactly, without gradient descent`, f.key.span, {
        hint: `remove it; the knobs apply to data sets, and to tables of more than ${EXACT_FIT_MAX_INPUTS} inputs or ${EXACT_FIT_MAX_NEURONS} neurons`,
      }));
    }
  }
  def.training = training;
  return def;
}

/** Port bits in reading order: each bus from its most significant bit down, as tables show them. */
function readingNames(ports: readonly PortShape[]): string[] {
  return ports.flatMap((p) => (p.width === null ? [p.name] : Array.from({ length: p.width }, (_, i) => `${p.name}[${p.width! - 1 - i}]`)));
}

function hiddenWidths(field: A.Field, layered: boolean, out: Diagnostic[]): number[] | undefined {
  const values = field.kind === 'hidden' ? field.values : [];
  const at = field.kind === 'setting' ? field.value.span : field.span;
  if (values.length === 0) {
    out.push(error('bad-setting', 'hidden is a list of layer widths, such as hidden: 2 or hidden: 3, 2', at));
    return undefined;
  }
  const widths: number[] = [];
  for (const v of values) {
    const n = Number(v.text);
    if (!/^\d+$/.test(v.text) || n > MAX_HIDDEN_WIDTH || (n === 0 && values.length > 1)) {
      out.push(error('bad-setting', `a hidden layer has 1 to ${thousands(MAX_HIDDEN_WIDTH)} neurons, not ${v.text}`, v.span, {
        hint: 'hidden: 0, alone, means no hidden layer: one neuron per output, reading the inputs',
      }));
      return undefined;
    }
    if (n > 0) widths.push(n);
  }
  if (widths.length > MAX_HIDDEN_LAYERS) {
    out.push(error('bad-setting', `${widths.length} hidden layers are more than the ${MAX_HIDDEN_LAYERS} nn trains`, field.span));
    return undefined;
  }
  if (!layered && widths.length > 1) {
    out.push(error('bad-setting', 'a general network (layered: false) has no layers: hidden is the number of its hidden neurons', field.span, {
      hint: `write hidden: ${widths.reduce((s, w) => s + w, 0)}, or remove layered: false`,
    }));
    return undefined;
  }
  return widths;
}

function trainingSource(
  train: A.Field,
  name: string,
  inputs: readonly PortShape[],
  outputs: readonly PortShape[],
  out: Diagnostic[],
): CircuitTraining['source'] | undefined {
  if (train.kind === 'setting' && train.value.kind === 'string') {
    return { kind: 'dataset', path: train.value.value, pathSpan: train.value.span };
  }
  if (train.kind !== 'train-table') {
    out.push(error('bad-setting', 'train is either a table, train { 0 1 -> 1 ... }, or a CSV file, train: "data.csv"', train.span));
    return undefined;
  }
  const bits = bitCount(inputs);
  if (bits > MAX_TRAINED_TABLE_INPUTS) {
    out.push(error('too-large', `circuit ${name} has ${bits} input bits; a train { } table may have at most ${MAX_TRAINED_TABLE_INPUTS}`, train.key.span, {
      hint: 'train it from a data set instead: train: "data.csv"',
    }));
    return undefined;
  }
  const problems = out.length;
  const checked = checkTable(train.table, { owner: `circuit ${name}`, inputs, outputs, allowStar: true }, out);
  if (!hasDataRows(train.table)) {
    out.push(error('empty-table', `circuit ${name} has nothing to learn from: its train table has no rows`, train.table.span, {
      hint: 'add the truth table, one row per line: 0 1 -> 1',
    }));
    return undefined;
  }
  if (out.length > problems && out.slice(problems).some((d) => d.severity === 'error')) return undefined;
  const rows = checked.map((r) => ({ inputs: readingBits(r.inputs, inputs) as Bit[], outputs: readingBits(r.outputs, outputs), span: r.span }));
  if (!consistent(rows, name, out)) return undefined;
  return { kind: 'table', rows };
}

/** Rows with the same inputs must agree on every output both give (a `*` agrees with anything). */
function consistent(rows: readonly { inputs: readonly Bit[]; outputs: readonly (Bit | null)[]; span: Span }[], name: string, out: Diagnostic[]): boolean {
  const seen = new Map<string, { outputs: readonly (Bit | null)[]; span: Span }>();
  let ok = true;
  for (const row of rows) {
    const key = row.inputs.join(' ');
    const first = seen.get(key);
    if (!first) {
      seen.set(key, row);
      continue;
    }
    const differs = row.outputs.some((v, q) => v !== null && first.outputs[q] !== null && first.outputs[q] !== v);
    if (!differs) continue;
    ok = false;
    const show = (outputs: readonly (Bit | null)[]) => outputs.map((v) => v ?? '*').join(' ');
    out.push(error('contradiction', `the training table of ${name} contradicts itself: inputs ${key} give ${show(first.outputs)} on one row and ${show(row.outputs)} on this one`, row.span, {
      hint: 'a circuit computes a function: each input row has one output; remove one of the rows',
      notes: [{ message: `inputs ${key} give ${show(first.outputs)} here`, span: first.span }],
    }));
  }
  return ok;
}

function knobs(fields: ReadonlyMap<string, A.Field>, out: Diagnostic[]): LayerOptionsSpec {
  const options: LayerOptionsSpec = {};
  const num = (key: string, test: (n: number) => boolean, what: string) => checkedSetting(fields, key, test, what, out);
  const rate = num('rate', (n) => n > 0, 'a positive number, such as 0.5');
  const epochs = num('epochs', (n) => Number.isInteger(n) && n >= 1 && n <= 1e9, 'a whole number from 1 to 1,000,000,000');
  const seed = num('seed', (n) => Number.isInteger(n) && Math.abs(n) < 2 ** 53, 'a whole number');
  const momentum = num('momentum', (n) => n >= 0 && n < 1, 'a number from 0 up to (not including) 1, such as 0.9');
  if (rate !== undefined) options.rate = rate;
  if (epochs !== undefined) options.epochs = epochs;
  if (seed !== undefined) options.seed = seed;
  if (momentum !== undefined) options.momentum = momentum;
  const activation = fields.get('activation');
  if (activation) {
    const v = activation.kind === 'setting' ? activation.value : undefined;
    const text = v?.kind === 'name' ? v.text : v?.kind === 'string' ? v.value : '';
    if (text === 'sigmoid' || text === 'tanh') options.activation = text;
    else out.push(error('bad-setting', 'activation must be sigmoid or tanh', v?.span ?? activation.span, {
      hint: 'the smooth unit the hidden layers are trained with; either way nn uses steps',
    }));
  }
  return options;
}

function booleanSetting(field: A.Field | undefined, out: Diagnostic[]): boolean | undefined {
  if (!field) return undefined;
  const v = field.kind === 'setting' ? field.value : undefined;
  const text = v?.kind === 'name' ? v.text : v?.kind === 'number' ? v.text : '';
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  out.push(error('bad-setting', `${field.key.text} must be true or false`, v?.span ?? field.span));
  return undefined;
}
