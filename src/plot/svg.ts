// Small hand-written SVG plotting: frames, nice ticks, axes, legends, markers.
//
// Why not a plotting library (vega-lite + vega was the candidate): our plots are three, each a
// handful of points and lines, and all they need is axes, ticks and a legend, about 300 lines
// here. vega brings a large dependency tree (~10 MB with vega-lite), renders text through a
// headless canvas to measure it, and its output changes with its version; ours is plain
// string building, so it is fast, deterministic (byte-identical for the same input, which
// the README images and tests rely on), needs no fonts at build time, and any SVG or PNG
// renderer (browsers, resvg) draws it. What we give up, interactive and declarative
// specifications, nothing in `nn plot` needs.

export const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const COLOURS = {
  one: '#D55E00',
  zero: '#0072B2',
  line: '#222222',
  grid: '#e6e6e6',
  axis: '#444444',
  text: '#222222',
  muted: '#666666',
  series: '#0072B2',
} as const;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[ch]};`);
}

/** Coordinates with at most two decimals: smaller files, same output on every machine. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A number for people to read: real minus sign, at most three significant digits. */
export function formatValue(value: number): string {
  const compact = Number.isInteger(value) ? value : Number(value.toPrecision(3));
  return minus(String(Object.is(compact, -0) ? 0 : compact));
}

function minus(text: string): string {
  return text.replace(/^-/, '\u2212');
}

export interface Ticks {
  readonly values: readonly number[];
  readonly step: number;
}

/**
 * Round tick values, 1, 2 or 5 × 10^k apart, inside [lo, hi]: the step whose tick count is
 * nearest `target`. With `integer` the step is a whole number (epochs, error counts).
 */
export function niceTicks(lo: number, hi: number, target = 6, integer = false): Ticks {
  if (!(hi > lo)) return { values: [lo], step: 1 };
  const magnitude = 10 ** Math.floor(Math.log10((hi - lo) / Math.max(1, target)));
  const candidates = [1, 2, 5, 10].map((m) => (integer ? Math.max(1, Math.round(m * magnitude)) : m * magnitude));
  const tickCount = (step: number): number => Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
  const step = candidates.reduce((best, s) => (Math.abs(tickCount(s) - target) < Math.abs(tickCount(best) - target) ? s : best));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    values.push(Number((k * step).toFixed(decimals)));
  }
  return { values, step };
}

/** A tick label: the step's decimals at most, trailing zeros dropped (0, 0.5, 1, 1.5). */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return minus(String(Number(value.toFixed(decimals))));
}

export interface Domain {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Where the data goes on the page, and the linear maps into it. */
export class Frame {
  constructor(
    readonly left: number,
    readonly top: number,
    readonly width: number,
    readonly height: number,
    readonly domain: Domain,
  ) {}

  get right(): number {
    return this.left + this.width;
  }

  get bottom(): number {
    return this.top + this.height;
  }

  x(value: number): number {
    const [lo, hi] = this.domain.x;
    return this.left + ((value - lo) / (hi - lo)) * this.width;
  }

  y(value: number): number {
    const [lo, hi] = this.domain.y;
    return this.bottom - ((value - lo) / (hi - lo)) * this.height;
  }
}

export interface AxesOptions {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: Ticks;
  readonly yTicks: Ticks;
}

/** Grid, frame, ticks, tick labels and axis labels. */
export function axes(frame: Frame, options: AxesOptions): string {
  const parts: string[] = ['<g class="axes">'];
  for (const value of options.xTicks.values) {
    const x = num(frame.x(value));
    parts.push(
      `<line x1="${x}" y1="${num(frame.top)}" x2="${x}" y2="${num(frame.bottom)}" stroke="${COLOURS.grid}"/>`,
      `<line x1="${x}" y1="${num(frame.bottom)}" x2="${x}" y2="${num(frame.bottom + 5)}" stroke="${COLOURS.axis}"/>`,
      text(frame.x(value), frame.bottom + 18, formatTick(value, options.xTicks.step), { anchor: 'middle', size: 12, cls: 'tick' }),
    );
  }
  for (const value of options.yTicks.values) {
    const y = num(frame.y(value));
    parts.push(
      `<line x1="${num(frame.left)}" y1="${y}" x2="${num(frame.right)}" y2="${y}" stroke="${COLOURS.grid}"/>`,
      `<line x1="${num(frame.left - 5)}" y1="${y}" x2="${num(frame.left)}" y2="${y}" stroke="${COLOURS.axis}"/>`,
      text(frame.left - 8, frame.y(value) + 4, formatTick(value, options.yTicks.step), { anchor: 'end', size: 12, cls: 'tick' }),
    );
  }
  parts.push(
    `<rect x="${num(frame.left)}" y="${num(frame.top)}" width="${num(frame.width)}" height="${num(frame.height)}" fill="none" stroke="${COLOURS.axis}"/>`,
    text(frame.left + frame.width / 2, frame.bottom + 42, options.xLabel, { anchor: 'middle', size: 14, cls: 'axis-label' }),
    text(frame.left - 48, frame.top + frame.height / 2, options.yLabel, {
      anchor: 'middle',
      size: 14,
      cls: 'axis-label',
      rotate: -90,
    }),
    '</g>',
  );
  return parts.join('\n');
}

export interface TextOptions {
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly size?: number;
  readonly weight?: 'bold';
  readonly fill?: string;
  readonly cls?: string;
  readonly rotate?: number;
  /** A white outline under the glyphs, so text stays legible over lines and shading. */
  readonly halo?: boolean;
}

export function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  const attributes = [`x="${num(x)}"`, `y="${num(y)}"`];
  if (options.cls !== undefined) attributes.unshift(`class="${options.cls}"`);
  if (options.anchor !== undefined && options.anchor !== 'start') attributes.push(`text-anchor="${options.anchor}"`);
  attributes.push(`font-size="${options.size ?? 12}"`);
  if (options.weight !== undefined) attributes.push(`font-weight="${options.weight}"`);
  attributes.push(`fill="${options.fill ?? COLOURS.text}"`);
  if (options.rotate !== undefined) attributes.push(`transform="rotate(${options.rotate} ${num(x)} ${num(y)})"`);
  if (options.halo === true) attributes.push('stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke"');
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

/** Title and optional subtitle, centred over the plot area. */
export function heading(frame: Frame, title: string, subtitle?: string): string {
  const centre = frame.left + frame.width / 2;
  // Centred text may not run off the left edge: a long title gets a smaller font, judged by
  // an average glyph width of 0.6 em (bold sans).
  const fit = (size: number, s: string) => Math.max(9, Math.min(size, Math.floor((2 * centre - 16) / (0.6 * s.length))));
  const lines = [text(centre, 28, title, { anchor: 'middle', size: fit(18, title), weight: 'bold', cls: 'title' })];
  if (subtitle !== undefined && subtitle !== '') {
    lines.push(text(centre, 50, subtitle, { anchor: 'middle', size: fit(13, subtitle), fill: COLOURS.muted, cls: 'subtitle' }));
  }
  return lines.join('\n');
}

export type MarkerShape = 'circle' | 'square';

export interface MarkerStyle {
  readonly shape: MarkerShape;
  readonly colour: string;
  /** Hollow markers (white inside) for the second class: a cue that survives greyscale. */
  readonly hollow?: boolean;
  readonly size?: number;
}

export function marker(x: number, y: number, style: MarkerStyle, cls = 'point'): string {
  const size = style.size ?? 7;
  const fill = style.hollow === true ? 'white' : style.colour;
  const paint = `fill="${fill}" stroke="${style.colour}" stroke-width="2"`;
  if (style.shape === 'circle') return `<circle class="${cls}" cx="${num(x)}" cy="${num(y)}" r="${num(size * 0.75)}" ${paint}/>`;
  const half = size * 0.72;
  return `<rect class="${cls}" x="${num(x - half)}" y="${num(y - half)}" width="${num(2 * half)}" height="${num(2 * half)}" ${paint}/>`;
}

export type LegendEntry =
  | { readonly kind: 'marker'; readonly label: string; readonly style: MarkerStyle }
  | { readonly kind: 'line'; readonly label: string; readonly colour: string; readonly dashed?: boolean; readonly marker?: MarkerStyle }
  | { readonly kind: 'area'; readonly label: string; readonly colour: string; readonly opacity: number }
  | { readonly kind: 'note'; readonly label: string };

const LEGEND_ROW = 22;

/** A boxed legend with its top-left corner at (x, y). */
export function legend(x: number, y: number, entries: readonly LegendEntry[]): string {
  if (entries.length === 0) return '';
  const width = Math.max(...entries.map((entry) => estimateTextWidth(entry.label, 12))) + 50;
  const height = entries.length * LEGEND_ROW + 10;
  const parts = [
    '<g class="legend">',
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" rx="4" fill="white" stroke="#cccccc"/>`,
  ];
  entries.forEach((entry, i) => {
    const cy = y + 5 + LEGEND_ROW * i + LEGEND_ROW / 2;
    parts.push(`<g class="legend-entry">`, legendKey(entry, x + 22, cy), text(x + 42, cy + 4, entry.label, { size: 12 }), '</g>');
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** Legend width to reserve for these labels. */
export function legendWidth(labels: readonly string[]): number {
  return labels.length === 0 ? 0 : Math.max(...labels.map((label) => estimateTextWidth(label, 12))) + 50;
}

function legendKey(entry: LegendEntry, cx: number, cy: number): string {
  switch (entry.kind) {
    case 'marker':
      return marker(cx, cy, entry.style, 'legend-key');
    case 'line': {
      const dash = entry.dashed === true ? ' stroke-dasharray="6 4"' : '';
      const line = `<line x1="${num(cx - 13)}" y1="${num(cy)}" x2="${num(cx + 13)}" y2="${num(cy)}" stroke="${entry.colour}" stroke-width="2"${dash}/>`;
      return entry.marker === undefined ? line : line + marker(cx, cy, entry.marker, 'legend-key');
    }
    case 'area':
      return `<rect x="${num(cx - 13)}" y="${num(cy - 7)}" width="26" height="14" fill="${entry.colour}" fill-opacity="${entry.opacity}" stroke="${entry.colour}" stroke-opacity="0.5"/>`;
    case 'note':
      return '';
  }
}

/**
 * Text width in pixels, erring wide (DejaVu Sans is what many Linux viewers substitute for
 * Helvetica, and it is the widest common sans), for sizing boxes around text we cannot measure.
 */
export function estimateTextWidth(content: string, size: number): number {
  let em = 0;
  for (const ch of content) {
    if (" il.,:;'|!I()[]".includes(ch)) em += 0.32;
    else if ('ftrj-'.includes(ch)) em += 0.42;
    else if ('mwMW=#%@≥≤·'.includes(ch)) em += 0.9;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else em += 0.62;
  }
  return em * size;
}

/** The whole document: white page, one font list, a title element for accessibility. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body.filter((part) => part !== ''),
    '</svg>',
    '',
  ].join('\n');
}
