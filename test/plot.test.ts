// Plots: structure of the SVG (well-formed, title, axes, legend, points, lines), the tick
// arithmetic, and the geometry of boundaries and half-planes. Structure, not pixels.

import { describe, expect, it, vi } from 'vitest';
import { expectWellFormedXml } from './xml.js';
import { plotDecisionBoundary, plotErrors, plotHiddenSpace, type PlotPoint } from '../src/plot/plots.js';
import { escapeXml, formatTick, formatValue, niceTicks } from '../src/plot/svg.js';

const count = (text: string, needle: string): number => text.split(needle).length - 1;

interface TextElement {
  readonly cls: string | undefined;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

function texts(svg: string): TextElement[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    cls: /class="([^"]*)"/.exec(m[1]!)?.[1],
    x: Number(/ x="([^"]*)"/.exec(m[1]!)?.[1]),
    y: Number(/ y="([^"]*)"/.exec(m[1]!)?.[1]),
    text: m[2]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  }));
}

const textsOf = (svg: string, cls: string): string[] =>
  texts(svg)
    .filter((t) => t.cls === cls)
    .map((t) => t.text);

function boundary(svg: string): { x1: number; y1: number; x2: number; y2: number } | undefined {
  const m = /<line class="boundary" x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)"/.exec(svg);
  return m ? { x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]) } : undefined;
}

const corners = (f: (x: number, y: number) => 0 | 1): PlotPoint[] =>
  [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ].map(([x, y]) => ({ x: x!, y: y!, cls: f(x!, y!), label: `(${x},${y})` }));

const andPlot = () =>
  plotDecisionBoundary({
    title: 'AND',
    xLabel: 'x1',
    yLabel: 'x2',
    weights: [1, 1],
    bias: -1.5,
    points: corners((x, y) => (x & y) as 0 | 1),
  });

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k and stays inside the range', () => {
    expect(niceTicks(-0.5, 1.5).values).toEqual([-0.5, 0, 0.5, 1, 1.5]);
    expect(niceTicks(0.41, 7.49).values).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(niceTicks(0, 0.0012).values).toEqual([0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001, 0.0012]);
    expect(niceTicks(-30, 130).values).toEqual([-20, 0, 20, 40, 60, 80, 100, 120]);
    expect(niceTicks(3, 3).values).toEqual([3]);
  });

  it('gives whole-number steps when asked', () => {
    expect(niceTicks(0, 3, 6, true)).toEqual({ values: [0, 1, 2, 3], step: 1 });
    expect(niceTicks(1, 250, 10, true).values).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240]);
  });

  it('formats ticks and values with a real minus sign', () => {
    expect(formatTick(-0.5, 0.5)).toBe('\u22120.5');
    expect(formatTick(1, 0.5)).toBe('1');
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatValue(-1.23456)).toBe('\u22121.23');
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });
});

describe('plotDecisionBoundary', () => {
  it('has a title, axis labels, tick labels, a legend and one marker per point', () => {
    const svg = andPlot();
    expectWellFormedXml(svg);
    expect(textsOf(svg, 'title')).toEqual(['AND']);
    expect(textsOf(svg, 'subtitle')).toEqual(['boundary: 1·x1 + 1·x2 \u2212 1.5 = 0']);
    expect(textsOf(svg, 'axis-label')).toEqual(['x1', 'x2']);
    expect(textsOf(svg, 'tick')).toEqual(['\u22120.5', '0', '0.5', '1', '1.5', '\u22120.5', '0', '0.5', '1', '1.5']);
    expect(count(svg, 'class="legend"')).toBe(1);
    expect(count(svg, 'class="legend-entry"')).toBe(4);
    expect(svg).toContain('class 1');
    expect(svg).toContain('w·x + b ≥ 0');
    expect(count(svg, 'class="point"')).toBe(4);
    expect(textsOf(svg, 'point-label').sort()).toEqual(['(0,0)', '(0,1)', '(1,0)', '(1,1)']);
  });

  it('draws both classes apart by shape as well as colour', () => {
    const svg = andPlot();
    expect(count(svg, '<circle class="point"')).toBe(1); // class 1: (1,1)
    expect(count(svg, '<rect class="point"')).toBe(3); // class 0
  });

  it('draws the line from border to border and shades the side where the neuron fires', () => {
    const svg = andPlot();
    const line = boundary(svg)!;
    // Domain [-0.5, 1.5]² on a 400 px square from (84, 72): x1 + x2 = 1.5 runs from (0, 1.5) to (1.5, 0).
    expect([line.x1, line.y1, line.x2, line.y2].sort((a, b) => a - b)).toEqual([72, 184, 372, 484].sort((a, b) => a - b));
    const region = /<polygon class="firing-region" points="([^"]+)"/.exec(svg)![1]!;
    // A triangle: the two ends of the line and the top-right corner (1.5, 1.5).
    expect(region.split(' ').sort()).toEqual(['184,72', '484,372', '484,72'].sort());
  });

  it('handles a vertical line (w2 = 0)', () => {
    const svg = plotDecisionBoundary({
      title: 'x1',
      xLabel: 'x1',
      yLabel: 'x2',
      weights: [2, 0],
      bias: -1,
      points: corners((x) => x as 0 | 1),
    });
    const line = boundary(svg)!;
    expect(line.x1).toBe(line.x2);
    expect(line.x1).toBe(84 + 200); // x1 = 0.5 is the middle of [-0.5, 1.5]
    expect(Math.abs(line.y1 - line.y2)).toBe(400);
    expect(textsOf(svg, 'subtitle')).toEqual(['boundary: 2·x1 \u2212 1 = 0']);
  });

  it('says so when w = 0: no line, the whole plane fires or none of it', () => {
    const always = plotDecisionBoundary({ title: 'on', xLabel: 'x1', yLabel: 'x2', weights: [0, 0], bias: 1, points: corners(() => 1) });
    expect(boundary(always)).toBeUndefined();
    expect(textsOf(always, 'subtitle')).toEqual(['w = 0: fires everywhere (b = 1 ≥ 0)']);
    expect(always).toContain('no boundary: w = 0, always fires');
    expect(always).toContain('class="firing-region"');

    const never = plotDecisionBoundary({ title: 'off', xLabel: 'x1', yLabel: 'x2', weights: [0, 0], bias: -1, points: corners(() => 0) });
    expect(boundary(never)).toBeUndefined();
    expect(textsOf(never, 'subtitle')).toEqual(['w = 0: never fires (b = \u22121 < 0)']);
    expect(never).not.toContain('class="firing-region"');
  });

  it('fits the axes to data points, and escapes text', () => {
    const points: PlotPoint[] = Array.from({ length: 30 }, (_, i) => ({ x: 1 + i * 0.2, y: 0.1 + (i % 5) * 0.3, cls: i < 15 ? 1 : 0 }));
    const svg = plotDecisionBoundary({
      title: 'Iris <setosa> & "versicolor"',
      xLabel: 'petal_length',
      yLabel: 'petal_width',
      weights: [-0.9, -1.3],
      bias: 4.1,
      points,
    });
    expectWellFormedXml(svg);
    expect(svg).toContain('Iris &lt;setosa&gt; &amp; &quot;versicolor&quot;');
    expect(textsOf(svg, 'title')).toEqual(['Iris <setosa> & "versicolor"']);
    expect(count(svg, 'class="point"')).toBe(30);
    const xTicks = textsOf(svg, 'tick').slice(0, 7).map(Number);
    expect(xTicks).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(textsOf(svg, 'axis-label')).toEqual(['petal_length', 'petal_width']);
    expect(boundary(svg)).toBeDefined();
  });

  it('rejects numbers it cannot draw', () => {
    expect(() => plotDecisionBoundary({ title: 't', xLabel: 'x', yLabel: 'y', weights: [NaN, 1], bias: 0, points: [] })).toThrow(
      RangeError,
    );
  });

  it('depends only on its figure: not on the clock, Math.random or plots drawn before', () => {
    const first = andPlot();
    vi.useFakeTimers({ now: new Date('2001-02-03T04:05:06Z') });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      plotHiddenSpace({
        title: 'other',
        xLabel: 'p',
        yLabel: 'q',
        weights: [2, -1],
        bias: 0.5,
        points: [{ x: 0, y: 1, cls: 1, label: 'r' }],
      });
      plotErrors({ title: 'errors', errorsPerEpoch: [3, 2, 0] });
      expect(andPlot()).toBe(first);
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe('plotHiddenSpace', () => {
  // XOR through h1 = OR, h2 = NAND: rows 01 and 10 both land on (1, 1).
  const hidden = () =>
    plotHiddenSpace({
      title: 'XOR: hidden space',
      xLabel: 'h1',
      yLabel: 'h2',
      weights: [1, 1],
      bias: -2,
      points: [
        { x: 0, y: 1, cls: 0, label: 'x=00' },
        { x: 1, y: 1, cls: 1, label: 'x=01' },
        { x: 1, y: 1, cls: 1, label: 'x=10' },
        { x: 1, y: 0, cls: 0, label: 'x=11' },
      ],
    });

  it('draws one point per input row, labelled, and the output neuron’s line', () => {
    const svg = hidden();
    expectWellFormedXml(svg);
    expect(textsOf(svg, 'title')).toEqual(['XOR: hidden space']);
    expect(textsOf(svg, 'axis-label')).toEqual(['h1', 'h2']);
    expect(count(svg, 'class="point"')).toBe(4);
    expect(textsOf(svg, 'point-label').sort()).toEqual(['x=00', 'x=01', 'x=10', 'x=11']);
    expect(boundary(svg)).toBeDefined();
    expect(svg).toContain('the output neuron fires');
  });

  it('stacks the labels of points that share a place instead of overprinting them', () => {
    const labels = texts(hidden()).filter((t) => t.cls === 'point-label');
    const a = labels.find((t) => t.text === 'x=01')!;
    const b = labels.find((t) => t.text === 'x=10')!;
    expect(a.x).toBe(b.x);
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(12);
  });
});

describe('plotErrors', () => {
  it('draws the training curve with a marker per epoch and integer ticks', () => {
    const errors = [3, 2, 2, 1, 2, 1, 1, 0];
    const svg = plotErrors({ title: 'Training AND', errorsPerEpoch: errors });
    expectWellFormedXml(svg);
    expect(textsOf(svg, 'title')).toEqual(['Training AND']);
    expect(textsOf(svg, 'subtitle')).toEqual(['no errors after 8 epochs']);
    expect(textsOf(svg, 'axis-label')).toEqual(['epoch', 'errors']);
    expect(textsOf(svg, 'tick')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '0', '1', '2', '3']);
    expect(count(svg, 'class="point"')).toBe(errors.length);
    expect(count(svg, '<polyline')).toBe(1);
    expect(count(svg, 'class="legend"')).toBe(1);
    expect(svg).toContain('errors per epoch');
  });

  it('drops markers on long runs and says when training did not converge', () => {
    const svg = plotErrors({ title: 'XOR', errorsPerEpoch: Array.from({ length: 500 }, (_, i) => 1 + (i % 3)) });
    expect(count(svg, 'class="point"')).toBe(0);
    expect(textsOf(svg, 'subtitle')).toEqual(['2 errors left after 500 epochs']);
    expect(textsOf(svg, 'tick').every((t) => /^\d+$/.test(t))).toBe(true);
  });

  it('draws an empty frame for no epochs', () => {
    const svg = plotErrors({ title: 'none', errorsPerEpoch: [] });
    expectWellFormedXml(svg);
    expect(svg).toContain('no epochs recorded');
  });
});

// ---------------------------------------------------------------------------------------------
// Figures from real files: what nn plot draws for a neuron and for XOR's hidden space.

import { decisionBoundaryFigure, hiddenSpaceFigure } from '../src/plot/figures.js';
import { checkSource, compileSource } from './helpers.js';

describe('figures from circuits', () => {
  it('a 2-input neuron: the four corners, coloured by its output', () => {
    const model = checkSource('import "circuits/gates.nn"').model!;
    const and = model.parts.get('AND');
    if (and?.kind !== 'neuron') throw new Error('AND');
    const figure = decisionBoundaryFigure(and, and.given!);
    expect(figure).toMatchObject({ xLabel: 'x1', yLabel: 'x2', weights: [1, 1], bias: -2 });
    expect(figure.points.map((p) => [p.x, p.y, p.cls])).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]);
  });

  it("XOR's hidden space: each input row at (h1, h2), classed by y, with y's line", () => {
    const { engine } = compileSource('import "circuits/xor.nn"', 'XOR');
    const figure = hiddenSpaceFigure(engine)!;
    expect(figure).toMatchObject({ xLabel: 'h1', yLabel: 'h2', weights: [1, 1], bias: -2 });
    expect(figure.points.map((p) => [p.label, p.x, p.y, p.cls])).toEqual([
      ['x = (0, 0)', 0, 1, 0],
      ['x = (0, 1)', 1, 1, 1],
      ['x = (1, 0)', 1, 1, 1],
      ['x = (1, 1)', 1, 0, 0],
    ]);
    const svg = plotHiddenSpace(figure);
    expect(svg).toContain('x = (0, 1)');
  });

  it('no hidden space for a circuit whose output is not a 2-input neuron', () => {
    const { engine } = compileSource('import "circuits/half-adder.nn"', 'HalfAdder');
    expect(hiddenSpaceFigure(engine)).toBeUndefined();
  });
});
