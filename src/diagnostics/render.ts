// The one renderer for diagnostics: `file:line:col: error[code]: message`, the source line,
// a caret under the span, then the hint and notes.

import type { Diagnostic, Note, Span } from './diagnostic.js';
import { escapeControl, MAX_QUOTE, shorten, SURROGATE_PAIR } from './text.js';

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

// A few files' line tables, keyed by the text: V8 caches a string's hash, and a key that is
// the very string looked up compares at once. An equal text read again (a second run in one
// process) compares in full, so a hit re-keys the table by the string it was asked for.
interface LineTable {
  /** Offset of each line's first character. */
  readonly starts: number[];
  /** Offsets of the first halves of surrogate pairs: characters that take two UTF-16 units. */
  readonly pairs: number[];
}

const lineTableCache = new Map<string, LineTable>();

function lineTable(text: string): LineTable {
  let table = lineTableCache.get(text);
  if (table) {
    lineTableCache.delete(text);
    lineTableCache.set(text, table);
  } else {
    table = { starts: lineStarts(text), pairs: pairStarts(text) };
    if (lineTableCache.size >= 16) lineTableCache.clear();
    lineTableCache.set(text, table);
  }
  return table;
}

// Both found by the string's own searches, which pass over a megabyte in a fraction of the
// time a loop over its characters takes.
const LINE_BREAK = /\r\n?|\n/g;

/** Lines end at \n, \r\n or a lone \r, as the grammar's newline does. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index + m[0].length);
  return starts;
}

function pairStarts(text: string): number[] {
  const pairs: number[] = [];
  if (text.search(SURROGATE_PAIR) < 0) return pairs;
  for (const m of text.matchAll(SURROGATE_PAIR)) pairs.push(m.index);
  return pairs;
}

/** The number of entries of the sorted `xs` below `x`. */
function countBelow(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineIndexAt(text: string, offset: number): number {
  return countBelow(lineTable(text).starts, offset + 1) - 1;
}

/** Characters (code points) from `from` to `to`: a pair counts once when both halves are in. */
function codePointsBetween(text: string, from: number, to: number): number {
  const { pairs } = lineTable(text);
  return to - from - (countBelow(pairs, to - 1) - countBelow(pairs, from));
}

/** Line and column of an offset, in time logarithmic in the text's length (after a first scan). */
export function positionOf(text: string, offset: number): Position {
  const line = lineIndexAt(text, offset);
  const start = lineTable(text).starts[line]!;
  return { line: line + 1, column: codePointsBetween(text, start, offset) + 1 };
}

/** Where line `line` (1-based) starts and ends, without its line break. */
function lineBounds(text: string, line: number): { start: number; end: number } {
  const { starts } = lineTable(text);
  const start = starts[line - 1]!;
  let end = line < starts.length ? starts[line]! : text.length;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** The offset `count` characters (code points) on from `offset`, stopping at `limit`. */
function forward(text: string, offset: number, count: number, limit: number): number {
  let at = offset;
  for (let k = 0; k < count && at < limit; k++) {
    const c = text.charCodeAt(at);
    at += c >= 0xd800 && c < 0xdc00 && at + 1 < limit && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return at;
}

/** The offset `count` characters (code points) back from `offset`, stopping at `limit`. */
function backward(text: string, offset: number, count: number, limit: number): number {
  let at = offset;
  for (let k = 0; k < count && at > limit; k++) {
    const c = text.charCodeAt(at - 1);
    at -= (c & 0xfc00) === 0xdc00 && at - 1 > limit && (text.charCodeAt(at - 2) & 0xfc00) === 0xd800 ? 2 : 1;
  }
  return at;
}

const STYLES = { error: '31;1', warning: '33;1', note: '36;1', hint: '32;1', bold: '1', dim: '2' } as const;

export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const paint = (style: keyof typeof STYLES, s: string) =>
    options.color ? `\x1b[${STYLES[style]}m${s}\x1b[0m` : s;
  const out: string[] = [];
  const where = d.span ? `${location(d.span, options)}: ` : '';
  out.push(`${paint('bold', where)}${paint(d.severity, `${d.severity}[${safe(d.code)}]`)}${paint('bold', `: ${safe(d.message)}`)}`);
  if (d.span) out.push(...excerpt(d.span, options, paint));
  if (d.hint) out.push(`  ${paint('hint', '= hint:')} ${safe(d.hint)}`);
  for (const note of d.notes ?? []) out.push(...renderNote(note, options, paint));
  return out.join('\n');
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  return diagnostics.map((d) => renderDiagnostic(d, options) + '\n').join('\n');
}

function renderNote(note: Note, options: RenderOptions, paint: (s: keyof typeof STYLES, t: string) => string): string[] {
  if (!note.span) return [`  ${paint('note', '= note:')} ${safe(note.message)}`];
  return [`  ${paint('note', '= note:')} ${location(note.span, options)}: ${safe(note.message)}`, ...excerpt(note.span, options, paint)];
}

/** Longest run without a space, and longest text, that a message, hint or note shows. */
const MAX_WORD = 200;
const MAX_TEXT = 4000;
const LONG_WORD = new RegExp(`\\S{${MAX_WORD + 1},}`, 'g');

/**
 * A message, hint, note or file name as printed: on one line, every control character
 * escaped, and bounded however much file content it quotes. This is the last line of
 * defence: diagnostics that quote a file should shorten what they quote themselves.
 */
export function safe(text: string): string {
  let bounded = text.length > MAX_WORD ? text.replace(LONG_WORD, (word) => shorten(word, MAX_QUOTE)) : text;
  if (bounded.length > MAX_TEXT) bounded = shorten(bounded, MAX_TEXT);
  return escapeControl(bounded, { lineBreaks: false });
}

function location(span: Span, options: RenderOptions): string {
  const text = options.source(span.file);
  if (text === undefined) return safe(span.file);
  const { line, column } = positionOf(text, Math.min(span.start, text.length));
  return `${safe(span.file)}:${line}:${column}`;
}

/**
 * The source line under a diagnostic, with a caret under the span. A long line is shown as a
 * window around the span, found from offsets: the work per diagnostic does not grow with the
 * line, so 9,000 diagnostics on one long line take no longer than on short ones.
 */
function excerpt(span: Span, options: RenderOptions, paint: (s: keyof typeof STYLES, t: string) => string): string[] {
  const text = options.source(span.file);
  if (text === undefined) return [];
  const start = Math.min(span.start, text.length);
  const { line, column } = positionOf(text, start);
  const bounds = lineBounds(text, line);
  const at = Math.min(start, bounds.end);
  const lineLength = codePointsBetween(text, bounds.start, bounds.end);
  // The caret runs to the span's end or the end of the line, whichever is first; at least one.
  const end = positionOf(text, Math.min(span.end, text.length));
  const endColumn = end.line === line ? end.column : lineLength + 1;
  // Columns (code points) of the window shown, then its offsets.
  const from = lineLength > WIDTH && column > WINDOW_BEFORE ? column - 1 - WINDOW_BEFORE : 0;
  const to = Math.min(lineLength, from + WIDTH);
  const fromOffset = from === 0 ? bounds.start : backward(text, at, codePointsBetween(text, bounds.start, at) - from, bounds.start);
  const toOffset = forward(text, fromOffset, to - from, bounds.end);
  const shown = (from > 0 ? '…' : '') + sanitize(text.slice(fromOffset, toOffset)) + (to < lineLength ? '…' : '');
  const width = Math.max(1, Math.min(endColumn, to + 1) - column);
  // Reproduce tabs so the caret lines up under the same characters in any terminal.
  const pad = (from > 0 ? ' ' : '') + [...text.slice(fromOffset, at)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const gutter = String(line).length;
  const bar = paint('dim', `${' '.repeat(gutter + 2)}|`);
  return [
    `${paint('dim', ` ${line} |`)} ${shown}`,
    `${bar} ${pad}${paint('error', '^' + '~'.repeat(width - 1))}`,
  ];
}

/** Longest source excerpt shown, and how much of it comes before the caret on a long line. */
const WIDTH = 160;
const WINDOW_BEFORE = 60;

/**
 * Control characters in a garbage file must not drive the terminal. In an excerpt each
 * becomes one replacement character, so the caret stays under the right column.
 */
function sanitize(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
