// Matching one declaration piece by piece: a circuit's head and each statement; a test's head
// and each row of its table; a neuron whole, but for its table rows. Pieces are cut from the
// reduced text (reduce.ts), so they share matches through the shape cache. A long piece (a
// neuron of 100,000 inputs, a call of 10,000 arguments, a row of 5,000 cells) is matched as a
// skeleton with its lists cut down to their first (and last) item, the other items each on
// their own, and put back into the tree; so Ohm only ever matches short texts, and parsing
// takes time and memory in proportion to the file.
//
// A declaration either matches in full, or the attempt names the first piece that does not
// match (its `unit`) and the stretches before it that did (`good`): syntax-error.ts then lets
// the full grammar find the error, on the declaration with those stretches left out.

import type { SucceededMatchResult } from 'ohm-js';
import type * as A from './ast.js';
import { type CellKind, cellKind, PackedCells, PackedRow } from './packed-rows.js';
import type { Reduced } from './reduce.js';
import { grammar, semantics, type CircuitHead } from './semantics.js';
import { isFailed, Piece, relocate, ShapeCache, type Failed, type Part } from './shape-cache.js';
import {
  blank, listItems, matchingBrace, nextChar, nextOpen, skipBlank, splitRows, splitStatements, tableClose, tokenEnd, trimEnd, wordAt,
  type Range,
} from './split.js';

/**
 * Pieces with a longer reduced text than `long` are matched list item by list item. (Tests set
 * it low, so that small inputs take the same path as long ones.)
 */
export const limits = { long: 1000 };

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly unit: number };

/** One declaration being matched: its reduced text, and the stretches found well formed so far. */
export class Attempt {
  readonly good: Range[] = [];
  constructor(readonly r: Reduced) {}

  /**
   * Of a sequence of items whose first `failed` matched, the ones the syntax error may leave
   * out: all but the first and the last before the failure. The grammar then reaches the
   * failure as in place: the same item stands right before it (Ohm's expectations at a
   * position depend on what ends there).
   */
  passed(items: readonly Range[], failed: number): void {
    if (failed >= 3) this.good.push({ from: items[1]!.from, to: items[failed - 1]!.from });
  }
}

const BUILD = {
  File: (m: SucceededMatchResult) => semantics(m).items() as A.Item[],
  CircuitHead: (m: SucceededMatchResult) => semantics(m).head() as CircuitHead,
  Statement: (m: SucceededMatchResult) => semantics(m).statement() as A.Statement,
  Port: (m: SucceededMatchResult) => semantics(m).port() as A.Port,
  Target: (m: SucceededMatchResult) => semantics(m).target() as A.Target,
  Expr: (m: SucceededMatchResult) => semantics(m).expr() as A.Expr,
  Expr_constant: (m: SucceededMatchResult) => semantics(m).expr() as A.Expr,
  Field: (m: SucceededMatchResult) => semantics(m).field() as A.Field,
  table: (m: SucceededMatchResult) => semantics(m).table() as A.Table,
  cell: (m: SucceededMatchResult) => semantics(m).cell() as A.Cell,
};
type Rule = keyof typeof BUILD;

const caches = new Map<string, ShapeCache<unknown>>();

function cacheFor<T>(name: string): ShapeCache<T> {
  let cache = caches.get(name);
  if (!cache) {
    cache = new ShapeCache<unknown>();
    caches.set(name, cache);
  }
  return cache as ShapeCache<T>;
}

/** The tree of `piece` matched with `rule` (spans relative to the piece), from the cache if the shape was seen. */
function matchShape<T>(rule: Rule, piece: Piece): T | Failed {
  const cache = cacheFor<T>(rule);
  let tree = cache.get(piece.text);
  if (tree === undefined) {
    const match = grammar.match(piece.text, rule);
    tree = match.failed() ? { failedAt: match.getRightmostFailurePosition() } : (BUILD[rule](match as SucceededMatchResult) as T);
    cache.set(piece.text, tree);
  }
  return tree;
}

/**
 * A stretch left out of a piece, and how to put it back: `fill` matches what was left out and
 * puts it into the piece's tree (when the piece matched), or returns the first failing unit.
 */
interface Hole extends Range {
  fill(tree: unknown, attempt: Attempt): number | undefined;
}

/** Matches `range` with its holes left out, then fills the holes. */
function matchWithHoles<T>(rule: Rule, attempt: Attempt, range: Range, holes: readonly Hole[]): Outcome<T> {
  if (holes.length === 0) {
    const piece = Piece.of(attempt.r, range.from, range.to);
    const matched = matchShape<T>(rule, piece);
    return isFailed(matched) ? { ok: false, unit: piece.reducedStart(matched.failedAt) } : { ok: true, value: relocate(matched, piece) };
  }
  const parts: Part[] = [];
  let from = range.from;
  for (const hole of holes) {
    parts.push({ from, to: hole.from });
    from = hole.to;
  }
  parts.push({ from, to: range.to });
  const piece = new Piece(attempt.r, parts);
  const matched = matchShape<T>(rule, piece);
  let unit = isFailed(matched) ? piece.reducedStart(matched.failedAt) : undefined;
  const tree = isFailed(matched) ? undefined : relocate(matched, piece);
  for (const hole of holes) {
    // Past the skeleton's failure nothing matters: the grammar stops there.
    if (unit !== undefined && hole.from >= unit) break;
    const u = hole.fill(tree, attempt);
    if (u !== undefined) unit = unit === undefined ? u : Math.min(unit, u);
  }
  return unit === undefined ? { ok: true, value: tree as T } : { ok: false, unit };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLong = (range: Range) => range.to - range.from > limits.long;

// ---- Declarations ----

/** Matches the declaration (with any blanks around it) whose reduced text is `attempt.r`. */
export function parseDeclaration(attempt: Attempt): Outcome<A.Item[]> {
  const text = attempt.r.text;
  const lead = skipBlank(text, 0, text.length);
  switch (wordAt(text, lead)) {
    case 'circuit':
      return circuit(attempt, lead);
    case 'test':
      return test(attempt, lead);
    case 'neuron':
      return neuron(attempt, lead);
    default:
      return matchWithHoles('File', attempt, { from: 0, to: text.length }, []);
  }
}

function test(attempt: Attempt, lead: number): Outcome<A.Item[]> {
  const text = attempt.r.text;
  const open = nextChar(text, 123, lead, text.length);
  if (open < 0) return matchWithHoles('File', attempt, { from: 0, to: text.length }, []);
  return matchWithHoles('File', attempt, { from: 0, to: text.length }, [rowsHole(open, tableClose(text, open, text.length))]);
}

function circuit(attempt: Attempt, lead: number): Outcome<A.Item[]> {
  const { r } = attempt;
  const text = r.text;
  const open = nextChar(text, 123, lead, text.length);
  if (open < 0) return matchWithHoles('File', attempt, { from: 0, to: text.length }, []);
  const headRange = { from: 0, to: open + 1 };
  if (trainedBody(text, open)) {
    // Fields, as a neuron has them: matched whole, but for the rows of its tables.
    const tables = scanBody(text, open, text.length).tables.map((t) => rowsHole(t.open, t.close));
    const holes = [...(isLong(headRange) ? listHoles(attempt, headRange, () => 'port') : []), ...tables];
    return matchWithHoles('File', attempt, { from: 0, to: text.length }, holes);
  }
  const head = matchWithHoles<CircuitHead>('CircuitHead', attempt, headRange, isLong(headRange) ? listHoles(attempt, headRange, () => 'port') : []);
  if (!head.ok) return head;
  const close = matchingBrace(text, open, text.length);
  const body = parseStatements(attempt, open, close);
  if (!body.ok) return body;
  // The grammar wants the `}`, and nothing but blanks after it.
  if (close >= text.length) return { ok: false, unit: close };
  const rest = skipBlank(text, close + 1, text.length);
  if (rest < text.length) return { ok: false, unit: rest };
  const { name, typeParams, params, outputs } = head.value;
  return {
    ok: true,
    value: [{ kind: 'circuit', name, typeParams, params, outputs, body: body.value, span: { file: r.file, start: r.at[lead]!, end: r.at[close + 1]! } }],
  };
}

/** Whether a circuit body starts with a field (`hidden: 2`, `train {`), as a trained circuit's does, rather than a statement. */
function trainedBody(text: string, open: number): boolean {
  const i = skipBlank(text, open + 1, text.length);
  const word = isDigit(text.charCodeAt(i)) ? '' : wordAt(text, i);
  if (word === '') return false;
  const c = text.charCodeAt(skipBlank(text, i + word.length, text.length));
  return c === 58 /* : */ || (word === 'train' && c === 123);
}

/** The statements of the body whose `{` is at `open` and `}` at `close`, each matched on its own. */
function parseStatements(attempt: Attempt, open: number, close: number): Outcome<A.Statement[]> {
  const text = attempt.r.text;
  const body: A.Statement[] = [];
  // With no statement in front, the first one's stretch stands for the `{`.
  const cuts = [{ from: open, to: open + 1 }, ...splitStatements(text, open + 1, close)];
  for (let k = 1; k < cuts.length; k++) {
    const piece = { from: cuts[k]!.from, to: trimEnd(text, cuts[k]!.from, cuts[k]!.to) };
    const first = skipBlank(text, piece.from, piece.to);
    let holes: Hole[];
    if (wordAt(text, first) === 'for') {
      // A loop is matched with its body left out, and its statements each on their own.
      const loopOpen = nextChar(text, 123, first, piece.to);
      holes = loopOpen < 0 ? [] : [bodyHole(loopOpen, matchingBrace(text, loopOpen, piece.to))];
    } else {
      holes = isLong(piece) ? listHoles(attempt, piece, (at) => (at === first ? 'target' : 'expr')) : [];
    }
    const statement = matchWithHoles<A.Statement>('Statement', attempt, piece, holes);
    if (!statement.ok) {
      attempt.passed(cuts, k);
      return statement;
    }
    body.push(statement.value);
  }
  attempt.passed(cuts, cuts.length);
  return { ok: true, value: body };
}

/** A loop's body, between the `{` at `open` and the `}` at `close`: its statements. */
function bodyHole(open: number, close: number): Hole {
  return {
    from: open + 1,
    to: close,
    fill(tree, attempt) {
      const body = parseStatements(attempt, open, close);
      if (!body.ok) return body.unit;
      if (tree !== undefined) {
        const loop = tree as { kind?: string; body?: A.Statement[] };
        // Not a loop when the skeleton reads the text otherwise than in place.
        if (loop.kind !== 'for' || !Array.isArray(loop.body)) return open;
        loop.body = body.value;
      }
      return undefined;
    },
  };
}

function neuron(attempt: Attempt, lead: number): Outcome<A.Item[]> {
  const text = attempt.r.text;
  const all = { from: 0, to: text.length };
  const open = nextChar(text, 123, lead, text.length);
  // The common neuron, short and without a table, is one piece.
  if (open < 0 || (text.length <= limits.long && !text.includes('train'))) return matchWithHoles('File', attempt, all, []);
  const body = scanBody(text, open, text.length);
  const tables = body.tables.map((t) => rowsHole(t.open, t.close));
  const kept = text.length - tables.reduce((n, t) => n + (t.to - t.from), 0);
  if (kept <= limits.long) return matchWithHoles('File', attempt, all, tables);
  // A long neuron: many inputs, weights or fields.
  const holes: Hole[] = [];
  const params = nextOpen(text, lead, open);
  const list = params < 0 ? undefined : listItems(text, params, open);
  if (list && list.items.length >= 2) holes.push(listHole(attempt, list.items, list.close, 'port'));
  // Anything before the first field is cut as a field of its own, which does not match.
  const first = skipBlank(text, open + 1, text.length);
  const fields = body.fields.length > 0 && body.fields[0]! > first ? [first, ...body.fields] : body.fields;
  const cut = fields.length >= 3 ? { from: fields[0]!, to: fields[fields.length - 1]! } : undefined;
  const outside = (at: number) => !cut || at < cut.from || at >= cut.to;
  holes.push(...tables.filter((t) => outside(t.from)), ...weightsHoles(attempt, text, body.weights.filter(outside)));
  if (cut) holes.push(fieldsHole(attempt, open, fields, body.tables));
  holes.sort((a, b) => a.from - b.from);
  return matchWithHoles('File', attempt, all, holes);
}

interface Body {
  /** The train tables: the offsets of their `{` and `}`. */
  readonly tables: { open: number; close: number }[];
  /** Where each field starts: a word followed by `:`, or `train {`. */
  readonly fields: number[];
  /** Where each `weights:` starts. */
  readonly weights: number[];
}

/** The fields of a neuron's body, whose `{` is at `open`. */
function scanBody(text: string, open: number, end: number): Body {
  const body: Body = { tables: [], fields: [], weights: [] };
  for (let i = open + 1; i < end; ) {
    i = skipBlank(text, i, end);
    if (i >= end || text.charCodeAt(i) === 125) break;
    // A number (`1e`, `2weights`) is no key, whatever follows it.
    const word = isDigit(text.charCodeAt(i)) ? '' : wordAt(text, i);
    if (word === '') {
      i = tokenEnd(text, i);
      continue;
    }
    const after = skipBlank(text, i + word.length, end);
    const c = text.charCodeAt(after);
    if (c === 58 /* : */) {
      body.fields.push(i);
      if (word === 'weights') body.weights.push(i);
    } else if (word === 'train' && c === 123) {
      body.fields.push(i);
      const close = tableClose(text, after, end);
      body.tables.push({ open: after, close });
      i = close + 1;
      continue;
    }
    i += word.length;
  }
  return body;
}

// ---- Lists ----

/** What a list holds: ports (of a head), targets (of an assignment), expressions or numbers. */
type ItemRule = 'port' | 'target' | 'expr' | 'number';

function matchItem(attempt: Attempt, rule: ItemRule, range: Range): Outcome<unknown> {
  if (rule === 'port') return matchWithHoles('Port', attempt, range, []);
  if (rule === 'target') return matchWithHoles('Target', attempt, range, []);
  if (rule === 'number') return matchWithHoles('Expr_constant', attempt, range, []);
  const item = { from: range.from, to: trimEnd(attempt.r.text, range.from, range.to) };
  return matchWithHoles('Expr', attempt, item, isLong(item) ? listHoles(attempt, item, () => 'expr') : []);
}

/**
 * Holes for every parenthesized list of two or more items in `range`, nested ones included:
 * each list keeps its first item, where lists nested in it are cut in turn.
 */
function listHoles(attempt: Attempt, range: Range, ruleAt: (open: number) => ItemRule): Hole[] {
  const text = attempt.r.text;
  const holes: Hole[] = [];
  const scan = (from: number, to: number): void => {
    for (let i = from; ; ) {
      const open = nextOpen(text, i, to);
      if (open < 0) return;
      const list = listItems(text, open, to);
      if (!list || list.items.length < 2 || blank(text, list.items[0]!.from, list.items[0]!.to)) {
        i = open + 1;
        continue;
      }
      scan(open + 1, list.items[0]!.to);
      holes.push(listHole(attempt, list.items, list.close, ruleAt(open)));
      i = list.close + 1;
    }
  };
  scan(range.from, range.to);
  return holes;
}

/**
 * The items after the first of a list `(a, b, c)`, left out from the first comma to the `)`.
 * They are matched one by one and put after the first item, in the array that holds it.
 */
function listHole(attempt: Attempt, items: readonly Range[], close: number, rule: ItemRule): Hole {
  return itemsHole(attempt, items[0]!, items.slice(1), { from: items[0]!.to, to: close }, rule, 1);
}

/**
 * The middle items of a list: `rest`, which start after a separator at `hole.from` and are
 * separated by one-character separators. `kept` items stay in the skeleton's array (1: the
 * first; 2: the first and the last).
 */
function itemsHole(attempt: Attempt, first: Range, rest: readonly Range[], hole: Range, rule: ItemRule, kept: number): Hole {
  const { r } = attempt;
  const anchor = r.at[skipBlank(r.text, first.from, first.to)]!;
  const items = [first, ...rest];
  return {
    ...hole,
    fill(tree, attempt) {
      const values: unknown[] = [];
      for (let k = 0; k < rest.length; k++) {
        const matched = matchItem(attempt, rule, rest[k]!);
        if (!matched.ok) {
          attempt.passed(items, k + 1);
          return matched.unit;
        }
        values.push(matched.value);
      }
      attempt.passed(items, items.length);
      if (tree !== undefined) {
        // Not there when the skeleton reads the first item otherwise than in place (`(, b)`).
        const array = findArray(tree, (a) => a.length === kept && spanStart(a[0]) === anchor);
        if (!array) return hole.from;
        insertAfterFirst(array, values);
      }
      return undefined;
    },
  };
}

/** For each long `weights:` list, a hole for its middle items (between its first and last comma). */
function weightsHoles(attempt: Attempt, text: string, starts: readonly number[]): Hole[] {
  const holes: Hole[] = [];
  for (const start of starts) {
    let j = skipBlank(text, start + 'weights'.length, text.length) + 1; // past the `:`
    const first = skipBlank(text, j, text.length);
    const commas: number[] = [];
    for (;;) {
      j = skipBlank(text, j, text.length);
      const s = text.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      const d = text.charCodeAt(j);
      if (d !== 48 && d !== 46) break; // not a number: the grammar will say so
      j = skipBlank(text, tokenEnd(text, j), text.length);
      if (text.charCodeAt(j) !== 44) break;
      commas.push(j++);
    }
    if (commas.length < 2) continue;
    const middle = commas.slice(0, -1).map((c, k) => ({ from: c + 1, to: commas[k + 1]! }));
    holes.push(itemsHole(attempt, { from: first, to: commas[0]! }, middle, { from: commas[0]!, to: commas[commas.length - 1]! }, 'number', 2));
  }
  return holes;
}

/**
 * The fields of a neuron with many, but for the last, each matched on its own (with its own
 * tables and weights). What comes before them is the body's `{`; a field is cut where a word
 * is followed by `:` (or `train {`), and a word left over from the field before makes that
 * one fail.
 */
function fieldsHole(attempt: Attempt, open: number, starts: readonly number[], tables: readonly { open: number; close: number }[]): Hole {
  const { r } = attempt;
  const last = starts[starts.length - 1]!;
  const anchor = r.at[last]!;
  return {
    from: starts[0]!,
    to: last,
    fill(tree, attempt) {
      const values: A.Field[] = [];
      const items = [{ from: open, to: open + 1 }, ...starts.slice(0, -1).map((from, k) => ({ from, to: starts[k + 1]! }))];
      for (let k = 1; k < items.length; k++) {
        const field = { from: items[k]!.from, to: trimEnd(r.text, items[k]!.from, items[k]!.to) };
        const inner = tables.filter((t) => t.open > field.from && t.open < field.to).map((t) => rowsHole(t.open, t.close));
        const holes = isLong(field) ? [...inner, ...weightsHoles(attempt, r.text, [field.from])].sort((a, b) => a.from - b.from) : inner;
        const matched = matchWithHoles<A.Field>('Field', attempt, field, holes);
        if (!matched.ok) {
          attempt.passed(items, k);
          return matched.unit;
        }
        values.push(matched.value);
      }
      attempt.passed(items, items.length);
      if (tree !== undefined) {
        const array = findArray(tree, (a) => a.length === 1 && spanStart(a[0]) === anchor);
        if (!array) return starts[0]!;
        const kept = array.pop()!;
        for (const v of values) array.push(v);
        array.push(kept);
      }
      return undefined;
    },
  };
}

/** Puts `values` after `array[at]`, in place; no argument spread, for lists of any length. */
function insertAfterFirst<T>(array: T[], values: readonly T[], at = 0): void {
  const tail = array.splice(at + 1);
  for (const v of values) array.push(v);
  for (const t of tail) array.push(t);
}

const spanStart = (node: unknown) => (node as { span?: { start: number } } | undefined)?.span?.start;

/** The first array in `tree` that passes `test`. */
function findArray(tree: unknown, test: (array: unknown[]) => boolean): unknown[] | undefined {
  if (Array.isArray(tree)) {
    if (test(tree)) return tree;
    for (const x of tree) {
      const found = findArray(x, test);
      if (found) return found;
    }
    return undefined;
  }
  if (tree === null || typeof tree !== 'object') return undefined;
  for (const key in tree) {
    if (key === 'span') continue;
    const found = findArray((tree as Record<string, unknown>)[key], test);
    if (found) return found;
  }
  return undefined;
}

/** The first table in `tree` (an object with rows) whose `{` is at source offset `at`. */
function findTable(tree: unknown, at: number): { rows: readonly A.Row[] } | undefined {
  if (tree === null || typeof tree !== 'object') return undefined;
  if (Array.isArray(tree)) {
    for (const x of tree) {
      const found = findTable(x, at);
      if (found) return found;
    }
    return undefined;
  }
  const node = tree as Record<string, unknown>;
  if (Array.isArray(node.rows) && spanStart(node) === at) return node as { rows: readonly A.Row[] };
  for (const key in node) {
    if (key === 'span' || key === 'rows') continue;
    const found = findTable(node[key], at);
    if (found) return found;
  }
  return undefined;
}

// ---- Tables ----

/** The rows of the table whose `{` is at `open` and `}` at `close`, each matched on its own. */
function rowsHole(open: number, close: number): Hole {
  return {
    from: open + 1,
    to: close,
    fill(tree, attempt) {
      const rows = parseRows(attempt, open, close);
      if (!rows.ok) return rows.unit;
      if (tree !== undefined) {
        const table = findTable(tree, attempt.r.at[open]!);
        // Not there when the skeleton reads the `{` otherwise than as a table.
        if (!table) return open;
        table.rows = rows.value;
      }
      return undefined;
    },
  };
}

/**
 * A row, matched as the table `{row}`: its cells as (start, end, kind) triples and the number
 * of inputs. Positions are in the matched text, so that rows of one shape share it.
 */
interface RowShape {
  readonly cells: readonly number[];
  readonly inputs: number;
  readonly start: number;
  readonly end: number;
}

const rowShapes = new ShapeCache<RowShape | null>();

function parseRows(attempt: Attempt, open: number, close: number): Outcome<PackedRow[]> {
  const { r } = attempt;
  const packed = new PackedCells(r.source, r.file);
  const rows: PackedRow[] = [];
  // With no row in front, the first one's stretch stands for the `{`.
  const segments = [{ from: open, to: open + 1 }, ...splitRows(r.text, open, close)];
  for (let k = 1; k < segments.length; k++) {
    const row = segments[k]!;
    const first = packed.count;
    const span = isLong(row) ? wideRow(attempt, row, packed) : shortRow(attempt, row, packed);
    if (!span.ok) {
      attempt.passed(segments, k);
      return span;
    }
    if (span.value) rows.push(new PackedRow(packed, first, first + span.value.inputs, packed.count, span.value.start, span.value.end));
  }
  attempt.passed(segments, segments.length);
  return { ok: true, value: rows };
}

/** Where a row is in the source and how many of its cells are inputs; null for no row at all. */
type RowSpan = { readonly inputs: number; readonly start: number; readonly end: number } | null;

/** A row through the cache of row shapes: its cells pushed to `packed`. */
function shortRow(attempt: Attempt, row: Range, packed: PackedCells): Outcome<RowSpan> {
  const text = '{' + attempt.r.text.slice(row.from, row.to) + '}';
  let shape = rowShapes.get(text);
  if (shape === undefined) {
    const match = grammar.match(text, 'table');
    shape = match.failed() ? { failedAt: match.getRightmostFailurePosition() } : shapeOf(BUILD.table(match as SucceededMatchResult));
    rowShapes.set(text, shape);
  }
  // Positions in `{row}` count the `{`.
  const { at } = attempt.r;
  const base = row.from - 1;
  const clamp = (p: number) => Math.min(row.to, Math.max(row.from, base + p));
  if (isFailed(shape)) return { ok: false, unit: clamp(shape.failedAt) };
  if (shape === null) return { ok: true, value: null };
  const { cells } = shape;
  for (let k = 0; k < cells.length; k += 3) packed.push(at[base + cells[k]!]!, at[base + cells[k + 1]!]!, cells[k + 2]! as CellKind);
  return { ok: true, value: { inputs: shape.inputs, start: at[base + shape.start]!, end: at[base + shape.end]! } };
}

function shapeOf(table: A.Table): RowShape | null {
  const row = table.rows[0];
  if (!row) return null;
  const cells: number[] = [];
  for (const c of [...row.inputs, ...row.outputs]) cells.push(c.span.start, c.span.end, cellKind(c));
  return { cells, inputs: row.inputs.length, start: row.span.start, end: row.span.end };
}

/**
 * A row of many cells: its cell lists cut down to their first and last cell, the cells between
 * matched one by one. Cells are separated by blanks, so a cell between two others matches on
 * its own exactly when it matches in place.
 */
function wideRow(attempt: Attempt, row: Range, packed: PackedCells): Outcome<RowSpan> {
  const { r } = attempt;
  const { text } = r;
  const arrow = findArrow(text, row);
  const lists = arrow < 0 ? [] : [cellTokens(text, skipGap(text, row.from, arrow), arrow), cellTokens(text, arrow + 2, row.to)];
  // A list of n tokens keeps its first and last; the hole runs from the end of the first to
  // the end of the one before the last (the blank before the last stays).
  const holes = lists.filter((t) => t.length >= 6).map((tokens) => ({ tokens, from: tokens[1]!, to: tokens[tokens.length - 3]! }));
  const parts: Part[] = ['{'];
  let from = row.from;
  for (const hole of holes) {
    parts.push({ from, to: hole.from });
    from = hole.to;
  }
  parts.push({ from, to: row.to }, '}');
  const piece = new Piece(r, parts);
  const matched = matchShape<A.Table>('table', piece);
  const failedAt = isFailed(matched) ? piece.reducedStart(matched.failedAt) : Infinity;
  // The cells left out, in order (one may fail before the skeleton does): only their kinds
  // are kept, for a row of millions of cells.
  const kinds: Uint8Array[] = [];
  for (const hole of holes) {
    if (hole.from >= failedAt) break;
    const t = hole.tokens;
    const n = t.length / 2;
    const kind = new Uint8Array(n);
    for (let k = 1; k < n - 1; k++) {
      const shape = cellShape(text.slice(t[2 * k]!, t[2 * k + 1]!));
      if (isFailed(shape)) {
        if (k >= 3) attempt.good.push({ from: t[2]!, to: t[2 * (k - 1)]! });
        return { ok: false, unit: t[2 * k]! + shape.failedAt };
      }
      kind[k] = shape;
    }
    if (n - 1 >= 3) attempt.good.push({ from: t[2]!, to: t[2 * (n - 2)]! });
    kinds.push(kind);
  }
  if (isFailed(matched)) return { ok: false, unit: failedAt };
  const skeleton = relocate(matched, piece).rows[0];
  if (!skeleton) return { ok: true, value: null };
  // Each list's middle cells go right after its first cell.
  const firsts = holes.map((h) => r.at[h.tokens[0]!]!);
  let inputs = skeleton.inputs.length;
  for (const c of [...skeleton.inputs, ...skeleton.outputs]) {
    packed.push(c.span.start, c.span.end, cellKind(c));
    const h = firsts.indexOf(c.span.start);
    if (h < 0) continue;
    const t = holes[h]!.tokens;
    for (let k = 1; k < t.length / 2 - 1; k++) packed.push(r.at[t[2 * k]!]!, r.at[t[2 * k + 1]!]!, kinds[h]![k]! as CellKind);
    if (t[0]! < arrow) inputs += t.length / 2 - 2;
  }
  return { ok: true, value: { inputs, start: skeleton.span.start, end: skeleton.span.end } };
}

const cellShapes = new ShapeCache<CellKind>();

/** What a cell's reduced text holds, or where it fails: matched once per shape. */
function cellShape(text: string): CellKind | Failed {
  let shape = cellShapes.get(text);
  if (shape === undefined) {
    const match = grammar.match(text, 'cell');
    shape = match.failed() ? { failedAt: match.getRightmostFailurePosition() } : cellKind(BUILD.cell(match as SucceededMatchResult));
    cellShapes.set(text, shape);
  }
  return shape;
}

/** The row's `->`, outside comments; -1 if it has none. */
function findArrow(text: string, row: Range): number {
  for (let i = row.from; i + 1 < row.to; ) {
    const c = text.charCodeAt(i);
    if (c === 45 && text.charCodeAt(i + 1) === 62) return i;
    i = c === 47 ? Math.max(i + 1, skipBlank(text, i, row.to)) : i + 1;
  }
  return -1;
}

/** Past what may come before a row: blanks, line breaks, `;` and comments. */
function skipGap(text: string, i: number, end: number): number {
  for (;;) {
    const j = skipBlank(text, i, end);
    if (j < end && text.charCodeAt(j) === 59) i = j + 1;
    else return j;
  }
}

/**
 * The cell-like tokens of `text[from, to)`, as (start, end) pairs: they are separated by
 * blanks and block comments, and end at a line comment, a `;` or a line break.
 */
function cellTokens(text: string, from: number, to: number): Int32Array {
  let tokens = new Int32Array(64);
  let n = 0;
  let i = from;
  for (;;) {
    while (i < to && (text.charCodeAt(i) === 32 || (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42))) {
      i = text.charCodeAt(i) === 32 ? i + 1 : Math.max(i + 1, skipBlank(text, i, to));
    }
    if (i >= to) break;
    const c = text.charCodeAt(i);
    if (c === 59 || c === 10 || (c === 47 && text.charCodeAt(i + 1) === 47)) break;
    let j = i;
    while (j < to) {
      const d = text.charCodeAt(j);
      if (d === 32 || d === 59 || d === 10 || d === 47) break;
      j++;
    }
    if (j === i) break;
    if (n + 2 > tokens.length) {
      const grown = new Int32Array(tokens.length * 2);
      grown.set(tokens);
      tokens = grown;
    }
    tokens[n++] = i;
    tokens[n++] = j;
    i = j;
  }
  return tokens.subarray(0, n);
}

