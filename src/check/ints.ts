// Integer expressions: widths, indices, loop bounds and width arguments, computed from literals,
// loop variables and width parameters.

import { error, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { thousands } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import type { PortShape } from './model.js';

/** No width, index or bound needs more; beyond it arithmetic would stop being exact, too. */
export const MAX_INT = 2 ** 31 - 1;

/** The names an expression reads, with their spans. */
export function namesIn(e: A.IntExpr, out: A.IntExpr[] = []): A.IntExpr[] {
  switch (e.kind) {
    case 'int':
      return out;
    case 'int-name':
      out.push(e);
      return out;
    case 'int-op':
      namesIn(e.left, out);
      return namesIn(e.right, out);
    case 'int-negate':
      return namesIn(e.operand, out);
  }
}

/**
 * The value of `e` with the names in `values`; undefined (after reporting) on a division by
 * zero or a result too large. A name missing from `values` gives undefined silently: the
 * checker reports unknown names once per declaration, not once per use.
 */
export function evalInt(e: A.IntExpr, values: ReadonlyMap<string, number>, out: Diagnostic[]): number | undefined {
  const v = evaluate(e, values, out);
  if (v !== undefined && Math.abs(v) > MAX_INT) {
    out.push(error('int-range', `this is ${v}, larger than nn's limit of ${thousands(MAX_INT)} for widths, indices and bounds`, e.span));
    return undefined;
  }
  return v;
}

function evaluate(e: A.IntExpr, values: ReadonlyMap<string, number>, out: Diagnostic[]): number | undefined {
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'int-name':
      return values.get(e.text);
    case 'int-negate': {
      const v = evaluate(e.operand, values, out);
      return v === undefined ? undefined : -v;
    }
    case 'int-op': {
      const a = evaluate(e.left, values, out);
      const b = evaluate(e.right, values, out);
      if (a === undefined || b === undefined) return undefined;
      if ((e.op === '/' || e.op === '%') && b === 0) {
        out.push(error('int-range', `division by zero: the right side of this ${e.op} is 0`, e.span as Span));
        return undefined;
      }
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        // Integer division rounds toward zero, as in C and Verilog; % keeps the sign of the left side.
        case '/':
          return Math.trunc(a / b);
        case '%':
          return a % b;
      }
    }
  }
}

/** `N-1`, `2*i+1`: an expression as written, for messages. */
export function intText(e: A.IntExpr): string {
  switch (e.kind) {
    case 'int':
      return e.text;
    case 'int-name':
      return e.text;
    case 'int-negate':
      return `-${intText(e.operand)}`;
    case 'int-op': {
      const p = precedence(e.op);
      const side = (x: A.IntExpr, right: boolean) =>
        x.kind === 'int-op' && (precedence(x.op) < p || (right && precedence(x.op) === p)) ? `(${intText(x)})` : intText(x);
      return `${side(e.left, false)}${e.op}${side(e.right, true)}`;
    }
  }
}

const precedence = (op: string) => (op === '+' || op === '-' ? 1 : 2);

/** The largest bus nn accepts, in bits. */
export const MAX_WIDTH = 1_000_000;

/**
 * Ports with their widths computed: a bus width must be at least 1 and at most MAX_WIDTH.
 * Undefined widths (an error reported) become 1, so checking can go on.
 */
export function portShapes(ports: readonly A.Port[], values: ReadonlyMap<string, number>, out: Diagnostic[]): PortShape[] {
  return ports.map((p) => {
    if (!p.width) return { name: p.text, width: null };
    const w = evalInt(p.width, values, out);
    if (w === undefined) return { name: p.text, width: 1 };
    if (w < 1 || w > MAX_WIDTH) {
      out.push(error('bad-width', `the bus ${p.text} would be ${w} bits wide; a bus has 1 to ${thousands(MAX_WIDTH)} bits`, p.width.span, {
        hint: w < 1 ? 'check the width expression and the parameter values' : 'nn works bit by bit: a bus that wide would not fit',
      }));
      return { name: p.text, width: 1 };
    }
    return { name: p.text, width: w };
  });
}
