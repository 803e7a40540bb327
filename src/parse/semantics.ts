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

export interface CircuitHead {
  readonly name: A.Name;
  readonly params: A.Name[];
  readonly outputs: A.Name[];
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
      params: params.names() as A.Name[],
      fields: fields.children.map((f) => f.field() as A.Field),
      span: span(this),
    };
  },
  Circuit(head, body, _close) {
    const { name, params, outputs } = head.head() as CircuitHead;
    return {
      kind: 'circuit',
      name,
      params,
      outputs,
      body: body.children.map((s) => s.statement() as A.Statement),
      span: span(this),
    };
  },
  Test(_kw, name, table) {
    return { kind: 'test', name: name.name() as A.Name, table: table.table() as A.Table, span: span(this) };
  },
});

semantics.addOperation<CircuitHead>('head', {
  CircuitHead(_kw, name, params, _arrow, outputs, _open) {
    return { name: name.name() as A.Name, params: params.names() as A.Name[], outputs: outputs.names() as A.Name[] };
  },
});

semantics.addOperation<A.Name[]>('names', {
  Params(_open, list, _close) {
    return list.asIteration().children.map((n) => n.name() as A.Name);
  },
  Outputs_many(_open, list, _close) {
    return list.asIteration().children.map((n) => n.name() as A.Name);
  },
  Outputs_one(name) {
    return [name.name() as A.Name];
  },
  Targets_many(_open, list, _close) {
    return list.asIteration().children.map((n) => n.name() as A.Name);
  },
  Targets_one(name) {
    return [name.name() as A.Name];
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
  Statement(targets, _eq, expr, _semi) {
    return {
      targets: targets.names() as A.Name[],
      destructured: targets.ctorName === 'Targets' && targets.child(0).ctorName === 'Targets_many',
      expr: expr.expr() as A.Expr,
      span: span(this),
    };
  },
});

semantics.addOperation<A.Expr>('expr', {
  Expr_call(callee, _open, args, _close) {
    return {
      kind: 'call',
      callee: callee.name() as A.Name,
      args: args.asIteration().children.map((a) => a.expr() as A.Expr),
      span: span(this),
    };
  },
  Expr_name(name) {
    return { kind: 'name', text: name.sourceString, span: span(this) };
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

/** A string literal's value from its text between the quotes. */
export function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}
