// The one renderer for diagnostics: `file:line:col: error[code]: message`, the source line,
// a caret under the span, then the hint and notes.

import type { Diagnostic, Note, Span } from './diagnostic.js';

export interface RenderOptions {
  /** The text of a file named in a span, when we have it. */
  readonly source: (file: string) => string | undefined;
  readonly color?: boolean;
}

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters (code points) of the line. */
  readonly column: number;
}

// A few files' line tables; V8 caches a string's hash, so keying by the text is cheap.
const lineStartsCache = new Map<string, number[]>();

function lineStarts(text: string): number[] {
  let starts = lineStartsCache.get(text);
  if (!starts) {
    starts = [0];
    // Lines end at \n, \r\n or a lone \r, as the grammar's newline does.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    if (lineStartsCache.size >= 16) lineStartsCache.clear();
    lineStartsCache.set(text, starts);
  }
  return starts;
}

function lineIndexAt(text: string, offset: number): number {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function positionOf(text: string, offset: number): Position {
  const line = lineIndexAt(text, offset);
  const start = lineStarts(text)[line]!;
  return { line: line + 1, column: [...text.slice(start, offset)].length + 1 };
}

function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  const start = starts[line - 1]!;
  const end = line < starts.length ? starts[line]! - 1 : text.length;
  return text.slice(start, end).replace(/[\r\n]+$/, '');
}

const STYLES = { error: '31;1', warning: '33;1', note: '36;1', hint: '32;1', bold: '1', dim: '2' } as const;

export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const paint = (style: keyof typeof STYLES, s: string) =>
    options.color ? `\x1b[${STYLES[style]}m${s}\x1b[0m` : s;
  const out: string[] = [];
  const where = d.span ? `${location(d.span, options)}: ` : '';
  out.push(`${paint('bold', where)}${paint(d.severity, `${d.severity}[${d.code}]`)}${paint('bold', `: ${d.message}`)}`);
  if (d.span) out.push(...excerpt(d.span, options, paint));
  if (d.hint) out.push(`  ${paint('hint', '= hint:')} ${d.hint}`);
  for (const note of d.notes ?? []) out.push(...renderNote(note, options, paint));
  return out.join('\n');
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  return diagnostics.map((d) => renderDiagnostic(d, options) + '\n').join('\n');
}

function renderNote(note: Note, options: RenderOptions, paint: (s: keyof typeof STYLES, t: string) => string): string[] {
  if (!note.span) return [`  ${paint('note', '= note:')} ${note.message}`];
  return [`  ${paint('note', '= note:')} ${location(note.span, options)}: ${note.message}`, ...excerpt(note.span, options, paint)];
}

function location(span: Span, options: RenderOptions): string {
  const text = options.source(span.file);
  if (text === undefined) return span.file;
  const { line, column } = positionOf(text, Math.min(span.start, text.length));
  return `${span.file}:${line}:${column}`;
}

function excerpt(span: Span, options: RenderOptions, paint: (s: keyof typeof STYLES, t: string) => string): string[] {
  const text = options.source(span.file);
  if (text === undefined) return [];
  const start = Math.min(span.start, text.length);
  const { line, column } = positionOf(text, start);
  const source = lineText(text, line);
  const chars = [...source];
  // The caret runs to the span's end or the end of the line, whichever is first; at least one.
  const end = positionOf(text, Math.min(span.end, text.length));
  const endColumn = end.line === line ? end.column : chars.length + 1;
  // A long line is shown as a window around the span, so the caret stays under what is shown.
  const from = chars.length > WIDTH && column > WINDOW_BEFORE ? column - 1 - WINDOW_BEFORE : 0;
  const to = Math.min(chars.length, from + WIDTH);
  const shown = (from > 0 ? '…' : '') + chars.slice(from, to).join('') + (to < chars.length ? '…' : '');
  const width = Math.max(1, Math.min(endColumn, to + 1) - column);
  // Reproduce tabs so the caret lines up under the same characters in any terminal.
  const pad = (from > 0 ? ' ' : '') + chars.slice(from, column - 1).map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const gutter = String(line).length;
  const bar = paint('dim', `${' '.repeat(gutter + 2)}|`);
  return [
    `${paint('dim', ` ${line} |`)} ${sanitize(shown)}`,
    `${bar} ${pad}${paint('error', '^' + '~'.repeat(width - 1))}`,
  ];
}

/** Longest source excerpt shown, and how much of it comes before the caret on a long line. */
const WIDTH = 160;
const WINDOW_BEFORE = 60;

/** Control characters in a garbage file must not drive the terminal. */
function sanitize(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '\ufffd');
}
