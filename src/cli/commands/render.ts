import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import { EXIT } from '../context.js';
import type { Command } from '../command.js';
import { emit, imageFormat } from './output.js';
import { buildPart, loadFile, numberOption, pickPart, thousands } from './shared.js';

export const renderCommand: Command = {
  name: 'render',
  summary: 'draw a circuit as a diagram (SVG, PNG or Graphviz DOT)',
  usage: 'nn render FILE [NAME] [-o OUT] [--format svg|png|dot] [--depth N]',
  help: `Draws NAME the way textbooks draw perceptrons: inputs on the left, each neuron a circle
with its bias (θ for a McCulloch–Pitts neuron), each edge labelled with its weight, outputs
on the right, instances of sub-circuits as labelled clusters. Graphviz runs in-process
(WebAssembly); no native dot is needed. Without NAME: the file's last circuit.

Options:
  -o, --output OUT   write to OUT (a temporary file renamed into place; never over an input
                     file); without it, to stdout
  --format FORMAT    svg (default), png or dot; by default taken from OUT's extension
  --depth N          draw instances nested deeper than N levels as single boxes
                     (0: every instance of the top circuit is a box)
  --max-neurons N    refuse circuits that expand to more than N neurons (default ${thousands(DEFAULT_MAX_NEURONS)})`,
  options: {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    depth: { type: 'string' },
    'max-neurons': { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const format = imageFormat(values.format, values.output, ['svg', 'png', 'dot']);
    const depth = numberOption('depth', values.depth as string | undefined, { integer: true, min: 0 });
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'render');
    const built = await buildPart(ctx, loaded, part, { maxNeurons, limits: true });
    if (!built) return EXIT.failed;
    // Graphviz and resvg load only here: other commands do not pay for them.
    const { toDot } = await import('../../render/dot.js');
    const dot = toDot(built.netlist, depth === undefined ? {} : { depth });
    let data: string | Uint8Array = dot;
    if (format !== 'dot') {
      const { renderSvg } = await import('../../render/graphviz.js');
      data = await renderSvg(dot);
      if (format === 'png') data = (await import('../../render/png.js')).svgToPng(data);
    }
    const out = values.output as string | undefined;
    return emit(ctx, data, out, ctx.inputs(), 'render') ? EXIT.ok : EXIT.failed;
  },
};
