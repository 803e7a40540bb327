// Source text → typed AST. The Ohm semantics here only build plain data with spans.

import type { FailedMatchResult, IterationNode, Node, NonterminalNode, SucceededMatchResult } from 'ohm-js';
import grammar from '../../grammar/nn.ohm-bundle.js';
import { error, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { describeExpected, describeFound } from './syntax-error.js';
import { skipTrivia, splitItems, splitStatements } from './split.js';
import { relocate, shapeOf, ShapeCache } from './shape-cache.js';
import { didYouMean } from '../diagnostics/suggest.js';

/** Where the text being matched sits in its file: set for the duration of one match. */
const at = { file: '', offset: 0 };

function span(node: Node): Span {
  const { startIdx, endIdx } = node.source;
  return { file: at.file, start: at.offset + startIdx, end: at.offset + endIdx };
}

const semantics = grammar.createSemantics();

semantics.addOperation<A.Item[]>('items', {
  File(items) {
    return items.children.map((item) => item.item() as A.Item);
  },
});

semantics.addOperation<A.Item>('item', {
  Item(item) {
    return item.item() as A.Item;
  },
  Import(_kw, path) {
    return { kind: 'import', path: path.string() as A.StringLiteral, span: span(this) };
  },
  Neuron(_kw, name, params, _open, fields, _close) {
    return {
      kind: 'neuron',
      name: name.name() as A.Name,
      params: params.ports() as A.Port[],
      fields: fields.children.map((f) => f.field() as A.Field),
      span: span(this),
    };
  },
  Circuit(head, body, _close) {
    const { name, typeParams, params, outputs } = head.head() as CircuitHead;
    return {
      kind: 'circuit',
      name,
      typeParams,
      params,
      outputs,
      body: body.children.map((s) => s.statement() as A.Statement),
      span: span(this),
    };
  },
  Test(_kw, name, typeArgs, sequence, table) {
    const given = typeArgs.children[0];
    return {
      kind: 'test',
      name: name.name() as A.Name,
      ...(given && { typeArgs: given.children[1]!.asIteration().children.map((e) => e.int() as A.IntExpr) }),
      ...(sequence.children.length > 0 && { sequence: true }),
      table: table.table() as A.Table,
      span: span(this),
    };
  },
});

interface CircuitHead {
  readonly name: A.Name;
  readonly typeParams: A.Name[];
  readonly params: A.Port[];
  readonly outputs: A.Port[];
}

semantics.addOperation<CircuitHead>('head', {
  CircuitHead(_kw, name, typeParams, params, _arrow, outputs, _open) {
    const given = typeParams.children[0];
    return {
      name: name.name() as A.Name,
      typeParams: given ? (given.names() as A.Name[]) : [],
      params: params.ports() as A.Port[],
      outputs: outputs.ports() as A.Port[],
    };
  },
});

semantics.addOperation<A.Name[]>('names', {
  TypeParams(_open, list, _close) {
    return list.asIteration().children.map((n) => n.name() as A.Name);
  },
});

semantics.addOperation<A.Port[]>('ports', {
  Params(_open, list, _close) {
    return list.asIteration().children.map((n) => n.port() as A.Port);
  },
  Outputs_many(_open, list, _close) {
    return list.asIteration().children.map((n) => n.port() as A.Port);
  },
  Outputs_one(port) {
    return [port.port() as A.Port];
  },
});

semantics.addOperation<A.Port>('port', {
  Port(name, width) {
    const w = width.children[0];
    const n = name.name() as A.Name;
    return w ? { ...n, width: w.width() as A.IntExpr } : n;
  },
});

semantics.addOperation<A.IntExpr>('width', {
  Width(_open, expr, _close) {
    return expr.int() as A.IntExpr;
  },
});

semantics.addOperation<A.Target[]>('targets', {
  Targets_many(_open, list, _close) {
    return list.asIteration().children.map((n) => n.target() as A.Target);
  },
  Targets_one(target) {
    return [target.target() as A.Target];
  },
});

semantics.addOperation<A.Target>('target', {
  Target(name, index) {
    const i = index.children[0];
    const n = name.name() as A.Name;
    return i ? { ...n, index: i.index() as A.Index } : n;
  },
});

semantics.addOperation<A.Index>('index', {
  Index_slice(_open, from, _dots, to, _close) {
    return { kind: 'slice', from: from.int() as A.IntExpr, to: to.int() as A.IntExpr, span: span(this) };
  },
  Index_bit(_open, at, _close) {
    return { kind: 'bit', at: at.int() as A.IntExpr, span: span(this) };
  },
});

semantics.addOperation<A.IntExpr>('int', {
  IntExpr_plus(left, _op, right) {
    return { kind: 'int-op', op: '+', left: left.int() as A.IntExpr, right: right.int() as A.IntExpr, span: span(this) };
  },
  IntExpr_minus(left, _op, right) {
    return { kind: 'int-op', op: '-', left: left.int() as A.IntExpr, right: right.int() as A.IntExpr, span: span(this) };
  },
  IntTerm_times(left, _op, right) {
    return { kind: 'int-op', op: '*', left: left.int() as A.IntExpr, right: right.int() as A.IntExpr, span: span(this) };
  },
  IntTerm_divide(left, _op, right) {
    return { kind: 'int-op', op: '/', left: left.int() as A.IntExpr, right: right.int() as A.IntExpr, span: span(this) };
  },
  IntTerm_modulo(left, _op, right) {
    return { kind: 'int-op', op: '%', left: left.int() as A.IntExpr, right: right.int() as A.IntExpr, span: span(this) };
  },
  IntFactor_paren(_open, expr, _close) {
    return expr.int() as A.IntExpr;
  },
  IntFactor_negate(_minus, operand) {
    return { kind: 'int-negate', operand: operand.int() as A.IntExpr, span: span(this) };
  },
  IntFactor_literal(_digits) {
    return { kind: 'int', text: this.sourceString, value: Number(this.sourceString), span: span(this) };
  },
  IntFactor_name(name) {
    return { kind: 'int-name', text: this.sourceString, span: span(name) };
  },
});

semantics.addOperation<A.Field>('field', {
  Field_weights(key, _colon, values) {
    return {
      kind: 'weights',
      key: key.name() as A.Name,
      values: values.asIteration().children.map((v) => v.number() as A.NumberLiteral),
      span: span(this),
    };
  },
  Field_table(key, table) {
    return { kind: 'train-table', key: key.name() as A.Name, table: table.table() as A.Table, span: span(this) };
  },
  Field_setting(key, _colon, value) {
    return { kind: 'setting', key: key.name() as A.Name, value: value.value() as A.Value, span: span(this) };
  },
});

semantics.addOperation<A.Value>('value', {
  Value(value) {
    return value.value() as A.Value;
  },
  number(_sign, _mantissa, _exponent) {
    return this.number() as A.NumberLiteral;
  },
  string(_open, _chars, _close) {
    return this.string() as A.StringLiteral;
  },
  name(_start, _rest) {
    return { kind: 'name', text: this.sourceString, span: span(this) };
  },
});

semantics.addOperation<A.Statement>('statement', {
  Statement(statement) {
    return statement.statement() as A.Statement;
  },
  Statement_assign(targets, _eq, expr, _semi) {
    return {
      kind: 'assign',
      targets: targets.targets() as A.Target[],
      destructured: targets.ctorName === 'Targets' && targets.child(0).ctorName === 'Targets_many',
      expr: expr.expr() as A.Expr,
      span: span(this),
    };
  },
  ForLoop(_for, variable, _in, from, _dots, to, _open, body, _close) {
    return {
      kind: 'for',
      variable: variable.name() as A.Name,
      from: from.int() as A.IntExpr,
      to: to.int() as A.IntExpr,
      body: body.children.map((s) => s.statement() as A.Statement),
      span: span(this),
    };
  },
});

semantics.addOperation<A.Expr>('expr', {
  Expr_call(callee, typeArgs, _open, args, _close) {
    const given = typeArgs.children[0];
    return {
      kind: 'call',
      callee: callee.name() as A.Name,
      ...(given && { typeArgs: given.children[1]!.asIteration().children.map((e) => e.int() as A.IntExpr) }),
      args: args.asIteration().children.map((a) => a.expr() as A.Expr),
      span: span(this),
    };
  },
  Expr_concat(_open, parts, _close) {
    return { kind: 'concat', parts: parts.asIteration().children.map((p) => p.expr() as A.Expr), span: span(this) };
  },
  Expr_name(name, index) {
    const i = index.children[0];
    return { kind: 'name', text: name.sourceString, ...(i && { index: i.index() as A.Index }), span: span(name) };
  },
  Expr_constant(value) {
    return value.number() as A.NumberLiteral;
  },
});

semantics.addOperation<A.Table>('table', {
  table(_open, items, _gap, _close) {
    return { rows: items.children.map((item) => item.row() as A.Row), span: span(this) };
  },
});

semantics.addOperation<A.Row>('row', {
  tableItem(_gap, row, _end) {
    return row.row() as A.Row;
  },
  row(inputs, _s1, _arrow, _s2, outputs) {
    const given = inputs.children[0];
    return { inputs: given ? cells(given as NonterminalNode) : [], outputs: cells(outputs), span: span(this) };
  },
});

function cells(node: NonterminalNode): A.Cell[] {
  const [first, , rest] = node.children as [Node, IterationNode, IterationNode];
  return [first, ...rest.children].map((c) => c.cell() as A.Cell);
}

semantics.addOperation<A.Cell>('cell', {
  cell(value) {
    return value.cell() as A.Cell;
  },
  based(_) {
    return { kind: 'number', text: this.sourceString, value: Number(this.sourceString), span: span(this) };
  },
  number(_sign, _mantissa, _exponent) {
    return this.number() as A.NumberLiteral;
  },
  star(_) {
    return { kind: 'star', span: span(this) };
  },
  name(_start, _rest) {
    return { kind: 'name', text: this.sourceString, span: span(this) };
  },
});

semantics.addOperation<A.Name>('name', {
  name(_start, _rest) {
    return { text: this.sourceString, span: span(this) };
  },
  callee(name, _spaces, _paren) {
    return name.name() as A.Name;
  },
  weightsKw(_) {
    return { text: this.sourceString, span: span(this) };
  },
  trainKw(_) {
    return { text: this.sourceString, span: span(this) };
  },
});

semantics.addOperation<A.NumberLiteral>('number', {
  number(_sign, _mantissa, _exponent) {
    return { kind: 'number', text: this.sourceString, value: Number(this.sourceString), span: span(this) };
  },
});

semantics.addOperation<A.StringLiteral>('string', {
  string(_open, chars, _close) {
    return { kind: 'string', value: unescape(chars.sourceString), span: span(this) };
  },
});

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** Parses one .nn source. Syntax errors come back as diagnostics, never as exceptions. */
export function parse(source: string, file: string): Result<A.FileAst> {
  const diagnostics: Diagnostic[] = [];
  const items: A.Item[] = [];
  const tooDeep = checkNesting(source, file);
  if (tooDeep) return { ok: false, diagnostics: [tooDeep] };
  for (const chunk of splitItems(source)) {
    const fast = parseCircuitQuickly(source, file, chunk.start, chunk.end);
    if (fast) {
      items.push(fast);
      continue;
    }
    const parsed = matchShared(fileShapes, 'File', source, file, chunk.start, chunk.end, (m) => semantics(m).items() as A.Item[]);
    if (parsed) {
      items.push(...parsed);
      continue;
    }
    // Match the real text (not its shape) so that the error quotes what is really there.
    const match = grammar.match(source.slice(chunk.start, chunk.end), 'File');
    if (match.failed()) diagnostics.push(syntaxError(match, source, file, chunk.start));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { file, items }, diagnostics };
}

/** Nested calls deeper than this are refused before matching: the matcher recurses per level. */
export const MAX_NESTING = 200;

function checkNesting(source: string, file: string): Diagnostic | undefined {
  let depth = 0;
  for (let i = 0; i < source.length; ) {
    const next = skipTrivia(source, i);
    if (next !== i) {
      i = next; // parentheses in comments and strings do not count
      continue;
    }
    const c = source.charCodeAt(i);
    if (c === 40 /* ( */ && ++depth > MAX_NESTING) {
      return error('too-deep', `parentheses are nested more than ${MAX_NESTING} levels deep here`, { file, start: i, end: i + 1 }, {
        hint: 'name the inner results: h1 = OR(a, b) on a line of its own, then use h1',
      });
    }
    if (c === 41 /* ) */ && depth > 0) depth--;
    i++;
  }
  return undefined;
}

const KEYWORDS = ['import', 'neuron', 'circuit', 'test'];

function syntaxError(match: FailedMatchResult, source: string, file: string, offset: number): Diagnostic {
  const position = offset + match.getRightmostFailurePosition();
  const found = describeFound(source, position);
  const where = { file, start: position, end: position + found.length };
  if (source.startsWith('/*', position) && source.indexOf('*/', position + 2) < 0) {
    return error('syntax', 'this comment is never closed', { ...where, end: position + 2 }, {
      hint: "close it with '*/'",
    });
  }
  const expected = describeExpected(match);
  let hint: string | undefined;
  if (expected.startsWith('a declaration')) {
    const word = /^[A-Za-z_][A-Za-z_0-9]*/.exec(source.slice(position, position + 40))?.[0];
    if (word) hint = didYouMean(word, KEYWORDS);
  }
  return error('syntax', `expected ${expected}, found ${found.text}`, where, hint ? { hint } : {});
}

/**
 * The fast path for circuits, which is where big generated files put their bulk: the head and
 * each statement are matched on their own, and statements that differ only in their names
 * share one match (see shape-cache.ts). Returns undefined whenever anything is unusual, and
 * the caller then matches the whole declaration: errors always come from the full grammar.
 */
function parseCircuitQuickly(source: string, file: string, start: number, end: number): A.CircuitDecl | undefined {
  let i = start;
  while (i < end && /\s/.test(source[i]!)) i++;
  if (!source.startsWith('circuit', i)) return undefined;
  const open = source.indexOf('{', i);
  let close = end - 1;
  while (close > open && /\s/.test(source[close]!)) close--;
  if (open < 0 || open > close || source[close] !== '}' || source.slice(i, open).includes('/')) return undefined;
  const head = parseHead(source, file, i, open);
  if (!head) return undefined;
  const pieces = splitStatements(source, open + 1, close);
  if (!pieces) return undefined;
  const body: A.Statement[] = [];
  for (const piece of pieces) {
    const statement = matchShared(statementShapes, 'Statement', source, file, piece.start, piece.end, (m) => semantics(m).statement() as A.Statement);
    if (!statement) return undefined;
    body.push(statement);
  }
  return { kind: 'circuit', ...head, body, span: { file, start: i, end: close + 1 } };
}

/**
 * A circuit's head, `circuit NAME(inputs) -> (outputs) {`. A generated netlist can list
 * thousands of inputs there, and Ohm matches long text slowly; so the head is matched with each
 * list cut down to one name, and the names of the lists each on their own, through the shape
 * cache. Undefined when anything is unusual (the caller then matches the whole declaration).
 */
function parseHead(source: string, file: string, start: number, open: number): CircuitHead | undefined {
  const params = parenthesized(source, source.indexOf('(', start), open);
  if (!params) return undefined;
  const arrow = source.indexOf('->', params.end);
  if (arrow < 0 || arrow > open) return undefined;
  let j = arrow + 2;
  while (j < open && /\s/.test(source[j]!)) j++;
  const outputs = source[j] === '(' ? parenthesized(source, j, open) : undefined;
  const cuts = outputs ? [params, outputs] : [params];
  let skeleton = '';
  let from = start;
  for (const cut of cuts) {
    skeleton += source.slice(from, cut.start) + 'a';
    from = cut.end;
  }
  skeleton += source.slice(from, open + 1);
  const head = matchShared(headShapes, 'CircuitHead', skeleton, file, 0, skeleton.length, (m) => semantics(m).head() as CircuitHead);
  if (!head) return undefined;
  const inputs = listPorts(source, file, params);
  // An empty output list is an error the full grammar reports.
  const outs = outputs ? listPorts(source, file, outputs) : [relocate(head.outputs[0]!, skeleton, file, 0)];
  if (!inputs || !outs || outs.length === 0) return undefined;
  // The skeleton's text before the first list is the source's; an unparenthesized output
  // comes after the input list, shifted by what was cut from it.
  const shift = start + (params.end - params.start) - 1;
  const moved = (n: A.Port): A.Port => relocate(n, source, file, shift);
  return {
    name: relocate(head.name, source, file, start),
    typeParams: relocate(head.typeParams, source, file, start),
    params: inputs,
    outputs: outputs ? outs : outs.map(moved),
  };
}

/** The text between the parenthesis at `open` and its closing one (before `limit`). */
function parenthesized(source: string, open: number, limit: number): { start: number; end: number } | undefined {
  if (open < 0 || source[open] !== '(') return undefined;
  const close = source.indexOf(')', open);
  return close < 0 || close > limit ? undefined : { start: open + 1, end: close };
}

/** The ports of a comma-separated list, each matched by the grammar through the shape cache. */
function listPorts(source: string, file: string, list: { start: number; end: number }): A.Port[] | undefined {
  if (source.slice(list.start, list.end).trim() === '') return [];
  const ports: A.Port[] = [];
  for (let at = list.start; at <= list.end; ) {
    const comma = source.indexOf(',', at);
    const end = comma < 0 || comma > list.end ? list.end : comma;
    const one = matchShared(nameShapes, 'Outputs', source, file, at, end, (m) => semantics(m).ports() as A.Port[]);
    if (one?.length !== 1) return undefined;
    ports.push(one[0]!);
    at = end + 1;
  }
  return ports;
}

const fileShapes = new ShapeCache<A.Item[]>();
const headShapes = new ShapeCache<CircuitHead>();
const nameShapes = new ShapeCache<A.Port[]>();
const statementShapes = new ShapeCache<A.Statement>();

/**
 * Matches `source[start, end)` with `rule`, through the shape cache: a text whose shape was
 * matched before reuses that tree. Undefined when the text does not match.
 */
function matchShared<T>(
  cache: ShapeCache<T>,
  rule: string,
  source: string,
  file: string,
  start: number,
  end: number,
  build: (match: SucceededMatchResult) => T,
): T | undefined {
  const text = source.slice(start, end);
  const shape = shapeOf(text);
  let tree = shape === undefined ? undefined : cache.get(shape);
  if (tree === undefined) {
    const match = grammar.match(shape ?? text, rule);
    if (!match.succeeded()) return undefined;
    at.file = file;
    at.offset = 0;
    tree = build(match);
    if (shape !== undefined) cache.set(shape, tree);
  }
  return relocate(tree, source, file, start);
}
