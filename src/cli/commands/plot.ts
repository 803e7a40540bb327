import type { NeuronDef } from '../../check/model.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { emit, imageFormat, refusePngToTerminal } from './output.js';
import { buildPart, loadFile, numberOption, pickPart } from './shared.js';
import { checkRowLimit, DEFAULT_MAX_ROWS } from '../../evaluate/table.js';
import { plural, thousands } from '../../diagnostics/words.js';

export const plotCommand: Command = {
  name: 'plot',
  summary: 'plot a decision boundary, a training curve or a hidden space',
  usage: 'nn plot FILE [NAME] [-o OUT] [--errors] [--format svg|png] [--max-rows N]',
  help: `Draws the picture that explains NAME:
  - a neuron with two inputs: its inputs' plane with the points (the four corners, or the
    training examples of a trained neuron, such as the Iris flowers) coloured by class, the
    line w1·x1 + w2·x2 + b = 0, and the half-plane where it fires, shaded;
  - with --errors, a trained neuron: the errors in each epoch of training; a circuit
    trained by gradient descent (a data set, or a large table): the examples wrong after
    each epoch;
  - a circuit whose output neuron reads two neurons (XOR): the hidden space, every input row
    placed at those two neurons' values, with the output neuron's line. This is the picture
    of XOR becoming separable after the hidden layer. Each place names the first few rows
    that land there and counts the others.
Axes, ticks, a legend and a title. Without NAME: the file's last circuit (or last neuron).

Options:
  -o, --output OUT   write to OUT (never over an input file); without it, to stdout
  --errors           the training curve of a trained neuron or circuit
  --format FORMAT    svg (default) or png; by default taken from OUT's extension
  --max-rows N       refuse a hidden space of more than N input rows (default ${thousands(DEFAULT_MAX_ROWS)}),
                     as nn table does`,
  options: {
    output: { type: 'string', short: 'o' },
    errors: { type: 'boolean' },
    format: { type: 'string' },
    'max-rows': { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const format = imageFormat(values.format, values.output, ['svg', 'png']);
    refusePngToTerminal(ctx, format, values.output);
    const maxRows = numberOption('max-rows', values['max-rows'] as string | undefined, { integer: true, min: 1 }) ?? DEFAULT_MAX_ROWS;
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const picked = pickPart(ctx, loaded, file, name, 'plot');
    const part = picked.def;
    if (values.errors && !part.training) throw new UsageError(`--errors plots training; ${part.name} is not a trained neuron or circuit`);
    if (part.kind === 'neuron' && part.params.length !== 2 && !values.errors) throw new UsageError(notPlottable(part));
    const built = await buildPart(ctx, loaded, picked);
    if (!built) return EXIT.failed;
    const figures = await import('../../plot/figures.js');
    const plots = await import('../../plot/plots.js');
    const fit = built.fits.find((f) => f.neuron === part);
    let svg: string;
    if (values.errors && part.kind === 'circuit') {
      const fitted = built.circuitFits.find((f) => f.circuit === part)!;
      const figure = figures.circuitErrorsFigure(fitted);
      if (!figure) {
        throw new UsageError(`${part.name} was fitted exactly from its truth table, with no epochs to plot: --errors plots gradient descent, which trains a circuit on a data set or a large table`);
      }
      svg = plots.plotErrors(figure);
    } else if (values.errors) {
      svg = plots.plotErrors(figures.errorsFigure(fit!));
    } else if (part.kind === 'neuron') {
      svg = plots.plotDecisionBoundary(figures.decisionBoundaryFigure(part, built.netlist.neurons[0]!, fit));
    } else {
      // The hidden space evaluates every input row, as a truth table does: the same limit.
      const tooLong = checkRowLimit(built.circuit, maxRows);
      if (tooLong) {
        ctx.blameCommandLine();
        ctx.report([tooLong]);
        return EXIT.failed;
      }
      const figure = figures.hiddenSpaceFigure(built.engine);
      if (!figure) {
        throw new UsageError(`${part.name}'s output is not a neuron reading two neurons, so it has no hidden space to plot; plot one of its 2-input neurons instead`);
      }
      svg = plots.plotHiddenSpace(figure);
    }
    const data = format === 'png' ? (await import('../../render/png.js')).svgToPng(svg) : svg;
    return emit(ctx, data, values.output as string | undefined, ctx.inputs(), 'plot') ? EXIT.ok : EXIT.failed;
  },
};

function notPlottable(n: NeuronDef): string {
  return `${n.name} has ${n.params.length} ${plural(n.params.length, 'input')}; a decision boundary is drawn for neurons with two`;
}
