import { COUNT_FORMATS, formatCounts, type CountFormat } from '../../evaluate/count-format.js';
import { DEFAULT_MAX_COUNT_ROWS } from '../../evaluate/count.js';
import { rowCount } from '../../evaluate/engine.js';
import type { Radix } from '../../evaluate/ports.js';
import { hasBusColumns, TABLE_FORMATS, tableShape, writeTable, type TableFormat } from '../../evaluate/table-format.js';
import { checkRowLimit, DEFAULT_MAX_ROWS } from '../../evaluate/table.js';
import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { withPart } from '../../check/check.js';
import { defaultJobs, parallelSweeper } from '../parallel.js';
import { Progress } from '../progress.js';
import { buildPart, loadFile, numberOption, pickPart } from './shared.js';
import { thousands } from '../../diagnostics/words.js';

const RADIXES: readonly Radix[] = ['dec', 'hex', 'bin'];

export const table: Command = {
  name: 'table',
  summary: 'print the truth table of a circuit or neuron',
  usage: 'nn table FILE [NAME] [--hidden] [--format text|md|csv|json|test] [--radix dec|hex|bin] [--bits] [--max-rows N] [--max-neurons N]',
  help: `Prints every row of NAME's truth table in binary counting order, the first input the most
significant bit. Without NAME: the file's last circuit (or, with no circuit, its last neuron).
For a circuit with memory (delays, loops of neurons) it prints the state table: every
current state and input, then the outputs and the next state (q' for q).

Options:
  --hidden           also show every hidden neuron, columns grouped by layer (not with
                     --format test: a test block checks inputs and outputs only)
  --format FORMAT    text (default), md, csv, json, or test: a test block ready to paste
  --radix RADIX      how a bus's number is written: dec (default), hex (0x1f) or bin (0b0101)
  --bits             a column for every bit of a bus (a[3] a[2] a[1] a[0]) instead of one number
  --count            evaluate every row but print only how many rows give each output value,
                     and each combination of outputs (up to 20 outputs); formats text or json
  --max-rows N       refuse tables longer than N rows (default ${thousands(DEFAULT_MAX_ROWS)}; with --count
                     ${thousands(DEFAULT_MAX_COUNT_ROWS)}, at most 2^53)
  --max-neurons N    refuse circuits that expand to more than N neurons (default ${thousands(DEFAULT_MAX_NEURONS)})
  --jobs N           worker threads for long tables (default: the cores available)`,
  options: {
    hidden: { type: 'boolean' },
    format: { type: 'string' },
    radix: { type: 'string' },
    bits: { type: 'boolean' },
    count: { type: 'boolean' },
    'max-rows': { type: 'string' },
    'max-neurons': { type: 'string' },
    jobs: { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const counting = values.count === true;
    const format = (values.format ?? 'text') as string;
    if (counting) {
      if (!(COUNT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`with --count, --format must be ${COUNT_FORMATS.join(' or ')}, not '${format}'`);
      if (values.hidden) throw new UsageError('--count counts the outputs; leave out --hidden');
    } else if (!(TABLE_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, not '${format}'`);
    }
    const radix = (values.radix ?? 'dec') as Radix;
    if (!RADIXES.includes(radix)) throw new UsageError(`--radix must be dec, hex or bin, not '${values.radix}'`);
    if (format === 'test' && values.hidden === true) {
      throw new UsageError('--hidden does not go with --format test: a test block checks inputs and outputs only');
    }
    const maxRows =
      numberOption('max-rows', values['max-rows'] as string | undefined, { integer: true, min: 1, max: 2 ** 53 }) ??
      (counting ? DEFAULT_MAX_COUNT_ROWS : DEFAULT_MAX_ROWS);
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    const jobs = numberOption('jobs', values.jobs as string | undefined, { integer: true, min: 1, max: 256 }) ?? defaultJobs();
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'table');
    const found = withPart(loaded.model, part.name);
    if (found.ok && found.value.part.kind === 'instance' && found.value.part.sequential) {
      // A circuit with memory: its state table (loaded only then, so plain tables start fast).
      const { stateTableCommand } = await import('./sequential.js');
      return stateTableCommand(ctx, loaded, part, { format, count: counting, hidden: values.hidden === true, bits: values.bits === true, radix, maxRows, maxNeurons });
    }
    const built = await buildPart(ctx, loaded, part, { maxNeurons, limits: true });
    if (!built) return EXIT.failed;
    const { circuit } = built;
    const tooLong = checkRowLimit(circuit, maxRows);
    if (tooLong) {
      ctx.blameCommandLine();
      ctx.report([tooLong]);
      return EXIT.failed;
    }
    const sweeper = parallelSweeper(jobs);
    const rows = rowCount(circuit);
    const progress = new Progress(ctx, `${counting ? 'counting' : 'writing'} ${circuit.netlist.name}`);
    const onProgress = (done: number) => progress.update(done, rows, 'rows');
    const stdout = ctx.io.stdout;
    // The sink's promise settles once stdout is done with the chunk, so its buffer can be reused.
    const sink = (chunk: Uint8Array) =>
      new Promise<void>((resolve) => {
        stdout.write(chunk, () => resolve());
      });
    try {
      if (counting) {
        const counts = await sweeper.count(circuit, { from: 0, to: rows }, onProgress);
        progress.end();
        for (const piece of formatCounts(circuit, counts, format as CountFormat)) ctx.out(piece);
        return EXIT.ok;
      }
      const options = { format: format as TableFormat, hidden: values.hidden === true, bits: values.bits === true, radix };
      if (hasBusColumns(circuit, options)) {
        // Buses as numbers: rows of varying length, written one by one.
        await writeTable(built.engine, options, sink);
        return EXIT.ok;
      }
      const shape = tableShape(circuit, options);
      await sink(shape.header);
      await sweeper.table(circuit, shape, sink, onProgress);
      progress.end();
      await sink(shape.footer);
      return EXIT.ok;
    } finally {
      progress.end();
    }
  },
};
