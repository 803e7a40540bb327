// Syntax errors, always as the full grammar finds them, on a text of bounded length: the
// declaration's reduced text with the well-formed stretches before the failing piece left out
// (table rows, statements, list items: all but the first and the one right before the
// failure), and cut some way after it. The grammar reaches the failing piece as it would in
// place, after the same piece, and what comes after the cut is never looked at: the failure
// is found well before it, or the cut is moved further out. Never reads Ohm's message string.

import type { FailedMatchResult } from 'ohm-js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { reduce, type Reduced } from './reduce.js';
import { grammar } from './semantics.js';
import { Piece, type Part } from './shape-cache.js';
import { isNameChar, KEYWORDS, RESERVED, skipBlank, startsDeclaration, tokenEnd, wordAt, type Range } from './split.js';

/** How close to the end of the text a failure may be before the text is taken further. */
const MARGIN = 16;

/**
 * The syntax error in the declaration at `chunk` (source offsets) whose reduced text is `r`:
 * the first piece that failed starts at `unit`, and the stretches `good` before it are well
 * formed. Undefined if the grammar accepts the declaration after all.
 */
export function syntaxError(r: Reduced, chunk: { start: number; end: number }, good: readonly Range[], unit: number): Diagnostic | undefined {
  const omit = disjoint(good.filter((g) => g.to <= unit && g.to > g.from));
  let reduced = r;
  let length = 512;
  let beyond = 0;
  for (;;) {
    const cut = Math.min(reduced.text.length, unit + length);
    const parts: Part[] = [];
    let from = 0;
    for (const g of omit) {
      parts.push({ from, to: g.from });
      from = g.to;
    }
    parts.push({ from, to: cut });
    const piece = new Piece(reduced, parts);
    const failure = failureOf(piece.text);
    const moreText = cut < reduced.text.length;
    const moreFile = reduced.at[reduced.text.length]! < r.source.length;
    const nearEnd = failure !== null && failure.at >= piece.text.length - MARGIN;
    if (moreText && (failure === null || nearEnd)) {
      length *= 4;
      continue;
    }
    if (failure === null) {
      lastFailed = undefined;
      return undefined;
    }
    if (nearEnd && moreFile) {
      // The declaration may be cut short by the next one: read on into it.
      beyond = beyond === 0 ? 256 : beyond * 4;
      reduced = reduce(r.source, r.file, chunk.start, Math.min(r.source.length, chunk.end + beyond));
      continue;
    }
    return describeAt(piece, failure.at, expectedAt(piece.text, failure));
  }
}

/**
 * Where the grammar fails on a text, and what it expected there once that was asked for
 * (expectedAt): a text read further is matched again, and only the last one's expectations,
 * which take Ohm a second match to record, are needed.
 */
interface Found {
  readonly at: number;
  expected?: string;
}

// Broken declarations of one shape fail alike: their error texts are matched once.
const failures = new Map<string, Found | null>();

/** The last failed match, for its expectations: let go when they are read, or the error found. */
let lastFailed: { readonly text: string; readonly match: FailedMatchResult } | undefined;

/** Where the grammar fails on a text; null if it does not. */
function failureOf(text: string): Found | null {
  let failure = failures.get(text);
  if (failure === undefined) {
    const match = grammar.match(text, 'File');
    failure = null;
    if (match.failed()) {
      failure = { at: match.getRightmostFailurePosition() };
      lastFailed = { text, match };
    }
    if (text.length <= 4096) {
      if (failures.size >= 10_000) failures.clear();
      failures.set(text, failure);
    }
  }
  return failure;
}

/** What the grammar expected where it fails on `text` (which failureOf gave `failure` for). */
function expectedAt(text: string, failure: Found): string {
  if (failure.expected === undefined) {
    const match = lastFailed?.text === text ? lastFailed.match : (grammar.match(text, 'File') as FailedMatchResult);
    failure.expected = describeExpected(match);
  }
  lastFailed = undefined;
  return failure.expected;
}

/** Sorted, with stretches inside others dropped. */
function disjoint(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || b.to - a.to);
  const out: Range[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last && g.from < last.to) continue;
    out.push(g);
  }
  return out;
}

/** The diagnostic for a failed match of `piece`, in plain words. */
export function describeFailure(match: FailedMatchResult, piece: Piece): Diagnostic {
  return describeAt(piece, match.getRightmostFailurePosition(), describeExpected(match));
}

/** The diagnostic for `piece`, on which the grammar fails at `p` expecting `expected`. */
function describeAt(piece: Piece, p: number, expected: string): Diagnostic {
  const { source, file } = piece.r;
  const position = piece.sourceStart(p);
  const found = describeFound(source, position);
  const where = { file, start: position, end: position + found.length };
  if (source.startsWith('/*', position) && source.indexOf('*/', position + 2) < 0) {
    return error('syntax', 'this comment is never closed', { ...where, end: position + 2 }, { hint: "close it with '*/'" });
  }
  if (source.charCodeAt(position) === 34 && !closedString(source, position)) {
    return error('syntax', 'this string is never closed', { ...where, end: position + 1 }, {
      hint: `close it with '"' on the same line; to put a quote inside it, write \\"`,
    });
  }
  const word = wordAt(source, position);
  if (word === 'for' && /^\s*[A-Za-z_]\w*\s+in\b/.test(source.slice(position + 3, position + 200))) {
    return error('syntax', `expected ${expected}, found 'for'`, where, { hint: "a loop stands among a circuit's statements, in its body" });
  }
  if (RESERVED.includes(word) && !expected.startsWith('a declaration')) {
    if (word === 'for' || !startsDeclaration(source, word, position + word.length)) {
      return error('syntax', `'${word}' is a reserved word, so it cannot be used as a name`, where, {
        hint: `pick another name, such as ${word}1; import, neuron, circuit, test, assert and for are reserved`,
      });
    }
    if (expected.includes("'}'")) {
      return error('syntax', `expected ${expected}, found ${found.text}`, where, {
        hint: 'the declaration before it is not closed: is a } missing?',
      });
    }
  }
  const ascii = notAscii(source, position);
  if (ascii) return error('syntax', ascii.message, { file, start: position, end: position + ascii.length }, { hint: ascii.hint });
  const hint = expected.startsWith('a declaration') ? didYouMean(word, KEYWORDS) : contextHint(piece, p, found.text, expected);
  return error('syntax', `expected ${expected}, found ${found.text}`, where, hint ? { hint } : {});
}

/** Whether the string that starts at `at` ends on its line, as the grammar's string does. */
function closedString(source: string, at: number): boolean {
  for (let i = at + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return true;
    else if (c === 10 || c === 13) return false;
  }
  return false;
}

/** A character a name cannot hold where a name is, or goes on: `Ä`, `x₁`. */
function notAscii(source: string, at: number): { message: string; hint: string; length: number } | undefined {
  const c = source.codePointAt(at)!;
  if (c === undefined || c < 128 || !/[\p{L}\p{N}]/u.test(String.fromCodePoint(c))) return undefined;
  const char = String.fromCodePoint(c);
  // The whole word the character belongs to, and its ASCII spelling, if it has one.
  let start = at;
  while (start > 0 && isNameChar(source.charCodeAt(start - 1))) start--;
  const word = /^[\p{L}\p{N}_]+/u.exec(source.slice(start, start + 200))?.[0] ?? char;
  const plain = word.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const hint = /^[A-Za-z_][A-Za-z0-9_]*$/.test(plain) && plain !== word
    ? `write it in ASCII, such as ${plain}`
    : 'use ASCII letters, digits and _ only, starting with a letter or _';
  return { message: `names are ASCII letters, digits and _, so '${char}' cannot be part of one`, hint, length: char.length };
}

/**
 * A hint from what stands before the failure, in the reduced text: a list after a field that
 * is not `weights`, or a call whose `(` went to the next line.
 */
function contextHint(piece: Piece, p: number, found: string, expected: string): string | undefined {
  const text = piece.text;
  // `hidden: 2` and then `y = ...`: a body of fields has no statements.
  if (found === "'='" && expected.includes("':'")) {
    return wordAt(text, skipBlank(text, 0, text.length)) === 'circuit'
      ? 'a trained circuit (hidden: and train) has fields only: its neurons are found by training; to wire a circuit by hand, leave out its fields'
      : 'a field is written name: value, such as bias: -1';
  }
  const tokens = tokensBefore(text, p, 6);
  const { source } = piece.r;
  const wordOf = (t: Range) => source.slice(piece.sourceStart(t.from), piece.sourceEnd(t.to));
  // `weight: 1, 1`: a setting takes one value; only weights takes a list.
  const at = (k: number) => (tokens[k] ? text.slice(tokens[k]!.from, tokens[k]!.to) : '');
  if (found === "','" && /^[0-9.]/.test(at(0))) {
    const signed = at(1) === '-' || at(1) === '+' ? 1 : 0;
    const key = tokens[2 + signed];
    if (at(1 + signed) === ':' && key && /^[A-Za-z_]/.test(at(2 + signed))) {
      const name = wordOf(key);
      return didYouMean(name, ['weights']) ? `did you mean 'weights'? Only weights takes a list of numbers` : 'only weights takes a list of numbers; every other field takes one value';
    }
  }
  // `y = AND` then `(a, b)` on the next line: a call's `(` must be on the part's line.
  if (at(0) === ')') {
    const close = 0;
    const open = matchingOpen(text, tokens[close]!.from);
    if (open !== undefined) {
      const [name, before] = tokensBefore(text, open, 2);
      const between = name ? text.slice(name.to, open) : '';
      if (name && /[\r\n]/.test(between) && /^[A-Za-z_]/.test(text.slice(name.from, name.to)) && before && /^[=,(]$/.test(text.slice(before.from, before.to))) {
        const call = `${wordOf(name)}${source.slice(piece.sourceStart(open), piece.sourceEnd(tokens[close]!.to))}`;
        return `a call's '(' must be on the same line as the part's name: ${call.length <= 60 ? call : `${wordOf(name)}(...)`}`;
      }
    }
  }
  return undefined;
}

/** Up to `n` tokens ending before `p` in the reduced text, nearest first; blanks and comments skipped. */
function tokensBefore(text: string, p: number, n: number): Range[] {
  // Tokens are short in the reduced text: read a little way back, forwards.
  const from = Math.max(0, p - 40 * n);
  const all: Range[] = [];
  for (let i = from; i < p; ) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    const end = Math.min(p, tokenEnd(text, i));
    if (!(c === 47 && (text.charCodeAt(i + 1) === 42 || text.charCodeAt(i + 1) === 47))) all.push({ from: i, to: end });
    i = end;
  }
  return all.slice(-n).reverse();
}

function matchingOpen(text: string, close: number): number | undefined {
  let depth = 0;
  for (let i = close - 1; i >= 0 && i > close - 4000; i--) {
    const c = text.charCodeAt(i);
    if (c === 41) depth++;
    else if (c === 40) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/** The part of Ohm's Failure objects we use (not in ohm-js's published typings). */
interface Failure {
  getText(): string;
  getType(): string;
  isFluffy(): boolean;
}

const DECLARATION_START = new Set(["'import'", "'neuron'", "'circuit'", "'test'", "'assert'", 'the end of the file']);

/** What the grammar would have accepted at the failure position, e.g. `'=' or a name`. */
export function describeExpected(match: FailedMatchResult): string {
  const failures = (match as unknown as { getRightmostFailures(): Failure[] }).getRightmostFailures();
  const seen = new Set<string>();
  for (const f of failures) {
    if (f.isFluffy()) continue;
    const text = f.getType() === 'string' ? quote(f.getText()) : f.getText();
    if (text === 'end of input') seen.add('the end of the file');
    // A keyword run into the next word, `importgates.nn`: the grammar wants it to stop.
    else if (text === 'not a nameRest') seen.add('a space');
    else seen.add(text);
  }
  // Between declarations the only choices are the keywords: say it as one thing.
  if ([...seen].every((w) => DECLARATION_START.has(w))) return 'a declaration (import, neuron, circuit, test or assert)';
  // An index or slice may follow any name: saying so after every name only distracts.
  if (seen.size > 1) seen.delete("'['");
  // `hidden` is a field of trained circuits only, and a name says as much.
  if (seen.has('a name')) seen.delete("'hidden'");
  // A bus value may start with 0x or 0b: a number says as much.
  if (seen.has('a number')) seen.delete("'0'");
  // In a fixed order: the order Ohm records them in depends on what it has memoized, so on
  // text far from the error.
  const words = [...seen].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (words.length === 0) return 'something else';
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Symbols first (closing ones first), then keywords, line ends, kinds of token; the end of the file last. */
const ORDER = ["'}'", "')'", "'='", "'->'", "':'", "','", "';'", "'('", "'{'", "'*'", "'import'", "'neuron'", "'circuit'", "'test'", "'weights'", "'train'", 'a new line', 'a name', 'a number', 'a string in double quotes', 'a space'];

function rank(word: string): number {
  const k = ORDER.indexOf(word);
  if (k >= 0) return k;
  if (word === 'the end of the file') return ORDER.length + 2;
  return word.startsWith("'") ? ORDER.indexOf('a new line') - 0.5 : ORDER.length + 1;
}

function quote(text: string): string {
  if (text === '\n' || text === '\r\n' || text === '\r') return 'a new line';
  return `'${text}'`;
}

/** What is actually at `position`: a word, a symbol, or the end of the file. */
export function describeFound(source: string, position: number): { text: string; length: number } {
  if (position >= source.length) return { text: 'the end of the file', length: 0 };
  const rest = source.slice(position, position + 40);
  if (rest.startsWith('->')) return { text: "'->'", length: 2 };
  const word = /^[A-Za-z_0-9.+-]+/.exec(rest)?.[0];
  if (word) return { text: `'${word}'`, length: word.length };
  const c = rest[0]!;
  if (c === '\n' || c === '\r') return { text: 'the end of the line', length: 1 };
  const code = c.charCodeAt(0);
  if (code < 32 || code === 127 || code === 0xfffd) return { text: `a control character (code ${code})`, length: 1 };
  return { text: `'${c}'`, length: 1 };
}
