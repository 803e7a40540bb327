// Circuit declarations: every wire assigned once, every part known and called with the right
// number of arguments, outputs assigned, and no wire that depends on itself.

import { error, warning, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { listSome } from '../diagnostics/text.js';
import type * as A from '../parse/ast.js';
import type { CircuitDef, PartDef } from './model.js';
import { outputsOf } from './model.js';
import { checkUniqueNames } from './names.js';
import { findCycle } from './graph.js';

interface Wire {
  readonly statement: number;
  readonly name: A.Name;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function checkCircuit(
  decl: A.CircuitDecl,
  file: string,
  parts: ReadonlyMap<string, PartDef>,
  out: Diagnostic[],
): CircuitDef {
  const name = decl.name.text;
  const params = new Set(decl.params.map((p) => p.text));
  checkUniqueNames(decl.params, 'input', out);
  checkUniqueNames(decl.outputs, 'output', out);
  for (const o of decl.outputs) {
    if (params.has(o.text)) {
      out.push(error('output-is-input', `${o.text} is both an input and an output of ${name}`, o.span, {
        hint: `give the output a name of its own; to pass the input through, write ${o.text}_out = ${o.text}`,
      }));
    }
  }

  const wires = new Map<string, Wire>();
  decl.body.forEach((s, statement) => {
    for (const target of s.targets) {
      if (params.has(target.text)) {
        out.push(error('assign-to-input', `${target.text} is an input of ${name} and cannot be assigned`, target.span, {
          hint: 'inputs get their values from whoever uses the circuit; pick another name for this wire',
        }));
        continue;
      }
      const first = wires.get(target.text);
      if (first) {
        out.push(error('assigned-twice', `${target.text} is assigned twice`, target.span, {
          notes: [{ message: 'first assigned here', span: first.name.span }],
          hint: 'every wire has exactly one source; rename one of them',
        }));
        continue;
      }
      wires.set(target.text, { statement, name: target });
    }
  });

  const reads = new Map<string, Span>();
  const dependsOn: number[][] = decl.body.map(() => []);
  // Wires read above the statement that assigns them, where they are read.
  const earlyReads: { read: A.NameExpr; assignedBy: number }[] = [];
  decl.body.forEach((s, i) => {
    const check = (e: A.Expr, nested: boolean): void => {
      if (e.kind === 'number') {
        if (e.text !== '0' && e.text !== '1') {
          out.push(error('not-a-bit', `only the constants 0 and 1 can be wired into a circuit, not ${e.text}`, e.span));
        }
        return;
      }
      if (e.kind === 'name') {
        if (!reads.has(e.text)) reads.set(e.text, e.span);
        const wire = wires.get(e.text);
        if (wire) {
          dependsOn[i]!.push(wire.statement);
          if (wire.statement > i) earlyReads.push({ read: e, assignedBy: wire.statement });
        }
        else if (!params.has(e.text)) out.push(unknownWire(e, name, [...params, ...wires.keys()], parts));
        return;
      }
      e.args.forEach((a) => check(a, true));
      const part = parts.get(e.callee.text);
      if (!part) {
        out.push(unknownPart(e.callee, parts, wires, params));
        return;
      }
      if (e.args.length !== part.params.length) {
        out.push(error('arity', `${part.name} takes ${plural(part.params.length, 'input')} (${part.params.join(', ')}), but this call gives ${e.args.length}`, e.span, {
          hint: `call it as ${part.name}(${part.params.join(', ')})`,
        }));
      }
      const outputs = outputsOf(part);
      if (nested && outputs.length !== 1) {
        out.push(error('output-count', `${part.name} has ${outputs.length} outputs (${outputs.join(', ')}), so it cannot be used inside another call`, e.span, {
          hint: `give it a statement of its own: (${outputs.join(', ')}) = ${part.name}(...)`,
        }));
      }
    };
    check(s.expr, false);
    checkTargetCount(s, parts, out);
  });

  for (const o of decl.outputs) {
    if (!wires.has(o.text) && !params.has(o.text)) {
      out.push(error('unassigned-output', `output ${o.text} of ${name} is never assigned`, o.span, {
        hint: `assign it in the body: ${o.text} = ...`,
      }));
    }
  }

  const order = orderStatements(decl, dependsOn, out);
  warnUnused(decl, wires, reads, out);
  if (order) {
    for (const { read, assignedBy } of earlyReads) {
      out.push(warning('read-before-assigned', `${read.text} is read here but assigned further down`, read.span, {
        notes: [{ message: 'assigned here', span: decl.body[assignedBy]!.span }],
        hint: 'nn does not mind the order, but a circuit reads best from inputs to outputs',
      }));
    }
  }
  return { kind: 'circuit', name, params: [...params], outputs: decl.outputs.map((o) => o.text), order: order ?? [], decl, file };
}

function checkTargetCount(s: A.Statement, parts: ReadonlyMap<string, PartDef>, out: Diagnostic[]): void {
  const targets = s.targets.length;
  if (s.expr.kind !== 'call') {
    if (targets !== 1) out.push(error('output-count', `a plain ${s.expr.kind === 'name' ? 'wire' : 'constant'} gives one value, but ${targets} names are assigned`, s.span));
    return;
  }
  const part = parts.get(s.expr.callee.text);
  if (!part) return;
  const outputs = outputsOf(part);
  if (outputs.length === targets) return;
  const form = outputs.length === 1 ? `x = ${part.name}(...)` : `(${outputs.join(', ')}) = ${part.name}(...)`;
  out.push(error('output-count', `${part.name} has ${plural(outputs.length, 'output')}${outputs.length > 1 ? ` (${outputs.join(', ')})` : ''}, but ${targets} name${targets === 1 ? ' is' : 's are'} assigned`, s.targets.length > 1 ? spanOf(s.targets) : s.targets[0]!.span, {
    hint: `write ${form}`,
  }));
}

/** Statements in an order where every wire is assigned before it is read; undefined on a loop. */
function orderStatements(decl: A.CircuitDecl, dependsOn: number[][], out: Diagnostic[]): number[] | undefined {
  const cycle = findCycle(decl.body.length, (i) => dependsOn[i]!);
  if (cycle) {
    // Name the loop by its wires, in the direction values flow.
    // cycle[k] reads cycle[k+1]: values flow the other way, starting from the one reported.
    const names = [cycle[0]!, ...cycle.slice(1).reverse()].map((i) => decl.body[i]!.targets.map((t) => t.text).join(','));
    const path = [...names, names[0]].join(' → ');
    const first = decl.body[cycle[0]!]!;
    out.push(error('cycle', `these wires form a loop: ${path}`, first.span, {
      hint: 'a circuit of neurons has no feedback: each wire must be computed from inputs without itself',
      notes: cycle.slice(1).map((i) => ({ message: 'part of the loop', span: decl.body[i]!.span })),
    }));
    return undefined;
  }
  // Depth-first from each statement in source order, placing what it reads before it:
  // source order is kept wherever the dependencies allow it. Iterative, for long chains.
  const order: number[] = [];
  const placed = new Uint8Array(decl.body.length);
  for (let root = 0; root < decl.body.length; root++) {
    if (placed[root]) continue;
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    placed[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const deps = dependsOn[top.node]!;
      if (top.next < deps.length) {
        const d = deps[top.next++]!;
        if (!placed[d]) {
          placed[d] = 1;
          stack.push({ node: d, next: 0 });
        }
      } else {
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}

function warnUnused(decl: A.CircuitDecl, wires: Map<string, Wire>, reads: Map<string, Span>, out: Diagnostic[]): void {
  const outputs = new Set(decl.outputs.map((o) => o.text));
  const ignored = (n: string) => n.startsWith('_');
  for (const p of decl.params) {
    if (!reads.has(p.text) && !outputs.has(p.text) && !ignored(p.text)) {
      out.push(warning('unused', `input ${p.text} of ${decl.name.text} is never used`, p.span, {
        hint: `if that is on purpose, call it _${p.text}`,
      }));
    }
  }
  for (const [name, wire] of wires) {
    if (!reads.has(name) && !outputs.has(name) && !ignored(name)) {
      out.push(warning('unused', `wire ${name} is never used`, wire.name.span, {
        hint: `if that is on purpose, call it _${name}`,
      }));
    }
  }
}

function unknownWire(e: A.NameExpr, circuit: string, known: string[], parts: ReadonlyMap<string, PartDef>): Diagnostic {
  const suggestion = didYouMean(e.text, known);
  const hint = suggestion ?? (parts.has(e.text) ? `${e.text} is a ${parts.get(e.text)!.kind}; to use it, call it: ${e.text}(...)` : `the names in ${circuit} are ${listSome(known)}`);
  return error('unknown-name', `${e.text} is not an input or a wire of ${circuit}`, e.span, { hint });
}

function unknownPart(callee: A.Name, parts: ReadonlyMap<string, PartDef>, wires: Map<string, Wire>, params: Set<string>): Diagnostic {
  const suggestion = didYouMean(callee.text, parts.keys());
  let hint = suggestion;
  if (!hint && (wires.has(callee.text) || params.has(callee.text))) hint = `${callee.text} is a wire; only neurons and circuits can be called`;
  if (!hint) hint = 'declare it with neuron or circuit, or import the file that does';
  return error('unknown-name', `there is no neuron or circuit called ${callee.text}`, callee.span, { hint });
}

function spanOf(names: readonly A.Name[]): Span {
  return { file: names[0]!.span.file, start: names[0]!.span.start, end: names[names.length - 1]!.span.end };
}
