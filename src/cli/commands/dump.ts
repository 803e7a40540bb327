import { formatExact } from '../../arith/format.js';
import type { Rational } from '../../arith/rational.js';
import type { Model, NeuronDef, PartDef } from '../../check/model.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { buildNetlistPart, loadFile, pickPart } from './shared.js';

const STAGES = ['ast', 'model', 'netlist'] as const;
type Stage = (typeof STAGES)[number];

export const dumpCommand: Command = {
  name: 'dump',
  summary: 'print what a stage of nn made of a file, as JSON',
  usage: 'nn dump FILE [NAME] --stage ast|model|netlist',
  help: `Prints, as JSON, what one stage of nn made of FILE: for seeing how nn reads a circuit, and
for tools. Numbers that must stay exact (weights, biases) are decimal strings.
  ast      the syntax tree of FILE, with the offsets of every piece (NAME is ignored)
  model    the checked declarations: neurons with their weights, circuits with their ports,
           every circuit instance unrolled to single bits, and the tests
  netlist  NAME (default: the file's last circuit) expanded to neurons: names, parts,
           weights, inputs, layers, and the ports

Options:
  --stage STAGE      ast, model or netlist (required)`,
  options: { stage: { type: 'string' } },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const stage = values.stage as Stage | undefined;
    if (stage === undefined || !STAGES.includes(stage)) throw new UsageError(`--stage must be one of ${STAGES.join(', ')}${stage === undefined ? '' : `, not '${stage}'`}`);
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    let value: unknown;
    if (stage === 'ast') value = loaded.program.entry.ast;
    else if (stage === 'model') value = modelJson(loaded.model);
    else {
      const part = pickPart(ctx, loaded, file, name, 'dump');
      const built = await buildNetlistPart(ctx, loaded, part);
      if (!built) return EXIT.failed;
      value = built.netlist;
    }
    ctx.out(`${JSON.stringify(value, replacer, 2)}\n`);
    return EXIT.ok;
  },
};

/** Exact numbers as decimal strings; bigints (which JSON cannot hold) as digits. */
function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (isRational(v)) return formatExact(v);
  return v;
}

function isRational(v: unknown): v is Rational {
  return typeof v === 'object' && v !== null && typeof (v as Rational).num === 'bigint' && typeof (v as Rational).den === 'bigint' && Object.keys(v).length === 2;
}

function neuronJson(n: NeuronDef) {
  return {
    kind: 'neuron', name: n.name, file: n.file, ports: n.ports, params: n.params,
    ...(n.given && { weights: n.given.weights, bias: n.given.bias, ...(n.given.threshold && { threshold: n.given.threshold }) }),
    ...(n.training && { training: n.training.kind === 'table' ? { kind: 'table', rows: n.training.rows.length, options: n.training.options } : { kind: 'dataset', path: n.training.path, label: n.training.label, options: n.training.options } }),
  };
}

function partJson(p: PartDef) {
  if (p.kind === 'neuron') return neuronJson(p);
  return { kind: 'circuit', name: p.name, file: p.file, typeParams: p.typeParams };
}

function modelJson(model: Model) {
  return {
    parts: [...model.parts.values()].map(partJson),
    instances: [...model.instances.values()].map((i) => ({
      key: i.key, inputs: i.inputs, outputs: i.outputs, inputBits: i.inputBits, outputBits: i.outputBits,
      statements: i.statements.map((s) => ({
        label: s.label,
        targets: s.targets,
        source: s.source.kind === 'neuron' ? { kind: 'neuron', neuron: s.source.neuron.name, args: s.source.args } : s.source,
      })),
    })),
    tests: model.tests.map((t) => ({ name: t.name, file: t.file, rows: t.rows.map((r) => ({ inputs: r.inputs, expected: r.expected })) })),
    own: model.own.map((p) => p.name),
  };
}
