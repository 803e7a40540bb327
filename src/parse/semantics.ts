// The Ohm semantics: plain data with spans, nothing computed. Spans are offsets into the text
// that was matched; the parser moves them to the source (shape-cache.ts), and reads names,
// numbers and strings back from the source there.

import type { IterationNode, Node, NonterminalNode } from 'ohm-js';
import grammar from '../../grammar/nn.ohm-bundle.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';

export { grammar };

function span(node: Node): Span {
  return { file: '', start: node.source.startIdx, end: node.source.endIdx };
}

export const semantics = grammar.createSemantics();

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
    const trained = body.child(0).ctorName === 'CircuitBody_trained';
    const items = body.child(0).child(0).children;
    return {
      kind: 'circuit',
      name,
      typeParams,
      params,
      outputs,
      body: trained ? [] : items.map((s) => s.statement() as A.Statement),
      ...(trained && { fields: items.map((f) => f.field() as A.Field) }),
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
  Assert(_kw, name, typeArgs, _open, expr, _close) {
    const given = typeArgs.children[0];
    return {
      kind: 'assert',
      name: name.name() as A.Name,
      ...(given && { typeArgs: given.children[1]!.asIteration().children.map((e) => e.int() as A.IntExpr) }),
      expr: expr.assertExpr() as A.AssertExpr,
      span: span(this),
    };
  },
});

// Every binary level of an assert's expression has one `op` case of the same shape.
function binary(this: NonterminalNode, left: NonterminalNode, op: Node, right: NonterminalNode): A.AssertExpr {
  return {
    kind: 'a-binary',
    op: op.sourceString as A.AssertBinaryOp,
    left: left.assertExpr() as A.AssertExpr,
    right: right.assertExpr() as A.AssertExpr,
    span: span(this),
  };
}

semantics.addOperation<A.AssertExpr>('assertExpr', {
  AExpr_cond(test, _q, ifTrue, _colon, ifFalse) {
    return {
      kind: 'a-cond',
      test: test.assertExpr() as A.AssertExpr,
      ifTrue: ifTrue.assertExpr() as A.AssertExpr,
      ifFalse: ifFalse.assertExpr() as A.AssertExpr,
      span: span(this),
    };
  },
  AOr_op: binary,
  AAnd_op: binary,
  ABitOr_op: binary,
  ABitXor_op: binary,
  ABitAnd_op: binary,
  AEq_op: binary,
  ARel_op: binary,
  AShift_op: binary,
  AAdd_op: binary,
  AMul_op: binary,
  AUnary_op(op, operand) {
    return { kind: 'a-unary', op: op.sourceString as '!' | '~' | '-', operand: operand.assertExpr() as A.AssertExpr, span: span(this) };
  },
  APrimary_paren(_open, inner, _close) {
    return inner.assertExpr() as A.AssertExpr;
  },
  APrimary_number(n) {
    return { kind: 'a-number', text: n.sourceString, span: span(n) };
  },
  APrimary_name(name, index) {
    const i = index.children[0];
    return { kind: 'a-name', text: name.sourceString, ...(i && { index: i.index() as A.Index }), span: span(name) };
  },
});

export interface CircuitHead {
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
  Field_hidden(key, _colon, values) {
    return {
      kind: 'hidden',
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
  hiddenKw(_) {
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
    return { kind: 'string', value: stringValue(chars.sourceString), span: span(this) };
  },
});

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

/** A string literal's value from its text between the quotes. */
export function stringValue(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}
