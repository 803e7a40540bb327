// Text from a file, made safe to print: control characters escaped, long runs shortened,
// long lists cut. Anything nn quotes from a file (a cell, a name, a path, a number) may be
// hostile or huge: a 50 MB CSV cell, a 10,000-digit number, an OSC 52 clipboard write.

import { thousands } from './words.js';

/**
 * Characters that can drive a terminal or reorder what it shows: C0 controls but tab and
 * newline, DEL, C1 controls (0x9b is CSI on some terminals), and the bidirectional overrides
 * and isolates of "Trojan Source".
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LINE_BREAK = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every terminal control character written as an escape (ESC as `\x1b`), so it
 * prints as what it is. Tabs are kept; line breaks too, unless `lineBreaks` is false (for
 * one-line texts such as a diagnostic's message, where a line break could fake another line).
 */
export function escapeControl(text: string, options: { lineBreaks?: boolean } = {}): string {
  return text.replace(options.lineBreaks === false ? CONTROL_OR_LINE_BREAK : CONTROL, escapeOne);
}

/** The longest quote of file content a message shows, in UTF-16 units. */
export const MAX_QUOTE = 80;

/**
 * `text`, or for a text longer than `max` its beginning and end around an ellipsis, with its
 * length: `123456789012…567890 (10,000 characters)`. Never splits a surrogate pair.
 */
export function shorten(text: string, max: number = MAX_QUOTE): string {
  if (text.length <= max) return text;
  const keep = Math.max(2, max - 24);
  let head = Math.ceil((keep * 2) / 3);
  let tail = keep - head;
  if (isHighSurrogate(text.charCodeAt(head - 1))) head--;
  if (isLowSurrogate(text.charCodeAt(text.length - tail))) tail--;
  const chars = countCodePoints(text);
  return `${text.slice(0, head)}…${text.slice(text.length - tail)} (${thousands(chars)} characters)`;
}

/**
 * The first `max` items, each shortened, joined with `, `, and a count of the rest:
 * `a, b, c, … and 4,997 more`.
 */
export function listSome(items: readonly string[], max: number = 10, separator = ', '): string {
  const shown = items.slice(0, max).map((item) => shorten(item)).join(separator);
  if (items.length <= max) return shown;
  return `${shown}${separator}… and ${thousands(items.length - max)} more`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c < 0xdc00;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c < 0xe000;
}

/** A surrogate pair (one code point in two UTF-16 units); global, for `matchAll`. */
export const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

function countCodePoints(text: string): number {
  let n = text.length;
  // The regular expression finds the first pair much faster than a loop over a huge quote.
  const first = text.search(SURROGATE_PAIR);
  if (first < 0) return n;
  for (let i = first; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
