// A timing diagram of a run, as hand-written SVG in the style of the plots (src/plot/svg.ts):
// one row per signal, ticks left to right, a bit as a line high or low, a bus as a band
// holding its number, with a crossing where it changes. docs/design.md says why not WaveDrom.

import { COLOURS, escapeXml, estimateTextWidth, num, svgDocument, text } from '../plot/svg.js';
import { formatValue, type Radix } from '../evaluate/ports.js';
import { plural } from '../diagnostics/words.js';

export interface WaveSignal {
  readonly name: string;
  /** null for a single bit. */
  readonly width: number | null;
  /** One value per tick. */
  readonly values: readonly (number | bigint)[];
}

export interface Waveform {
  readonly title: string;
  /** Signal groups, drawn top to bottom with a gap between: inputs, hidden, outputs. */
  readonly groups: readonly (readonly WaveSignal[])[];
  readonly ticks: number;
  readonly radix?: Radix;
}

/** Most ticks one diagram draws: past that no tick is wide enough to read. */
export const MAX_WAVEFORM_TICKS = 2000;

const ROW = 30;
const HIGH = 7;
const LOW = 23;
const NAME_FONT = 13;
const VALUE_FONT = 11;
const GAP = 10;
const HIGH_FILL = '#cfe3f3';
const BUS_FILL = '#eaf2fa';
const WAVE = COLOURS.series;

export function waveformSvg(w: Waveform): string {
  if (w.ticks > MAX_WAVEFORM_TICKS) throw new RangeError(`a waveform draws at most ${MAX_WAVEFORM_TICKS} ticks, not ${w.ticks}`);
  const radix = w.radix ?? 'dec';
  const signals = w.groups.flat();
  const label = (s: WaveSignal, x: number | bigint) => formatValue(BigInt(x), s.width, radix);
  const widestValue = Math.max(0, ...signals.filter((s) => s.width !== null).flatMap((s) => s.values.map((x) => estimateTextWidth(label(s, x), VALUE_FONT))));
  // Wide enough for bus values where that stays readable; narrower for long runs.
  const cell = Math.max(6, Math.min(Math.max(28, Math.min(widestValue + 14, 110)), 2400 / Math.max(1, w.ticks)));
  const left = 20 + Math.max(40, ...signals.map((s) => estimateTextWidth(displayName(s), NAME_FONT))) + 14;
  const top = 58;
  const groupTops: number[] = [];
  let y = top;
  for (const g of w.groups) {
    if (g.length === 0) continue;
    groupTops.push(y);
    y += g.length * ROW + GAP;
  }
  const height = y + 14;
  const width = left + w.ticks * cell + 24;
  const x = (t: number) => left + t * cell;
  const body: string[] = [];
  body.push(text(left, 26, w.title, { size: 16, weight: 'bold', cls: 'title' }));
  // Tick numbers: as many as fit without touching.
  const labelWidth = estimateTextWidth(String(Math.max(0, w.ticks - 1)), 11) + 8;
  const every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((k) => k * cell >= labelWidth) ?? 1000;
  const grid: string[] = ['<g class="grid">'];
  for (let t = 0; t <= w.ticks; t++) {
    grid.push(`<line x1="${num(x(t))}" y1="${top - 6}" x2="${num(x(t))}" y2="${num(y - GAP + 2)}" stroke="${t % every === 0 ? '#d8d8d8' : COLOURS.grid}"/>`);
    if (t < w.ticks && t % every === 0) grid.push(text(x(t) + cell / 2, top - 12, String(t), { anchor: 'middle', size: 11, fill: COLOURS.muted, cls: 'tick' }));
  }
  grid.push(text(left - 14, top - 12, 'tick', { anchor: 'end', size: 11, fill: COLOURS.muted }), '</g>');
  body.push(...grid);
  let g = 0;
  for (const group of w.groups) {
    if (group.length === 0) continue;
    group.forEach((s, i) => {
      const rowTop = groupTops[g]! + i * ROW;
      body.push(`<g class="signal">`, text(left - 14, rowTop + 19, displayName(s), { anchor: 'end', size: NAME_FONT, cls: 'name' }));
      body.push(s.width === null ? bitWave(s, rowTop, x) : busWave(s, rowTop, x, cell, (v) => label(s, v)), '</g>');
    });
    g++;
  }
  return svgDocument(width, height, `${w.title}: ${w.ticks} ${plural(w.ticks, 'tick')}`, body);
}

const displayName = (s: WaveSignal) => (s.width === null ? s.name : `${s.name}[${s.width}]`);

/** A bit: shaded where it is 1, a line that steps between low and high. */
function bitWave(s: WaveSignal, rowTop: number, x: (t: number) => number): string {
  const level = (v: number | bigint) => rowTop + (Number(v) === 1 ? HIGH : LOW);
  const shade: string[] = [];
  let path = '';
  for (let t = 0; t < s.values.length; ) {
    let end = t;
    while (end + 1 < s.values.length && s.values[end + 1] === s.values[t]) end++;
    const yv = level(s.values[t]!);
    path += `${t === 0 ? 'M' : 'L'}${num(x(t))} ${num(yv)} L${num(x(end + 1))} ${num(yv)} `;
    if (Number(s.values[t]) === 1) shade.push(`<rect x="${num(x(t))}" y="${rowTop + HIGH}" width="${num(x(end + 1) - x(t))}" height="${LOW - HIGH}" fill="${HIGH_FILL}"/>`);
    t = end + 1;
  }
  return [...shade, `<path d="${path.trim()}" fill="none" stroke="${WAVE}" stroke-width="2" stroke-linejoin="round"/>`].join('\n');
}

/** A bus: one band per run of equal values, its number inside where it fits. */
function busWave(s: WaveSignal, rowTop: number, x: (t: number) => number, cell: number, label: (v: number | bigint) => string): string {
  const parts: string[] = [];
  const mid = rowTop + (HIGH + LOW) / 2;
  const edge = Math.min(4, cell / 4);
  for (let t = 0; t < s.values.length; ) {
    let end = t;
    while (end + 1 < s.values.length && s.values[end + 1] === s.values[t]) end++;
    const a = x(t);
    const b = x(end + 1);
    const points = [[a + edge, rowTop + HIGH], [b - edge, rowTop + HIGH], [b, mid], [b - edge, rowTop + LOW], [a + edge, rowTop + LOW], [a, mid]];
    parts.push(`<polygon points="${points.map(([px, py]) => `${num(px!)},${num(py!)}`).join(' ')}" fill="${BUS_FILL}" stroke="${WAVE}" stroke-width="1.5"/>`);
    const value = label(s.values[t]!);
    if (estimateTextWidth(value, VALUE_FONT) <= b - a - 2 * edge - 2) {
      parts.push(`<text x="${num((a + b) / 2)}" y="${num(mid + 4)}" text-anchor="middle" font-size="${VALUE_FONT}" fill="${COLOURS.text}">${escapeXml(value)}</text>`);
    }
    t = end + 1;
  }
  return parts.join('\n');
}
