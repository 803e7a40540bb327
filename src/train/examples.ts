// A trained neuron's examples: the rows of its `train { }` table, or its data set read from CSV.

import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { CircuitDef, CircuitTraining, DatasetTraining, NeuronDef } from '../check/model.js';
import { error, fail, ok, type Result, type Span } from '../diagnostics/diagnostic.js';
import type { SourceHost } from '../load/load.js';
import { parseDataset, parseLabelled, type LabelledColumns } from './dataset.js';
import type { Examples } from './perceptron.js';
import { fileErrorReason } from '../load/file-errors.js';

export interface DatasetInfo {
  /** The path as read: absolute as written, else joined onto the `.nn` file's folder. */
  readonly path: string;
  readonly columns: readonly string[];
  readonly label: string;
}

/** Where a data set named in `file` lives: absolute paths as they are, others from the file's folder. */
export function datasetPath(file: string, path: string): string {
  return isAbsolute(path) ? normalize(path) : normalize(join(dirname(file), path));
}

/** Reads and checks a neuron's data set; every problem becomes a diagnostic. */
export function readExamples(
  neuron: NeuronDef,
  training: DatasetTraining,
  host: SourceHost,
  sources?: Map<string, string>,
): Result<{ examples: Examples; dataset: DatasetInfo }> {
  const path = datasetPath(neuron.file, training.path);
  const text = readDataset(path, training.pathSpan, host, sources);
  if (!text.ok) return text;
  const parsed = parseDataset(text.value, path, [...neuron.params], training.label);
  if (!parsed.ok) return parsed;
  return ok({ examples: parsed.value.examples, dataset: { path, columns: neuron.params, label: training.label } }, parsed.diagnostics);
}

/** A trained circuit's data set: a column per input bit and per output bit, named like them. */
export function readCircuitData(
  circuit: CircuitDef,
  training: CircuitTraining & { source: { kind: 'dataset' } },
  host: SourceHost,
  sources?: Map<string, string>,
): Result<{ data: LabelledColumns; path: string }> {
  const path = datasetPath(circuit.file, training.source.path);
  const text = readDataset(path, training.source.pathSpan, host, sources);
  if (!text.ok) return text;
  const parsed = parseLabelled(text.value, path, training.inputs, training.outputs, {
    column: `the inputs are read from columns named like ${circuit.name}'s inputs (a bus bit by bit: a[0], a[1], ...)`,
    label: `the outputs are read from 0/1 columns named like ${circuit.name}'s outputs`,
  });
  if (!parsed.ok) return parsed;
  return ok({ data: parsed.value, path }, parsed.diagnostics);
}

function readDataset(path: string, at: Span, host: SourceHost, sources?: Map<string, string>): Result<string> {
  let text: string;
  try {
    text = host.readFile(path);
  } catch (e) {
    return fail([error('dataset-unreadable', `cannot read the data set ${path}: ${fileErrorReason(e, 'read')}`, at, {
      hint: 'a relative path is relative to the .nn file that names it',
    })]);
  }
  sources?.set(path, text);
  return ok(text);
}
