import type { Radix } from '../../evaluate/ports.js';
import { TABLE_FORMATS, writeTable, type TableFormat } from '../../evaluate/table-format.js';

const RADIXES: readonly Radix[] = ['dec', 'hex', 'bin'];
import { checkRowLimit, DEFAULT_MAX_ROWS } from '../../evaluate/table.js';
import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { buildPart, loadFile, numberOption, pickPart, thousands } from './shared.js';

export const table: Command = {
  name: 'table',
  summary: 'print the truth table of a circuit or neuron',
  usage: 'nn table FILE [NAME] [--hidden] [--format text|md|csv|json|test] [--radix dec|hex|bin] [--bits] [--max-rows N] [--max-neurons N]',
  help: `Prints every row of NAME's truth table in binary counting order, the first input the most
significant bit. Without NAME: the file's last circuit (or, with no circuit, its last neuron).

Options:
  --hidden           also show every hidden neuron, columns grouped by layer (not with
                     --format test: a test block checks inputs and outputs only)
  --format FORMAT    text (default), md, csv, json, or test: a test block ready to paste
  --radix RADIX      how a bus's number is written: dec (default), hex (0x1f) or bin (0b0101)
  --bits             a column for every bit of a bus (a[3] a[2] a[1] a[0]) instead of one number
  --max-rows N       refuse tables longer than N rows (default ${thousands(DEFAULT_MAX_ROWS)})
  --max-neurons N    refuse circuits that expand to more than N neurons (default ${thousands(DEFAULT_MAX_NEURONS)})`,
  options: {
    hidden: { type: 'boolean' },
    format: { type: 'string' },
    radix: { type: 'string' },
    bits: { type: 'boolean' },
    'max-rows': { type: 'string' },
    'max-neurons': { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const format = (values.format ?? 'text') as TableFormat;
    if (!TABLE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, not '${values.format}'`);
    const radix = (values.radix ?? 'dec') as Radix;
    if (!RADIXES.includes(radix)) throw new UsageError(`--radix must be dec, hex or bin, not '${values.radix}'`);
    if (format === 'test' && values.hidden === true) {
      throw new UsageError('--hidden does not go with --format test: a test block checks inputs and outputs only');
    }
    const maxRows = numberOption('max-rows', values['max-rows'] as string | undefined, { integer: true, min: 1 }) ?? DEFAULT_MAX_ROWS;
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'table');
    const built = await buildPart(ctx, loaded, part, { maxNeurons, limits: true });
    if (!built) return EXIT.failed;
    const tooLong = checkRowLimit(built.circuit, maxRows);
    if (tooLong) {
      ctx.report([tooLong]);
      return EXIT.failed;
    }
    const stdout = ctx.io.stdout;
    // The sink's promise settles once stdout is done with the chunk, so its buffer can be reused.
    await writeTable(built.engine, { format, hidden: values.hidden === true, bits: values.bits === true, radix }, (chunk) => new Promise((resolve) => {
      stdout.write(chunk, () => resolve());
    }));
    return EXIT.ok;
  },
};
