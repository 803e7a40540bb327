// Diagrams: DOT structure, SVG structure (well-formed, node/edge/cluster counts, labels) and the
// PNG rasteriser. Structure, not pixels. (Writing them safely: hostile-output.test.ts.)

import { describe, expect, it } from 'vitest';
import { checkSource, elaborateSource } from './helpers.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { expectWellFormedXml } from './xml.js';
import type { NetInstance, Netlist, Signal } from '../src/elaborate/netlist.js';
import { DETAILED_LAYOUT_LIMIT, formatWeight, layoutCost, toDot } from '../src/render/dot.js';
import { GraphvizError, renderSvg } from '../src/render/graphviz.js';
import { svgToPng } from '../src/render/png.js';

// ---------------------------------------------------------------------------------------------
// Netlists of real circuits, elaborated from .nn sources.

/** Netlists are data no test changes: each source is checked and elaborated once. */
const netlists = new Map<string, Netlist>();
function netlistOf(source: string, name: string): Netlist {
  const key = `${name}\n${source}`;
  const known = netlists.get(key) ?? elaborateSource(source, name).netlist;
  netlists.set(key, known);
  return known;
}

const xorNetlist = () => netlistOf('import "circuits/xor.nn"', 'XOR');
const halfAdderNetlist = () => netlistOf('import "circuits/half-adder.nn"', 'HalfAdder');

/** `bits` full adders of circuits/full-adder.nn in a ripple: 9 neurons per bit, clusters 3 deep. */
function rippleAdderNetlist(bits: number): Netlist {
  const inputs = Array.from({ length: bits }, (_, i) => `a${i}, b${i}`).join(', ');
  const sums = Array.from({ length: bits }, (_, i) => `s${i}`).join(', ');
  const body = Array.from({ length: bits }, (_, i) => {
    const carryIn = i === 0 ? 'cin' : `c${i - 1}`;
    return `  (s${i}, ${i === bits - 1 ? 'cout' : `c${i}`}) = FullAdder(a${i}, b${i}, ${carryIn})`;
  });
  const source = `import "circuits/full-adder.nn"\ncircuit Adder${bits}(${inputs}, cin) -> (${sums}, cout) {\n${body.join('\n')}\n}`;
  return netlistOf(source, `Adder${bits}`);
}

/** A McCulloch–Pitts majority gate, plus constants feeding a neuron and an output. */
const constantsNetlist = () =>
  netlistOf(
    'neuron Maj3(a, b, c) { threshold: 2 }\nneuron Damp(x, one) { weights: -1, 0.5  bias: 0.25 }\n' +
      'circuit Majority(a, b, c) -> (maj, nmaj, one) {\n  maj = Maj3(a, b, c)\n  nmaj = Damp(maj, 1)\n  one = 1\n}',
    'Majority',
  );

// ---------------------------------------------------------------------------------------------
// Structure helpers.

const count = (text: string, needle: string | RegExp): number =>
  typeof needle === 'string' ? text.split(needle).length - 1 : (text.match(new RegExp(needle.source, 'g')) ?? []).length;

/** `subgraph "cluster …"` blocks in DOT. */
const dotClusters = (dot: string): number => count(dot, /subgraph "cluster /);

const svgNodes = (svg: string): number => count(svg, 'class="node"');
const svgEdges = (svg: string): number => count(svg, 'class="edge"');
const svgClusters = (svg: string): number => count(svg, 'class="cluster"');

/** Texts of the SVG's <text> elements, entities decoded. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&#45;/g, '-')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
}

// ---------------------------------------------------------------------------------------------

describe('toDot', () => {
  it('draws XOR as the classic figure: inputs, h1 (OR) and h2 (NAND), y (AND), output', () => {
    const dot = toDot(xorNetlist());
    expect(dot).toMatch(/^digraph "XOR" \{/);
    expect(dot).toContain('rankdir=LR');
    expect(dot).toContain('"h1" [label="h1: OR\\nb = -1"]');
    expect(dot).toContain('"h2" [label="h2: NAND\\nb = 1"]');
    expect(dot).toContain('"y" [label="y: AND\\nb = -2"]');
    expect(dot).toContain('"input x1" [label="x1"]');
    expect(dot).toContain('"output y" [label="y"]');
    expect(dot).toMatch(/\{ rank=min;[^}]*"input x1"[^}]*"input x2"/);
    expect(dot).toMatch(/\{ rank=max;[^}]*"output y"/);
    expect(dot).toContain('{ rank=same; "h1"; "h2"; }');
    expect(dot).toContain('"input x1" -> "h1" [label="1"]');
    expect(dot).toContain('"input x2" -> "h2" [label="-1"]');
    expect(dot).toContain('"h2" -> "y" [label="1"]');
    expect(dot).toContain('"y" -> "output y";');
    expect(count(dot, /\[label="-?\d+"\];/)).toBe(6);
    expect(dotClusters(dot)).toBe(0);
  });

  it('sets styles once as defaults, not per node', () => {
    const dot = toDot(rippleAdderNetlist(2));
    expect(count(dot, 'shape=circle')).toBe(1);
    expect(count(dot, 'fontname=')).toBe(3);
  });

  it('draws sub-circuit instances as nested clusters labelled "label: Part"', () => {
    const dot = toDot(halfAdderNetlist());
    expect(dotClusters(dot)).toBe(1);
    expect(dot).toContain('label="sum: XOR"');
    // The XOR's neurons are inside the cluster; the carry neuron is not.
    const cluster = dot.slice(dot.indexOf('subgraph "cluster sum"'), dot.indexOf('\n  }\n', dot.indexOf('subgraph "cluster sum"')));
    expect(cluster).toContain('"sum.h1" [label="h1: OR\\nb = -1"]');
    expect(cluster).toContain('"sum" [label="sum: AND\\nb = -2"]');
    expect(cluster).not.toContain('"carry"');

    const adder = toDot(rippleAdderNetlist(4));
    expect(dotClusters(adder)).toBe(4 * (1 + 2 + 2));
    expect(adder).toContain('label="FullAdder#3: FullAdder"');
    expect(adder).toContain('label="HalfAdder#2: HalfAdder"');
    expect(adder).toContain('"FullAdder#3.HalfAdder#2.sum.h2" [label="h2: NAND\\nb = 1"]');
  });

  it('draws instances deeper than `depth` as boxes with merged, unweighted edges (ports not known)', () => {
    // A netlist that does not record its instances' ports (one made by hand): plain boxes.
    const { instances: _, ...net } = rippleAdderNetlist(4);
    const depth1 = toDot(net, { depth: 1 });
    expect(dotClusters(depth1)).toBe(4);
    expect(count(depth1, /"instance FullAdder#\d\.HalfAdder#\d" \[label="HalfAdder#\d: HalfAdder"/)).toBe(8);
    expect(depth1).not.toContain('h1: OR');
    // Two inputs into one half adder are one edge, without a weight: a box is not a neuron.
    expect(count(depth1, '"input a0" -> "instance FullAdder#1.HalfAdder#1";')).toBe(1);
    // An edge out of a box into a drawn neuron still carries that neuron's weight.
    expect(depth1).toContain('"instance FullAdder#1.HalfAdder#1" -> "FullAdder#1.cout" [label="1"];');

    const depth0 = toDot(net, { depth: 0 });
    expect(dotClusters(depth0)).toBe(0);
    expect(count(depth0, /"instance FullAdder#\d" \[/)).toBe(4);
    expect(depth0).toContain('"instance FullAdder#1" -> "instance FullAdder#2";');
    expect(depth0).toContain('"instance FullAdder#4" -> "output cout";');
    expect(depth0).not.toMatch(/label="-?\d/);

    expect(toDot(net, { depth: 3 })).toBe(toDot(net));
    expect(() => toDot(net, { depth: -1 })).toThrow(RangeError);
    expect(() => toDot(net, { depth: 1.5 })).toThrow(RangeError);
  });

  it('draws a bus port as one node with its width and a field per bit, edges at the bits they carry', async () => {
    const netlist = netlistOf('import "circuits/ripple-adder.nn"', 'Add4');
    const dot = toDot(netlist, { depth: 1 });
    expect(dot).toContain('"input a" [shape=Mrecord, label="a[4]|<b3> 3|<b2> 2|<b1> 1|<b0> 0"];');
    expect(dot).toContain('"output s" [shape=Mrecord, label="s[4]|<b3> 3|<b2> 2|<b1> 1|<b0> 0"];');
    expect(dot).toContain('"output cout" [label="cout"];');
    // Bit i of a and b goes into the i-th full adder (numbered from 1), and its sum comes out at bit i of s.
    for (let i = 0; i < 4; i++) {
      expect(dot).toContain(`"input a":b${i}:e -> "in RippleAdder<4>#1.a":b${i}:w;`);
      expect(dot).toContain(`"in RippleAdder<4>#1.a":b${i}:e -> "instance RippleAdder<4>#1.FullAdder#${i + 1}":i0:w;`);
      expect(dot).toContain(`"input b":b${i}:e -> "in RippleAdder<4>#1.b":b${i}:w;`);
      expect(dot).toContain(`"instance RippleAdder<4>#1.FullAdder#${i + 1}":o0:e -> "out RippleAdder<4>#1.s":b${i}:w;`);
      expect(dot).toContain(`"out RippleAdder<4>#1.s":b${i}:e -> "output s":b${i}:w;`);
    }
    expect(dot).not.toMatch(/"input a\[/);
    const svg = await renderSvg(dot);
    expectWellFormedXml(svg);
    // One node per port: a, b, s and cout; the four boxes; the cluster's pins a, b, s and cout;
    // the constant 0 into the first full adder's cin.
    expect(svgNodes(svg)).toBe(4 + 4 + 4 + 1);
  });

  it('shows θ for McCulloch–Pitts neurons and draws constants as their own small nodes', () => {
    const dot = toDot(constantsNetlist());
    expect(dot).toContain('"maj" [label="maj: Maj3\\nθ = 2"]');
    expect(dot).toContain('"nmaj" [label="nmaj: Damp\\nb = 0.25"]');
    expect(dot).toContain('"constant 1.1" [label="1", shape=square');
    expect(dot).toContain('"constant 1.1" -> "nmaj" [label="0.5"]');
    expect(dot).toContain('"constant out2" -> "output one";');
  });

  it('quotes names and titles so any text is a safe DOT string', async () => {
    const net = { ...xorNetlist(), name: 'X "quoted" \\ back\\' };
    const dot = toDot(net, { title: 'line one\nline "two" \\' });
    expect(dot).toContain('digraph "X \\"quoted\\" \\\\ back\\\\" {');
    expect(dot).toContain('label="line one\\nline \\"two\\" \\\\"');
    const svg = await renderSvg(dot);
    expect(svgTexts(svg)).toContain('line "two" \\');
    expect(toDot(xorNetlist(), { title: '' })).not.toContain('labelloc');
  });

  it('formats numbers compactly', () => {
    expect([1, -1, 0.5, -2, -0, 0.28374, 1 / 3, 12.5].map((x) => formatWeight(x))).toEqual([
      '1',
      '-1',
      '0.5',
      '-2',
      '0',
      '0.284',
      '0.333',
      '12.5',
    ]);
  });

  it('keeps large drawings cheap to lay out: weights as xlabels, no layer columns', () => {
    const big = toDot(rippleAdderNetlist(56));
    expect(big).not.toContain('newrank');
    expect(big).not.toContain('rank=same');
    expect(count(big, /\[xlabel="-?\d+"\]/)).toBe(56 * 9 * 2);
    expect(count(big, /\[label="-?\d+"\]/)).toBe(0);
    expect(toDot(xorNetlist())).toContain('newrank=true');
  });

  it('switches to the cheap layout exactly when nodes and edges together pass DETAILED_LAYOUT_LIMIT', () => {
    // Drawn in full, a drawing has a node per input, neuron and output, and an edge per
    // neuron input and per output.
    const size = (n: Netlist) =>
      n.inputs.length + n.neurons.length + n.outputs.length + n.neurons.reduce((e, k) => e + k.inputs.length, 0) + n.outputs.length;
    // Weights as edge labels (the layer columns give way to pins where there are clusters).
    const detailed = (n: Netlist) => /\[label="-?\d+"\]/.test(toDot(n));
    // Each full adder adds the same to the size: the largest ripple adder under the limit,
    // found from two sizes; the assertions below check it on the netlists themselves.
    const one = size(rippleAdderNetlist(1));
    const bits = 1 + Math.floor((DETAILED_LAYOUT_LIMIT - one) / (size(rippleAdderNetlist(2)) - one));
    const under = rippleAdderNetlist(bits);
    const over = rippleAdderNetlist(bits + 1);
    expect(size(under)).toBeLessThanOrEqual(DETAILED_LAYOUT_LIMIT);
    expect(size(over)).toBeGreaterThan(DETAILED_LAYOUT_LIMIT);
    expect(detailed(under)).toBe(true);
    expect(count(toDot(under), /\[label="-?\d+"\]/)).toBe(under.neurons.length * 2);
    expect(detailed(over)).toBe(false);
    expect(count(toDot(over), /\[xlabel="-?\d+"\]/)).toBe(over.neurons.length * 2);
  });

  it('does not pin outputs to the last column of a large flat drawing (dot would take seconds)', () => {
    const adder = rippleAdderNetlist(56);
    const flat = { ...adder, neurons: adder.neurons.map((n) => ({ ...n, scopes: [] })) };
    const dot = toDot(flat);
    expect(dotClusters(dot)).toBe(0);
    expect(dot).not.toContain('rank=max');
    expect(dot).toContain('nslimit=2');
    expect(dot).toMatch(/\{ rank=min;/);
    expect(toDot(adder)).toContain('rank=max');
  });
});

describe('renderSvg', () => {
  it('renders XOR: one node per input, neuron and output, one edge per connection, the weights', async () => {
    const svg = await renderSvg(toDot(xorNetlist()));
    expectWellFormedXml(svg);
    expect(svgNodes(svg)).toBe(2 + 3 + 1);
    expect(svgEdges(svg)).toBe(6 + 1); // weighted edges and the output; invisible ones are not drawn
    expect(svgClusters(svg)).toBe(0);
    const texts = svgTexts(svg);
    for (const label of ['x1', 'x2', 'h1: OR', 'h2: NAND', 'y: AND', 'b = -1', 'b = 1', 'b = -2', 'XOR']) expect(texts).toContain(label);
    expect(texts.filter((t) => t === '1')).toHaveLength(4);
    expect(texts.filter((t) => t === '-1')).toHaveLength(2);
  });

  it('renders clusters for instances', async () => {
    const svg = await renderSvg(toDot(halfAdderNetlist()));
    expectWellFormedXml(svg);
    expect(svgClusters(svg)).toBe(1);
    // Inputs, neurons, outputs, and the XOR's pins x1, x2 and y.
    expect(svgNodes(svg)).toBe(2 + 4 + 2 + 3);
    // The neurons' inputs, the outputs, and a → x1, b → x2, sum → y.
    expect(svgEdges(svg)).toBe(4 * 2 + 2 + 3);
    expect(svgTexts(svg)).toContain('sum: XOR');
  });

  it('renders a drawing in the cheap layout (past DETAILED_LAYOUT_LIMIT): every node, edge, cluster and weight', async () => {
    // 13 full adders: 117 neurons, just past the limit. How long a 500-neuron drawing takes
    // is measured by npm run bench, not here.
    const net = rippleAdderNetlist(13);
    const dot = toDot(net);
    expect(dot).not.toContain('newrank');
    const svg = await renderSvg(dot);
    expectWellFormedXml(svg);
    expect(svgNodes(svg)).toBe(net.inputs.length + net.neurons.length + net.outputs.length);
    expect(svgEdges(svg)).toBe(net.neurons.length * 2 + net.outputs.length);
    expect(svgClusters(svg)).toBe(13 * 5);
    // The weights are xlabels, drawn as text.
    expect(svgTexts(svg).filter((t) => /^-?\d+$/.test(t)).length).toBeGreaterThanOrEqual(net.neurons.length * 2);
  });

  it('turns Graphviz errors into GraphvizError with its message, and keeps working after', async () => {
    await expect(renderSvg('digraph { a -> ; }')).rejects.toThrow(GraphvizError);
    await expect(renderSvg('digraph { a -> ; }')).rejects.toThrow(/syntax error in line 1/);
    await expect(renderSvg('  \n')).rejects.toThrow(/empty DOT/);
    const svg = await renderSvg('digraph { a -> b }');
    expect(svgNodes(svg)).toBe(2);
  });

  it('in a worker thread, where Viz.js cannot start, says so in a GraphvizError', async () => {
    const module = new URL('../dist/src/render/graphviz.js', import.meta.url).href;
    const script = `
      import { parentPort } from 'node:worker_threads';
      const { renderSvg, GraphvizError } = await import(${JSON.stringify(module)});
      renderSvg('digraph { a -> b }').then(
        () => parentPort.postMessage('rendered'),
        (e) => parentPort.postMessage(\`\${e instanceof GraphvizError}: \${e.message}\`),
      );`;
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(script)}`), { workerData: null });
    const answer = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(answer).toBe('true: Graphviz (Viz.js) runs only from the main thread: call renderSvg there, not in a worker thread');
  });
});

describe('svgToPng', () => {
  const withText =
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="10" y="26" font-family="Helvetica,sans-Serif" font-size="16">b = -1 θ</text></svg>';
  const withoutText = withText.replace(/<text.*<\/text>/, '');
  const pngSize = (png: Uint8Array) => {
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    return [view.getUint32(16), view.getUint32(20)];
  };

  it('makes a PNG of the right size, white by default', () => {
    const png = svgToPng(withText);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual([120, 40]);
    expect(pngSize(svgToPng(withText, { scale: 2 }))).toEqual([240, 80]);
    expect(svgToPng(withoutText)).not.toEqual(svgToPng(withoutText, { background: 'transparent' }));
    expect(() => svgToPng(withText, { scale: 0 })).toThrow(RangeError);
  });

  it('draws text (fonts are found)', () => {
    expect(svgToPng(withText)).not.toEqual(svgToPng(withoutText));
  });

  it('rasterises a Graphviz diagram', async () => {
    const png = svgToPng(await renderSvg(toDot(xorNetlist())));
    expect(png.length).toBeGreaterThan(2000);
  });
});

describe('instance ports', () => {
  const fullAdder = () => netlistOf('import "circuits/full-adder.nn"', 'FullAdder');
  const input = (net: Netlist, name: string): Signal => ({ kind: 'input', index: net.inputs.indexOf(name) });
  const neuron = (net: Netlist, name: string): Signal => ({ kind: 'neuron', index: net.neurons.findIndex((n) => n.name === name) });
  /** An instance's ports with what each bit carries, read off its one list of signals. */
  const ports = (instance: NetInstance | undefined, side: 'inputs' | 'outputs') => {
    if (instance === undefined) return undefined;
    let next = side === 'inputs' ? 0 : instance.inputs.reduce((n, p) => n + (p.width ?? 1), 0);
    return instance[side].map((p) => {
      const from = next;
      next += p.width ?? 1;
      return { name: p.name, width: p.width, bits: instance.signals.slice(from, next) };
    });
  };

  it('the netlist records each instance, its ports and the signals on them', () => {
    const net = fullAdder();
    const byPath = new Map((net.instances ?? []).map((i) => [i.scopes.map((s) => s.label).join('.'), i]));
    expect([...byPath.keys()]).toEqual(['HalfAdder#1', 'HalfAdder#1.sum', 'HalfAdder#2', 'HalfAdder#2.sum']);
    // (s1, c1) = HalfAdder(a, b); (sum, c2) = HalfAdder(s1, cin): the second reads the first's sum.
    const first = byPath.get('HalfAdder#1');
    const second = byPath.get('HalfAdder#2');
    expect(ports(first, 'inputs')).toEqual([
      { name: 'a', width: null, bits: [input(net, 'a')] },
      { name: 'b', width: null, bits: [input(net, 'b')] },
    ]);
    expect(ports(second, 'inputs')).toEqual([
      { name: 'a', width: null, bits: [neuron(net, 'HalfAdder#1.sum')] },
      { name: 'b', width: null, bits: [input(net, 'cin')] },
    ]);
    expect(ports(second, 'outputs')).toEqual([
      { name: 'sum', width: null, bits: [neuron(net, 'HalfAdder#2.sum')] },
      { name: 'carry', width: null, bits: [neuron(net, 'HalfAdder#2.carry')] },
    ]);
    // The XOR inside the second half adder reads what that half adder's ports carry.
    expect(ports(byPath.get('HalfAdder#2.sum'), 'inputs')!.map((p) => p.bits[0])).toEqual([
      neuron(net, 'HalfAdder#1.sum'),
      input(net, 'cin'),
    ]);
    // Its scopes are the ones its neurons list.
    expect(second!.scopes).toBe(net.neurons.find((n) => n.name === 'HalfAdder#2.carry')!.scopes);
  });

  it('records a bus port as one port of its width, bit 0 first', () => {
    const net = netlistOf('import "circuits/ripple-adder.nn"', 'Add4');
    const adder = net.instances!.find((i) => i.scopes.length === 1)!;
    expect(adder.scopes[0]).toEqual({ label: 'RippleAdder<4>#1', part: 'RippleAdder<4>' });
    expect(adder.inputs.map((p) => [p.name, p.width])).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
    expect(adder.signals).toHaveLength(4 + 4 + 4 + 1);
    expect(ports(adder, 'inputs')![0]!.bits).toEqual([0, 1, 2, 3].map((i) => input(net, `a[${i}]`)));
    // s[i] is the sum of the i-th full adder.
    expect(ports(adder, 'outputs')![0]!.bits).toEqual(
      [1, 2, 3, 4].map((k) => neuron(net, `RippleAdder<4>#1.FullAdder#${k}.HalfAdder#2.sum`)),
    );
    expect(adder.outputs[1]).toEqual({ name: 'cout', width: null });
  });

  it('draws a box with a field per port, and each wire lands on the field of the port it feeds', () => {
    // The inputs cross over: q feeds the half adder's a, p its b.
    const net = netlistOf('import "circuits/half-adder.nn"\ncircuit Crossed(p, q) -> (c, s) {\n  (s, c) = HalfAdder(q, p)\n}', 'Crossed');
    const dot = toDot(net, { depth: 0 });
    expect(dot).toContain('"instance HalfAdder#1" [shape=Mrecord');
    expect(dot).toContain('label="{{<i0> a|<i1> b}|HalfAdder#1\\nHalfAdder|{<o0> sum|<o1> carry}}"');
    expect(dot).toContain('"input q" -> "instance HalfAdder#1":i0:w;');
    expect(dot).toContain('"input p" -> "instance HalfAdder#1":i1:w;');
    expect(dot).toContain('"instance HalfAdder#1":o0:e -> "output s";');
    expect(dot).toContain('"instance HalfAdder#1":o1:e -> "output c";');
    expect(count(dot, ' -> ')).toBe(4 + 2); // and the invisible edges keeping p above q, c above s

    // FullAdder at depth 0: s1 leaves the first box at sum and enters the second at a; the
    // carries leave at carry into the OR, which keeps its weights.
    const full = toDot(fullAdder(), { depth: 0 });
    expect(full).toContain('"instance HalfAdder#1":o0:e -> "instance HalfAdder#2":i0:w;');
    expect(full).toContain('"input cin" -> "instance HalfAdder#2":i1:w;');
    expect(full).toContain('"instance HalfAdder#1":o1:e -> "cout" [label="1"];');
    expect(full).toContain('"instance HalfAdder#2":o1:e -> "cout" [label="1"];');
    expect(full).toContain('"instance HalfAdder#2":o0:e -> "output sum";');
  });

  it('draws a bus port of a box as one field with its width, every bit of the bus landing on it', async () => {
    const dot = toDot(netlistOf('import "circuits/ripple-adder.nn"', 'Add4'), { depth: 0 });
    expect(dot).toContain('label="{{<i0> a[4]|<i1> b[4]}|RippleAdder\\<4\\>#1\\nRippleAdder\\<4\\>|{<o0> s[4]|<o1> cout}}"');
    for (let i = 0; i < 4; i++) {
      expect(dot).toContain(`"input a":b${i}:e -> "instance RippleAdder<4>#1":i0:w;`);
      expect(dot).toContain(`"input b":b${i}:e -> "instance RippleAdder<4>#1":i1:w;`);
      expect(dot).toContain(`"instance RippleAdder<4>#1":o0:e -> "output s":b${i}:w;`);
    }
    // Two bus ports in one column (no invisible edge between records: Graphviz fails on it).
    const svg = await renderSvg(dot);
    expectWellFormedXml(svg);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['a[4]', 'b[4]', 's[4]', 'cout', 'RippleAdder<4>#1', 'RippleAdder<4>']));
  });

  it('draws a neuron with two bus inputs (no invisible edge between their records)', async () => {
    const dot = toDot(netlistOf('import "circuits/comparator.nn"', 'GT8'));
    expect(dot).not.toContain('style=invis');
    expectWellFormedXml(await renderSvg(dot));
  });

  it('shows a constant fed to a box port as its own node', () => {
    // RippleAdder's c[0] = 0 is the first full adder's cin.
    const dot = toDot(netlistOf('import "circuits/ripple-adder.nn"', 'Add4'), { depth: 1 });
    expect(dot).toMatch(/"constant RippleAdder<4>#1\.FullAdder#1 2 0" \[label="0"/);
    expect(dot).toContain('"constant RippleAdder<4>#1.FullAdder#1 2 0" -> "instance RippleAdder<4>#1.FullAdder#1":i2:w;');
  });

  it('passes the wires into and out of a cluster through pins named after its ports', async () => {
    const dot = toDot(fullAdder());
    // The pins are inside their cluster.
    const cluster = dot.slice(dot.indexOf('subgraph "cluster HalfAdder#2"'));
    expect(cluster.indexOf('"in HalfAdder#2.a" [label="a"]')).toBeGreaterThan(0);
    expect(cluster.indexOf('"in HalfAdder#2.a" [label="a"]')).toBeLessThan(cluster.indexOf('subgraph "cluster HalfAdder#2.sum"'));
    // s1: out of the first XOR (its y), out of the first half adder (sum), into the second
    // half adder (a), into its XOR (x1), into the XOR's neurons, each with its weight.
    for (const edge of [
      '"HalfAdder#1.sum" -> "out HalfAdder#1.sum.y";',
      '"out HalfAdder#1.sum.y" -> "out HalfAdder#1.sum";',
      '"out HalfAdder#1.sum" -> "in HalfAdder#2.a";',
      '"in HalfAdder#2.a" -> "in HalfAdder#2.sum.x1";',
      '"in HalfAdder#2.sum.x1" -> "HalfAdder#2.sum.h1" [label="1"];',
      '"in HalfAdder#2.sum.x1" -> "HalfAdder#2.sum.h2" [label="-1"];',
      '"in HalfAdder#2.a" -> "HalfAdder#2.carry" [label="1"];',
      '"input cin" -> "in HalfAdder#2.b";',
      '"out HalfAdder#1.carry" -> "cout" [label="1"];',
      '"out HalfAdder#2.sum" -> "output sum";',
    ])
      expect(dot).toContain(edge);
    // Every stretch of s1 is drawn once, and each neuron input keeps its weight.
    expect(count(dot, '-> "in HalfAdder#2.a"')).toBe(1);
    expect(count(dot, /\[label="-?\d+"\];/)).toBe(9 * 2);
    const svg = await renderSvg(dot);
    expectWellFormedXml(svg);
    // 3 inputs, 9 neurons, 2 outputs; pins: a, b, sum, carry of each half adder, x1, x2, y of each XOR.
    expect(svgNodes(svg)).toBe(3 + 9 + 2 + 2 * (4 + 3));
  });

  it('draws a pin only for a port a wire passes through', () => {
    // The half adder's b carries the same signal as a: the wire goes through a, the first.
    const dot = toDot(netlistOf('import "circuits/half-adder.nn"\ncircuit Twice(x) -> (s, c) {\n  (s, c) = HalfAdder(x, x)\n}', 'Twice'));
    expect(dot).toContain('"input x" -> "in HalfAdder#1.a";');
    expect(dot).not.toContain('"in HalfAdder#1.b"');
    expect(dot).toContain('"in HalfAdder#1.a" -> "HalfAdder#1.carry" [label="1"];');
    expect(count(dot, '"in HalfAdder#1.a" -> "HalfAdder#1.carry"')).toBe(2);
  });

  it('draws the wires back into registers from a box and out of clusters forward, in the clock colour only where they go back', async () => {
    const built = elaborate(checkSource('import "circuits/counter.nn"').model!, 'Counter4');
    if (!built.ok) throw new Error('Counter4 did not build');
    const net = built.value;
    const boxed = toDot(net, { depth: 0 });
    expect(boxed).toContain('label="{{<i0> a[4]|<i1> inc}|Incrementer4#1\\nIncrementer4|{<o0> s[4]|<o1> cout}}"');
    for (let i = 0; i < 4; i++) {
      expect(boxed).toContain(`"register q[${i}]" -> "instance Incrementer4#1":i0:w;`);
      expect(boxed).toContain(`"instance Incrementer4#1":o0:e -> "register q[${i}]" [constraint=false, color="#D55E00"];`);
    }
    const clustered = toDot(net);
    // n[0] leaves the XOR and the half adder forward, and goes back only into the register.
    expect(clustered).toContain('"out Incrementer4#1.HalfAdder#1.sum" -> "out Incrementer4#1.s":b0:w;');
    expect(clustered).toContain('"out Incrementer4#1.s":b0:e -> "register q[0]" [constraint=false, color="#D55E00"];');
    for (const dot of [boxed, clustered]) expectWellFormedXml(await renderSvg(dot));
  });

  it('leaves pins out of drawings past DETAILED_LAYOUT_LIMIT, and counts them in the layout cost', () => {
    const big = toDot(rippleAdderNetlist(13));
    expect(big).not.toContain('newrank');
    expect(big).not.toContain('"in FullAdder#1.a"');
    // Boxes keep their fields whatever the size.
    expect(toDot(rippleAdderNetlist(13), { depth: 1 })).toContain('"instance FullAdder#13.HalfAdder#2" [shape=Mrecord');
    const net = fullAdder();
    const { instances: _, ...unknown } = net;
    // The pins (14) and the stretches of wire between them (14 more edges) cost their share.
    expect(layoutCost(net)).toBe(layoutCost(unknown) + 14 + 14);
  });
});
