// The pictures that explain a neuron: its decision boundary, its training curve, and the
// hidden space of a two-layer network. Pure functions from numbers to SVG strings.

import {
  axes,
  COLOURS,
  Frame,
  formatValue,
  heading,
  legend,
  legendWidth,
  marker,
  niceTicks,
  num,
  svgDocument,
  text,
  type Domain,
  type LegendEntry,
  type MarkerStyle,
} from './svg.js';
import { count, plural } from '../diagnostics/words.js';

export interface PlotPoint {
  readonly x: number;
  readonly y: number;
  /** The class the point should get: 1 where the neuron should fire. */
  readonly cls: 0 | 1;
  readonly label?: string;
}

export interface DecisionBoundaryPlot {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly weights: readonly [number, number];
  readonly bias: number;
  readonly points: readonly PlotPoint[];
}

export interface HiddenSpacePlot extends DecisionBoundaryPlot {
  /** One per input row, labelled with the row, e.g. "x=01"; several may share a place. */
  readonly points: readonly (PlotPoint & { readonly label: string })[];
}

export interface ErrorsPlot {
  readonly title: string;
  /** Misclassified rows in each epoch, first epoch first (or one per `epochsPerEntry` epochs). */
  readonly errorsPerEpoch: readonly number[];
  /** Epochs each entry stands for (a long run is thinned); 1 if absent. */
  readonly epochsPerEntry?: number;
}

/** A 2-input neuron: points coloured by class, its line w1·x + w2·y + b = 0, its firing side. */
export function plotDecisionBoundary(p: DecisionBoundaryPlot): string {
  return neuronPlot(p, 'the neuron');
}

/**
 * The hidden space of a network whose output neuron reads two hidden neurons: each input row
 * at (h1, h2), with the output neuron's line. This is where XOR becomes separable.
 */
export function plotHiddenSpace(p: HiddenSpacePlot): string {
  return neuronPlot(p, 'the output neuron');
}

const PLOT_SIZE = 400;
const MARGIN = { left: 84, top: 72, bottom: 66, gap: 28, right: 16 } as const;

const CLASS_STYLE: Record<0 | 1, MarkerStyle> = {
  1: { shape: 'circle', colour: COLOURS.one, size: 7 },
  0: { shape: 'square', colour: COLOURS.zero, hollow: true, size: 8 },
};
const FIRING_OPACITY = 0.13;

function neuronPlot(p: DecisionBoundaryPlot, whose: string): string {
  const values = [...p.weights, p.bias, ...p.points.flatMap((pt) => [pt.x, pt.y])];
  if (!values.every(Number.isFinite)) throw new RangeError(`cannot plot ${p.title}: weights, bias and points must be finite`);
  const domain = pointDomain(p.points);
  const frame = new Frame(MARGIN.left, MARGIN.top, PLOT_SIZE, PLOT_SIZE, domain);
  const f = (x: number, y: number): number => p.weights[0] * x + p.weights[1] * y + p.bias;
  const noLine = p.weights[0] === 0 && p.weights[1] === 0;
  const entries = neuronLegend(p, whose, noLine);
  const width = frame.right + MARGIN.gap + legendWidth(entries.map((e) => e.label)) + MARGIN.right;
  const height = frame.bottom + MARGIN.bottom;

  return svgDocument(width, height, p.title, [
    heading(frame, p.title, noLine ? constantSubtitle(p.bias) : equation(p)),
    firingRegion(frame, f),
    axes(frame, {
      xLabel: p.xLabel,
      yLabel: p.yLabel,
      xTicks: niceTicks(domain.x[0], domain.x[1]),
      yTicks: niceTicks(domain.y[0], domain.y[1]),
    }),
    noLine ? '' : boundaryLine(frame, f),
    points(frame, p.points),
    pointLabels(frame, p.points),
    legend(frame.right + MARGIN.gap, frame.top, entries),
  ]);
}

/** Boolean corners get the padded square [-0.5, 1.5]²; data gets its extents plus 10%. */
function pointDomain(points: readonly PlotPoint[]): Domain {
  const isBit = (v: number): boolean => v === 0 || v === 1;
  if (points.every((pt) => isBit(pt.x) && isBit(pt.y))) return { x: [-0.5, 1.5], y: [-0.5, 1.5] };
  return { x: paddedExtent(points.map((pt) => pt.x)), y: paddedExtent(points.map((pt) => pt.y)) };
}

function paddedExtent(values: readonly number[]): [number, number] {
  // Loops, not Math.min(...values): a data set can have more points than a call takes arguments.
  const lo = values.reduce((m, v) => Math.min(m, v), Infinity);
  const hi = values.reduce((m, v) => Math.max(m, v), -Infinity);
  if (hi - lo < 1e-12) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.1;
  return [lo - pad, hi + pad];
}

function neuronLegend(p: DecisionBoundaryPlot, whose: string, noLine: boolean): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const classes = new Set(p.points.map((pt) => pt.cls));
  if (classes.has(1)) entries.push({ kind: 'marker', label: 'class 1', style: CLASS_STYLE[1] });
  if (classes.has(0)) entries.push({ kind: 'marker', label: 'class 0', style: CLASS_STYLE[0] });
  if (!noLine || p.bias >= 0) {
    entries.push({ kind: 'area', label: `${whose} fires: w·x + b ≥ 0`, colour: COLOURS.one, opacity: FIRING_OPACITY });
  }
  if (noLine) entries.push({ kind: 'note', label: `no boundary: w = 0, ${p.bias >= 0 ? 'always fires' : 'never fires'}` });
  else entries.push({ kind: 'line', label: 'boundary: w·x + b = 0', colour: COLOURS.line });
  return entries;
}

/** "1·x1 + 1·x2 − 1.5 = 0", in the axes' names; zero weights are left out. */
function equation(p: DecisionBoundaryPlot): string {
  const terms: { coefficient: number; name: string }[] = [
    { coefficient: p.weights[0], name: p.xLabel },
    { coefficient: p.weights[1], name: p.yLabel },
    { coefficient: p.bias, name: '' },
  ].filter((term) => term.coefficient !== 0);
  const parts = terms.map((term, i) => {
    const magnitude = formatValue(Math.abs(term.coefficient)) + (term.name === '' ? '' : `·${term.name}`);
    if (i === 0) return term.coefficient < 0 ? `\u2212${magnitude}` : magnitude;
    return `${term.coefficient < 0 ? '\u2212' : '+'} ${magnitude}`;
  });
  return `boundary: ${parts.join(' ')} = 0`;
}

function constantSubtitle(bias: number): string {
  const b = formatValue(bias);
  return bias >= 0 ? `w = 0: fires everywhere (b = ${b} ≥ 0)` : `w = 0: never fires (b = ${b} < 0)`;
}

interface Point2 {
  readonly x: number;
  readonly y: number;
}

/** The firing half-plane clipped to the plot area (Sutherland–Hodgman, one clip edge). */
function firingRegion(frame: Frame, f: (x: number, y: number) => number): string {
  const polygon = clipToHalfPlane(domainCorners(frame.domain), f);
  if (polygon.length < 3) return '';
  const pointsAttr = polygon.map((pt) => `${num(frame.x(pt.x))},${num(frame.y(pt.y))}`).join(' ');
  return `<polygon class="firing-region" points="${pointsAttr}" fill="${COLOURS.one}" fill-opacity="${FIRING_OPACITY}"/>`;
}

function domainCorners(domain: Domain): Point2[] {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ];
}

function clipToHalfPlane(polygon: readonly Point2[], f: (x: number, y: number) => number): Point2[] {
  const out: Point2[] = [];
  polygon.forEach((a, i) => {
    const b = polygon[(i + 1) % polygon.length]!;
    const fa = f(a.x, a.y);
    const fb = f(b.x, b.y);
    if (fa >= 0) out.push(a);
    if ((fa >= 0) !== (fb >= 0)) out.push(lerp(a, b, fa / (fa - fb)));
  });
  return out;
}

function lerp(a: Point2, b: Point2, t: number): Point2 {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** The line f = 0 from border to border of the plot area (vertical when w2 = 0). */
function boundaryLine(frame: Frame, f: (x: number, y: number) => number): string {
  const corners = domainCorners(frame.domain);
  const crossings: Point2[] = [];
  corners.forEach((a, i) => {
    const b = corners[(i + 1) % corners.length]!;
    const fa = f(a.x, a.y);
    const fb = f(b.x, b.y);
    if (fa === 0) crossings.push(a);
    else if ((fa > 0) !== (fb > 0) && fb !== 0) crossings.push(lerp(a, b, fa / (fa - fb)));
  });
  const [start, end] = farthestPair(crossings);
  if (start === undefined || end === undefined) return '';
  return `<line class="boundary" x1="${num(frame.x(start.x))}" y1="${num(frame.y(start.y))}" x2="${num(frame.x(end.x))}" y2="${num(frame.y(end.y))}" stroke="${COLOURS.line}" stroke-width="2.5"/>`;
}

function farthestPair(candidates: readonly Point2[]): [Point2?, Point2?] {
  let best: [Point2?, Point2?] = [];
  let bestDistance = 0;
  for (const a of candidates) {
    for (const b of candidates) {
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (distance > bestDistance) {
        bestDistance = distance;
        best = [a, b];
      }
    }
  }
  return best;
}

/** Class-0 squares first, so a class-1 circle at the same place stays visible on top. */
function points(frame: Frame, pts: readonly PlotPoint[]): string {
  const ordered = [...pts].sort((a, b) => a.cls - b.cls);
  return ['<g class="points">', ...ordered.map((pt) => marker(frame.x(pt.x), frame.y(pt.y), CLASS_STYLE[pt.cls])), '</g>'].join('\n');
}

const LABEL_LINE = 15;

/**
 * Labels beside their points; points drawn at the same place (several input rows with the
 * same hidden values) get their labels stacked in one column instead of printed over each other.
 */
function pointLabels(frame: Frame, pts: readonly PlotPoint[]): string {
  const groups = new Map<string, { x: number; y: number; labels: string[] }>();
  for (const pt of pts) {
    if (pt.label === undefined || pt.label === '') continue;
    const x = frame.x(pt.x);
    const y = frame.y(pt.y);
    const key = `${Math.round(x)},${Math.round(y)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { x, y, labels: [pt.label] });
    else group.labels.push(pt.label);
  }
  const parts = ['<g class="point-labels">'];
  for (const { x, y, labels } of groups.values()) {
    // Labels go right of the point, or left of it in the right third, to stay on the plot.
    const toRight = x < frame.left + frame.width * 0.67;
    const lx = toRight ? x + 11 : x - 11;
    const stack = labels.length * LABEL_LINE;
    const first = clamp(y - stack / 2 + LABEL_LINE - 3, frame.top + LABEL_LINE, frame.bottom - stack + LABEL_LINE - 4);
    labels.forEach((label, i) => {
      parts.push(text(lx, first + i * LABEL_LINE, label, { anchor: toRight ? 'start' : 'end', size: 12, halo: true, cls: 'point-label' }));
    });
  }
  parts.push('</g>');
  return parts.join('\n');
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), Math.max(lo, hi));
}

const ERRORS_FRAME = { width: 520, height: 300 } as const;
/** Beyond this many epochs markers merge into a thick line; the line alone reads better. */
const MAX_MARKED_EPOCHS = 100;

/** The training curve: misclassified rows per epoch, with integer ticks on both axes. */
export function plotErrors(p: ErrorsPlot): string {
  const errors = p.errorsPerEpoch;
  if (!errors.every((e) => Number.isFinite(e) && e >= 0)) throw new RangeError(`cannot plot ${p.title}: error counts must be finite and >= 0`);
  const per = p.epochsPerEntry ?? 1;
  const n = errors.length * per;
  const maxErrors = errors.reduce((m, e) => Math.max(m, e), 1);
  const domain: Domain = { x: [0.5, Math.max(1, n) + 0.5], y: [0, maxErrors * 1.08] };
  const frame = new Frame(MARGIN.left, MARGIN.top, ERRORS_FRAME.width, ERRORS_FRAME.height, domain);
  const series: LegendEntry = {
    kind: 'line',
    label: 'errors per epoch',
    colour: COLOURS.series,
    ...(n <= MAX_MARKED_EPOCHS && { marker: { shape: 'circle', colour: COLOURS.series, size: 5 } }),
  };
  const width = frame.right + MARGIN.gap + legendWidth([series.label]) + MARGIN.right;

  return svgDocument(width, frame.bottom + MARGIN.bottom, p.title, [
    heading(frame, p.title, trainingSummary(errors, n)),
    axes(frame, {
      xLabel: 'epoch',
      yLabel: 'errors',
      xTicks: niceTicks(1, Math.max(1, n), 10, true),
      yTicks: niceTicks(0, maxErrors, 6, true),
    }),
    errorSeries(frame, errors, per),
    n === 0 ? text(frame.left + frame.width / 2, frame.top + frame.height / 2, 'no epochs recorded', { anchor: 'middle', size: 14, fill: COLOURS.muted }) : '',
    legend(frame.right + MARGIN.gap, frame.top, [series]),
  ]);
}

function trainingSummary(errors: readonly number[], n: number): string {
  if (n === 0) return '';
  const epochs = count(n, 'epoch');
  const last = errors[n - 1]!;
  return last === 0 ? `no errors after ${epochs}` : `${last} ${plural(last, 'error')} left after ${epochs}`;
}

function errorSeries(frame: Frame, errors: readonly number[], per: number): string {
  if (errors.length === 0) return '';
  const coords = errors.map((e, i) => ({ x: frame.x((i + 1) * per), y: frame.y(e) }));
  const parts = [
    '<g class="series">',
    `<polyline points="${coords.map((c) => `${num(c.x)},${num(c.y)}`).join(' ')}" fill="none" stroke="${COLOURS.series}" stroke-width="2" stroke-linejoin="round"/>`,
  ];
  if (errors.length <= MAX_MARKED_EPOCHS) {
    for (const c of coords) parts.push(marker(c.x, c.y, { shape: 'circle', colour: COLOURS.series, size: 5 }));
  }
  parts.push('</g>');
  return parts.join('\n');
}
