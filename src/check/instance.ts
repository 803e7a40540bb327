// A circuit instance: a circuit declaration with values for its width parameters, its loops
// unrolled and every bus cut into bits. The rules that depend on widths are checked here, per
// instance: widths match, indices are in range, every bit is assigned exactly once, no loop of
// wires alone. Loops through a neuron or a delay are circuits with memory, and allowed.
// Names (unknown parts, unknown wires, argument counts) are checked once per declaration, in
// circuits.ts; this file stays silent about them.

import { error, warning, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { plural, thousands } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import { wiresOfCircuit } from './circuits.js';
import { stronglyConnected } from './graph.js';
import { evalInt, intText, portShapes } from './ints.js';
import {
  CONST0, CONST1, DELAY, type Bit, type BitRef, type BitStatement, type CircuitDef, type CircuitInstance, type NeuronDef, type PartDef, type PortShape,
} from './model.js';

/** Most iterations one loop may run, and most statements one instance may unroll to. */
export const MAX_LOOP_ITERATIONS = 1_000_000;
export const MAX_UNROLLED_STATEMENTS = 2_000_000;
/** Most bits of wires one instance may have. */
export const MAX_INSTANCE_BITS = 10_000_000;

export function instanceKey(name: string, args: readonly number[]): string {
  return args.length === 0 ? name : `${name}<${args.join(', ')}>`;
}

/** A part's ports for given width arguments: what a caller needs to check a call. */
export interface Signature {
  readonly inputs: readonly PortShape[];
  readonly outputs: readonly PortShape[];
}

export function signatureFor(part: PartDef, args: readonly number[], out: Diagnostic[]): Signature {
  if (part.kind === 'neuron') return { inputs: part.ports, outputs: [{ name: part.name, width: null }] };
  const values = new Map(part.typeParams.map((p, i) => [p, args[i]!]));
  return { inputs: portShapes(part.decl.params, values, out), outputs: portShapes(part.decl.outputs, values, out) };
}

type Sel = { readonly kind: 'whole' } | { readonly kind: 'bit'; readonly at: number } | { readonly kind: 'slice'; readonly from: number; readonly to: number };
const WHOLE: Sel = { kind: 'whole' };
/** `[i]` for the small indices, made once: loops unroll them by the hundred thousand. */
const BIT_SELS: Sel[] = Array.from({ length: 4096 }, (_, at) => ({ kind: 'bit', at }));
const bitSel = (at: number): Sel => (at >= 0 && at < BIT_SELS.length ? BIT_SELS[at]! : { kind: 'bit', at });

interface UTarget {
  readonly name: string;
  readonly sel: Sel;
  readonly span: Span;
}

type Callee =
  | { readonly kind: 'neuron'; readonly def: NeuronDef; readonly key: string }
  | { readonly kind: 'circuit'; readonly def: CircuitDef; readonly args: readonly number[]; readonly key: string };

type UExpr =
  | { readonly kind: 'ref'; readonly name: string; readonly sel: Sel; readonly span: Span }
  | { readonly kind: 'concat'; readonly parts: readonly UExpr[]; readonly span: Span }
  | { readonly kind: 'const'; readonly text: string; readonly value: number; readonly span: Span }
  /** `label`: given when unrolled, in unrolling order (`FullAdder#3`, or the target's name). */
  | { readonly kind: 'call'; readonly callee: Callee; readonly args: readonly UExpr[]; readonly span: Span; readonly calleeSpan: Span; readonly label: string }
  /** `delay(x)`, `delay(x, init)`: `init` as written, checked against the width when resolved. */
  | { readonly kind: 'delay'; readonly arg: UExpr; readonly init?: A.NumberLiteral; readonly span: Span; readonly label: string };

interface UStatement {
  readonly ast: A.Assignment;
  readonly targets: readonly UTarget[];
  readonly expr: UExpr;
}

/**
 * An instance unrolled and resolved to bits, waiting for the instances it calls: whether a
 * loop of its wires passes through one of them is known once they are checked.
 */
export interface PendingInstance {
  /** Every circuit instance this one calls, by key, with its declaration and arguments. */
  readonly calls: ReadonlyMap<string, { readonly def: CircuitDef; readonly args: readonly number[] }>;
  /** How many statements it was unrolled to (none for one renamed from an alike instance). */
  readonly unrolled: number;
  /** The first statement that calls instance `key`: where a problem in it was asked for. */
  callSite(key: string): Span | undefined;
  /**
   * Orders the statements and checks what is left (loops of wires, unused names), with the
   * callees found in `instances` (one missing had errors of its own). The instance is
   * returned even with errors (the caller decides), undefined only when it cannot be made.
   */
  finish(instances: ReadonlyMap<string, CircuitInstance>): CircuitInstance | undefined;
}

/**
 * Unrolls and checks `def` with `args` as far as it can be without the instances it calls.
 * `parts` resolves the names it calls. Diagnostics go to `out`; undefined when the instance
 * cannot be made at all.
 */
export function startInstance(def: CircuitDef, args: readonly number[], parts: ReadonlyMap<string, PartDef>, out: Diagnostic[]): PendingInstance | undefined {
  return new InstanceChecker(def, args, parts, out).start();
}

const bitName = (name: string, width: number | null, i: number) => (width === null ? name : `${name}[${i}]`);

interface NameInfo {
  readonly kind: 'input' | 'output' | 'wire';
  /** null: a single bit; else a bus of that many bits. Undefined while a wire's width is unknown. */
  width: number | null | undefined;
  /** The bit ids, bit 0 first (filled once widths are known). */
  bits: BitRef[];
  /** Where it was first assigned (wires), for messages. */
  readonly span: Span;
}

class InstanceChecker {
  private readonly values: Map<string, number>;
  private readonly key: string;
  private readonly names = new Map<string, NameInfo>();
  /** How many bits there are; each name's bits are one run of ids, named when a message needs it. */
  private bitCount = 0;
  private readonly runs: { readonly start: number; readonly name: string; readonly width: number | null }[] = [];
  /** `expr`: what the statement (or the one a nested call is in) reads, to say where a bit is read. */
  private readonly statements: { stmt: BitStatement; ast: A.Assignment; reads: BitRef[]; expr: UExpr | undefined }[] = [];
  /** The expression of the statement being resolved. */
  private reading: UExpr | undefined;
  private readonly calls = new Map<string, { def: CircuitDef; args: readonly number[] }>();
  private readonly signatures = new Map<string, Signature>();
  /** The parts called, by instance key: one object for all the calls of one. */
  private readonly callees = new Map<string, Callee>();
  private readonly counters = new Map<string, number>();
  private unrolled = 0;
  private failed = false;
  /** Statements that could not be unrolled (their problem reported): what they assign and read. */
  private readonly unresolved: { targets: UTarget[]; reads: string[] }[] = [];
  private readonly assignedAnywhere: ReadonlyMap<string, unknown>;

  constructor(
    private readonly def: CircuitDef,
    private readonly args: readonly number[],
    private readonly parts: ReadonlyMap<string, PartDef>,
    private readonly out: Diagnostic[],
  ) {
    this.values = new Map(def.typeParams.map((p, i) => [p, args[i]!]));
    this.key = instanceKey(def.name, args);
    this.assignedAnywhere = wiresOfCircuit(def.decl);
  }

  start(): PendingInstance | undefined {
    const { decl } = this.def;
    const inputs = portShapes(decl.params, this.values, this.out);
    const outputs = portShapes(decl.outputs, this.values, this.out);
    inputs.forEach((p, k) => this.declare(p, 'input', decl.params[k]!.span));
    outputs.forEach((p, k) => {
      if (!this.names.has(p.name)) this.declare(p, 'output', decl.outputs[k]!.span);
    });
    if (decl.fields) return this.untrained(inputs, outputs);
    const unrolled: UStatement[] = [];
    this.unroll(decl.body, new Map(this.values), unrolled);
    if (this.failed) return undefined;
    this.inferWidths(unrolled);
    if (!this.allocateWires()) return undefined;
    const assignedBy = new BitTable(this.bitCount);
    for (const u of unrolled) this.resolve(u, assignedBy);
    for (const u of this.unresolved) {
      for (const t of u.targets) for (const b of this.quietBits(t.name, t.sel)) this.excused.add(b);
      for (const name of u.reads) for (const b of this.names.get(name)?.bits ?? []) this.touched.add(b);
    }
    this.checkAssigned(assignedBy);
    let sites: Map<string, Span> | undefined;
    return {
      calls: this.calls,
      unrolled: this.unrolled,
      callSite: (key) => {
        if (!sites) {
          sites = new Map();
          for (const { stmt } of this.statements) {
            if (stmt.source.kind === 'circuit' && !sites.has(stmt.source.instance)) sites.set(stmt.source.instance, stmt.span);
          }
        }
        return sites.get(key);
      },
      finish: (instances) => this.finish(inputs, outputs, assignedBy, instances),
    };
  }

  private finish(
    inputs: readonly PortShape[],
    outputs: readonly PortShape[],
    assignedBy: BitTable,
    instances: ReadonlyMap<string, CircuitInstance>,
  ): CircuitInstance | undefined {
    const bitsOf = (ports: readonly PortShape[]) => ports.map((p) => this.names.get(p.name)!.bits);
    const inputBits = bitsOf(inputs);
    const outputBits = bitsOf(outputs);
    const copies = this.wireLoops(assignedBy, instances);
    if (!copies) return undefined;
    const { order, loops } = this.order(assignedBy);
    this.warnUnused(order, assignedBy);
    this.warnEarlyReads(assignedBy, loops);
    const sequential = this.statements.some(({ stmt }, i) =>
      stmt.source.kind === 'delay' || loops(i) >= 0 || (stmt.source.kind === 'circuit' && instances.get(stmt.source.instance)?.sequential === true));
    return {
      kind: 'instance',
      def: this.def,
      args: this.args,
      key: this.key,
      inputs,
      outputs,
      inputBits,
      outputBits,
      statements: order.map((i) => this.statements[i]!.stmt),
      bitSpace: this.bitCount,
      wiredThrough: wiredThrough(copies, inputBits, outputBits),
      sequential,
    };
  }

  /** A trained circuit's instance before the fit stage: its ports, and no statements yet. */
  private untrained(inputs: PortShape[], outputs: PortShape[]): PendingInstance | undefined {
    // Its fields are checked with the declaration; a circuit whose fields are wrong has no instance.
    if (!this.def.training) return undefined;
    const bitsOf = (ports: readonly PortShape[]) => ports.map((p) => this.names.get(p.name)!.bits);
    const inputBits = bitsOf(inputs);
    const outputBits = bitsOf(outputs);
    // The fit stage gives it neurons only: no output is a copy of an input, nothing remembers.
    const instance: CircuitInstance = {
      kind: 'instance', def: this.def, args: this.args, key: this.key, inputs, outputs, inputBits, outputBits,
      statements: [], bitSpace: this.bitCount, wiredThrough: outputBits.flat().map(() => -1), sequential: false, untrained: true,
    };
    return { calls: new Map(), unrolled: 0, callSite: () => undefined, finish: () => instance };
  }

  // ---------------------------------------------------------------------------------------------
  // Unrolling

  private unroll(body: readonly A.Statement[], env: Map<string, number>, into: UStatement[]): void {
    for (const s of body) {
      if (this.failed) return;
      if (s.kind === 'for') {
        this.loop(s, env, into);
        continue;
      }
      if (++this.unrolled > MAX_UNROLLED_STATEMENTS) {
        this.out.push(error('too-large', `${this.key} unrolls to more than ${thousands(MAX_UNROLLED_STATEMENTS)} statements`, s.span, {
          hint: 'loops that large are almost certainly a mistake in their bounds',
        }));
        this.failed = true;
        return;
      }
      const targets: UTarget[] = [];
      for (const t of s.targets) {
        const sel = this.sel(t.index, env);
        if (sel) targets.push({ name: t.text, sel, span: t.index ? join(t.span, t.index.span) : t.span });
      }
      if (targets.length !== s.targets.length) continue;
      const expr = this.expr(s.expr, env, s.targets.length === 1 && !s.destructured ? labelOf(targets[0]!) : undefined);
      if (expr === undefined) {
        this.unresolved.push({ targets, reads: namesRead(s.expr) });
        continue;
      }
      into.push({ ast: s, targets, expr });
    }
  }

  private loop(s: A.ForLoop, env: Map<string, number>, into: UStatement[]): void {
    const from = evalInt(s.from, env, this.out);
    const to = evalInt(s.to, env, this.out);
    if (from === undefined || to === undefined) return;
    const iterations = to - from + 1;
    if (iterations <= 0) {
      this.out.push(warning('empty-loop', `this loop runs no times in ${this.key}: ${intText(s.from)} is ${from} and ${intText(s.to)} is ${to}`, join(s.from.span, s.to.span), {
        hint: 'for i in LO..HI runs for LO, LO+1, ..., HI, both ends included',
      }));
      return;
    }
    if (iterations > MAX_LOOP_ITERATIONS) {
      this.out.push(error('loop-too-long', `this loop would run ${thousands(iterations)} times in ${this.key}, more than the limit of ${thousands(MAX_LOOP_ITERATIONS)}`, join(s.from.span, s.to.span), {
        hint: 'check the bounds: for i in LO..HI includes both ends',
      }));
      this.failed = true;
      return;
    }
    const inner = new Map(env);
    for (let i = from; i <= to && !this.failed; i++) {
      inner.set(s.variable.text, i);
      this.unroll(s.body, inner, into);
    }
  }

  private sel(index: A.Index | undefined, env: Map<string, number>): Sel | undefined {
    if (!index) return WHOLE;
    if (index.kind === 'bit') {
      const at = evalInt(index.at, env, this.out);
      return at === undefined ? undefined : bitSel(at);
    }
    const from = evalInt(index.from, env, this.out);
    const to = evalInt(index.to, env, this.out);
    if (from === undefined || to === undefined) return undefined;
    if (to < from) {
      this.out.push(error('index-range', `this slice is empty in ${this.key}: ${from}..${to} (a slice lo..hi needs lo <= hi)`, index.span, {
        hint: 'a[2..5] is bits 2, 3, 4 and 5, low bit first',
      }));
      return undefined;
    }
    return { kind: 'slice', from, to };
  }

  private expr(e: A.Expr, env: Map<string, number>, label: string | undefined): UExpr | undefined {
    switch (e.kind) {
      case 'number':
        return { kind: 'const', text: e.text, value: e.value, span: e.span };
      case 'name': {
        const sel = this.sel(e.index, env);
        return sel && { kind: 'ref', name: e.text, sel, span: e.index ? join(e.span, e.index.span) : e.span };
      }
      case 'concat': {
        const parts = e.parts.map((p) => this.expr(p, env, undefined));
        return parts.every((p) => p !== undefined) ? { kind: 'concat', parts: parts as UExpr[], span: e.span } : undefined;
      }
      case 'call': {
        if (e.callee.text === DELAY) return this.delayExpr(e, env, label);
        const part = this.parts.get(e.callee.text);
        if (!part) return undefined; // reported by the declaration's own check
        const values: number[] = [];
        for (const a of e.typeArgs ?? []) {
          const v = evalInt(a, env, this.out);
          if (v === undefined) return undefined;
          values.push(v);
        }
        const wanted = part.kind === 'circuit' ? part.typeParams.length : 0;
        if (values.length !== wanted) return undefined; // reported by the declaration's own check
        const key = instanceKey(part.name, values);
        let callee = this.callees.get(key);
        if (!callee) {
          callee = part.kind === 'neuron' ? { kind: 'neuron', def: part, key } : { kind: 'circuit', def: part, args: values, key };
          this.callees.set(key, callee);
        }
        // Labels are given in unrolling order, a call before the calls nested in it: the k-th
        // anonymous use of a part in this circuit is Part#k.
        const name = label ?? this.anonymous(key);
        const args: UExpr[] = [];
        for (const a of e.args) {
          const u = this.expr(a, env, undefined);
          if (u === undefined) return undefined;
          args.push(u);
        }
        return { kind: 'call', callee, args, span: e.span, calleeSpan: e.callee.span, label: name };
      }
    }
  }

  /** `delay(x)`, `delay(x, init)`; a malformed call was reported by the declaration's check. */
  private delayExpr(e: A.CallExpr, env: Map<string, number>, label: string | undefined): UExpr | undefined {
    const init = e.args[1];
    if (e.typeArgs || e.args.length < 1 || e.args.length > 2 || (init && (init.kind !== 'number' || !/^\d+$/.test(init.text)))) return undefined;
    const name = label ?? this.anonymous(DELAY);
    const arg = this.expr(e.args[0]!, env, undefined);
    if (arg === undefined) return undefined;
    return { kind: 'delay', arg, ...(init && { init: init as A.NumberLiteral }), span: e.span, label: name };
  }

  private anonymous(key: string): string {
    const k = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, k);
    return `${key}#${k}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Widths

  private declare(p: PortShape, kind: NameInfo['kind'], span: Span): void {
    this.names.set(p.name, { kind, width: p.width, bits: this.newBits(p.name, p.width), span });
  }

  /** New bits for `name`: one for a single bit (width null), else `name[0]` ... */
  private newBits(name: string, width: number | null): BitRef[] {
    this.runs.push({ start: this.bitCount, name, width });
    const bits = new Array<BitRef>(width ?? 1);
    for (let i = 0; i < bits.length; i++) bits[i] = this.bitCount++;
    return bits;
  }

  /** The readable name of bit `b`: `c[3]`, `FullAdder#2.cout`. */
  private nameOf(b: BitRef): string {
    const { runs } = this;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]!.start <= b) lo = mid;
      else hi = mid - 1;
    }
    const run = runs[lo]!;
    return bitName(run.name, run.width, b - run.start);
  }

  private signature(c: Callee): Signature {
    let s = this.signatures.get(c.key);
    if (!s) {
      s = signatureFor(c.def, c.kind === 'circuit' ? c.args : [], this.out);
      this.signatures.set(c.key, s);
    }
    return s;
  }

  /** The width of a value, where it can be told: null for one bit, a number for a bus. */
  private widthOf(e: UExpr): number | null | undefined {
    switch (e.kind) {
      case 'const':
        return null;
      case 'ref': {
        if (e.sel.kind === 'bit') return null;
        if (e.sel.kind === 'slice') return e.sel.to - e.sel.from + 1;
        return this.names.get(e.name)?.width;
      }
      case 'concat': {
        let total = 0;
        for (const p of e.parts) {
          const w = this.widthOf(p);
          if (w === undefined) return undefined;
          total += w ?? 1;
        }
        return total;
      }
      case 'call': {
        const outputs = this.signature(e.callee).outputs;
        return outputs.length === 1 ? outputs[0]!.width : undefined;
      }
      case 'delay':
        return this.widthOf(e.arg);
    }
  }

  /**
   * Wire widths: the bits assigned (`c[0]` … `c[4]`: 5), or the width of a bus assigned whole.
   * Whole assignments may depend on each other (`w = v` with v's width from elsewhere), so
   * this repeats until nothing changes.
   */
  private inferWidths(statements: readonly UStatement[]): void {
    const wire = (t: UTarget, span: Span): NameInfo | undefined => {
      let info = this.names.get(t.name);
      if (!info) {
        info = { kind: 'wire', width: undefined, bits: [], span };
        this.names.set(t.name, info);
      }
      return info.kind === 'wire' ? info : undefined;
    };
    const grow = (info: NameInfo, bits: number) => {
      info.width = Math.max(typeof info.width === 'number' ? info.width : 0, bits);
    };
    for (const s of statements) {
      for (const t of s.targets) {
        const info = wire(t, t.span);
        if (!info) continue;
        if (t.sel.kind === 'bit') grow(info, t.sel.at + 1);
        else if (t.sel.kind === 'slice') grow(info, t.sel.to + 1);
        else if (s.expr.kind !== 'ref' || s.expr.sel.kind !== 'whole') this.widthTold.add(t.name);
      }
    }
    // Passes over the statements in order, as if every statement were looked at again in
    // each pass until nothing changes, but only those whose width may have changed are: a
    // statement is looked at again when a wire it reads grew, later in the same pass if it
    // comes after the one that grew it, else in the next. A chain of n copies written from
    // the output back (`a = b`, then `b = c`, ...) takes n passes: looking at every statement
    // in each would be quadratic.
    const readers = new Map<string, number[]>();
    const relevant: number[] = [];
    statements.forEach((s, i) => {
      if (!s.targets.some((t) => t.sel.kind === 'whole' && this.names.get(t.name)!.kind === 'wire')) return;
      relevant.push(i);
      if (s.targets.length !== 1 || s.expr.kind === 'call') return;
      for (const name of wholeRefs(s.expr)) {
        const list = readers.get(name);
        if (list) list.push(i);
        else readers.set(name, [i]);
      }
    });
    const update = (i: number, changed: (name: string) => void): void => {
      const s = statements[i]!;
      for (let k = 0; k < s.targets.length; k++) {
        const t = s.targets[k]!;
        if (t.sel.kind !== 'whole') continue;
        const info = this.names.get(t.name)!;
        if (info.kind !== 'wire') continue;
        const w = s.targets.length === 1 && s.expr.kind !== 'call' ? this.widthOf(s.expr) : this.outputWidth(s.expr, k, s.targets.length);
        if (w === undefined) continue;
        if (w === null) {
          if (info.width === undefined) {
            info.width = null;
            changed(t.name);
          }
        } else if (info.width === undefined || info.width === null || info.width < w) {
          if (info.width === null) continue; // a bit and a bus: reported when resolved
          info.width = w;
          changed(t.name);
        }
      }
    };
    // Which pass each statement is queued for: one queue (a heap of statement numbers) for
    // the pass under way, a list for the next.
    const queuedFor = new Int32Array(statements.length).fill(-1);
    let pass = 0;
    let queue = new MinHeap(relevant);
    for (const i of relevant) queuedFor[i] = 0;
    for (;;) {
      const next: number[] = [];
      while (queue.size > 0) {
        const i = queue.pop();
        update(i, (name) => {
          for (const j of readers.get(name) ?? []) {
            if (j > i && queuedFor[j]! < pass) {
              queuedFor[j] = pass;
              queue.push(j);
            } else if (j <= i && queuedFor[j]! < pass + 1) {
              queuedFor[j] = pass + 1;
              next.push(j);
            }
          }
        });
      }
      if (next.length === 0) break;
      pass++;
      queue = new MinHeap(next);
    }
  }

  /** The width of output k of a call assigned to `count` targets. */
  private outputWidth(e: UExpr, k: number, count: number): number | null | undefined {
    if (e.kind !== 'call') return count === 1 ? this.widthOf(e) : undefined;
    const outputs = this.signature(e.callee).outputs;
    if (outputs.length !== count) return undefined;
    return outputs[k]!.width;
  }

  /** Wires assigned something other than a whole wire (`w = v`): what can tell a width. */
  private readonly widthTold = new Set<string>();

  private allocateWires(): boolean {
    let total = this.bitCount;
    let ok = true;
    // forEach: no [name, info] pair made per name, for every instance.
    this.names.forEach((info, name) => {
      if (!ok || info.kind !== 'wire') return;
      // Assigned only whole wires of no known width (`a = b`, `b = a`): a loop of wires, the
      // error reported for it; as bits they are single ones.
      if (info.width === undefined && !this.widthTold.has(name)) info.width = null;
      if (info.width === undefined) {
        this.out.push(error('unknown-width', `nn cannot tell how many bits ${name} has in ${this.key}`, info.span, {
          hint: `assign its bits one by one (${name}[0] = ...), or assign it from a part's output or another bus whose width is known`,
        }));
        info.width = null;
      }
      total += info.width ?? 1;
      if (total > MAX_INSTANCE_BITS) {
        this.out.push(error('too-large', `${this.key} has more than ${thousands(MAX_INSTANCE_BITS)} bits of wires`, info.span));
        ok = false;
        return;
      }
      info.bits = this.newBits(name, info.width ?? null);
    });
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Bits

  /** The bits a name and selection stand for, bit 0 first; undefined (reported) when out of range. */
  private bitsOf(name: string, sel: Sel, span: Span): BitRef[] | undefined {
    const info = this.names.get(name);
    if (!info) return undefined; // an unknown name, reported by the declaration's check
    const width = info.width ?? null;
    const n = info.bits.length;
    if (sel.kind === 'whole') return info.bits;
    // No [from, to] pair: this runs for every bit read in every instance.
    const from = sel.kind === 'bit' ? sel.at : sel.from;
    const to = sel.kind === 'bit' ? sel.at : sel.to;
    if (width === null) {
      this.out.push(error('index-range', `${name} is a single bit, so it has no bit ${from}${this.where()}`, span, {
        hint: `write ${name} without an index`,
      }));
      return undefined;
    }
    if (from < 0 || to >= n) {
      const bad = from < 0 ? from : to;
      this.out.push(error('index-range', `${name}[${bad}] is out of range${this.where()}: ${name} has bits 0 to ${n - 1}`, span, {
        hint: info.kind === 'wire' ? `${name} gets its width from the bits assigned: the highest is ${name}[${n - 1}]` : `${name} is declared ${name}[${n}]`,
      }));
      return undefined;
    }
    if (from === to) return [info.bits[from]!];
    return info.bits.slice(from, to + 1);
  }

  /** ` in RippleAdder<16>` for an instance of a circuit with width parameters. */
  private where(): string {
    return this.args.length > 0 ? ` in ${this.key}` : '';
  }

  private describe(width: number | null): string {
    return width === null ? 'a single bit' : `${width} ${plural(width, 'bit')} wide`;
  }

  /** A value as bits, bit 0 first, with any nested calls added as statements of their own. */
  private value(e: UExpr, reads: BitRef[], want?: number | null): { bits: BitRef[]; width: number | null } | undefined {
    switch (e.kind) {
      case 'const': {
        if (want === undefined || want === null) {
          if (e.text !== '0' && e.text !== '1') {
            this.out.push(error('not-a-bit', `only the constants 0 and 1 can be wired into a circuit, not ${e.text}`, e.span, {
              hint: 'a whole number is a bus value: pass it to a bus input, such as Add4(x, 5, 0)',
            }));
            return undefined;
          }
          return { bits: [e.text === '1' ? CONST1 : CONST0], width: null };
        }
        const v = /^\d+$/.test(e.text) ? BigInt(e.text) : undefined;
        if (v === undefined || v >= 1n << BigInt(want)) {
          this.out.push(error('not-a-bit', `${e.text} is not a whole number that fits in ${want} bits (0 to ${(1n << BigInt(want)) - 1n})`, e.span));
          return undefined;
        }
        return { bits: Array.from({ length: want }, (_, i) => (((v >> BigInt(i)) & 1n) === 1n ? CONST1 : CONST0)), width: want };
      }
      case 'ref': {
        const bits = this.bitsOf(e.name, e.sel, e.span);
        if (!bits) return undefined;
        append(reads, bits);
        const info = this.names.get(e.name)!;
        return { bits, width: e.sel.kind === 'bit' ? null : e.sel.kind === 'slice' ? bits.length : (info.width ?? null) };
      }
      case 'concat': {
        const parts: BitRef[][] = [];
        for (const p of e.parts) {
          const v = this.value(p, reads);
          if (!v) return undefined;
          parts.push(v.bits);
        }
        const bits = concatenated(parts);
        return { bits, width: bits.length };
      }
      case 'call': {
        const outs = this.call(e, undefined);
        if (!outs) return undefined;
        if (outs.length !== 1) return undefined; // a multi-output part in a nested call: reported by the declaration's check
        append(reads, outs[0]!.bits);
        return outs[0];
      }
      case 'delay': {
        const v = this.delay(e, want, undefined);
        if (!v) return undefined;
        append(reads, v.bits);
        return v;
      }
    }
  }

  /**
   * Adds the statement for a delay and returns its outputs' bits: `target`'s, or fresh
   * temporaries. What the delay reads is used, but not a dependency: its outputs are last
   * tick's values, so they are known before anything of this tick is computed.
   */
  private delay(
    e: Extract<UExpr, { kind: 'delay' }>,
    want: number | null | undefined,
    target: { bits: BitRef[]; t: UTarget; isBit: boolean; ast: A.Assignment } | undefined,
  ): { bits: BitRef[]; width: number | null } | undefined {
    const reads: BitRef[] = [];
    const v = this.value(e.arg, reads, want);
    if (!v) return undefined;
    if (target && v.bits.length !== target.bits.length) {
      const { t, isBit } = target;
      this.out.push(error('width-mismatch', `${t.name}${selText(t.sel)} is ${this.describe(isBit ? null : target.bits.length)}, but the value assigned is ${this.describe(v.width)}${this.where()}`, target.ast.span, {
        hint: 'a delay is as wide as what it delays: delay(x[0..3]) is 4 bits',
      }));
      return undefined;
    }
    const width = v.bits.length;
    let init: Bit[] = new Array<Bit>(width).fill(0);
    if (e.init) {
      const n = BigInt(e.init.text);
      if (n >= 1n << BigInt(width) || (v.width === null && n > 1n)) {
        this.out.push(error('delay-init', v.width === null
          ? `a delay of one bit starts at 0 or 1, not ${e.init.text}`
          : `${e.init.text} does not fit in the ${width} bits of this delay (0 to ${(1n << BigInt(width)) - 1n})${this.where()}`, e.init.span, {
          hint: v.width === null ? 'write delay(x) to start at 0, delay(x, 1) to start at 1' : 'the starting value is a whole number that fits the bus, bit 0 least significant',
        }));
        return undefined;
      }
      init = Array.from({ length: width }, (_, i) => Number((n >> BigInt(i)) & 1n) as Bit);
    }
    const label = e.label;
    const bits = target?.bits ?? this.newBits(label, v.width === null ? null : width);
    for (const b of reads) this.touched.add(b);
    const stmt: BitStatement = { targets: bits, source: { kind: 'delay', args: v.bits, init, names: bits.map((b) => this.nameOf(b)) }, label, span: target?.ast.span ?? e.span };
    this.statements.push({ stmt, ast: target?.ast ?? nested, reads: [], expr: this.reading });
    return { bits, width: v.width };
  }

  /**
   * Adds the statement for a call and returns its outputs' bits (fresh temporaries unless
   * `targets` gives them). Arguments are checked against the callee's port widths.
   */
  private call(e: Extract<UExpr, { kind: 'call' }>, targets: BitRef[][] | undefined, ast?: A.Assignment): { bits: BitRef[]; width: number | null }[] | undefined {
    const sig = this.signature(e.callee);
    if (e.args.length !== sig.inputs.length) return undefined; // reported by the declaration's check
    const reads: BitRef[] = [];
    const values: BitRef[][] = [];
    let ok = true;
    for (let k = 0; k < e.args.length; k++) {
      const a = e.args[k]!;
      const port = sig.inputs[k]!;
      const v = this.value(a, reads, port.width);
      if (!v) {
        ok = false;
        continue;
      }
      const w = v.width ?? 1;
      if (w !== (port.width ?? 1)) {
        this.out.push(error('width-mismatch', `${port.name} of ${e.callee.key} is ${this.describe(port.width)}, but this argument is ${this.describe(v.width)}${this.where()}`, a.span, {
          hint: port.width === null ? 'pass one bit, such as x[0]' : `pass a bus of ${port.width} bits, such as x[0..${port.width - 1}]`,
        }));
        ok = false;
        continue;
      }
      values.push(v.bits);
    }
    if (!ok) return undefined;
    // The model keeps these arrays: made at their size (an array grown by push keeps room for more).
    const args = concatenated(values);
    const { label } = e;
    const outs: { bits: BitRef[]; width: number | null }[] = [];
    for (let k = 0; k < sig.outputs.length; k++) {
      const p = sig.outputs[k]!;
      outs.push({ bits: targets?.[k] ?? this.newBits(`${label}.${p.name}`, p.width), width: p.width });
    }
    const all = outs.length === 1 ? outs[0]!.bits : concatenated(outs.map((o) => o.bits));
    const source: BitStatement['source'] = e.callee.kind === 'neuron'
      ? { kind: 'neuron', neuron: e.callee.def, args }
      : { kind: 'circuit', instance: e.callee.key, args };
    if (e.callee.kind === 'circuit' && !this.calls.has(e.callee.key)) this.calls.set(e.callee.key, { def: e.callee.def, args: e.callee.args });
    this.statements.push({ stmt: { targets: all, source, label, span: ast?.span ?? e.span }, ast: ast ?? nested, reads, expr: this.reading });
    return outs;
  }

  /**
   * Turns an unrolled assignment into bit statements, recording which statement assigns each
   * bit. A statement that fails (its problem reported) still counts as assigning its targets
   * and reading what it names, so that no follow-on "never assigned" or "never used" appears.
   */
  private resolve(u: UStatement, assignedBy: BitTable): void {
    const count = this.statements.length;
    this.resolveOne(u, assignedBy);
    if (this.statements.length > count && this.statements[this.statements.length - 1]!.ast === u.ast) return;
    for (const t of u.targets) for (const b of this.quietBits(t.name, t.sel)) this.excused.add(b);
    this.touch(u.expr);
  }

  /** Bits that failed statements would have assigned, and bits they read. */
  private readonly excused = new Set<BitRef>();
  private readonly touched = new Set<BitRef>();

  private quietBits(name: string, sel: Sel): BitRef[] {
    const bits = this.names.get(name)?.bits ?? [];
    if (sel.kind === 'whole') return bits;
    const [from, to] = sel.kind === 'bit' ? [sel.at, sel.at] : [sel.from, sel.to];
    return bits.slice(Math.max(0, from), Math.max(0, to + 1));
  }

  private touch(e: UExpr): void {
    // The whole name: a failed read may have been out of range, and one problem is enough.
    if (e.kind === 'ref') for (const b of this.names.get(e.name)?.bits ?? []) this.touched.add(b);
    else if (e.kind === 'concat') e.parts.forEach((p) => this.touch(p));
    else if (e.kind === 'call') e.args.forEach((a) => this.touch(a));
    else if (e.kind === 'delay') this.touch(e.arg);
  }

  private resolveOne(u: UStatement, assignedBy: BitTable): void {
    this.reading = u.expr;
    const targets: BitRef[][] = [];
    for (const t of u.targets) {
      const info = this.names.get(t.name);
      if (!info || info.kind === 'input') return; // reported by the declaration's check
      const bits = this.bitsOf(t.name, t.sel, t.span);
      if (!bits) return;
      targets.push(bits);
    }
    const e = u.expr;
    if (e.kind === 'call') {
      const sig = this.signature(e.callee);
      if (sig.outputs.length !== u.targets.length) return; // reported by the declaration's check
      let ok = true;
      sig.outputs.forEach((p, k) => {
        const t = u.targets[k]!;
        const w = targets[k]!.length;
        const isBit = t.sel.kind === 'bit' || this.names.get(t.name)!.width === null;
        if (w !== (p.width ?? 1) || (p.width !== null && isBit && p.width !== 1)) {
          this.out.push(error('width-mismatch', `${t.name}${selText(t.sel)} is ${this.describe(isBit ? null : w)}, but output ${p.name} of ${e.callee.key} is ${this.describe(p.width)}${this.where()}`, t.span, {
            hint: p.width === null ? 'assign it to one bit' : `assign it to a bus of ${p.width} bits`,
          }));
          ok = false;
        }
      });
      if (!ok) return;
      if (!this.call(e, targets, u.ast)) return;
    } else if (e.kind === 'delay' && u.targets.length === 1) {
      const t = u.targets[0]!;
      const isBit = t.sel.kind === 'bit' || this.names.get(t.name)!.width === null;
      if (!this.delay(e, isBit ? null : targets[0]!.length, { bits: targets[0]!, t, isBit, ast: u.ast })) return;
    } else {
      const reads: BitRef[] = [];
      const t = u.targets[0]!;
      const want = targets[0]!.length;
      const isBit = t.sel.kind === 'bit' || this.names.get(t.name)!.width === null;
      const v = this.value(u.expr, reads, isBit ? null : want);
      if (!v) return;
      if (v.bits.length !== want) {
        this.out.push(error('width-mismatch', `${t.name}${selText(t.sel)} is ${this.describe(isBit ? null : want)}, but the value assigned is ${this.describe(v.width)}${this.where()}`, u.ast.span, {
          hint: 'a bus is assigned a bus of the same width: slice one with x[lo..hi], or join bits with [a, b, ...]',
        }));
        return;
      }
      this.statements.push({ stmt: { targets: targets[0]!, source: { kind: 'copy', bits: v.bits }, label: labelOf(t), span: u.ast.span }, ast: u.ast, reads, expr: u.expr });
    }
    const index = this.statements.length - 1;
    for (let k = 0; k < targets.length; k++) {
      for (const bit of targets[k]!) {
        const first = assignedBy.get(bit);
        if (first === undefined) {
          assignedBy.set(bit, index);
          continue;
        }
        this.out.push(error('assigned-twice', `${this.nameOf(bit)} is assigned twice${this.where()}`, u.targets[k]!.span, {
          notes: [{ message: 'first assigned here', span: this.statements[first]!.stmt.span }],
          hint: `every ${this.names.get(u.targets[k]!.name)?.width === null ? 'wire' : 'bit'} has exactly one source; rename one of them`,
        }));
        break;
      }
    }
  }

  private portSpans?: { input: Map<string, Span>; output: Map<string, Span> };

  /** Where the first input or output called `name` is declared (a search per port was quadratic in them). */
  private portSpan(name: string, kind: 'input' | 'output'): Span {
    if (!this.portSpans) {
      const first = (ports: readonly A.Port[]) => {
        const spans = new Map<string, Span>();
        for (const p of ports) if (!spans.has(p.text)) spans.set(p.text, p.span);
        return spans;
      };
      this.portSpans = { input: first(this.def.decl.params), output: first(this.def.decl.outputs) };
    }
    return this.portSpans[kind].get(name)!;
  }

  private checkAssigned(assignedBy: BitTable): void {
    const unassigned = (b: BitRef) => !assignedBy.has(b) && !this.excused.has(b);
    this.names.forEach((info, name) => {
      if (info.kind === 'input' || !anyOf(info.bits, unassigned)) return;
      const missing = info.bits.filter(unassigned);
      const span = info.kind === 'output' ? this.portSpan(name, 'output') : info.span;
      // An output never named as a target is reported once, for the declaration.
      if (info.kind === 'output' && !this.assignedAnywhere.has(name)) return;
      if (info.kind === 'output' && missing.length === info.bits.length) {
        this.out.push(error('unassigned-output', `output ${name} of ${this.key} is never assigned`, span, {
          hint: info.width === null ? `assign it in the body: ${name} = ...` : `assign it in the body: ${name} = ..., or bit by bit: ${name}[0] = ...`,
        }));
        return;
      }
      const shown = ranges(positions(info.bits, missing), name);
      this.out.push(error(info.kind === 'output' ? 'unassigned-output' : 'unassigned-bit', `${shown} ${missing.length === 1 ? 'is' : 'are'} never assigned${this.where()}`, span, {
        hint: info.kind === 'output' ? `every bit of output ${name} needs a value` : `${name} has ${info.bits.length} bits because ${name}[${info.bits.length - 1}] is assigned: every bit from ${name}[0] up is assigned exactly once`,
      }));
    });
  }

  /**
   * Loops made of wires alone: copies (`a = b`) and instances that pass a wire straight
   * through. Nothing in such a loop computes a value, so it has none: an error that names the
   * bits. Returns, for each bit, the bit it is a plain copy of (-1 for none), or undefined
   * after reporting a loop.
   */
  private wireLoops(assignedBy: BitTable, instances: ReadonlyMap<string, CircuitInstance>): Int32Array | undefined {
    const from = new Int32Array(this.bitCount).fill(-1);
    for (const { stmt } of this.statements) {
      const src = stmt.source;
      if (src.kind === 'copy') src.bits.forEach((b, k) => (from[stmt.targets[k]!] = b));
      else if (src.kind === 'circuit') {
        const through = instances.get(src.instance)?.wiredThrough;
        through?.forEach((j, k) => {
          if (j >= 0) from[stmt.targets[k]!] = src.args[j]!;
        });
      }
    }
    // Each bit copies at most one other: a loop is found by following the copies from each.
    const state = new Uint8Array(from.length); // 0 unvisited, 1 on the current path, 2 done
    for (let start = 0; start < from.length; start++) {
      let b = start;
      while (b >= 0 && state[b] === 0) {
        state[b] = 1;
        b = from[b]!;
      }
      if (b >= 0 && state[b] === 1) {
        // b is on a loop: b copies from[b], which copies ... back to b. Values flow the other way.
        const found = [b];
        for (let c = from[b]!; c !== b; c = from[c]!) found.push(c);
        found.reverse();
        // Said from the bit whose statement comes first in the source.
        const assigner = (x: BitRef) => assignedBy.get(x) ?? this.temporaryAssigner(x) ?? Infinity;
        const first = (x: BitRef, y: BitRef) => assigner(x) < assigner(y) || (assigner(x) === assigner(y) && x < y);
        const at = found.reduce((best, x, i) => (first(x, found[best]!) ? i : best), 0);
        const loop = [...found.slice(at), ...found.slice(0, at)];
        const names = loop.map((x) => this.nameOf(x));
        const by = loop.map(assigner).filter((i) => i !== Infinity);
        this.out.push(error('cycle', `these wires form a loop${this.where()}: ${[...names, names[0]].join(' → ')}`, this.statements[by[0]!]!.stmt.span, {
          hint: 'wires alone cannot hold a value: a loop needs a neuron in it (one unit of time) or a delay (one clock tick)',
          notes: [...new Set(by.slice(1))].filter((i) => i !== by[0]).map((i) => ({ message: 'part of the loop', span: this.statements[i]!.stmt.span })),
        }));
        return undefined;
      }
      for (let c = start; c >= 0 && state[c] === 1; c = from[c]!) state[c] = 2;
    }
    return from;
  }

  /**
   * Statements in an order where every bit is assigned before it is read, but along loops
   * (through neurons; a delay's outputs depend on nothing this tick), and which statements
   * are on a loop.
   */
  private order(assignedBy: BitTable): { order: number[]; loops: (statement: number) => number } {
    // Each statement's dependencies once each: `last[d]` is the statement that last listed d.
    const last = new Int32Array(this.statements.length).fill(-1);
    const deps: number[] = [];
    const dependsOn = this.statements.map((s, i) => {
      deps.length = 0;
      const { reads } = s;
      for (let k = 0; k < reads.length; k++) {
        const b = reads[k]!;
        const d = assignedBy.get(b) ?? this.temporaryAssigner(b);
        if (d !== undefined && last[d] !== i) {
          last[d] = i;
          deps.push(d);
        }
      }
      // Collected in one scratch array, kept at their size: a fresh array grown by push would keep room for more.
      return deps.slice();
    });
    // Components dependencies first, as a depth-first search from each statement in source
    // order finishes them: without loops, that keeps source order wherever the dependencies
    // allow it. The statements of a loop keep their source order.
    const { component, count, cyclic } = stronglyConnected(this.statements.length, (i) => dependsOn[i]!);
    // The statements by component, each component's in source order (a counting sort).
    const starts = new Int32Array(count + 1);
    for (let i = 0; i < this.statements.length; i++) starts[component[i]! + 1] = starts[component[i]! + 1]! + 1;
    for (let c = 0; c < count; c++) starts[c + 1] = starts[c + 1]! + starts[c]!;
    const order = new Array<number>(this.statements.length);
    for (let i = 0; i < this.statements.length; i++) {
      const c = component[i]!;
      order[starts[c]!] = i;
      starts[c] = starts[c]! + 1;
    }
    return { order, loops: (i) => (cyclic[component[i]!] ? component[i]! : -1) };
  }

  private temporaries?: BitTable;

  /** The statement of a nested call that computes temporary bit `b`. */
  private temporaryAssigner(b: BitRef): number | undefined {
    if (!this.temporaries) {
      this.temporaries = new BitTable(this.bitCount);
      this.statements.forEach((s, i) => {
        if (s.ast === nested) for (const t of s.stmt.targets) this.temporaries!.set(t, i);
      });
    }
    return this.temporaries.get(b);
  }

  /** Where `e` first reads bit `b`, in the order the statement is resolved. */
  private firstRead(e: UExpr, b: BitRef): Span | undefined {
    switch (e.kind) {
      case 'ref':
        return this.quietBits(e.name, e.sel).includes(b) ? e.span : undefined;
      case 'concat':
      case 'call':
        for (const x of e.kind === 'concat' ? e.parts : e.args) {
          const at = this.firstRead(x, b);
          if (at) return at;
        }
        return undefined;
      case 'delay':
        return this.firstRead(e.arg, b);
      case 'const':
        return undefined;
    }
  }

  private warnUnused(order: readonly number[], assigned: BitTable): void {
    const read = new Uint8Array(this.bitCount);
    for (const b of this.touched) read[b] = 1;
    for (let i = 0; i < order.length; i++) {
      const reads = this.statements[order[i]!]!.reads;
      for (let k = 0; k < reads.length; k++) read[reads[k]!] = 1;
    }
    this.names.forEach((info, name) => {
      if (info.kind === 'output' || name.startsWith('_')) return;
      // A bit never assigned is reported as such: that it is unused too goes without saying.
      const isUnread = (b: BitRef) => read[b] === 0 && (info.kind === 'input' || assigned.has(b));
      if (!anyOf(info.bits, isUnread)) return;
      const unread = info.bits.filter(isUnread);
      const what = info.kind === 'input' ? 'input' : 'wire';
      const span = info.kind === 'input' ? this.portSpan(name, 'input') : info.span;
      if (unread.length === info.bits.length) {
        const of = info.kind === 'input' ? ` of ${this.key}` : '';
        this.out.push(warning('unused', `${what} ${name}${of} is never used`, span, { hint: `if that is on purpose, call it _${name}` }));
      } else {
        const shown = ranges(positions(info.bits, unread), name);
        this.out.push(warning('unused', `${shown} of ${what} ${name} ${unread.length === 1 ? 'is' : 'are'} never used${this.where()}`, span, {
          hint: `if that is on purpose, call it _${name}`,
        }));
      }
    });
  }

  /**
   * Wires read in a statement above the one that assigns them: allowed, but worth a word;
   * not along a loop, where some statement must read ahead.
   */
  private warnEarlyReads(assignedBy: BitTable, loops: (statement: number) => number): void {
    if (this.args.length > 0) return; // said once, for the declaration, not per instance
    const seen = new Set<A.Assignment>();
    let loopedByDecl: Set<A.Assignment> | undefined;
    for (let i = 0; i < this.statements.length; i++) {
      const s = this.statements[i]!;
      if (s.ast === nested) continue;
      for (const b of s.reads) {
        const by = assignedBy.get(b);
        if (by === undefined) continue;
        const loop = loops(i);
        if (loop >= 0 && loops(by) === loop) continue;
        // A delay's output is last tick's value: reading it ahead is reading the state.
        if (this.statements[by]!.stmt.source.kind === 'delay') continue;
        const assigner = this.statements[by]!.ast;
        if (assigner === nested || assigner === s.ast || assigner.span.start <= s.ast.span.start || seen.has(s.ast)) continue;
        loopedByDecl ??= loopedAssignments(this.def.decl.body);
        if (loopedByDecl.has(s.ast) || loopedByDecl.has(assigner)) continue;
        seen.add(s.ast);
        this.out.push(warning('read-before-assigned', `${this.nameOf(b)} is read here but assigned further down`, (s.expr && this.firstRead(s.expr, b)) ?? s.stmt.span, {
          notes: [{ message: 'assigned here', span: assigner.span }],
          hint: 'nn does not mind the order, but a circuit reads best from inputs to outputs',
        }));
      }
    }
  }
}

/** For each output bit, the input bit it is a plain copy of (positions in the lists, bits flattened), or -1. */
function wiredThrough(copies: Int32Array, inputs: readonly (readonly BitRef[])[], outputs: readonly (readonly BitRef[])[]): number[] {
  const position = new Int32Array(copies.length).fill(-1);
  let count = 0;
  for (const port of inputs) for (const b of port) position[b] = count++;
  const through: number[] = [];
  for (const port of outputs) {
    for (const b of port) {
      let c = b;
      while (c >= 0 && copies[c]! >= 0) c = copies[c]!;
      through.push(c >= 0 ? position[c]! : -1);
    }
  }
  return through.slice();
}

/**
 * A statement index for each bit (or none): bits are small dense numbers, so an array is
 * what a map of hundreds of thousands of them would be, without the hashing.
 */
class BitTable {
  private at: Int32Array;

  constructor(size: number) {
    this.at = new Int32Array(Math.max(size, 1)).fill(-1);
  }

  get(b: BitRef): number | undefined {
    const v = b < this.at.length ? this.at[b]! : -1;
    return v < 0 ? undefined : v;
  }

  has(b: BitRef): boolean {
    return b < this.at.length && this.at[b]! >= 0;
  }

  set(b: BitRef, statement: number): void {
    if (b >= this.at.length) {
      const grown = new Int32Array(Math.max(b + 1, 2 * this.at.length)).fill(-1);
      grown.set(this.at);
      this.at = grown;
    }
    this.at[b] = statement;
  }
}

/** Whether some bit passes `test` (no array made, unlike filter). */
function anyOf(bits: readonly BitRef[], test: (b: BitRef) => boolean): boolean {
  for (let i = 0; i < bits.length; i++) if (test(bits[i]!)) return true;
  return false;
}

/** The lists one after the other, in an array of exactly their length. */
function concatenated(lists: readonly (readonly BitRef[])[]): BitRef[] {
  if (lists.length === 1) return lists[0]!.slice();
  let n = 0;
  for (const l of lists) n += l.length;
  const out = new Array<BitRef>(n);
  let i = 0;
  for (const l of lists) for (const b of l) out[i++] = b;
  return out;
}

/** `into.push(...items)` for lists of any length (a spread of a million bits overflows the stack). */
function append(into: BitRef[], items: readonly BitRef[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}

/** The statement of a nested call: it belongs to the statement it is nested in. */
const nested: A.Assignment = { kind: 'assign', targets: [], destructured: false, expr: { kind: 'number', text: '0', value: 0, span: { file: '', start: 0, end: 0 } }, span: { file: '', start: 0, end: 0 } };

/** Every name an expression reads. */
function namesRead(e: A.Expr): string[] {
  if (e.kind === 'name') return [e.text];
  if (e.kind === 'call') return e.args.flatMap(namesRead);
  if (e.kind === 'concat') return e.parts.flatMap(namesRead);
  return [];
}

function labelOf(t: UTarget): string {
  return `${t.name}${selText(t.sel)}`;
}

function selText(sel: Sel): string {
  return sel.kind === 'whole' ? '' : sel.kind === 'bit' ? `[${sel.at}]` : `[${sel.from}..${sel.to}]`;
}

/** Where each of `some` is in `bits` (a search per bit would be quadratic in a wide bus). */
function positions(bits: readonly BitRef[], some: readonly BitRef[]): number[] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < bits.length; i++) {
    low = Math.min(low, bits[i]!);
    high = Math.max(high, bits[i]!);
  }
  // A name's bits are one run of ids: a table over the run, not a map of a hundred thousand entries.
  if (high - low < 4 * bits.length) {
    const at = new Int32Array(high - low + 1).fill(-1);
    for (let i = bits.length - 1; i >= 0; i--) at[bits[i]! - low] = i;
    return some.map((b) => (b >= low && b <= high ? at[b - low]! : -1));
  }
  const at = new Map<BitRef, number>();
  bits.forEach((b, i) => {
    if (!at.has(b)) at.set(b, i);
  });
  return some.map((b) => at.get(b) ?? -1);
}

/** `c[2]`, `c[2..4]`, `c[1], c[3..5]` for a set of bit indices. */
function ranges(indices: readonly number[], name: string): string {
  const sorted = Int32Array.from(indices).sort();
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${name}[${sorted[i]}]` : `${name}[${sorted[i]}..${sorted[j]}]`);
    i = j + 1;
  }
  return parts.length > 6 ? `${parts.slice(0, 5).join(', ')}, … (${sorted.length} bits)` : parts.join(', ');
}

function join(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** The assignments inside loops, found once for the warnings of an instance (not a search per warning). */
function loopedAssignments(body: readonly A.Statement[], inLoop = false, into = new Set<A.Assignment>()): Set<A.Assignment> {
  for (const s of body) {
    if (s.kind === 'for') loopedAssignments(s.body, true, into);
    else if (inLoop) into.add(s);
  }
  return into;
}

/** The wires an expression's width is read from: those it reads whole, outside calls (see widthOf). */
function wholeRefs(e: UExpr, into: string[] = []): string[] {
  if (e.kind === 'ref' && e.sel.kind === 'whole') into.push(e.name);
  else if (e.kind === 'concat') for (const p of e.parts) wholeRefs(p, into);
  else if (e.kind === 'delay') wholeRefs(e.arg, into);
  return into;
}

/** Statement numbers, smallest first. */
class MinHeap {
  private readonly items: number[];

  constructor(items: readonly number[]) {
    this.items = [...items];
    for (let k = (this.items.length >> 1) - 1; k >= 0; k--) this.down(k);
  }

  get size(): number {
    return this.items.length;
  }

  push(v: number): void {
    const { items } = this;
    items.push(v);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (items[parent]! <= v) break;
      items[k] = items[parent]!;
      k = parent;
    }
    items[k] = v;
  }

  pop(): number {
    const { items } = this;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(k: number): void {
    const { items } = this;
    const v = items[k]!;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && items[child + 1]! < items[child]!) child++;
      if (items[child]! >= v) break;
      items[k] = items[child]!;
      k = child;
    }
    items[k] = v;
  }
}
