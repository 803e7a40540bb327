// The reduced text of a declaration: what the grammar sees, with every token cut to a few
// characters, and a map back to the source. Ohm spends about ten microseconds and several
// hundred bytes on every character it matches; a 5 MB comment or name is one token to the
// grammar, so it is matched as one or a few characters.
//
// Each run the grammar cannot tell apart from another is replaced by a short stand-in:
//
//   a name (but for the words the grammar names)   x_12, HalfAdder   →  a
//   a name that starts with such a word             trainer           →  traina
//   a run of digits                                 2224              →  0
//   the digits of a bus value                       0x1f, 0b0101      →  0x0, 0b0
//   spaces and tabs                                 '    '            →  ' '
//   line breaks and blanks after a line break       '\n  \n  '        →  '\n\n'
//   the inside of a comment                         /* notes */       →  /*x*/
//   the inside of a string                          "gates.nn"        →  "a"
//
// The grammar matches the reduced text exactly when it matches the source, with the same
// tree, and fails at the same place with the same expectations: names, digit runs, blanks and
// the insides of comments and strings are only ever consumed whole; of a run of line breaks, a
// table row's end takes the first, so that one stays apart from the rest.
// `at` maps every position of the reduced text back to the source.

import { blankRunEnd, lineEnd, nameEnd, SHORT_RUN, spaceRunEnd, stringStop } from './split.js';

const SIGNIFICANT = new Set(['import', 'neuron', 'circuit', 'test', 'assert', 'weights', 'train', 'hidden', 'for', 'in', 'sequence']);

const LONGEST_FIRST = [...SIGNIFICANT].sort((a, b) => b.length - a.length);

export interface Reduced {
  /** The reduced text. */
  readonly text: string;
  /** `at[i]` is the source offset of reduced position `i`, for `0 <= i <= text.length`. */
  readonly at: Int32Array;
  readonly source: string;
  readonly file: string;
}

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === 32 || c === 9;
const isBreak = (c: number) => c === 10 || c === 13;

/** Reduces `source[start, end)`. */
export function reduce(source: string, file: string, start: number, end: number): Reduced {
  const chars = new Uint16Array(end - start);
  const at = new Int32Array(end - start + 1);
  let n = 0;
  let i = start;
  while (i < end) {
    const c = source.charCodeAt(i);
    if (isBlank(c) || isBreak(c)) {
      let j = i;
      const stop = Math.min(end, i + SHORT_RUN);
      while (j < stop && isBlank(source.charCodeAt(j))) j++;
      if (j === stop && j < end) j = spaceRunEnd(source, j, end);
      if (j > i) {
        at[n] = i;
        chars[n++] = 32;
      }
      if (j < end && isBreak(source.charCodeAt(j))) {
        // A table row's end takes one line break (`\r\n` is one); the blanks and breaks after
        // it are one more character, so that the row ends where it does in the source.
        at[n] = j;
        chars[n++] = 10;
        j += source.charCodeAt(j) === 13 && source.charCodeAt(j + 1) === 10 && j + 1 < end ? 2 : 1;
        const rest = j;
        let breaks = false;
        const far = Math.min(end, j + SHORT_RUN);
        while (j < far && (isBlank(source.charCodeAt(j)) || isBreak(source.charCodeAt(j)))) {
          if (isBreak(source.charCodeAt(j))) breaks = true;
          j++;
        }
        if (j === far && j < end) {
          // A long run: the first character after its spaces tells whether a line break is in it.
          if (!breaks) {
            j = spaceRunEnd(source, j, end);
            breaks = j < end && isBreak(source.charCodeAt(j));
          }
          if (breaks) j = blankRunEnd(source, j, end);
        }
        if (j > rest) {
          at[n] = rest;
          chars[n++] = breaks ? 10 : 32;
        }
      }
      i = j;
    } else if (c === 48 && i + 1 < end && isBasePrefix(source.charCodeAt(i + 1))) {
      // A bus value, 0x1f or 0b0101: `0x`, its digits as one `0`, and whatever name goes on
      // after them as a `z` (not a digit of any base, so the value does not seem to go on).
      // The grammar reads `0x` even with no digit after it, and fails there.
      const j = based(source, i, end);
      n = copy(source, i, i + 2, chars, at, n);
      if (j > i + 2) {
        at[n] = i + 2;
        chars[n++] = 48;
      }
      let k = j;
      while (k < end && isNameChar(source.charCodeAt(k))) k++;
      if (k > j) {
        at[n] = j;
        chars[n++] = 122 /* z */;
      }
      i = k;
    } else if (isDigit(c)) {
      // A digit run is one 0. A letter right after digits is a name unless it starts an
      // exponent, `1e-3`: then it belongs to the number, and stays.
      let j = i + 1;
      while (j < end && isDigit(source.charCodeAt(j))) j++;
      at[n] = i;
      chars[n++] = 48;
      const e = source.charCodeAt(j);
      if ((e === 101 || e === 69) && j + 1 < end) {
        const s = source.charCodeAt(j + 1);
        const k = s === 43 || s === 45 ? j + 2 : j + 1;
        if (k < end && isDigit(source.charCodeAt(k))) {
          for (; j < k; j++) {
            at[n] = j;
            chars[n++] = source.charCodeAt(j);
          }
        }
      }
      i = j;
    } else if (isNameStart(c)) {
      const j = nameEnd(source, i + 1, end);
      // A word the grammar names stays, and so does one at the start of a longer name
      // (`trainer`): the grammar reads the word, then finds that the name goes on.
      const word = significantPrefix(source, i, j);
      n = copy(source, i, i + word, chars, at, n);
      if (i + word < j) {
        at[n] = i + word;
        chars[n++] = 97;
      }
      i = j;
    } else if (c === 47 /* / */ && i + 1 < end && (source.charCodeAt(i + 1) === 42 || source.charCodeAt(i + 1) === 47)) {
      // A comment: its inside is one x. A block comment may be unclosed; a line comment
      // ends before the line break.
      const block = source.charCodeAt(i + 1) === 42;
      let stop: number;
      if (block) {
        const close = source.indexOf('*/', i + 2);
        stop = close < 0 || close + 2 > end ? end : close;
      } else {
        stop = Math.min(end, lineEnd(source, i + 2));
      }
      n = copy(source, i, i + 2, chars, at, n);
      if (stop > i + 2) {
        at[n] = i + 2;
        chars[n++] = 120 /* x */;
      }
      if (block && stop < end) n = copy(source, stop, stop + 2, chars, at, n);
      i = block && stop < end ? stop + 2 : stop;
    } else if (c === 34 /* " */) {
      // The grammar's string: any character but a quote, a backslash or a line break, or a
      // backslash and any character. An unclosed string stops at the line break.
      let j = i + 1;
      while (j < end) {
        j = Math.min(end, stringStop(source, j));
        if (j < end && source.charCodeAt(j) === 92 /* \ */ && j + 1 < end) j += 2;
        else break;
      }
      at[n] = i;
      chars[n++] = 34;
      if (j > i + 1) {
        at[n] = i + 1;
        chars[n++] = 97;
      }
      if (j < end && source.charCodeAt(j) === 34) {
        at[n] = j;
        chars[n++] = 34;
        j++;
      }
      i = j;
    } else {
      at[n] = i;
      chars[n++] = c;
      i++;
    }
  }
  at[n] = end;
  return { text: decode(chars, n), at: at.subarray(0, n + 1), source, file };
}

/**
 * The end of the digits of a bus value at `i` (`0x` and hexadecimal digits, `0b` and binary
 * ones), as the grammar's `based` reads them. Only a lone `0` starts one: `00x1` is a number
 * and a name.
 */
function based(source: string, i: number, end: number): number {
  const x = source.charCodeAt(i + 1);
  const hex = x === 120 || x === 88;
  let j = i + 2;
  const digit = (d: number) => (hex ? isDigit(d) || (d >= 97 && d <= 102) || (d >= 65 && d <= 70) : d === 48 || d === 49);
  while (j < end && digit(source.charCodeAt(j))) j++;
  return j;
}

const isBasePrefix = (c: number) => c === 120 || c === 88 || c === 98 || c === 66;

/** Whether `source[from, to)` is a name that reduces to `a`: not a word the grammar names, nor one run into a longer name. */
export function isPlainName(source: string, from: number, to: number): boolean {
  if (to <= from || !isNameStart(source.charCodeAt(from))) return false;
  for (let i = from + 1; i < to; i++) if (!isNameChar(source.charCodeAt(i))) return false;
  return significantPrefix(source, from, to) === 0;
}

/** The words the grammar names, by their first character, the longest first (`import` before `in`). */
const BY_FIRST = Array.from({ length: 128 }, (): readonly string[] | undefined => undefined);
for (const word of LONGEST_FIRST) BY_FIRST[word.charCodeAt(0)] = [...(BY_FIRST[word.charCodeAt(0)] ?? []), word];

/** The length of the word the grammar names that `source[from, to)` (a name) starts with, or 0. */
function significantPrefix(source: string, from: number, to: number): number {
  const words = BY_FIRST[source.charCodeAt(from)];
  if (words === undefined) return 0;
  for (const word of words) {
    if (word.length <= to - from && source.startsWith(word, from)) return word.length;
  }
  return 0;
}

/** Copies source[from, to) as it is; returns the new length. */
function copy(source: string, from: number, to: number, chars: Uint16Array, at: Int32Array, n: number): number {
  for (let i = from; i < to; i++) {
    at[n] = i;
    chars[n++] = source.charCodeAt(i);
  }
  return n;
}

const utf16 = new TextDecoder('utf-16le');
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The text of `chars[0, n)`. (A lone surrogate becomes U+FFFD: to the grammar, both fail alike.) */
function decode(chars: Uint16Array, n: number): string {
  if (littleEndian) return utf16.decode(chars.subarray(0, n));
  let text = '';
  for (let i = 0; i < n; i += 8192) text += String.fromCharCode.apply(null, chars.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return text;
}
