// Neuron declarations: weights and bias, a threshold, or a training table or data set.

import { integer, neg, parseDecimal, ZERO, type Rational } from '../arith/rational.js';
import { error, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { shorten } from '../diagnostics/text.js';
import { plural } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import { namesIn, portShapes } from './ints.js';
import { bitNames, type Bit, type NeuronDef, type PortShape, type Training, type TrainingOptionsSpec } from './model.js';
import { checkTable, hasDataRows, parameterBits } from './tables.js';
import { checkUniqueNames } from './names.js';

const FIELDS = ['weights', 'bias', 'threshold', 'train', 'label', 'rate', 'epochs', 'seed', 'init', 'sigma', 'shuffle'];
const TRAINING_KNOBS = ['rate', 'epochs', 'seed', 'init', 'sigma', 'shuffle'];

export function checkNeuron(decl: A.NeuronDecl, file: string, out: Diagnostic[]): NeuronDef {
  for (const p of decl.params) {
    for (const n of p.width ? namesIn(p.width) : []) {
      out.push(error('unknown-name', `a neuron's bus widths are numbers; ${n.kind === 'int-name' ? n.text : ''} is not known here`, n.span, {
        hint: 'width parameters belong to circuits: write the width as a number, such as a[4]',
      }));
    }
  }
  const ports = portShapes(decl.params, new Map(), out);
  const params = ports.flatMap(bitNames);
  checkUniqueNames(decl.params, 'input', out);
  const fields = new Map<string, A.Field>();
  for (const field of decl.fields) {
    const key = field.key.text;
    const first = fields.get(key);
    if (first) {
      out.push(error('duplicate-field', `${key} is given twice in neuron ${decl.name.text}`, field.key.span, {
        notes: [{ message: 'first given here', span: first.key.span }],
      }));
    } else if (!FIELDS.includes(key)) {
      out.push(error('unknown-field', `a neuron has no field called ${key}`, field.key.span, {
        hint: didYouMean(key, FIELDS) ?? `the fields are ${FIELDS.join(', ')}`,
      }));
    } else {
      fields.set(key, field);
    }
  }

  const weightsField = fields.get('weights');
  const bias = exactSetting(fields.get('bias'), out);
  const threshold = exactSetting(fields.get('threshold'), out);
  const train = fields.get('train');
  const name = decl.name.text;
  const def: { -readonly [K in keyof NeuronDef]: NeuronDef[K] } = { kind: 'neuron', name, params, ports, decl, file };

  if (train) {
    for (const other of ['weights', 'bias', 'threshold']) {
      const f = fields.get(other);
      if (f) out.push(error('conflicting-fields', `neuron ${name} is trained, so its ${other} cannot be given too`, f.key.span, {
        hint: `remove ${other}: the trainer finds it, or remove train to give the neuron by hand`,
      }));
    }
    const training = checkTraining(decl, ports, train, fields, out);
    if (training) def.training = training;
    return def;
  }
  for (const knob of [...TRAINING_KNOBS, 'label']) {
    const f = fields.get(knob);
    if (f) out.push(error('training-knob-without-train', `${knob} only applies to a neuron that is trained`, f.key.span, {
      hint: 'add a train { ... } table or train: "data.csv", or remove this line',
    }));
  }
  if (threshold !== undefined) {
    for (const other of ['weights', 'bias']) {
      const f = fields.get(other);
      if (f) out.push(error('conflicting-fields', `neuron ${name} has a threshold, so it cannot have ${other} too`, f.key.span, {
        hint: 'a McCulloch–Pitts neuron (threshold: θ) adds its inputs with weight 1; for other weights write weights and bias: -θ',
      }));
    }
    def.given = { weights: params.map(() => integer(1)), bias: neg(threshold), threshold };
    return def;
  }
  if (weightsField?.kind === 'weights') {
    const weights = weightsField.values.map((v) => exact(v, out));
    if (weights.length !== params.length) {
      out.push(error('weight-count', `neuron ${name} has ${params.length} ${plural(params.length, 'input')} (${params.join(', ')}) but ${weights.length} ${plural(weights.length, 'weight')}`, weightsField.span, {
        hint: `give one weight per input, in order: weights: ${params.map(() => 'w').join(', ')}`,
      }));
    }
    def.given = { weights, bias: bias ?? ZERO };
    return def;
  }
  if (weightsField) {
    out.push(error('bad-setting', 'weights is a list of numbers, such as weights: 1, -1', weightsField.span));
    return def;
  }
  if (params.length === 0 && bias !== undefined) {
    def.given = { weights: [], bias };
    return def;
  }
  // A misspelt field (`wieghts`) is already reported; saying the weights are missing adds nothing.
  if (decl.fields.some((f) => !FIELDS.includes(f.key.text))) return def;
  out.push(error('incomplete-neuron', `neuron ${name} has no weights, threshold or training table`, decl.name.span, {
    hint: `give it weights and a bias, e.g. { weights: ${params.map(() => '1').join(', ')}  bias: -1 }, a threshold, or train { rows }`,
  }));
  return def;
}

function checkTraining(decl: A.NeuronDecl, ports: readonly PortShape[], train: A.Field, fields: Map<string, A.Field>, out: Diagnostic[]): Training | undefined {
  const options = trainingOptions(fields, out);
  const label = fields.get('label');
  if (train.kind === 'train-table') {
    if (label) out.push(error('conflicting-fields', 'label names a column of a data set; a train { } table has none', label.key.span, {
      hint: 'remove label, or train from a CSV file: train: "data.csv"  label: "column"',
    }));
    const checked = checkTable(train.table, { owner: `neuron ${decl.name.text}`, inputs: ports, outputs: null, allowStar: false }, out);
    // Training rows are in the order of the weights: ports in order, bit 0 first.
    const rows = checked.map((r) => ({ inputs: parameterBits(r.inputs as bigint[], ports), outputs: r.outputs.map((v) => Number(v) as Bit), span: r.span }));
    if (!hasDataRows(train.table)) {
      out.push(error('empty-table', `neuron ${decl.name.text} has nothing to learn from: its train table has no rows`, train.table.span, {
        hint: 'add the truth table, one row per line: 0 1 -> 1',
      }));
    }
    checkContradictions(rows.map((r) => ({ inputs: r.inputs, output: r.outputs[0] as Bit, span: r.span })), decl.name.text, out);
    return {
      kind: 'table',
      rows: rows.map((r) => ({ inputs: r.inputs, output: r.outputs[0] as Bit, span: r.span })),
      options,
      span: train.span,
    };
  }
  if (train.kind !== 'setting' || train.value.kind !== 'string') {
    out.push(error('bad-setting', 'train is either a table, train { 0 1 -> 1 ... }, or a CSV file, train: "data.csv"', train.span));
    return undefined;
  }
  if (!label || label.kind !== 'setting' || label.value.kind !== 'string') {
    out.push(error('missing-label', 'a data set needs the name of its 0/1 label column', label?.span ?? train.span, {
      hint: 'add label: "column" next to train: "..."',
    }));
    return undefined;
  }
  return {
    kind: 'dataset',
    path: train.value.value,
    pathSpan: train.value.span,
    label: label.value.value,
    labelSpan: label.value.span,
    options,
    span: train.span,
  };
}

/** Rows with the same inputs must agree on the output, or no function is described at all. */
function checkContradictions(rows: { inputs: readonly Bit[]; output: Bit; span: Span }[], name: string, out: Diagnostic[]): void {
  const seen = new Map<string, { output: Bit; span: Span }>();
  for (const row of rows) {
    const key = row.inputs.join(' ');
    const first = seen.get(key);
    if (!first) seen.set(key, row);
    else if (first.output !== row.output) {
      out.push(error('contradiction', `the training table of ${name} contradicts itself: inputs ${key} give ${first.output} on one row and ${row.output} on this one`, row.span, {
        hint: 'a neuron computes a function: each input row has one output; remove one of the rows',
        notes: [{ message: `inputs ${key} give ${first.output} here`, span: first.span }],
      }));
    }
  }
}

function trainingOptions(fields: Map<string, A.Field>, out: Diagnostic[]): TrainingOptionsSpec {
  const options: TrainingOptionsSpec = {};
  const num = (key: string, test: (n: number) => boolean, what: string) => checkedSetting(fields, key, test, what, out);
  const rate = num('rate', (n) => n > 0, 'a positive number, such as 0.1');
  const epochs = num('epochs', (n) => Number.isInteger(n) && n >= 1 && n <= 1e9, 'a whole number from 1 to 1,000,000,000');
  const seed = num('seed', (n) => Number.isInteger(n) && Math.abs(n) < 2 ** 53, 'a whole number');
  const sigma = num('sigma', (n) => n >= 0, 'a number of at least 0');
  if (rate !== undefined) options.rate = rate;
  if (epochs !== undefined) options.epochs = epochs;
  if (seed !== undefined) options.seed = seed;
  if (sigma !== undefined) options.sigma = sigma;
  const init = fields.get('init');
  if (init) {
    const v = init.kind === 'setting' ? init.value : undefined;
    const text = v?.kind === 'name' || v?.kind === 'string' ? (v.kind === 'name' ? v.text : v.value) : '';
    if (text === 'zeros' || text === 'normal') options.init = text;
    else out.push(error('bad-setting', 'init must be zeros or normal', v?.span ?? init.span, {
      hint: 'init: zeros starts from all-zero weights; init: normal draws them from N(0, sigma²) with the seed',
    }));
  }
  const shuffle = fields.get('shuffle');
  if (shuffle) {
    const v = shuffle.kind === 'setting' ? shuffle.value : undefined;
    const text = v?.kind === 'name' ? v.text : v?.kind === 'number' ? v.text : '';
    if (text === 'true' || text === '1') options.shuffle = true;
    else if (text === 'false' || text === '0') options.shuffle = false;
    else out.push(error('bad-setting', 'shuffle must be true or false', v?.span ?? shuffle.span));
  }
  return options;
}

function numberLiteral(field: A.Field | undefined, out: Diagnostic[]): A.NumberLiteral | undefined {
  if (!field) return undefined;
  if (field.kind !== 'setting' || field.value.kind !== 'number') {
    out.push(error('bad-setting', `${field.key.text} must be a number`, field.kind === 'setting' ? field.value.span : field.span));
    return undefined;
  }
  return field.value;
}

/** Setting `key`, when present, a number that passes `test`; else a diagnostic saying it must be `what`. */
export function checkedSetting(
  fields: ReadonlyMap<string, A.Field>, key: string, test: (n: number) => boolean, what: string, out: Diagnostic[],
): number | undefined {
  const f = fields.get(key);
  if (!f) return undefined;
  const n = numberSetting(f, out);
  if (n === undefined) return undefined;
  if (!test(n)) {
    out.push(error('bad-setting', `${key} must be ${what}`, f.kind === 'setting' ? f.value.span : f.span));
    return undefined;
  }
  return n;
}

/** A trainer's knob: a double is all the perceptron rule computes with. */
export function numberSetting(field: A.Field | undefined, out: Diagnostic[]): number | undefined {
  const n = numberLiteral(field, out);
  if (n === undefined) return undefined;
  exact(n, out);
  return Number.isFinite(n.value) ? n.value : undefined;
}

/** A weight, bias or threshold: the exact value of its decimal text. */
function exactSetting(field: A.Field | undefined, out: Diagnostic[]): Rational | undefined {
  const n = numberLiteral(field, out);
  return n === undefined ? undefined : exact(n, out);
}

/** The exact value of a number literal; out-of-range numbers are reported and read as 0. */
function exact(n: A.NumberLiteral, out: Diagnostic[]): Rational {
  const parsed = parseDecimal(n.text);
  if (parsed.ok) return parsed.value;
  const shown = shorten(n.text);
  const { message, hint } = NUMBER_PROBLEMS[parsed.reason];
  out.push(error(parsed.reason === 'too-large' ? 'not-finite' : 'number-range', `${shown} ${message}`, n.span, { hint }));
  return ZERO;
}

const NUMBER_PROBLEMS = {
  syntax: { message: 'is not a number', hint: 'write a decimal such as 1, -0.5 or 2e-3' },
  'too-many-digits': { message: 'has more than 500 digits', hint: 'no neuron needs that precision; round it' },
  'too-large': { message: 'is too large: numbers must be finite (at most about 1.8e308)', hint: 'scale all of the neuron\'s weights and its bias down by the same factor: the neuron stays the same' },
  'too-small': { message: 'is too small: nonzero numbers must be at least 1e-1000 in size', hint: 'scale all of the neuron\'s weights and its bias up by the same factor, or write 0' },
} as const;
