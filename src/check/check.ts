// The checker: from parsed files to a validated model, with every problem reported at once.
// Declarations are checked once each; circuit instances (a circuit with values for its width
// parameters) are unrolled and checked for every instance the files use.

import { error, fail, hasErrors, ok, resultOf, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { thousands } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import type { LoadedFile, Program } from '../load/load.js';
import { repeatOf } from '../parse/repeats.js';
import { outlineOf } from '../parse/templates.js';
import { checkCircuit } from './circuits.js';
import { Copies } from './copies.js';
import { findCycle } from './graph.js';
import { instanceKey, MAX_UNROLLED_STATEMENTS, startInstance, type PendingInstance } from './instance.js';
import { evalInt } from './ints.js';
import { checkAssert } from './asserts.js';
import type { AssertDef, CircuitDef, CircuitInstance, Model, NeuronDef, Part, PartDef, TestDef } from './model.js';
import { DELAY, signatureOf } from './model.js';
import { checkNeuron } from './neurons.js';
import { checkTable, readingBits, warnIfEmpty } from './tables.js';
import { checkTrainedCircuit } from './trained-circuits.js';

/**
 * The last check of each entry file, by its syntax tree. Loading keeps the parses of files it
 * reads again unchanged, so a program loaded again (a command run again in one process, a
 * library user reloading) has the same trees and is not checked again; a model is never
 * changed once made.
 */
const lastChecks = new WeakMap<A.FileAst, { readonly files: readonly LoadedFile[]; readonly statements: number; readonly result: Result<Model> }>();

export function check(program: Program): Result<Model> {
  const last = lastChecks.get(program.entry.ast);
  if (last && last.statements === checkLimits.statements && sameFiles(last.files, program.files)) return last.result;
  const result = checkProgram(program);
  if (!result.ok || bitsOf(result.value) <= MOST_KEPT_BITS) lastChecks.set(program.entry.ast, { files: program.files, statements: checkLimits.statements, result });
  return result;
}

/** A model is kept for a file loaded again only while its instances are this small in all. */
const MOST_KEPT_BITS = 250_000;

function bitsOf(model: Model): number {
  let bits = 0;
  for (const instance of model.instances.values()) bits += instance.bitSpace;
  return bits;
}

function sameFiles(a: readonly LoadedFile[], b: readonly LoadedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => {
    const g = b[i]!;
    return f.ast === g.ast && f.path === g.path && f.source === g.source && f.imports.length === g.imports.length && f.imports.every((p, k) => p === g.imports[k]);
  });
}

function checkProgram(program: Program): Result<Model> {
  const out: Diagnostic[] = [];
  const parts = new Map<string, PartDef>();
  const own: PartDef[] = [];
  const declared = new Map<string, A.Name>();

  // Names first, so that a circuit can use a part declared further down the file.
  const decls: { decl: A.NeuronDecl | A.CircuitDecl; file: string }[] = [];
  for (const file of program.files) {
    for (const item of file.ast.items) {
      if (item.kind !== 'neuron' && item.kind !== 'circuit') continue;
      if (item.name.text === DELAY) {
        out.push(error('reserved-name', `delay is nn's built-in register, so no ${item.kind} can be called delay`, item.name.span, {
          hint: 'give it another name; delay(x) always means the register (x one clock tick earlier)',
        }));
        continue;
      }
      const first = declared.get(item.name.text);
      if (first) {
        out.push(error('duplicate-declaration', `${item.name.text} is declared twice`, item.name.span, {
          notes: [{ message: 'first declared here', span: first.span }],
          hint: 'rename one of them; neurons and circuits share one set of names across imported files',
        }));
        continue;
      }
      declared.set(item.name.text, item.name);
      decls.push({ decl: item, file: file.path });
    }
  }
  // Neurons before circuits: a circuit's checks ask its parts for their inputs and outputs.
  const placeholders = new Map<string, PartDef>();
  // A neuron that repeats one checked without a problem, but for its name, has none either.
  const clean = new Map<A.NeuronDecl, NeuronDef>();
  for (const { decl, file } of decls) {
    if (decl.kind === 'neuron') {
      const first = repeatOf(decl);
      const known = first && clean.get(first);
      if (known) {
        placeholders.set(decl.name.text, { ...known, name: decl.name.text, decl, file });
        continue;
      }
      const before = out.length;
      const def = checkNeuron(decl, file, out);
      if (out.length === before && !def.training) clean.set(decl, def);
      placeholders.set(decl.name.text, def);
    } else placeholders.set(decl.name.text, { kind: 'circuit', name: decl.name.text, typeParams: decl.typeParams.map((p) => p.text), decl, file });
  }
  const visible = visibility(program, placeholders);
  const missing = unparsed(program);
  const copies = new Copies((name) => parts.get(name) ?? placeholders.get(name));
  for (const { decl, file } of decls) {
    const placeholder = placeholders.get(decl.name.text)!;
    let def: PartDef;
    if (placeholder.kind === 'neuron') def = placeholder;
    else if (decl.kind === 'circuit' && decl.fields) def = checkTrainedCircuit(decl, file, out);
    else if (copies.cleanDeclaration(placeholder, visible(file))) def = placeholder;
    else {
      const before = out.length;
      def = checkCircuit(decl as A.CircuitDecl, file, visible(file), out, (name) => missing(name, file));
      copies.rememberDeclaration(def as CircuitDef, out.length - before);
    }
    parts.set(def.name, def);
    if (file === program.entry.path) own.push(def);
  }
  const recursive = checkRecursion(parts, out);

  // Every circuit without width parameters is an instance; so is every instance they use.
  const instances = new Map<string, CircuitInstance>();
  const requests: Request[] = [];
  for (const def of parts.values()) {
    if (def.kind === 'circuit' && def.typeParams.length === 0 && !recursive.has(def.name)) requests.push({ def, args: [] });
  }
  const tests: TestDef[] = [];
  const asserts: AssertDef[] = [];
  const testTargets: { item: A.TestDecl | A.AssertDecl; target?: Part; key?: string }[] = [];
  for (const item of program.entry.ast.items) {
    if (item.kind !== 'test' && item.kind !== 'assert') continue;
    const found = testTarget(item, visible(program.entry.path), out, (name) => missing(name, program.entry.path));
    if (!found) continue;
    if (found.kind === 'neuron') testTargets.push({ item, target: found });
    else if (!recursive.has(found.def.name)) {
      testTargets.push({ item, key: instanceKey(found.def.name, found.args) });
      requests.push({ def: found.def, args: found.args, at: item.name.span });
    }
  }
  instantiateAll(requests, parts, instances, out, recursive, copies);

  for (const t of testTargets) {
    const target = t.target ?? (t.key !== undefined ? instances.get(t.key) : undefined);
    if (!target) continue;
    if (t.item.kind === 'assert') {
      const checked = checkAssert(t.item, target, program.entry.path, out);
      if (checked) asserts.push(checked);
    } else tests.push(checkTest(t.item, target, program.entry.path, out));
  }
  return resultOf({ parts, instances, tests, asserts, own }, sortDiagnostics(out, program));
}

interface Request {
  readonly def: CircuitDef;
  readonly args: readonly number[];
  /** Where this instance was first asked for, for the note on its problems. */
  readonly at?: Span;
}

/** Most distinct circuit instances one model may hold. */
export const MAX_INSTANCES = 100_000;

/**
 * Most statements all the instances checked at once may unroll to, as many as one instance
 * may (MAX_UNROLLED_STATEMENTS): a million of them take the checker about 10 s and 1.5 GB, and
 * without a bound on the sum, instances with widths from a loop variable could take hours.
 * Tests lower it.
 */
export const checkLimits = { statements: MAX_UNROLLED_STATEMENTS };

/**
 * Checks every requested instance and every instance they use, each once. Depth first: an
 * instance is finished (its statements ordered, its loops checked) after the instances it
 * calls, whose wires a loop may pass through. The stack holds one pending instance per level
 * of nesting, so memory follows the depth of the hierarchy, not its size.
 */
function instantiateAll(
  requests: Request[],
  parts: ReadonlyMap<string, PartDef>,
  instances: Map<string, CircuitInstance>,
  out: Diagnostic[],
  recursive: ReadonlySet<string> = new Set(),
  copies = new Copies((name) => parts.get(name)),
): void {
  const seen = new Set(instances.keys());
  let unrolled = 0;
  const reported = new Set<string>();
  const report = (found: readonly Diagnostic[], key: string, args: readonly number[], at: Span | undefined) => {
    for (const d of found) {
      // The same problem in several instances of one declaration is said once.
      const id = `${d.code}:${d.span?.file}:${d.span?.start}:${d.message}`;
      if (reported.has(id)) continue;
      reported.add(id);
      out.push(args.length > 0 && at ? { ...d, notes: [...(d.notes ?? []), { message: `in ${key}, used here`, span: at }] } : d);
    }
  };
  interface Level {
    readonly key: string;
    readonly args: readonly number[];
    readonly at: Span | undefined;
    readonly pending: PendingInstance;
    readonly found: Diagnostic[];
    readonly calls: { def: CircuitDef; args: readonly number[]; key: string }[];
    next: number;
    /** Renamed from an alike instance rather than checked. */
    readonly renamed: boolean;
  }
  const stack: Level[] = [];
  /** Starts checking an instance; false when the limit on instances is reached. */
  const begin = (def: CircuitDef, args: readonly number[], at: Span | undefined): boolean => {
    const key = instanceKey(def.name, args);
    if (seen.has(key) || recursive.has(def.name)) return true;
    seen.add(key);
    if (seen.size > MAX_INSTANCES) {
      out.push(error('too-large', `the files use more than ${thousands(MAX_INSTANCES)} different circuit instances`, at, {
        hint: 'width arguments that change with a loop variable make a new instance for each value',
      }));
      return false;
    }
    const found: Diagnostic[] = [];
    const renamed = copies.renamed(def, args);
    const pending = renamed ?? startInstance(def, args, parts, found);
    unrolled += pending?.unrolled ?? 0;
    if (unrolled > checkLimits.statements) {
      out.push(error('too-large', `the circuit instances these files use unroll to more than ${thousands(checkLimits.statements)} statements in all`, at, {
        hint: 'width arguments that change with a loop variable make a new instance, unrolled anew, for each value: use fewer, or one instance with a bus',
      }));
      return false;
    }
    if (!pending) {
      report(found, key, args, at);
      return true;
    }
    const calls: Level['calls'] = [];
    for (const [k, c] of pending.calls) calls.push({ def: c.def, args: c.args, key: k });
    stack.push({ key, args, at, pending, found, calls, next: 0, renamed: renamed !== undefined });
    return true;
  };
  for (const { def, args, at } of requests) {
    if (!begin(def, args, at)) return;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.calls.length) {
        const call = top.calls[top.next++]!;
        // Most calls are of instances checked already: their call site is not looked for.
        if (seen.has(call.key)) continue;
        if (!begin(call.def, call.args, top.pending.callSite(call.key) ?? top.at)) return;
        continue;
      }
      stack.pop();
      const instance = top.pending.finish(instances);
      report(top.found, top.key, top.args, top.at);
      if (instance && !hasErrors(top.found)) instances.set(top.key, instance);
      if (instance && !top.renamed) copies.remember(instance, top.pending.calls, top.found.length, instances);
    }
  }
}

/**
 * The model with the instance `text` (`RippleAdder<8>`, or a plain name) checked and added,
 * and the part itself: for commands that name an instance the files do not use.
 */
export function withPart(model: Model, text: string): Result<{ model: Model; part: Part }> {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:<\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*>)?\s*$/.exec(text);
  const name = m?.[1] ?? text;
  const def = model.parts.get(name);
  if (!m || !def) {
    const hint = didYouMean(name, model.parts.keys());
    return fail([error('unknown-name', `there is no neuron or circuit called ${text}`, undefined, hint ? { hint } : {})]);
  }
  const args = m[2] ? m[2].split(',').map((a) => Number(a.trim())) : [];
  if (def.kind === 'neuron') {
    return args.length > 0 ? fail([error('type-args', `${name} is a neuron: it has no width parameters`)]) : ok({ model, part: def });
  }
  if (args.length !== def.typeParams.length) {
    const form = `${name}<${def.typeParams.join(', ')}>`;
    return fail([error('type-args', def.typeParams.length === 0
      ? `${name} has no width parameters, so it takes no <...>`
      : `${name} has ${def.typeParams.length === 1 ? 'a width parameter' : 'width parameters'} (${form}): name an instance, such as ${name}<${def.typeParams.map(() => '8').join(', ')}>`)]);
  }
  const key = instanceKey(name, args);
  const known = model.instances.get(key);
  if (known) return ok({ model, part: known });
  const instances = new Map(model.instances);
  const out: Diagnostic[] = [];
  instantiateAll([{ def, args }], model.parts, instances, out);
  const part = instances.get(key);
  if (!part || hasErrors(out)) return fail(out);
  return ok({ model: { ...model, instances }, part }, out);
}

/** `file` and every file it imports, directly or through other imports. */
function importedFrom(file: string, imports: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length > 0) {
    for (const next of imports.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * The parts a file can use: its own and those of the files it imports, directly or through
 * other imports. Names are unique across all loaded files; this only hides the parts of files
 * that are loaded (for another importer) but not imported by this one.
 */
function visibility(program: Program, parts: ReadonlyMap<string, PartDef>): (file: string) => ReadonlyMap<string, PartDef> {
  const imports = new Map(program.files.map((f) => [f.path, f.imports]));
  const views = new Map<string, ReadonlyMap<string, PartDef>>();
  return (file) => {
    let view = views.get(file);
    if (!view) {
      const seen = importedFrom(file, imports);
      view = seen.size === program.files.length ? parts : new Map([...parts].filter(([, p]) => seen.has(p.file)));
      views.set(file, view);
    }
    return view;
  };
}

/**
 * A name is not reported unknown when a neuron or circuit of that name did not parse (its
 * syntax error is reported), nor anywhere an import that did not parse could have declared it.
 */
function unparsed(program: Program): (name: string, file: string) => boolean {
  const names = new Set<string>();
  const brokenImport = new Set<string>();
  for (const f of program.files) {
    for (const b of f.ast.broken ?? []) {
      if (b.name !== undefined) names.add(b.name);
      if (b.kind === 'import') brokenImport.add(f.path);
    }
  }
  const imports = new Map(program.files.map((f) => [f.path, f.imports]));
  const blind = new Map<string, boolean>();
  const seesBrokenImport = (file: string): boolean => {
    let answer = blind.get(file);
    if (answer === undefined) {
      const seen = importedFrom(file, imports);
      answer = [...seen].some((f) => brokenImport.has(f));
      blind.set(file, answer);
    }
    return answer;
  };
  return (name, file) => names.has(name) || (brokenImport.size > 0 && seesBrokenImport(file));
}

/** The part a test or an assert is about. */
function testTarget(
  item: A.TestDecl | A.AssertDecl,
  parts: ReadonlyMap<string, PartDef>,
  out: Diagnostic[],
  unparsed: (name: string) => boolean,
): Part | { kind: 'circuit'; def: CircuitDef; args: number[] } | undefined {
  const target = parts.get(item.name.text);
  const what = item.kind === 'test' ? 'test' : 'assert';
  if (!target) {
    const builtIn = item.name.text === DELAY ? `delay is built in: ${what === 'test' ? 'test' : 'assert about'} a circuit that uses it` : undefined;
    if (!unparsed(item.name.text)) out.push(error(`unknown-${what}-target`, `${what} ${item.name.text}: there is no neuron or circuit called ${item.name.text}`, item.name.span, {
      hint: builtIn ?? didYouMean(item.name.text, parts.keys()) ?? `${item.kind === 'test' ? 'a test block' : 'an assert'} is named after the neuron or circuit it ${item.kind === 'test' ? 'tests' : 'is about'}`,
    }));
    return undefined;
  }
  const wanted = target.kind === 'circuit' ? target.typeParams : [];
  const given = item.typeArgs ?? [];
  if (given.length !== wanted.length) {
    out.push(error('type-args', wanted.length === 0
      ? `${target.name} has no width parameters, so its ${what} takes no <...>`
      : `${target.name} has width parameters (${wanted.join(', ')}): ${what === 'test' ? 'test' : 'assert something of'} an instance, such as ${what} ${target.name}<${wanted.map(() => '4').join(', ')}> { ... }`, item.name.span));
    return undefined;
  }
  const args = given.map((g) => evalInt(g, new Map(), out));
  if (args.some((a) => a === undefined)) return undefined;
  if (target.kind === 'neuron') return target;
  return { kind: 'circuit', def: target, args: args as number[] };
}
function checkTest(item: A.TestDecl, target: Part, file: string, out: Diagnostic[]): TestDef {
  const sig = signatureOf(target);
  const rows = checkTable(item.table, {
    owner: sig.name,
    inputs: sig.inputs,
    outputs: target.kind === 'neuron' ? null : sig.outputs,
    allowStar: true,
  }, out);
  warnIfEmpty(item.table, `test ${sig.name}`, out);
  return {
    name: sig.name,
    sequence: item.sequence === true,
    target,
    rows: rows.map((r) => ({
      inputs: readingBits(r.inputs, sig.inputs) as (0 | 1)[],
      expected: readingBits(r.outputs, sig.outputs),
      span: r.span,
    })),
    decl: item,
    file,
  };
}

/** Every call in a body, loops and nested calls included, in source order. */
export function callsIn(body: readonly A.Statement[], into: A.CallExpr[] = []): A.CallExpr[] {
  const walk = (e: A.Expr): void => {
    if (e.kind === 'call') {
      into.push(e);
      for (const a of e.args) walk(a);
    } else if (e.kind === 'concat') for (const p of e.parts) walk(p);
  };
  for (const s of body) {
    if (s.kind === 'for') callsIn(s.body, into);
    else walk(s.expr);
  }
  return into;
}

/**
 * A circuit that contains itself, directly or through others, would expand forever (there is
 * no way to stop: width arguments do not change which parts are called). Returns their names.
 */
function checkRecursion(parts: ReadonlyMap<string, PartDef>, out: Diagnostic[]): Set<string> {
  const circuits = [...parts.values()].filter((p): p is CircuitDef => p.kind === 'circuit');
  const index = new Map(circuits.map((c, i) => [c.name, i]));
  // Per circuit, the circuits it calls, each once. A copied circuit's outline has the names
  // (its body is not read for them: the checker may never need it).
  const calls = circuits.map((c) => {
    const found = new Set<number>();
    for (const name of outlineOf(c.decl)?.calls ?? callsIn(c.decl.body).map((e) => e.callee.text)) {
      const to = index.get(name);
      if (to !== undefined) found.add(to);
    }
    return found;
  });
  const reported = new Set<number>();
  // Look for loops until none is left: removing an edge of each one found lets the next show.
  for (;;) {
    const cycle = findCycle(circuits.length, (i) => [...calls[i]!]);
    if (!cycle) break;
    const a = cycle[0]!;
    const b = cycle[1 % cycle.length]!;
    const at = callsIn(circuits[a]!.decl.body).find((e) => e.callee.text === circuits[b]!.name)!.callee;
    calls[a]!.delete(b);
    if (cycle.some((i) => reported.has(i))) continue;
    cycle.forEach((i) => reported.add(i));
    const names = cycle.map((i) => circuits[i]!.name);
    const message = cycle.length === 1
      ? `circuit ${names[0]} uses itself`
      : `circuit ${names[0]} uses itself through ${names.slice(1).join(', ')}: ${[...names, names[0]].join(' → ')}`;
    out.push(error('recursive-circuit', message, at.span, {
      hint: 'a circuit is a fixed network of neurons, so it cannot contain itself',
    }));
  }
  return new Set([...reported].map((i) => circuits[i]!.name));
}

function sortDiagnostics(out: Diagnostic[], program: Program): Diagnostic[] {
  const order = new Map(program.files.map((f, i) => [f.path, i]));
  return out
    .map((d, i) => ({ d, i }))
    .sort((x, y) => {
      const fx = x.d.span ? order.get(x.d.span.file) ?? -1 : -1;
      const fy = y.d.span ? order.get(y.d.span.file) ?? -1 : -1;
      return fx - fy || (x.d.span?.start ?? 0) - (y.d.span?.start ?? 0) || x.i - y.i;
    })
    .map((x) => x.d);
}
