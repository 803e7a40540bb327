import { safe } from '../../diagnostics/render.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { plural } from '../../diagnostics/words.js';
import { defaultPart, load } from '../../pipeline.js';
import type { Synthesis, SynthMethod } from '../../synth/synthesize.js';
import type { TruthTable } from '../../train/truth-table.js';
import { EXIT, NothingToRun, UsageError, type Context } from '../context.js';
import type { Command } from '../command.js';
import { emit } from './output.js';
import { numberOption } from './shared.js';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'build a network of threshold neurons from a truth table',
  usage: 'nn synth FILE [NAME] [-o OUT.nn] [--exact|--constructive] [--layered] [--max-depth N] [--max-fan-in N] [--tests] [--outputs Y1,Y2] [--time-limit S]',
  help: `Builds a network of threshold neurons that computes a truth table, and writes it as .nn
source: one neuron declaration per neuron, then the circuit, then the table as a test block.
The source is checked (parsed, built, its truth table compared row by row) before it is
written. A summary goes to stderr: the number of neurons, the depth, the method, and whether
no smaller network exists (proven), with the reasons.

FILE is one of:
  a .nn file     NAME (default: the file's last circuit, else its last neuron) is re-built
                 from what it computes; a neuron with a train { } table, from that table;
                 with --tests, from NAME's test blocks (rows not listed and * are don't care)
  a .csv file    a header row, then rows of 0/1 cells; the last column is the output unless
                 --outputs names them; an input cell - stands for 0 and 1, an output * or - for
                 don't care. NAME names the circuit (default: from the file name)
  a .pla file    Berkeley PLA, as espresso reads it (.i .o .ilb .ob .type .p .e). NAME names
                 the circuit

Options:
  -o, --output OUT.nn  write to OUT.nn (a temporary file renamed into place; never over an
                       input); without it, to stdout
  --exact              the fewest neurons, with a proof that fewer cannot work (integer
                       programming); for small tables
  --constructive       a quick construction, always correct, with a size bound
                       (default: exact up to 4 inputs, constructive beyond)
  --layered            a strict multilayer perceptron: each layer reads only the layer before
  --max-depth N        at most N neurons on any path from an input to an output
  --max-fan-in N       at most N sources per neuron
  --tests              .nn: synthesise from NAME's test blocks
  --outputs Y1,Y2      .csv: the output columns
  --time-limit S       seconds for the exact search (default 60 with --exact, 20 without);
                       when it runs out, the constructive network is written`,
  options: {
    output: { type: 'string', short: 'o' },
    exact: { type: 'boolean' },
    constructive: { type: 'boolean' },
    layered: { type: 'boolean' },
    'max-depth': { type: 'string' },
    'max-fan-in': { type: 'string' },
    tests: { type: 'boolean' },
    outputs: { type: 'string' },
    'time-limit': { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    if (values.exact && values.constructive) throw new UsageError('--exact and --constructive exclude each other');
    const method: SynthMethod = values.exact ? 'exact' : values.constructive ? 'constructive' : 'auto';
    const maxDepth = numberOption('max-depth', values['max-depth'] as string | undefined, { integer: true, min: 1 });
    const maxFanIn = numberOption('max-fan-in', values['max-fan-in'] as string | undefined, { integer: true, min: 1 });
    const timeLimit = numberOption('time-limit', values['time-limit'] as string | undefined, { positive: true });
    const { tableFileKind, readTableFile } = await import('../../synth/read-file.js');
    const kind = file.endsWith('.nn') ? 'nn' : tableFileKind(file);
    if (kind === undefined) throw new UsageError(`${file} is not a .nn, .csv or .pla file`);
    if (values.tests && kind !== 'nn') throw new UsageError('--tests is for .nn files');
    let outputs: string[] | undefined;
    if (typeof values.outputs === 'string') {
      if (kind !== 'csv') throw new UsageError('--outputs is for .csv files');
      outputs = values.outputs.split(',').map((s) => s.trim());
      if (outputs.some((o) => o === '')) throw new UsageError('--outputs needs column names separated by commas, such as --outputs sum,cout');
    }

    let table: TruthTable | undefined;
    if (kind === 'nn') table = await nnTable(ctx, file, name, values.tests === true);
    else {
      const read = readTableFile(file, kind, { sources: ctx.sources, ...(name !== undefined && { name }), ...(outputs && { outputs }) });
      ctx.report(read.diagnostics);
      if (read.ok && !hasErrors(read.diagnostics)) table = read.value;
    }
    if (!table) return EXIT.failed;

    const { synthesize } = await import('../../synth/synthesize.js');
    const progress = ctx.io.stderrIsTTY ? progressLine(ctx) : undefined;
    const result = await synthesize(table, {
      method,
      ...(values.layered && { layered: true }),
      ...(maxDepth !== undefined && { maxDepth }),
      ...(maxFanIn !== undefined && { maxFanIn }),
      ...(timeLimit !== undefined && { timeLimit }),
      ...(progress && { onProgress: progress.show }),
    });
    progress?.clear();
    ctx.report(result.diagnostics);
    if (!result.ok) return EXIT.failed;
    const out = values.output as string | undefined;
    if (!emit(ctx, result.value.source, out, ctx.inputs(), 'synth')) return EXIT.failed;
    ctx.err(summary(result.value, values.layered === true));
    if (out !== undefined && out !== '-') ctx.note(`wrote ${out}`);
    return EXIT.ok;
  },
};

/** The table of a .nn file's part: its function, its training table, or its tests. */
async function nnTable(ctx: Context, file: string, name: string | undefined, tests: boolean): Promise<TruthTable | undefined> {
  const checked = load(file, { sources: ctx.sources });
  ctx.report(checked.diagnostics);
  if (!checked.ok || hasErrors(checked.diagnostics)) return undefined;
  const { model } = checked.value;
  let part = name === undefined ? undefined : model.parts.get(name);
  if (name !== undefined && !part) {
    const hint = didYouMean(name, model.parts.keys());
    const known = model.own.map((p) => p.name).join(', ');
    throw new UsageError(`there is no neuron or circuit called ${name} in ${file}${hint ? `; ${hint}` : known ? ` (it declares ${known})` : ''}`);
  }
  if (!part) {
    const picked = defaultPart(model);
    if (!picked) throw new NothingToRun(`${file} declares no neuron or circuit of its own: nothing to synthesise`);
    part = picked.part;
    if (picked.choices > 1) ctx.note(`${file} declares ${picked.choices} ${part.kind}s; using ${part.name}, the last one. Name another: nn synth ${file} NAME`);
    else ctx.note(`using ${part.name}, the only ${part.kind} in ${file}`);
  }
  const { tableOfPart } = await import('../../synth/read-nn.js');
  const found = await tableOfPart(file, model, part, { tests, sources: ctx.sources });
  ctx.report(found.diagnostics);
  if (!found.ok || hasErrors(found.diagnostics)) return undefined;
  const rows = found.value.table.care.reduce((most, c) => Math.max(most, c.reduce((s: number, v) => s + v, 0)), 0);
  const from = found.value.from === 'tests' ? `its test blocks (${rows} rows)` : found.value.from === 'train' ? `its train table (${rows} rows)` : 'what it computes';
  ctx.note(`synthesising ${part.name} from ${from}`);
  return found.value.table;
}

function summary(s: Synthesis, layered: boolean): string {
  const neurons = `${s.size} ${plural(s.size, 'neuron')}`;
  let how: string;
  if (s.method === 'exact') how = `exact: no ${layered ? 'layered ' : ''}network of fewer neurons computes it (proven)`;
  else if (s.stopped !== undefined) how = `constructive, since the exact search stopped (${s.stopped}); at least ${s.lowerBound} neurons are needed`;
  else how = `constructive${s.bound !== undefined ? ` (never more than ${s.bound} neurons for this table)` : ''}; not proven minimal`;
  if (s.method !== 'exact' && s.minimal) how = 'constructive, and proven minimal';
  const lines = [`${s.network.name}: ${neurons}, depth ${s.depth}, ${how}`];
  for (const step of s.proof) lines.push(`  ${step}`);
  return lines.join('\n') + '\n';
}

/** One line on a terminal, rewritten in place; cleared at the end. */
function progressLine(ctx: Context): { show: (text: string) => void; clear: () => void } {
  let shown = false;
  return {
    show(text) {
      // Straight to the terminal: the escaping of ctx.err is for text from files.
      ctx.io.stderr.write(`\r\x1b[Ksynthesising: ${safe(text)} ...`);
      shown = true;
    },
    clear() {
      if (shown) ctx.io.stderr.write('\r\x1b[K');
    },
  };
}
