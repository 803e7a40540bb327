// The checker: from parsed files to a validated model, with every problem reported at once.

import { error, resultOf, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type * as A from '../parse/ast.js';
import type { Program } from '../load/load.js';
import { checkCircuit } from './circuits.js';
import { findCycle } from './graph.js';
import type { CircuitDef, Model, PartDef, TestDef } from './model.js';
import { outputsOf } from './model.js';
import { checkNeuron } from './neurons.js';
import { checkTable, warnIfEmpty } from './tables.js';

export function check(program: Program): Result<Model> {
  const out: Diagnostic[] = [];
  const parts = new Map<string, PartDef>();
  const own: PartDef[] = [];
  const declared = new Map<string, A.Name>();

  // Names first, so that a circuit can use a part declared further down the file.
  const decls: { decl: A.NeuronDecl | A.CircuitDecl; file: string }[] = [];
  for (const file of program.files) {
    for (const item of file.ast.items) {
      if (item.kind !== 'neuron' && item.kind !== 'circuit') continue;
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
  for (const { decl, file } of decls) {
    if (decl.kind === 'neuron') placeholders.set(decl.name.text, checkNeuron(decl, file, out));
    else placeholders.set(decl.name.text, signature(decl, file));
  }
  const visible = visibility(program, placeholders);
  const missing = unparsed(program);
  for (const { decl, file } of decls) {
    const def = decl.kind === 'neuron' ? placeholders.get(decl.name.text)! : checkCircuit(decl, file, visible(file), out, (name) => missing(name, file));
    parts.set(def.name, def);
    if (file === program.entry.path) own.push(def);
  }
  checkRecursion(parts, out);

  const tests: TestDef[] = [];
  for (const item of program.entry.ast.items) {
    if (item.kind === 'test') {
      const test = checkTest(item, program.entry.path, visible(program.entry.path), out, missing);
      if (test) tests.push(test);
    }
  }
  return resultOf({ parts, tests, own }, sortDiagnostics(out, program));
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
      view = seen.size === program.files.length ? parts : new Map([...parts].filter(([, p]) => seen.has(p.file)));
      views.set(file, view);
    }
    return view;
  };
}

/** Whether a name unknown in a file may be a declaration with a syntax error. */
type Unparsed = (name: string, file: string) => boolean;

/**
 * A name is not reported unknown when a neuron or circuit of that name did not parse (its
 * syntax error is reported), nor anywhere an import that did not parse could have declared it.
 */
function unparsed(program: Program): Unparsed {
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
      answer = [...seen].some((f) => brokenImport.has(f));
      blind.set(file, answer);
    }
    return answer;
  };
  return (name, file) => names.has(name) || (brokenImport.size > 0 && seesBrokenImport(file));
}

/** A circuit's interface, known before its body is checked. */
function signature(decl: A.CircuitDecl, file: string): CircuitDef {
  return {
    kind: 'circuit', name: decl.name.text, params: decl.params.map((p) => p.text),
    outputs: decl.outputs.map((o) => o.text), order: [], decl, file,
  };
}

function checkTest(item: A.TestDecl, file: string, parts: ReadonlyMap<string, PartDef>, out: Diagnostic[], missing: Unparsed): TestDef | undefined {
  const target = parts.get(item.name.text);
  if (!target) {
    if (!missing(item.name.text, file)) out.push(error('unknown-test-target', `test ${item.name.text}: there is no neuron or circuit called ${item.name.text}`, item.name.span, {
      hint: didYouMean(item.name.text, parts.keys()) ?? 'a test block is named after the neuron or circuit it tests',
    }));
    return undefined;
  }
  const rows = checkTable(item.table, {
    owner: target.name,
    inputs: target.params,
    outputs: target.kind === 'neuron' ? null : outputsOf(target),
    allowStar: true,
  }, out);
  warnIfEmpty(item.table, `test ${target.name}`, out);
  return {
    name: target.name,
    target,
    rows: rows.map((r) => ({ inputs: r.inputs, expected: r.outputs, span: r.span })),
    decl: item,
    file,
  };
}

/** A circuit that contains itself, directly or through others, would expand forever. */
function checkRecursion(parts: ReadonlyMap<string, PartDef>, out: Diagnostic[]): void {
  const circuits = [...parts.values()].filter((p): p is CircuitDef => p.kind === 'circuit');
  const index = new Map(circuits.map((c, i) => [c.name, i]));
  // Per circuit, the circuits it calls, each once, with the first call's place.
  const calls = circuits.map((c) => {
    const found = new Map<number, A.Name>();
    const walk = (e: A.Expr): void => {
      if (e.kind !== 'call') return;
      const to = index.get(e.callee.text);
      if (to !== undefined && !found.has(to)) found.set(to, e.callee);
      e.args.forEach(walk);
    };
    c.decl.body.forEach((s) => walk(s.expr));
    return found;
  });
  const reported = new Set<number>();
  // Look for loops until none is left: removing an edge of each one found lets the next show.
  for (;;) {
    const cycle = findCycle(circuits.length, (i) => [...calls[i]!.keys()]);
    if (!cycle) return;
    const a = cycle[0]!;
    const b = cycle[1 % cycle.length]!;
    const at = calls[a]!.get(b)!;
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
