// Cheap scans over source text that find where declarations and statements begin, so Ohm can
// match them one at a time. They only propose cuts: if a piece fails to match, the parser
// matches the whole declaration again. A cut is only proposed where the grammar itself must
// end a statement, so a piece matches on its own exactly when it matches in place.

const KEYWORD_START = /^(import|neuron|circuit|test)(?![A-Za-z0-9_])/;

/** Offsets just past a comment or string starting at `i`, or `i` if none starts there. */
export function skipTrivia(source: string, i: number): number {
  const c = source.charCodeAt(i);
  if (c === 47 /* / */) {
    const d = source.charCodeAt(i + 1);
    if (d === 47) {
      const eol = source.indexOf('\n', i);
      return eol < 0 ? source.length : eol;
    }
    if (d === 42 /* * */) {
      const close = source.indexOf('*/', i + 2);
      return close < 0 ? source.length : close + 2;
    }
  }
  if (c === 34 /* " */) {
    for (let j = i + 1; j < source.length; j++) {
      const e = source.charCodeAt(j);
      if (e === 92 /* \ */) j++;
      else if (e === 34 || e === 10) return j + 1;
    }
    return source.length;
  }
  return i;
}

const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * Cuts a file into top-level declarations: a cut falls before each keyword (import, neuron,
 * circuit, test) that stands outside every brace. Ohm memoizes every rule at every position
 * of its input; small inputs keep that table, and the garbage it becomes, small.
 */
export function splitItems(source: string): { start: number; end: number }[] {
  const cuts = [0];
  let depth = 0;
  for (let i = 0; i < source.length; ) {
    const next = skipTrivia(source, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = source.charCodeAt(i);
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && depth > 0) depth--;
    else if (depth === 0 && isNameChar(c) && (i === 0 || !isNameChar(source.charCodeAt(i - 1)))) {
      if (i > 0 && KEYWORD_START.test(source.slice(i, i + 8))) cuts.push(i);
      while (i < source.length && isNameChar(source.charCodeAt(i))) i++;
      continue;
    }
    i++;
  }
  cuts.push(source.length);
  const chunks: { start: number; end: number }[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) chunks.push({ start: cuts[k]!, end: cuts[k + 1]! });
  return chunks;
}

/**
 * The statements of a circuit body (the text between its braces), as offsets into `source`.
 * Every statement has one `=` outside parentheses, and its targets, a name or a parenthesized
 * list, stand right before it; a statement runs until the next one's targets begin.
 * Returns undefined when the body has anything this scan does not expect.
 */
export function splitStatements(source: string, start: number, end: number): { start: number; end: number }[] | undefined {
  const starts: number[] = [];
  let depth = 0;
  for (let i = start; i < end; ) {
    const next = skipTrivia(source, i);
    if (next !== i) {
      if (source.charCodeAt(i) === 34) return undefined; // no strings in a circuit body
      i = next;
      continue;
    }
    const c = source.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) depth--;
    else if (c === 61 /* = */ && depth === 0) {
      const t = targetsStart(source, start, i);
      if (t === undefined || (starts.length > 0 && t <= starts[starts.length - 1]!)) return undefined;
      starts.push(t);
    }
    i++;
  }
  if (depth !== 0) return undefined;
  // No statement at all: fine only if there is nothing else either.
  if (starts.length === 0) return blank(source, start, end) ? [] : undefined;
  const pieces: { start: number; end: number }[] = [];
  starts.forEach((s, k) => pieces.push({ start: k === 0 ? start : s, end: k + 1 < starts.length ? starts[k + 1]! : end }));
  return pieces;
}

function targetsStart(source: string, floor: number, eq: number): number | undefined {
  let i = eq - 1;
  while (i >= floor && /\s/.test(source[i]!)) i--;
  if (i < floor) return undefined;
  if (source.charCodeAt(i) === 41 /* ) */) {
    const open = source.lastIndexOf('(', i);
    if (open < floor) return undefined;
    // `y = a (p, q) = H(a, b)`: after a name on the same line, the grammar reads `a (p, q)` as a
    // call, so this is no place to cut. Leave such text to the full grammar.
    let k = open - 1;
    while (k >= floor && (source[k] === ' ' || source[k] === '\t')) k--;
    return k >= floor && isNameChar(source.charCodeAt(k)) ? undefined : open;
  }
  if (!isNameChar(source.charCodeAt(i))) return undefined;
  while (i > floor && isNameChar(source.charCodeAt(i - 1))) i--;
  return i;
}

/** Only whitespace and comments between `start` and `end`. */
function blank(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const next = skipTrivia(source, i);
    if (next !== i) i = next;
    else if (/\s/.test(source[i]!)) i++;
    else return false;
  }
  return true;
}
