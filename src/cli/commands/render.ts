import { error, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { thousands } from '../../diagnostics/words.js';
import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import type { Netlist } from '../../elaborate/netlist.js';
import { layoutCost, MAX_CLUSTER_DEPTH, MAX_LAYOUT_COST, instanceDepth, toDot } from '../../render/dot.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { emit, imageFormat, refusePngToTerminal } from './output.js';
import { buildNetlistPart, loadFile, numberOption, pickPart } from './shared.js';

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
                     (0: every instance of the top circuit is a box; at most ${MAX_CLUSTER_DEPTH},
                     which is also the most levels drawn as clusters without it)
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
    refusePngToTerminal(ctx, format, values.output);
    const depth = numberOption('depth', values.depth as string | undefined, { integer: true, min: 0 });
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    if (depth !== undefined && depth > MAX_CLUSTER_DEPTH) throw new UsageError(`--depth must be at most ${MAX_CLUSTER_DEPTH}`);
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const part = pickPart(ctx, loaded, file, name, 'render');
    const built = await buildNetlistPart(ctx, loaded, part, { maxNeurons, limits: true });
    if (!built) return EXIT.failed;
    const deepest = instanceDepth(built.netlist);
    if (depth === undefined && deepest > MAX_CLUSTER_DEPTH) {
      ctx.note(`${part.name} nests instances ${deepest} levels deep; those below level ${MAX_CLUSTER_DEPTH} are drawn as boxes (choose with --depth N)`);
    }
    const options = depth === undefined ? {} : { depth };
    if (format !== 'dot') {
      const tooLarge = checkLayoutCost(built.netlist, options, deepest);
      if (tooLarge) {
        ctx.report([tooLarge]);
        return EXIT.failed;
      }
    }
    const dot = toDot(built.netlist, options);
    let data: string | Uint8Array = dot;
    if (format !== 'dot') {
      // Graphviz and resvg load only here: other commands do not pay for them.
      const { renderSvg } = await import('../../render/graphviz.js');
      data = await renderSvg(dot);
      if (format === 'png') data = (await import('../../render/png.js')).svgToPng(data);
    }
    const out = values.output as string | undefined;
    return emit(ctx, data, out, ctx.inputs(), 'render') ? EXIT.ok : EXIT.failed;
  },
};

/**
 * A diagnostic when the drawing is too large to lay out in reasonable time, with the
 * deepest --depth that would fit, if there is one.
 */
function checkLayoutCost(netlist: Netlist, options: { depth?: number }, deepest: number): Diagnostic | undefined {
  const cost = layoutCost(netlist, options);
  if (cost <= MAX_LAYOUT_COST) return undefined;
  // The deepest --depth that fits. Cost need not shrink with depth (boxes outside clusters
  // can cost more than the clusters they replace), so each is tried, deepest first.
  let fits = -1;
  for (let d = Math.min(options.depth ?? deepest, deepest, MAX_CLUSTER_DEPTH) - 1; d >= 0 && fits < 0; d--) {
    if (layoutCost(netlist, { depth: d }) <= MAX_LAYOUT_COST) fits = d;
  }
  const boxes = fits >= 0 ? `draw its instances as boxes with --depth ${fits}, ` : '';
  return error('drawing-too-large', `the diagram of ${netlist.name} is too large to lay out: ${thousands(cost)} nodes, edges and edge bends, more than the limit of ${thousands(MAX_LAYOUT_COST)} (it would take minutes)`, undefined, {
    hint: `${boxes}render one of its parts by name, or write the DOT with --format dot and lay it out with Graphviz's own dot`,
  });
}
