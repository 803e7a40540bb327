// Checking an `assert` block against the part it is about: every name a port of the part (or
// one of its width parameters, which reads as its number), every index a constant inside its
// bus, every number within nn's limit. What comes out is the expression with those resolved,
// ready to be compiled into gates (src/verify/assert-circuit.ts).

import { error, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type * as A from '../parse/ast.js';
import { evalInt } from './ints.js';
import { signatureOf, type AssertDef, type Part, type PortShape } from './model.js';

/** Numbers in an assert may have at most this many bits, as the values it computes. */
export const MAX_ASSERT_NUMBER_BITS = 4096;

export function checkAssert(item: A.AssertDecl, target: Part, file: string, out: Diagnostic[]): AssertDef | undefined {
  const sig = signatureOf(target);
  const ports = new Map<string, PortShape>();
  for (const p of [...sig.inputs, ...sig.outputs]) ports.set(p.name, p);
  const params = new Map<string, number>();
  if (target.kind === 'instance') target.def.typeParams.forEach((name, i) => params.set(name, target.args[i]!));
  const before = out.length;
  // The parser bounds an assert's size and depth (MAX_ASSERT_OPERATORS), so recursion is safe.
  const resolve = (e: A.AssertExpr): A.AssertExpr => {
    switch (e.kind) {
      case 'a-number': {
        const bits = numberValue(e.text).toString(2).length;
        if (bits > MAX_ASSERT_NUMBER_BITS) {
          out.push(error('assert-range', `this number has ${bits} bits; an assert's numbers may have up to ${MAX_ASSERT_NUMBER_BITS}`, e.span, {
            hint: 'an assert computes with exact integers, so its values must fit gates nn can build',
          }));
        }
        return e;
      }
      case 'a-name':
        return resolveName(e, sig.name, ports, params, out);
      case 'a-unary':
        return { ...e, operand: resolve(e.operand) };
      case 'a-binary':
        return { ...e, left: resolve(e.left), right: resolve(e.right) };
      case 'a-cond':
        return { ...e, test: resolve(e.test), ifTrue: resolve(e.ifTrue), ifFalse: resolve(e.ifFalse) };
    }
  };
  const expr = resolve(item.expr);
  if (out.length > before && out.slice(before).some((d) => d.severity === 'error')) return undefined;
  return { name: sig.name, target, expr, decl: item, file };
}

/** The value of a number as written in an assert: decimal, 0x hexadecimal or 0b binary. */
export function numberValue(text: string): bigint {
  return BigInt(text);
}

function resolveName(
  e: Extract<A.AssertExpr, { kind: 'a-name' }>,
  part: string,
  ports: ReadonlyMap<string, PortShape>,
  params: ReadonlyMap<string, number>,
  out: Diagnostic[],
): A.AssertExpr {
  const port = ports.get(e.text);
  if (!port) {
    const value = params.get(e.text);
    if (value !== undefined && !e.index) return { kind: 'a-number', text: String(value), span: e.span };
    out.push(error('unknown-name', `${e.text} is not an input or output of ${part}`, e.span, {
      hint: didYouMean(e.text, [...ports.keys(), ...params.keys()]) ?? `an assert reads the ports of ${part}: ${[...ports.keys()].join(', ')}`,
    }));
    return e;
  }
  if (!e.index) return e;
  const constant = (x: A.IntExpr): IntLiteral | undefined => {
    const v = evalInt(x, params, out);
    if (v === undefined) {
      const unknown = firstUnknown(x, params);
      if (unknown) {
        out.push(error('unknown-name', `${unknown.text} is not a width parameter of ${part}`, unknown.span, {
          hint: 'an index in an assert is a number, or computed from the part\'s width parameters',
        }));
      }
      return undefined;
    }
    return { kind: 'int', text: String(v), value: v, span: x.span };
  };
  const fail = (message: string, span: Span, hint?: string) => {
    out.push(error('index-range', message, span, hint === undefined ? {} : { hint }));
    return e;
  };
  if (e.index.kind === 'bit') {
    const at = constant(e.index.at);
    if (!at) return e;
    if (port.width === null) return fail(`${e.text} is a single bit, so it has no bit ${at.value}`, e.index.span, `write ${e.text} on its own`);
    if (at.value < 0 || at.value >= port.width) return fail(`${e.text}[${at.value}] is out of range: ${e.text} has bits 0 to ${port.width - 1}`, e.index.span);
    return { ...e, index: { ...e.index, at } };
  }
  const from = constant(e.index.from);
  const to = constant(e.index.to);
  if (!from || !to) return e;
  if (port.width === null) return fail(`${e.text} is a single bit, so it has no bits ${from.value}..${to.value}`, e.index.span, `write ${e.text} on its own`);
  if (from.value > to.value) return fail(`this slice is empty: ${from.value}..${to.value} (a slice lo..hi needs lo <= hi)`, e.index.span);
  const bad = [from.value, to.value].find((v) => v < 0 || v >= port.width!);
  if (bad !== undefined) return fail(`${e.text}[${bad}] is out of range: ${e.text} has bits 0 to ${port.width - 1}`, e.index.span);
  return { ...e, index: { ...e.index, from, to } };
}

type IntLiteral = Extract<A.IntExpr, { kind: 'int' }>;
type IntName = Extract<A.IntExpr, { kind: 'int-name' }>;

function firstUnknown(x: A.IntExpr, params: ReadonlyMap<string, number>): IntName | undefined {
  switch (x.kind) {
    case 'int':
      return undefined;
    case 'int-name':
      return params.has(x.text) ? undefined : x;
    case 'int-negate':
      return firstUnknown(x.operand, params);
    case 'int-op':
      return firstUnknown(x.left, params) ?? firstUnknown(x.right, params);
  }
}
