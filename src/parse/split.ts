// Cheap scans that find where declarations, statements, rows and list items begin, so that Ohm
// can match them one at a time. They only propose cuts: a cut is only made where the grammar
// itself must end a piece, so a piece matches on its own exactly when it matches in place, and
// when a piece does not match, the syntax error comes from the full grammar (syntax-error.ts).
//
// splitItems reads the source; the others read the reduced text (reduce.ts), in which names are
// `a`, digit runs `0`, comments `/*x*/` and `//x`, strings `"a"`, blanks ` ` and line breaks `\n`.

/** The words that start declarations. */
export const KEYWORDS = ['import', 'neuron', 'circuit', 'test', 'assert'];
/** The words that are never names: those, and `for`, which starts a loop. */
export const RESERVED = [...KEYWORDS, 'for'];

// Long runs of one kind of character are passed over with sticky regular expressions: they
// run as native code from the first call, where a loop over the characters runs in the
// interpreter until V8 optimises it (a megabyte name or comment took tens of milliseconds that
// way). The callers read a run's first SHORT_RUN characters in a loop of their own, which costs
// less than a call for the short runs that are most of a file.
export const SHORT_RUN = 16;
const NAME_RUN = /[A-Za-z0-9_]*/y;
const BLANK_RUN = /[ \t\r\n]*/y;
const SPACE_RUN = /[ \t]*/y;
const LINE_END = /[\r\n]/g;
const STRING_STOP = /[\\"\r\n]/g;

function runEnd(run: RegExp, text: string, i: number, end: number): number {
  run.lastIndex = i;
  run.test(text);
  return Math.min(end, run.lastIndex);
}

/** The end of the run of name characters that goes on at `i` (`i` if it does not), at most `end`. */
export const nameRunEnd = (text: string, i: number, end: number) => runEnd(NAME_RUN, text, i, end);
/** The end of the run of blanks and line breaks that goes on at `i`, at most `end`. */
export const blankRunEnd = (text: string, i: number, end: number) => runEnd(BLANK_RUN, text, i, end);
/** The end of the run of spaces and tabs that goes on at `i`, at most `end`. */
export const spaceRunEnd = (text: string, i: number, end: number) => runEnd(SPACE_RUN, text, i, end);

/** The end of the run of name characters at `i` (`i` if none starts there), at most `end`. */
export function nameEnd(text: string, i: number, end = text.length): number {
  let j = i;
  const stop = Math.min(end, i + SHORT_RUN);
  while (j < stop && isNameChar(text.charCodeAt(j))) j++;
  return j === stop && j < end ? nameRunEnd(text, j, end) : j;
}

/** The first line break (CR or LF) at or after `i`, or the text's length. */
export function lineEnd(text: string, i: number): number {
  LINE_END.lastIndex = i;
  return LINE_END.test(text) ? LINE_END.lastIndex - 1 : text.length;
}

/** The first backslash, quote or line break at or after `i`, or the text's length. */
export function stringStop(text: string, i: number): number {
  STRING_STOP.lastIndex = i;
  return STRING_STOP.test(text) ? STRING_STOP.lastIndex - 1 : text.length;
}

/** Offsets just past a comment or string starting at `i`, or `i` if none starts there. */
export function skipTrivia(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 47 /* / */) {
    const d = text.charCodeAt(i + 1);
    if (d === 47) return lineEnd(text, i + 2);
    if (d === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      return close < 0 ? text.length : close + 2;
    }
  }
  if (c === 34 /* " */) {
    for (let j = i + 1; j < text.length; ) {
      j = stringStop(text, j);
      const e = text.charCodeAt(j);
      if (e === 92 /* \ */) j += 2;
      else if (e === 34) return j + 1;
      else return Math.min(j, text.length);
    }
    return text.length;
  }
  return i;
}

export const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

/** The word (a run of name characters) at `i`, if one starts there. */
export function wordAt(text: string, i: number): string {
  return text.slice(i, nameEnd(text, i));
}

/** Past blanks, line breaks and comments (of the source). */
export function skipSpace(text: string, i: number, end = text.length): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) i = skipTrivia(text, i);
    else break;
  }
  return i;
}

/** Parentheses or braces nested deeper than this in a declaration are refused before matching: the matcher recurses per level. */
export const MAX_NESTING = 200;

/**
 * A declaration's place in the source, and where in it a parenthesis or brace first opens a
 * level deeper than MAX_NESTING (outside comments and strings), if one does.
 */
export interface Chunk {
  readonly start: number;
  readonly end: number;
  readonly tooDeep?: number;
}

/**
 * Cuts a file into declarations. A cut falls before a keyword (import, neuron, circuit, test, assert)
 * outside every brace and parenthesis, unless it stands where a name should (`neuron test`),
 * and also before a keyword anywhere that starts a declaration (`circuit Name`, `import "`), so
 * that a declaration left unclosed does not swallow the ones after it. In a file the grammar
 * accepts, keywords stand only at the start of declarations, so those are the only cuts. The
 * same reading counts how deep each declaration's brackets nest: one pass over the file.
 */
export function splitItems(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  let tooDeep = -1;
  const cutAt = (at: number) => {
    chunks.push(tooDeep < 0 ? { start: from, end: at } : { start: from, end: at, tooDeep });
    from = at;
    tooDeep = -1;
  };
  let braces = 0;
  let parens = 0;
  let afterKeyword = false;
  for (let i = 0; i < source.length; ) {
    const c = source.charCodeAt(i);
    if (c === 47 /* / */ || c === 34 /* " */) {
      const next = skipTrivia(source, i);
      if (next !== i) {
        i = next;
        continue;
      }
    }
    if (c >= 48 && c <= 57) {
      // From a digit on, numbers, blanks and punctuation that neither nest nor start a comment
      // or string (the rows of a table, the weights of a neuron) are passed over in one native
      // call. A digit run goes only if no name character follows it: `1import` is one word,
      // read below.
      INERT_RUN.lastIndex = i;
      INERT_RUN.test(source);
      if (INERT_RUN.lastIndex > i) {
        i = INERT_RUN.lastIndex;
        afterKeyword = false;
        continue;
      }
    }
    if (isNameChar(c)) {
      const j = nameEnd(source, i + 1);
      // Only a word of 4 to 7 letters can be a keyword: no slice for the others (table cells).
      const word = j - i >= 4 && j - i <= 7 ? source.slice(i, j) : '';
      const keyword = KEYWORDS.includes(word);
      if (keyword && i > 0 && ((braces === 0 && parens === 0 && !afterKeyword) || startsDeclaration(source, word, i + word.length))) {
        cutAt(i);
        braces = 0;
        parens = 0;
      }
      afterKeyword = keyword && word !== 'import';
      i = j;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      let j = i + 1;
      const stop = Math.min(source.length, i + SHORT_RUN);
      for (; j < stop; j++) {
        const d = source.charCodeAt(j);
        if (!(d === 32 || d === 9 || d === 10 || d === 13)) break;
      }
      i = j === stop ? blankRunEnd(source, j, source.length) : j;
      continue;
    }
    if (c === 123 /* { */) {
      if (++braces > MAX_NESTING && tooDeep < 0) tooDeep = i;
    } else if (c === 125 /* } */ && braces > 0) braces--;
    else if (c === 40 /* ( */) {
      if (++parens > MAX_NESTING && tooDeep < 0) tooDeep = i;
    } else if (c === 41 /* ) */ && parens > 0) parens--;
    afterKeyword = false;
    i++;
  }
  cutAt(source.length);
  return chunks;
}

/**
 * What splitItems passes over at once from a digit: digit runs not followed by a name
 * character, blanks, and punctuation other than brackets, `/` and `"`. The run starts with a
 * number, so whatever follows it is not right after a keyword. (From punctuation too would
 * make an ordinary file's `, ` and ` = ` a call each: slower.)
 */
// At most 256 steps a call: the engine keeps a way back for each, and a megabyte table
// in one call overflowed its stack.
const INERT_RUN = /(?:[0-9]+(?![A-Za-z0-9_])|[ \t\r\n;,:=*+\-<>.[\]$!?&|^~%@#'`\\]){0,256}/y;

/** A keyword followed by what a declaration has next: `import "`, `neuron Name`. */
export function startsDeclaration(source: string, keyword: string, after: number): boolean {
  const i = skipSpace(source, after);
  if (keyword === 'import') return source.charCodeAt(i) === 34;
  return isNameStart(source.charCodeAt(i)) && !RESERVED.includes(wordAt(source, i));
}

// ---- The reduced text ----

/** Past blanks, line breaks and closed comments of the reduced text (not an unclosed one). */
export function skipBlank(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) i++;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) i = skipTrivia(text, i);
    else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return i;
      i = close + 2;
    } else break;
  }
  return i;
}

/** Whether `text[start, end)` holds only blanks, line breaks and closed comments. */
export function blank(text: string, start: number, end: number): boolean {
  return skipBlank(text, start, end) >= end;
}

const digitAt = (text: string, k: number) => {
  const c = text.charCodeAt(k);
  return c >= 48 && c <= 57;
};

function digitsEnd(text: string, k: number): number {
  while (digitAt(text, k)) k++;
  return k;
}

/** The end of the token at `i`: a word, a number (`0`, `0.0e-0`), or one other character. */
export function tokenEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (isNameStart(c)) {
    let j = i + 1;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    return j;
  }
  if (digitAt(text, i) || (c === 46 /* . */ && digitAt(text, i + 1))) {
    // A number: in the reduced text, an `e` right after digits is always an exponent.
    let j = digitsEnd(text, c === 46 ? i + 1 : i);
    if (c !== 46 && text.charCodeAt(j) === 46 && digitAt(text, j + 1)) j = digitsEnd(text, j + 1);
    const e = text.charCodeAt(j);
    if (e === 101 || e === 69) {
      const s = text.charCodeAt(j + 1);
      const k = s === 43 || s === 45 ? j + 2 : j + 1;
      if (digitAt(text, k)) j = digitsEnd(text, k);
    }
    return j;
  }
  const skipped = skipTrivia(text, i);
  return skipped > i ? skipped : i + 1;
}

/**
 * Where `text[from, to)` ends without its trailing blanks and comments. Ohm counts what it
 * skips after a piece matched with a syntactic rule as part of it; in place, it would not be.
 */
export function trimEnd(text: string, from: number, to: number): number {
  if (!hasTrivia(text, from, to)) {
    // No comment and no string: every token ends where its last character is, and what
    // follows the last one is blanks and line breaks alone.
    let k = to;
    while (k > from && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 10)) k--;
    return k;
  }
  let end = from;
  for (let i = from; i < to; ) {
    const j = skipBlank(text, i, to);
    if (j >= to) break;
    end = Math.min(to, tokenEnd(text, j));
    i = end;
  }
  return end;
}

/** Whether `text[from, to)` may hold a comment or a string: a slash or a quote. */
function hasTrivia(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 34) return true;
  }
  return false;
}

export interface Range {
  readonly from: number;
  readonly to: number;
}

/**
 * The statements of a circuit or loop body `text[start, end)`. An assignment has one `=`
 * outside brackets, and its targets, a name (perhaps indexed, `c[0]`) or a parenthesized list,
 * stand right before it; a loop starts with `for` and ends with the `}` that closes its body.
 * A statement runs until the next one begins. Where the text is not like that, no cut is made,
 * and the piece that holds it does not match.
 */
export function splitStatements(text: string, start: number, end: number): Range[] {
  const starts: number[] = [];
  const cut = (at: number) => {
    if (at > start && (starts.length === 0 || at > starts[starts.length - 1]!)) starts.push(at);
  };
  // The last significant token, and whether a line break came after it.
  let prev: { start: number; kind: 'name' | 'group' | 'other'; call?: boolean } | undefined;
  let broken = false;
  const opens: { at: number; call: boolean; name?: number }[] = [];
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 10) {
      broken = true;
      i++;
      continue;
    }
    if (c === 47 && (text.charCodeAt(i + 1) === 42 || text.charCodeAt(i + 1) === 47)) {
      // A comment is a blank; a line comment ends at a line break, which breaks the line.
      i = Math.min(end, skipTrivia(text, i));
      continue;
    }
    const stop = Math.min(end, tokenEnd(text, i));
    if (opens.length === 0 && c === 102 && text.startsWith('for', i) && stop === i + 3) {
      // A loop, to the `}` of its body: what is inside is its own.
      cut(i);
      const open = nextChar(text, 123, stop, end);
      i = open < 0 ? end : matchingBrace(text, open, end) + 1;
      prev = { start: i, kind: 'other' };
      broken = false;
      continue;
    }
    if (c === 40 /* ( */ || c === 91 /* [ */) {
      // `a (p, q)` on one line is a call of a: the grammar's callee rule. `c[0]` is a target.
      opens.push({ at: i, call: c === 40 && prev?.kind === 'name' && !broken, ...(c === 91 && prev?.kind === 'name' && { name: prev.start }) });
      prev = { start: i, kind: 'other' };
    } else if (c === 41 /* ) */ || c === 93 /* ] */) {
      const open = opens.pop();
      if (!open) prev = { start: i, kind: 'other' };
      else if (open.name !== undefined) prev = { start: open.name, kind: 'name' };
      else prev = { start: open.at, kind: 'group', call: open.call };
    } else if (c === 61 /* = */ && opens.length === 0) {
      const t = prev?.kind === 'name' || (prev?.kind === 'group' && !prev.call) ? prev.start : undefined;
      if (t !== undefined) cut(t);
      prev = { start: i, kind: 'other' };
    } else {
      prev = { start: i, kind: isNameStart(c) ? 'name' : 'other' };
    }
    broken = false;
    i = stop;
  }
  if (blank(text, start, end)) return [];
  const pieces: Range[] = [];
  let from = start;
  for (const s of starts) {
    pieces.push({ from, to: s });
    from = s;
  }
  pieces.push({ from, to: end });
  // The first cut may leave only blanks before it, which is no statement.
  if (pieces.length > 1 && blank(text, pieces[0]!.from, pieces[0]!.to)) {
    pieces.splice(0, 2, { from: pieces[0]!.from, to: pieces[1]!.to });
  }
  return pieces;
}

/** The `}` that closes the `{` at `open` (or `end`, if none does). */
export function matchingBrace(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
    i = c === 47 || c === 34 ? Math.max(i + 1, skipTrivia(text, i)) : i + 1;
  }
  return end;
}

/**
 * The rows of a table whose `{` is at `open`, up to its `}` at `close` (or the end of the text):
 * each runs from just after one row end (`;` or a line break) to just after the next, so it
 * takes the blank lines before it. Blank stretches at the end are left out.
 */
export function splitRows(text: string, open: number, close: number): Range[] {
  const rows: Range[] = [];
  let from = open + 1;
  let empty = true; // nothing but blanks, row ends and comments since `from`
  for (let i = open + 1; i < close; ) {
    const c = text.charCodeAt(i);
    if (c === 59 /* ; */ || c === 10) {
      if (!empty) {
        rows.push({ from, to: i + 1 });
        from = i + 1;
        empty = true;
      }
      i++;
    } else if (c === 32) {
      i++;
    } else if (c === 47 || c === 34) {
      const next = Math.min(close, skipTrivia(text, i));
      // A closed block comment or a line comment is blank; an unclosed one or a string is not.
      if (next === i || c === 34 || (text.charCodeAt(i + 1) === 42 && text.lastIndexOf('*/', next) < i + 2)) empty = false;
      i = Math.max(i + 1, next);
    } else {
      empty = false;
      i++;
    }
  }
  if (!empty) rows.push({ from, to: close });
  return rows;
}

/** Where the table that starts at `open` ends: its `}`, or the end of `text[.., end)`. */
export function tableClose(text: string, open: number, end: number): number {
  for (let i = open + 1; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === 125) return i;
    i = c === 47 || c === 34 ? Math.max(i + 1, skipTrivia(text, i)) : i + 1;
  }
  return end;
}

/**
 * The comma-separated items of the list whose `(` or `[` is at `open`, and its closing
 * bracket: the items are the stretches between the commas outside any inner brackets.
 * Undefined if the list is not closed before `end`.
 */
export function listItems(text: string, open: number, end: number): { items: Range[]; close: number } | undefined {
  const items: Range[] = [];
  let depth = 0;
  // Width arguments, `B<1, 3>(p)`: a `<` right after a name opens them (in a list, `<` is
  // nothing else), and their commas do not cut the list.
  let angles = 0;
  let from = open + 1;
  for (let i = open + 1; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) {
      if (depth === 0) {
        if (c !== (text.charCodeAt(open) === 40 ? 41 : 93) || angles > 0) return undefined;
        items.push({ from, to: i });
        return { items, close: i };
      }
      depth--;
    } else if (c === 60 /* < */ && isNameChar(text.charCodeAt(i - 1))) angles++;
    else if (c === 62 /* > */ && angles > 0) angles--;
    else if (c === 44 /* , */ && depth === 0 && angles === 0) {
      items.push({ from, to: i });
      from = i + 1;
    } else if (c === 47 || c === 34) {
      i = Math.max(i + 1, skipTrivia(text, i));
      continue;
    }
    i++;
  }
  return undefined;
}

/** The next `(` or `[` at or after `i` and before `end`, outside comments; -1 if none. */
export function nextOpen(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) return i;
    i = c === 47 || c === 34 ? Math.max(i + 1, skipTrivia(text, i)) : i + 1;
  }
  return -1;
}

/** The next occurrence of the character `code` at or after `i`, outside comments and strings. */
export function nextChar(text: string, code: number, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === code) return i;
    i = c === 47 || c === 34 ? Math.max(i + 1, skipTrivia(text, i)) : i + 1;
  }
  return -1;
}

