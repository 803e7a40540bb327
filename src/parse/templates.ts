// Declarations as templates. A generated file repeats a few circuit declarations under many
// names, and each repeat's reduced text (reduce.ts) is the same. A wired circuit whose reduced
// text was seen before is parsed once on that text, as if it were the source, and copied to
// each place: spans through the reduced text's map, names and numbers read from the source,
// as for any piece of the shape cache. A copy's body, most of its tree, is copied when it is
// first read: the checker reads it for one of the copies alike (check/copies.ts) and renames
// its answer for the others, from the copy's outline.

import type { Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { Attempt, limits, parseDeclaration } from './declarations.js';
import type { Reduced } from './reduce.js';
import { LONGEST_KEY, Piece, relocate, ShapeCache } from './shape-cache.js';
import { skipSpace } from './split.js';

/**
 * What a circuit declaration says but for the names: its own, and those of the parts it
 * calls. Two declarations with the same outline, whose calls in the same places go to parts
 * alike, are alike.
 */
export interface Outline {
  /** The declaration's text after its name, each name it calls written `@0`, `@1`, ... in order of first call. */
  readonly text: string;
  /** A number for `text`: the same for the same text (so short to compare and to hash). */
  readonly id: number;
  /** The names it calls (`delay` too), each once, in order of first call. */
  readonly calls: readonly string[];
  /** The spans of its statements and of the calls in them, in the order written; made on first use. */
  places(): readonly Span[];
}

/** A template: the tree parsed on the reduced text, and the places in it an outline needs. */
interface Template {
  readonly tree: A.CircuitDecl;
  /** Start and end, in the reduced text, of each name it calls, in the order written. */
  readonly calls: Int32Array;
  /** Start and end of each statement and of each call in it, in the order written. */
  readonly places: Int32Array;
}

/**
 * Templates by their reduced text, as parsed on that text itself (spans in it). `null`: seen
 * once; `false`: not a wired circuit.
 */
const declarations = new ShapeCache<Template | null | false>();
/** The `limits.long` the templates were parsed with: the tests change it to take other paths. */
let templatesLong = limits.long;

const outlines = new WeakMap<A.CircuitDecl, Outline>();

/** The number of each outline text seen lately; numbers are never given twice, even after a clear. */
const ids = new ShapeCache<number>();
let nextId = 0;

/**
 * The outline of a circuit declaration copied from a template: made as it is copied, at
 * little cost. Undefined for the others.
 */
export function outlineOf(decl: A.CircuitDecl): Outline | undefined {
  return outlines.get(decl);
}

/**
 * The declaration `r` from its template, when it is a wired circuit seen before; the same
 * tree as parsing `r` itself. Undefined for a declaration seen for the first time, or not a
 * wired circuit.
 */
export function fromTemplate(r: Reduced): A.CircuitDecl | undefined {
  if (limits.long !== templatesLong) {
    declarations.clear();
    templatesLong = limits.long;
  }
  const { text } = r;
  // Longer texts are never kept as templates: not even looked for (a key is hashed whole).
  if (text.length > LONGEST_KEY) return undefined;
  const lead = skipSpace(text, 0);
  if (!text.startsWith('circuit', lead)) return undefined;
  let template = declarations.get(text);
  if (template === false) return undefined;
  if (template === undefined) {
    declarations.set(text, null);
    return undefined;
  }
  if (template === null) {
    template = parseTemplate(r) ?? false;
    declarations.set(text, template);
    if (!template) return undefined;
  }
  return copyOf(template as Template, r);
}

function parseTemplate(r: Reduced): Template | undefined {
  const { text } = r;
  const at = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) at[i] = i;
  const outcome = parseDeclaration(new Attempt({ text, at, source: text, file: r.file }));
  const tree = outcome.ok && outcome.value.length === 1 ? outcome.value[0]! : undefined;
  // A trained circuit's tables keep their source: those are parsed in place, every time.
  if (tree?.kind !== 'circuit' || tree.fields) return undefined;
  const calls: number[] = [];
  const places: number[] = [];
  const expr = (e: A.Expr): void => {
    if (e.kind === 'call') {
      places.push(e.span.start, e.span.end);
      calls.push(e.callee.span.start, e.callee.span.end);
      for (const a of e.args) expr(a);
    } else if (e.kind === 'concat') for (const p of e.parts) expr(p);
  };
  const body = (statements: readonly A.Statement[]): void => {
    for (const s of statements) {
      if (s.kind === 'for') body(s.body);
      else {
        places.push(s.span.start, s.span.end);
        expr(s.expr);
      }
    }
  };
  body(tree.body);
  return { tree, calls: Int32Array.from(calls), places: Int32Array.from(places) };
}

const NO_STATEMENTS: readonly A.Statement[] = [];

function copyOf(template: Template, r: Reduced): A.CircuitDecl {
  const { tree } = template;
  const { source, file } = r;
  // What the body and the places are made from, let go once both are made: a copy that the
  // checker reads in full keeps no reduced text.
  let from: { piece: Piece; at: Int32Array } | undefined = { piece: Piece.of(r, 0, r.text.length), at: r.at };
  const head = relocate({ ...tree, body: NO_STATEMENTS }, from.piece);
  let body: readonly A.Statement[] | undefined;
  let places: Span[] | undefined;
  const makePlaces = (at: Int32Array): Span[] => {
    const p = template.places;
    const made = new Array<Span>(p.length / 2);
    for (let k = 0; k < p.length; k += 2) made[k / 2] = { file, start: at[p[k]!]!, end: at[p[k + 1]!]! };
    return made;
  };
  // A plain object with a getter (V8 keeps it as a dictionary, about 600 bytes more): a
  // class would hide the body from a spread or Object.entries.
  const copy: A.CircuitDecl = {
    kind: 'circuit',
    name: head.name,
    typeParams: head.typeParams,
    params: head.params,
    outputs: head.outputs,
    get body() {
      if (!body) {
        body = relocate(tree.body, from!.piece);
        places ??= makePlaces(from!.at);
        from = undefined;
      }
      return body;
    },
    span: head.span,
  };

  const { at } = from;
  const names: string[] = [];
  let text = '';
  let end = copy.name.span.end;
  const { calls } = template;
  for (let k = 0; k < calls.length; k += 2) {
    const start = at[calls[k]!]!;
    const name = source.slice(start, at[calls[k + 1]!]!);
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    text += `${source.slice(end, start)}@${i}`;
    end = at[calls[k + 1]!]!;
  }
  text += source.slice(end, copy.span.end);
  let id = ids.get(text);
  if (typeof id !== 'number') {
    id = nextId++;
    ids.set(text, id);
  }
  outlines.set(copy, {
    text,
    id,
    calls: names,
    places: () => {
      places ??= makePlaces(from!.at);
      return places;
    },
  });
  return copy;
}
