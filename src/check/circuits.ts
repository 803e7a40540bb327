// Circuit declarations, checked once each whatever their width parameters: every name read is
// an input, a wire, a width parameter or a loop variable; every part called exists, with the
// right number of width arguments, inputs and outputs. What depends on widths is checked per
// instance (instance.ts).

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { listSome } from '../diagnostics/text.js';
import { plural } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import { DELAY, type CircuitDef, type PartDef } from './model.js';
import { checkUniqueNames } from './names.js';


/** The names assigned anywhere in a circuit's body, found once per declaration: each of its instances asks. */
export function wiresOfCircuit(decl: A.CircuitDecl): ReadonlyMap<string, A.Target> {
  let wires = wiresByDecl.get(decl);
  if (!wires) {
    wires = wiresOf(decl.body);
    wiresByDecl.set(decl, wires);
  }
  return wires;
}

const wiresByDecl = new WeakMap<A.CircuitDecl, ReadonlyMap<string, A.Target>>();

/** The names assigned anywhere in a body, loops included, each with its first target. */
export function wiresOf(body: readonly A.Statement[], into = new Map<string, A.Target>()): Map<string, A.Target> {
  for (const s of body) {
    if (s.kind === 'for') wiresOf(s.body, into);
    else for (const t of s.targets) if (!into.has(t.text)) into.set(t.text, t);
  }
  return into;
}

/** Every assignment of a body, loops included, with the numbers known there: width parameters and loop variables in scope. */
function assignments(body: readonly A.Statement[], ints: readonly string[], into: { s: A.Assignment; ints: readonly string[] }[] = []): { s: A.Assignment; ints: readonly string[] }[] {
  for (const s of body) {
    if (s.kind === 'for') assignments(s.body, [...ints, s.variable.text], into);
    else into.push({ s, ints });
  }
  return into;
}

export function checkCircuit(
  decl: A.CircuitDecl,
  file: string,
  parts: ReadonlyMap<string, PartDef>,
  out: Diagnostic[],
  /** Parts that are unknown because their declaration has a syntax error: not reported again. */
  unparsed: (name: string) => boolean = () => false,
): CircuitDef {
  const name = decl.name.text;
  const typeParams = decl.typeParams.map((p) => p.text);
  const params = new Set(decl.params.map((p) => p.text));
  const outputs = new Set(decl.outputs.map((o) => o.text));
  checkUniqueNames(decl.typeParams, 'width parameter', out);
  checkUniqueNames(decl.params, 'input', out);
  checkUniqueNames(decl.outputs, 'output', out);
  for (const o of decl.outputs) {
    if (params.has(o.text)) {
      out.push(error('output-is-input', `${o.text} is both an input and an output of ${name}`, o.span, {
        hint: `give the output a name of its own; to pass the input through, write ${o.text}_out = ${o.text}`,
      }));
    }
  }
  for (const p of decl.typeParams) {
    if (params.has(p.text) || outputs.has(p.text)) {
      out.push(error('duplicate-name', `${p.text} is both a width parameter and a port of ${name}`, p.span, { hint: 'give each one a name of its own' }));
    }
  }
  // Port widths may use the width parameters, and nothing else.
  for (const port of [...decl.params, ...decl.outputs]) {
    if (port.width) checkIntNames(port.width, typeParams, name, out);
  }

  const wires = wiresOfCircuit(decl);
  const known = [...new Set([...params, ...wires.keys(), ...outputs])];
  checkLoops(decl.body, typeParams, new Set(known), name, out);
  for (const { s, ints } of assignments(decl.body, typeParams)) {
    for (const target of s.targets) {
      if (params.has(target.text)) {
        out.push(error('assign-to-input', `${target.text} is an input of ${name} and cannot be assigned`, target.span, {
          hint: 'inputs get their values from whoever uses the circuit; pick another name for this wire',
        }));
      }
      if (target.index) checkIndexNames(target.index, ints, name, out);
    }
    const check = (e: A.Expr, nested: boolean): void => {
      if (e.kind === 'number') return;
      if (e.kind === 'name') {
        if (e.index) checkIndexNames(e.index, ints, name, out);
        if (!wires.has(e.text) && !params.has(e.text)) {
          if (ints.includes(e.text)) {
            out.push(error('unknown-name', `${e.text} is a number here (a ${typeParams.includes(e.text) ? 'width parameter' : 'loop variable'}), not a wire of ${name}`, e.span, {
              hint: `use it in an index, such as a[${e.text}], or in a width argument`,
            }));
          } else out.push(unknownWire(e, name, known, parts));
        }
        return;
      }
      if (e.kind === 'concat') {
        e.parts.forEach((p) => check(p, true));
        return;
      }
      if (e.typeArgs) for (const a of e.typeArgs) checkIntNames(a, ints, name, out);
      for (const a of e.args) check(a, true);
      if (e.callee.text === DELAY) {
        checkDelay(e, out);
        return;
      }
      const part = parts.get(e.callee.text);
      if (!part) {
        if (!unparsed(e.callee.text)) out.push(unknownPart(e.callee, parts, wires, params));
        return;
      }
      checkTypeArgs(e, part, out);
      // Counted first: the names are only needed for a message.
      const inputCount = part.kind === 'neuron' ? part.ports.length : part.decl.params.length;
      if (e.args.length !== inputCount) {
        const inputs = part.kind === 'neuron' ? part.ports.map((p) => p.name) : part.decl.params.map((p) => p.text);
        out.push(error('arity', `${part.name} takes ${inputs.length} ${plural(inputs.length, 'input')} (${inputs.join(', ')}), but this call gives ${e.args.length}`, e.span, {
          hint: `call it as ${part.name}(${inputs.join(', ')})`,
        }));
      }
      if (nested && outputCount(part) !== 1) {
        const outs = outputNames(part);
        out.push(error('output-count', `${part.name} has ${outs.length} outputs (${outs.join(', ')}), so it cannot be used inside another call`, e.span, {
          hint: `give it a statement of its own: (${outs.join(', ')}) = ${part.name}(...)`,
        }));
      }
    };
    check(s.expr, false);
    checkTargetCount(s, parts, out);
  }

  for (const o of decl.outputs) {
    if (!wires.has(o.text) && !params.has(o.text)) {
      out.push(error('unassigned-output', `output ${o.text} of ${name} is never assigned`, o.span, {
        hint: `assign it in the body: ${o.text} = ...`,
      }));
    }
  }
  return { kind: 'circuit', name, typeParams, decl, file };
}

/** `delay(x)` or `delay(x, init)`, init a whole number written in place: the built-in register. */
function checkDelay(e: A.CallExpr, out: Diagnostic[]): void {
  if (e.typeArgs) {
    out.push(error('type-args', 'delay has no width parameters, so it takes no <...>: its width is its argument\'s', e.callee.span, { hint: 'call it as delay(x)' }));
  }
  if (e.args.length < 1 || e.args.length > 2) {
    out.push(error('arity', `delay takes 1 or 2 arguments (x, and optionally its value at the start), but this call gives ${e.args.length}`, e.span, {
      hint: 'call it as delay(x), or delay(x, 1) to start at 1',
    }));
    return;
  }
  const init = e.args[1];
  if (init && (init.kind !== 'number' || !/^\d+$/.test(init.text))) {
    out.push(error('delay-init', `the value a delay starts with must be a whole number written in place, not ${init.kind === 'number' ? init.text : 'a wire or a call'}`, init.span, {
      hint: 'delay(x, 0) or delay(x, 1) for one bit; for a bus, any number that fits it: delay(n, 5)',
    }));
  }
}

const outputCount = (part: PartDef): number => (part.kind === 'neuron' ? 1 : part.decl.outputs.length);

function outputNames(part: PartDef): string[] {
  return part.kind === 'neuron' ? [part.name] : part.decl.outputs.map((o) => o.text);
}

function checkTypeArgs(e: A.CallExpr, part: PartDef, out: Diagnostic[]): void {
  const wanted = part.kind === 'circuit' ? part.typeParams : [];
  const given = e.typeArgs?.length ?? 0;
  if (given === wanted.length) return;
  if (wanted.length === 0) {
    out.push(error('type-args', `${part.name} has no width parameters, so it takes no <...>`, e.callee.span, { hint: `call it as ${part.name}(...)` }));
  } else {
    out.push(error('type-args', `${part.name} takes ${wanted.length} ${plural(wanted.length, 'width parameter')} (${wanted.join(', ')}), but this call gives ${given}`, e.callee.span, {
      hint: `call it as ${part.name}<${wanted.join(', ')}>(...), with a number for each`,
    }));
  }
}

function checkIndexNames(index: A.Index, allowed: readonly string[], circuit: string, out: Diagnostic[]): void {
  if (index.kind === 'bit') checkIntNames(index.at, allowed, circuit, out);
  else {
    checkIntNames(index.from, allowed, circuit, out);
    checkIntNames(index.to, allowed, circuit, out);
  }
}

/**
 * Every name in an integer expression must be a width parameter or a loop variable in scope.
 * A walk, not a list of the names: every index of every statement comes here.
 */
function checkIntNames(e: A.IntExpr, allowed: readonly string[], circuit: string, out: Diagnostic[]): void {
  switch (e.kind) {
    case 'int':
      return;
    case 'int-name': {
      if (allowed.includes(e.text)) return;
      const hint = didYouMean(e.text, allowed) ?? (allowed.length > 0
        ? `the numbers known here are ${allowed.join(', ')}`
        : `${circuit} has no width parameters; declare one as circuit ${circuit}<${e.text}>(...)`);
      out.push(error('unknown-parameter', `${e.text} is not a width parameter or a loop variable of ${circuit}`, e.span, { hint }));
      return;
    }
    case 'int-op':
      checkIntNames(e.left, allowed, circuit, out);
      checkIntNames(e.right, allowed, circuit, out);
      return;
    case 'int-negate':
      checkIntNames(e.operand, allowed, circuit, out);
  }
}

function checkLoops(body: readonly A.Statement[], typeParams: readonly string[], wires: ReadonlySet<string>, circuit: string, out: Diagnostic[], scope: readonly string[] = []): void {
  for (const s of body) {
    if (s.kind !== 'for') continue;
    const ints = [...typeParams, ...scope];
    checkIntNames(s.from, ints, circuit, out);
    checkIntNames(s.to, ints, circuit, out);
    const v = s.variable.text;
    if (ints.includes(v) || wires.has(v)) {
      out.push(error('duplicate-name', `the loop variable ${v} is already a ${typeParams.includes(v) ? 'width parameter' : scope.includes(v) ? 'loop variable' : 'wire or port'} of ${circuit}`, s.variable.span, {
        hint: 'give the loop variable a name of its own, such as i or j',
      }));
    }
    checkLoops(s.body, typeParams, wires, circuit, out, [...scope, v]);
  }
}

function checkTargetCount(s: A.Assignment, parts: ReadonlyMap<string, PartDef>, out: Diagnostic[]): void {
  const targets = s.targets.length;
  if (s.expr.kind !== 'call') {
    const what = s.expr.kind === 'name' ? 'wire' : s.expr.kind === 'concat' ? 'bus' : 'constant';
    if (targets !== 1) out.push(error('output-count', `a plain ${what} gives one value, but ${targets} names are assigned`, s.span));
    return;
  }
  if (s.expr.callee.text === DELAY) {
    if (targets !== 1) out.push(error('output-count', `delay has one output (a bus for a bus), but ${targets} names are assigned`, spanOf(s.targets), { hint: 'write q = delay(x)' }));
    return;
  }
  const part = parts.get(s.expr.callee.text);
  if (!part || outputCount(part) === targets) return;
  const outputs = outputNames(part);
  const form = outputs.length === 1 ? `x = ${part.name}(...)` : `(${outputs.join(', ')}) = ${part.name}(...)`;
  out.push(error('output-count', `${part.name} has ${outputs.length} ${plural(outputs.length, 'output')}${outputs.length > 1 ? ` (${outputs.join(', ')})` : ''}, but ${targets} ${plural(targets, 'name is', 'names are')} assigned`, s.targets.length > 1 ? spanOf(s.targets) : s.targets[0]!.span, {
    hint: `write ${form}`,
  }));
}

function unknownWire(e: A.NameExpr, circuit: string, known: string[], parts: ReadonlyMap<string, PartDef>): Diagnostic {
  const suggestion = didYouMean(e.text, known);
  const hint = suggestion ?? (parts.has(e.text) ? `${e.text} is a ${parts.get(e.text)!.kind}; to use it, call it: ${e.text}(...)` : `the names in ${circuit} are ${listSome(known)}`);
  return error('unknown-name', `${e.text} is not an input or a wire of ${circuit}`, e.span, { hint });
}

function unknownPart(callee: A.Name, parts: ReadonlyMap<string, PartDef>, wires: ReadonlyMap<string, A.Target>, params: Set<string>): Diagnostic {
  const suggestion = didYouMean(callee.text, [...parts.keys(), DELAY]);
  let hint = suggestion;
  if (!hint && (wires.has(callee.text) || params.has(callee.text))) hint = `${callee.text} is a wire; only neurons and circuits can be called`;
  if (!hint) hint = 'declare it with neuron or circuit, or import the file that does';
  return error('unknown-name', `there is no neuron or circuit called ${callee.text}`, callee.span, { hint });
}

function spanOf(names: readonly A.Name[]): A.Name['span'] {
  return { file: names[0]!.span.file, start: names[0]!.span.start, end: names[names.length - 1]!.span.end };
}
