// Declarations repeated under other names are parsed from one template (src/parse/templates.ts),
// neurons copied from the first of their text (src/parse/repeats.ts), and circuits alike checked
// once and renamed (src/check/copies.ts). Whatever is shared must be what parsing and checking
// each copy on its own gives. Here a random module (neurons with buses, circuits with width
// parameters, loops, slices, concatenations, nested calls, several outputs, delays, and now
// and then a mistake) is written several times under other names, in one file or two, some
// copies exact, some changed a little, all calling the parts of a shared module or not. Each
// copy is then checked alone (the others blanked, the places the same), parsed without
// templates or repeats, so that nothing is shared: the file must say and build the same.

import { afterEach, describe, expect, it } from 'vitest';
import { callsIn, check } from '../src/check/check.js';
import type { CircuitInstance, Model } from '../src/check/model.js';
import type { Diagnostic, Span } from '../src/diagnostics/diagnostic.js';
import type { Program } from '../src/load/load.js';
import type * as A from '../src/parse/ast.js';
import { Attempt, limits, parseDeclaration } from '../src/parse/declarations.js';
import { parse, parseStats } from '../src/parse/parse.js';
import { reduce } from '../src/parse/reduce.js';
import { repeatOf } from '../src/parse/repeats.js';
import { splitItems } from '../src/parse/split.js';
import { outlineOf } from '../src/parse/templates.js';
import { checkSource, reportScale, seededRandom, TEST_SCALE } from './helpers.js';

type Rand = (n: number) => number;

/** A width `a·N + b` in a circuit with width parameter N (a = 0 in the others, and for constants). */
interface Width {
  readonly a: number;
  readonly b: number;
}

const BIT: Width = { a: 0, b: 1 };
const isBit = (w: Width) => w.a === 0 && w.b === 1;
const sameWidth = (x: Width, y: Width) => x.a === y.a && x.b === y.b;
/** The fewest bits a width has, N being at least 1. */
const least = (w: Width) => w.a + w.b;

/** A width as an integer expression: `3`, `N`, `N+2`, `2*N-1`. */
function fmt(w: Width): string {
  if (w.a === 0) return `${w.b}`;
  const n = w.a === 1 ? 'N' : `${w.a}*N`;
  return w.b === 0 ? n : w.b > 0 ? `${n}+${w.b}` : `${n}-${-w.b}`;
}

interface Port {
  readonly name: string;
  readonly w: Width;
  readonly bus: boolean;
}

interface NeuronSpec {
  readonly name: string;
  /** Null for one bit, else a bus of that many bits. */
  readonly widths: readonly (number | null)[];
}

interface CircuitSpec {
  readonly name: string;
  readonly param: boolean;
  /** A second width parameter, M, which only counts the turns of a loop. */
  readonly counted: boolean;
  readonly inputs: readonly Port[];
  readonly outputs: readonly Port[];
}

/** A declaration of a module, its own name and the names it calls written `$G0`, `$C1`. */
interface Decl {
  readonly name: string;
  text: string;
}

const NEURON_SHAPES: readonly (readonly (number | null)[])[] = [
  [null, null],
  [null],
  [null, null, null],
  [2],
  [null, 2],
  [2, null],
  [3],
  [2, null, null],
];

interface Module {
  readonly decls: readonly Decl[];
  readonly neurons: readonly NeuronSpec[];
  readonly circuits: readonly CircuitSpec[];
}

/**
 * A random module: neurons and circuits, its names placeholders (`$G0`, `$C2`). With
 * `mistakes`, a few things in it are wrong, each in its own way. It may call the parts of
 * `shared`, which all copies call by the same names.
 */
function randomModule(rand: Rand, mistakes: boolean, shared?: Module): Module {
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const chance = (n: number) => rand(n) === 0;
  const oops = (n: number) => mistakes && chance(n);
  const decls: Decl[] = [];
  const delays = chance(3);
  /** A circuit with a warning, mistakes or not: a wire never read, or an input. */
  const warned = chance(3) ? 2 + rand(3) : -1;

  // Neurons: the first two on single bits, so that loops and nested calls have gates.
  const neurons: NeuronSpec[] = [];
  const neuronCount = 2 + rand(3);
  for (let i = 0; i < neuronCount; i++) {
    const widths = i === 0 ? [null, null] : i === 1 ? pick([[null], [null, null]]) : pick(NEURON_SHAPES);
    const spec = { name: `$G${i}`, widths };
    neurons.push(spec);
    const ports = widths.map((w, k) => (w === null ? `x${k}` : `x${k}[${w}]`)).join(', ');
    const bits = widths.reduce<number>((n, w) => n + (w ?? 1), 0);
    let fields: string;
    if (i > 0 && widths.length === 2 && widths.every((w) => w === null) && chance(5))
      fields = `train { 0 0 -> 0 ; 0 1 -> ${rand(2)} ; 1 0 -> 1 ; 1 1 -> 1 }`;
    else if (chance(6)) fields = `threshold: ${1 + rand(bits)}`;
    else {
      const count = oops(4) ? bits + 1 : bits;
      const weights = Array.from({ length: count }, () => pick(['1', '-1', '2', '-2', '0.5', '3', '-0.25', '1']));
      fields = `weights: ${weights.join(', ')}${chance(4) ? '' : `  bias: ${pick(['-1', '-2', '0', '1', '-1.5', '-3'])}`}`;
    }
    decls.push({ name: spec.name, text: `neuron ${spec.name}(${ports}) { ${fields} }` });
  }
  // Now and then a neuron written again under another name: copied, not parsed again.
  if (chance(3)) {
    const first = rand(neurons.length);
    const name = `$G${neurons.length}`;
    neurons.push({ name, widths: neurons[first]!.widths });
    decls.push({ name, text: decls[first]!.text.replace(neurons[first]!.name, name) });
  }

  const circuits: CircuitSpec[] = [];
  const circuitCount = 2 + rand(3);
  const portWidth = (param: boolean): { w: Width; bus: boolean } => {
    const r = rand(param ? 5 : 3);
    if (r === 0 || r === 1) return { w: BIT, bus: false };
    if (r === 2) return { w: { a: 0, b: 2 + rand(3) }, bus: true };
    return { w: { a: 1, b: rand(2) }, bus: true };
  };
  for (let i = 0; i < circuitCount; i++) {
    const param = i < circuitCount - 1 && chance(2);
    const inputs = Array.from({ length: 1 + rand(3) }, (_, k) => ({
      name: `p${k}`,
      ...(param && k === 0 ? { w: { a: 1, b: 0 }, bus: true } : portWidth(param)),
    }));
    const outputs = Array.from({ length: 1 + (chance(2) ? 1 : 0) }, (_, k) => ({ name: `y${k}`, ...portWidth(param) }));
    circuits.push({ name: `$C${i}`, param, counted: param && chance(3), inputs, outputs });
  }

  for (let ci = 0; ci < circuits.length; ci++) {
    const self = circuits[ci]!;
    const callable = [...(shared?.circuits ?? []), ...circuits.slice(0, ci)];
    const gates = [...neurons, ...(shared?.neurons ?? [])];
    interface Signal {
      readonly text: string;
      readonly w: Width;
      readonly bus: boolean;
    }
    const signals: Signal[] = self.inputs.map((p) => ({ text: p.name, w: p.w, bus: p.bus }));
    const usedWhole = new Set<string>();
    const lines: string[] = [];
    let wires = 0;
    let labels = 0;
    /** Loop variables in scope, each running over 0 .. bound-1. */
    const loops: { name: string; bound: Width }[] = [];
    const wire = () => `_w${wires++}`;
    const read = (s: Signal) => {
      usedWhole.add(s.text);
      return s.text;
    };

    /** The width a port of a circuit with width argument `m` has. */
    const actual = (p: Port, m: Width | null): Width => (p.w.a === 0 || !m ? p.w : { a: p.w.a * m.a, b: p.w.a * m.b + p.w.b });
    /** A width argument that gives port `p` the width `w`, if there is one. */
    const argFor = (p: Port, w: Width): Width | null | undefined => {
      if (p.w.a === 0) return sameWidth(p.w, w) ? null : undefined;
      if (w.a !== 0 && w.a !== 1) return undefined;
      const m = { a: w.a, b: w.b - p.w.b };
      return least(m) >= 1 && (m.a === 0 || m.b >= 0) ? m : undefined;
    };
    const call = (c: CircuitSpec, m: Width | null, depth: number): string => {
      const name = oops(30) ? `Missing${c.name.slice(1)}` : c.name;
      const args = c.inputs.map((p) => argument(actual(p, m), p.bus, depth + 1));
      if (oops(25)) args.push('0');
      const widths = c.counted ? `<${fmt(m!)}, ${self.param && chance(3) ? 'N' : 1 + rand(3)}>` : c.param ? `<${fmt(m!)}>` : '';
      return `${name}${widths}(${args.join(', ')})`;
    };
    const neuronCall = (n: NeuronSpec, depth: number): string => {
      const args = n.widths.map((w) => (w === null ? argument(BIT, false, depth + 1) : argument({ a: 0, b: w }, true, depth + 1)));
      if (oops(25)) args.pop();
      return `${n.name}(${args.join(', ')})`;
    };
    /** Something of width `w` to pass to a port: a whole number for a bus of fixed width too. */
    const argument = (w: Width, bus: boolean, depth: number): string => {
      if (!bus) return chance(6) ? pick(['0', '1']) : bitExpr(depth);
      if (w.a === 0 && chance(6)) return `${rand(2 ** w.b)}`;
      return busExpr(w, depth);
    };
    const bitExpr = (depth: number): string => {
      for (;;) {
        const r = rand(depth > 1 ? 3 : 8);
        if (r === 0) {
          const bits = signals.filter((s) => !s.bus);
          if (bits.length > 0) return read(pick(bits));
        } else if (r === 1 || r === 2) {
          const buses = signals.filter((s) => s.bus);
          if (buses.length > 0) {
            const x = pick(buses);
            if (oops(15)) return `${x.text}[${fmt(x.w)}]`;
            const fits = loops.filter((l) => (l.bound.a === x.w.a && l.bound.b <= x.w.b) || (l.bound.a === 0 && l.bound.b <= least(x.w)));
            if (fits.length > 0 && chance(2)) return `${x.text}[${pick(fits).name}]`;
            return `${x.text}[${chance(2) ? rand(least(x.w)) : fmt({ a: x.w.a, b: x.w.b - 1 })}]`;
          }
        } else if (r === 3 || r === 4) {
          return neuronCall(pick(gates.filter((n) => n.widths.every((w) => w === null))), depth);
        } else if (r === 5) {
          const ones = callable.filter((c) => c.outputs.length === 1 && !c.outputs[0]!.bus);
          if (ones.length > 0) {
            const c = pick(ones);
            return call(c, c.param ? pick([{ a: 0, b: 1 + rand(3) }, ...(self.param ? [{ a: 1, b: rand(2) }] : [])]) : null, depth);
          }
        } else if (r === 6) {
          if (delays) return `delay(${bitExpr(depth + 1)}${chance(2) ? `, ${rand(2)}` : ''})`;
        } else if (r === 7) {
          return neuronCall(pick(gates), depth);
        }
        if (oops(40)) return 'nowhere';
      }
    };
    const busExpr = (w: Width, depth: number): string => {
      if (isBit(w)) return bitExpr(depth);
      for (let tries = 0; ; tries++) {
        const r = rand(depth > 1 ? 2 : 6);
        if (r === 0) {
          const same = signals.filter((s) => s.bus && sameWidth(s.w, w) !== oops(8));
          if (same.length > 0) return read(pick(same));
        } else if (r === 1) {
          const wider = signals.filter((s) => s.bus && ((s.w.a === w.a && s.w.b >= w.b) || (w.a === 0 && least(s.w) >= w.b)));
          if (wider.length > 0) {
            const x = pick(wider);
            const lo = rand((x.w.a === w.a ? x.w.b : least(x.w)) - w.b + 1);
            return `${x.text}[${lo}..${fmt({ a: w.a, b: lo + w.b - 1 })}]`;
          }
        } else if (r === 2) {
          // A concatenation, bit 0 first: a bit or a few, then the rest.
          const k = w.b >= 1 ? 1 + rand(Math.min(w.b, 2)) : 0;
          if (k > 0 && !(w.a === 0 && k === w.b)) {
            const head = k === 1 ? argument(BIT, false, depth + 1) : busExpr({ a: 0, b: k }, depth + 1);
            const rest = { a: w.a, b: w.b - k };
            return `[${head}, ${isBit(rest) ? argument(BIT, false, depth + 1) : busExpr(rest, depth + 1)}]`;
          }
        } else if (r === 3) {
          const ones = callable.filter((c) => c.outputs.length === 1 && c.outputs[0]!.bus);
          const fitting = ones.flatMap((c) => {
            const m = argFor(c.outputs[0]!, w);
            return m === undefined ? [] : [{ c, m }];
          });
          if (fitting.length > 0) {
            const { c, m } = pick(fitting);
            return call(c, c.param ? (m ?? { a: 0, b: 1 + rand(3) }) : null, depth);
          }
        } else if (r === 4) {
          if (delays) return `delay(${busExpr(w, depth + 1)}${w.a === 0 && chance(2) ? `, ${rand(2 ** w.b)}` : ''})`;
        } else if (r === 5 && w.a === 0 && tries > 3) {
          return `[${Array.from({ length: w.b }, () => argument(BIT, false, depth + 1)).join(', ')}]`;
        }
        if (tries > 8) {
          if (w.a === 0) return `[${Array.from({ length: w.b }, () => pick(['0', '1'])).join(', ')}]`;
          // A circuit with a width parameter has a first input N bits wide.
          return w.b === 0 ? read(signals[0]!) : `[${argument(BIT, false, depth + 1)}, ${busExpr({ a: w.a, b: w.b - 1 }, depth + 1)}]`;
        }
      }
    };
    const indent = () => '  '.repeat(loops.length + 1);
    const loopBound = (): Width => (self.param && chance(2) ? { a: 1, b: rand(2) } : { a: 0, b: 2 + rand(2) });
    // A mistake: a range that is empty (a warning), so that the bits it would assign are never assigned.
    const forLine = (v: string, bound: Width) =>
      `${indent()}for ${v} in ${oops(20) ? `${fmt(bound)}..0` : `0..${fmt({ a: bound.a, b: bound.b - 1 })}`} {`;

    const statement = (): void => {
      const r = rand(10);
      if (r <= 2) {
        const w = chance(2) ? BIT : loopBound();
        const name = oops(10) ? `unused${wires++}` : wire();
        lines.push(`${indent()}${name} = ${busExpr(w, 0)}`);
        signals.push({ text: name, w, bus: !isBit(w) });
      } else if (r === 3) {
        // Several outputs at once, some of them ignored.
        const many = callable.filter((c) => c.outputs.length > 1);
        if (many.length === 0) return;
        const c = pick(many);
        const m = c.param ? (self.param && chance(2) ? { a: 1, b: rand(2) } : { a: 0, b: 1 + rand(3) }) : null;
        // The call first: what it reads is there before the statement.
        const source = call(c, m, 0);
        const targets = c.outputs.map((p) => {
          const name = wire();
          signals.push({ text: name, w: actual(p, m), bus: p.bus });
          return name;
        });
        lines.push(`${indent()}(${targets.join(', ')}) = ${source}`);
      } else if (r === 4 || r === 5) {
        // A loop over the bits of a bus, sometimes nested.
        const bound = loopBound();
        const t = wire();
        lines.push(forLine('i', bound));
        loops.push({ name: 'i', bound });
        if (chance(3)) {
          lines.push(`${indent()}for j in 0..1 {`);
          loops.push({ name: 'j', bound: { a: 0, b: 2 } });
          lines.push(`${indent()}${t}[2*i+j] = ${bitExpr(1)}`);
          loops.pop();
          lines.push(`${indent()}}`);
          if (oops(10)) lines.push(`${indent()}${t}[1] = 0`);
          loops.pop();
          lines.push(`${indent()}}`);
          signals.push({ text: t, w: { a: 2 * bound.a, b: 2 * bound.b }, bus: true });
        } else {
          lines.push(`${indent()}${t}[i] = ${bitExpr(1)}`);
          loops.pop();
          lines.push(`${indent()}}`);
          if (oops(10)) lines.push(`${indent()}${t}[0] = 1`);
          signals.push({ text: t, w: bound, bus: true });
        }
      } else if (r === 6) {
        // A chain: a carry through the bits, as in a ripple adder.
        const bound = loopBound();
        const c = wire();
        const s = wire();
        const twoBits = callable.filter((k) => !k.param && k.outputs.length === 2 && k.outputs.every((p) => !p.bus));
        lines.push(`${indent()}${c}[0] = ${argument(BIT, false, 1)}`);
        lines.push(forLine('i', bound));
        loops.push({ name: 'i', bound });
        const x = signals.filter((sig) => sig.bus && sameWidth(sig.w, bound));
        const from = x.length > 0 ? `${read(pick(x))}[i]` : bitExpr(1);
        if (twoBits.length > 0 && chance(2)) {
          const k = pick(twoBits);
          const args = k.inputs.map((p, n) => (n === 0 && !p.bus ? from : n === 1 && !p.bus ? `${c}[i]` : argument(p.w, p.bus, 1)));
          lines.push(`${indent()}(${s}[i], ${c}[i+1]) = ${k.name}(${args.join(', ')})`);
          signals.push({ text: s, w: bound, bus: true });
        } else {
          const n = neurons.find((g) => g.widths.length === 2 && g.widths.every((w) => w === null))!;
          lines.push(`${indent()}${c}[i+1] = ${n.name}(${from}, ${c}[i])`);
        }
        loops.pop();
        lines.push(`${indent()}}`);
        signals.push({ text: c, w: { a: bound.a, b: bound.b + 1 }, bus: true });
      } else if (r === 7) {
        // Bits turned around: a copy through an integer expression.
        const x = signals.filter((sig) => sig.bus);
        if (x.length === 0) return;
        const src = read(pick(x));
        const sig = signals.find((s) => s.text === src)!;
        const t = wire();
        lines.push(forLine('i', sig.w));
        lines.push(`${indent()}  ${t}[i] = ${src}[(i + 1) % ${chance(2) ? `(${fmt(sig.w)})` : fmt(sig.w)}]`);
        lines.push(`${indent()}}`);
        signals.push({ text: t, w: sig.w, bus: true });
      } else if (r === 8) {
        if (!delays) return;
        // A register that feeds itself back through a gate.
        const q = wire();
        const n = neurons.find((g) => g.widths.length === 2 && g.widths.every((w) => w === null))!;
        lines.push(`${indent()}${q} = delay(${n.name}(${q}, ${bitExpr(1)})${chance(2) ? ', 1' : ''})`);
        signals.push({ text: q, w: BIT, bus: false });
      } else if (r === 9 && self.counted) {
        // A loop counted by M: bounds of integer expressions of both parameters.
        const t = wire();
        const [range, index] = pick([
          ['0..M-1', 'k'],
          ['1..M', 'k-1'],
          ['0..(M+N)/2', 'k'],
          ['0..M*2-1', '(k / 2) * 2 + k % 2'],
        ]);
        lines.push(`${indent()}for k in ${range} {`);
        lines.push(`${indent()}  ${t}[${index}] = ${bitExpr(1)}`);
        lines.push(`${indent()}}`);
      } else if (r === 9) {
        // Mistakes: a circuit that calls itself, a bit assigned twice.
        const mistake = mistakes ? rand(9) : -1;
        if (mistake === 0) lines.push(`${indent()}_r${wires++} = ${self.name}(${self.inputs.map((p) => p.name).join(', ')})`);
        else if (mistake === 1 && signals.length > self.inputs.length) {
          const again = signals[self.inputs.length + rand(signals.length - self.inputs.length)]!;
          lines.push(`${indent()}${again.bus ? `${again.text}[0]` : again.text} = 0`);
        }
      }
    };
    const count = 1 + rand(5);
    for (let k = 0; k < count; k++) statement();
    // The last circuit, which nothing calls, uses those with width parameters at a few widths.
    if (ci === circuits.length - 1) {
      for (const c of callable.filter((k) => k.param)) {
        for (let n = rand(3); n > 0; n--) {
          const m = { a: 0, b: 1 + rand(4) };
          const source = call(c, m, 0);
          const targets = c.outputs.map((p) => {
            const name = wire();
            signals.push({ text: name, w: actual(p, m), bus: p.bus });
            return name;
          });
          lines.push(`  ${targets.length === 1 ? targets[0] : `(${targets.join(', ')})`} = ${source}`);
        }
      }
    }
    // Outputs: assigned last, sometimes all at once from a part with outputs alike.
    const many = callable.filter(
      (c) =>
        !c.param &&
        c.outputs.length === self.outputs.length &&
        c.outputs.every((p, k) => p.bus === self.outputs[k]!.bus && sameWidth(p.w, self.outputs[k]!.w)),
    );
    if (self.outputs.length > 1 && many.length > 0 && chance(2)) {
      lines.push(`  (${self.outputs.map((p) => p.name).join(', ')}) = ${call(pick(many), null, 0)}`);
    } else {
      for (const p of self.outputs) lines.push(`  ${p.name} = ${p.bus ? busExpr(p.w, 0) : argument(BIT, false, 0)}`);
    }
    if (ci === warned - 2) lines.push(`  unused${wires++} = ${bitExpr(0)}`);
    // Every input read whole somewhere: a bit never read draws a warning.
    for (const [k, p] of self.inputs.entries()) {
      if (!usedWhole.has(p.name) && !(ci === warned - 1 && k === 0)) lines.push(`  _in${labels++} = ${p.name}`);
    }
    const port = (p: Port) => (p.bus ? `${p.name}[${fmt(p.w)}]` : p.name);
    const outs = self.outputs.length === 1 ? port(self.outputs[0]!) : `(${self.outputs.map(port).join(', ')})`;
    const head = `circuit ${self.name}${self.counted ? '<N, M>' : self.param ? '<N>' : ''}(${self.inputs.map(port).join(', ')}) -> ${outs} {`;
    decls.push({ name: self.name, text: `${head}\n${lines.join('\n')}\n}` });
  }
  return { decls, neurons, circuits };
}

/** A module whose parts every copy of another calls: its names end in `_S`. */
function sharedModule(rand: Rand): Module {
  const m = randomModule(rand, false);
  const name = (n: string) => n.replace(/^\$(.*)$/, '$1_S');
  return {
    decls: m.decls.map((d) => ({ name: name(d.name), text: d.text.replace(/\$([GC]\d+)/g, '$1_S') })),
    neurons: m.neurons.map((n) => ({ ...n, name: name(n.name) })),
    circuits: m.circuits.map((c) => ({ ...c, name: name(c.name) })),
  };
}

/** Copy `k` of a module: every name it declares, and every call of one, ending in `_k` (and a few letters). */
function renamed(decls: readonly Decl[], k: number): string {
  // Names of other lengths, so that every place after one moves.
  const suffix = `_${k}${'abc'.slice(0, k % 4)}`;
  return decls.map((d) => d.text.replace(/\$([GC]\d+)/g, `$1${suffix}`)).join('\n\n');
}

/** The module changed a little in one place: a number, a callee, a neuron's ports, a comment, the spacing. */
function perturbed(rand: Rand, decls: readonly Decl[], shared: readonly Decl[]): Decl[] {
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const out = decls.map((d) => ({ ...d }));
  const d = pick(out);
  const at = (re: RegExp) => [...d.text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
  const replace = (m: { start: number; end: number }, by: string) => {
    d.text = d.text.slice(0, m.start) + by + d.text.slice(m.end);
  };
  switch (rand(7)) {
    case 0: {
      const numbers = at(/(?<![\w$.])\d+(?![\w.])/g);
      if (numbers.length > 0) {
        const m = pick(numbers);
        replace(m, `${(Number(m.text) + 1 + rand(3)) % 5}`);
      }
      break;
    }
    case 1: {
      const calls = at(/\$[GC]\d+(?=[<(])/g).filter((m) => !/(circuit|neuron) $/.test(d.text.slice(0, m.start)));
      if (calls.length > 0) {
        const m = pick(calls);
        // Most often another neuron: alike or not, depending on its ports' widths; often one
        // with as many ports, alike only if they are as wide.
        const kind = rand(4) === 0 ? 'C' : 'G';
        const parts = [...out, ...shared];
        const ports = (name: string) => {
          const text = parts.find((o) => o.name === name)?.text ?? '';
          return text.startsWith('neuron') ? text.slice(text.indexOf('('), text.indexOf(')')).split(',').length : -1;
        };
        const count = rand(2) === 0 ? ports(m.text) : -1;
        const others = parts.filter(
          (o) => o.name !== d.name && o.name !== m.text && o.name.replace('$', '')[0] === kind && (count < 0 || ports(o.name) === count),
        );
        if (others.length > 0) replace(m, pick(others).name);
      }
      break;
    }
    case 2:
    case 6: {
      // A neuron with a port more or less, or as many ports but one a bit wider (and a weight more).
      const neuron = pick(out.filter((o) => o.name.startsWith('$G')));
      const r = rand(4);
      if (r === 0) neuron.text = neuron.text.replace(/\)/, ', extra)');
      else if (r === 1) neuron.text = neuron.text.replace(/, x\d+(\[\d+\])?\)/, ')');
      else neuron.text = neuron.text.replace(/(x\d+)(?=[,)])/, '$1[2]').replace('weights: ', 'weights: 1, ');
      break;
    }
    case 3: {
      const breaks = at(/\n/g);
      if (breaks.length > 0) replace(pick(breaks), pick(['\n  // a note\n', '\n  /* changed */\n', ' /* here */\n']));
      break;
    }
    case 4: {
      // Blanks the grammar does not see, or does: the same template, or another.
      const spaces = at(/ = |, |\n {2}/g);
      if (spaces.length > 0) {
        const m = pick(spaces);
        replace(m, m.text === ', ' ? ',' : m.text === ' = ' ? pick(['  =  ', '\t=\t', ' =\n    ']) : pick(['\n\n  ', '\n\t', '\r\n  ']));
      }
      break;
    }
    default:
      // Every line break of one declaration written \r\n.
      d.text = d.text.replace(/\n/g, '\r\n');
  }
  return out;
}

/** An instance as JSON text: parts by name, so that two checks of one file compare equal. */
function instanceJson(instance: CircuitInstance | undefined): string {
  return JSON.stringify(instance, (key, value) => (key === 'neuron' || key === 'def' ? value.name : value));
}

/** Two instances alike: as JSON text (quick), else compared as data for a difference to show. */
function sameInstance(mine: CircuitInstance | undefined, alone: CircuitInstance, what: string): void {
  const [x, y] = [instanceJson(mine), instanceJson(alone)];
  if (x !== y) expect(JSON.parse(x), what).toEqual(JSON.parse(y));
}

/** `source` with everything outside `keep` blanked, line breaks kept: the same places. */
function kept(source: string, keep: readonly { readonly start: number; readonly end: number }[]): string {
  let out = '';
  let at = 0;
  for (const r of [...keep].sort((x, y) => x.start - y.start)) {
    out += source.slice(at, r.start).replace(/[^\n]/g, ' ') + source.slice(r.start, r.end);
    at = r.end;
  }
  return out + source.slice(at).replace(/[^\n]/g, ' ');
}

/** A tree without its places. */
function shape(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(shape);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => k !== 'span')
        .map(([k, v]) => [k, shape(v)]),
    );
  return x;
}

/** A tree as plain data, copied bodies read through their getters, table rows by their cells. */
function data(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(data);
  if (x && typeof x === 'object' && 'inputs' in x && 'outputs' in x && 'span' in x) {
    // Rows of a table may read their cells from the source when asked (parse/packed-rows.ts).
    const row = x as A.Row;
    return { inputs: data(row.inputs), outputs: data(row.outputs), span: data(row.span) };
  }
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, data(v)]));
  return x;
}

/** Two trees alike: as text when they are (quick), else compared for a difference to show. */
function same(x: unknown, y: unknown, what: string): void {
  if (JSON.stringify(x) !== JSON.stringify(y)) expect(data(x), what).toEqual(data(y));
}

/** The declarations of `source` parsed one by one, as `parse` does but never copied from a template or a repeat. */
function parseUncopied(source: string, file: string): A.Item[] {
  const items: A.Item[] = [];
  for (const chunk of splitItems(source)) {
    const outcome = parseDeclaration(new Attempt(reduce(source, file, chunk.start, chunk.end)));
    if (!outcome.ok) throw new Error(`does not parse: ${source.slice(chunk.start, chunk.end)}`);
    items.push(...outcome.value);
  }
  return items;
}

/** The checker's answer for files of declarations none of which is a copy: nothing is shared. */
function checkUncopied(program: Program): { diagnostics: readonly Diagnostic[]; model?: Model } {
  const result = check(program);
  return result.ok ? { diagnostics: result.diagnostics, model: result.value } : { diagnostics: result.diagnostics };
}

const said = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.code} ${d.span?.file}:${d.span?.start} ${d.message}`).sort();

/** The outline a copied circuit should have, worked out from its tree and the source. */
function expectedOutline(decl: A.CircuitDecl, source: string) {
  // Calls in the order written, as the outline lists them.
  const calls = callsIn(decl.body);
  const names: string[] = [];
  let text = '';
  let end = decl.name.span.end;
  for (const c of calls) {
    let i = names.indexOf(c.callee.text);
    if (i < 0) i = names.push(c.callee.text) - 1;
    text += `${source.slice(end, c.callee.span.start)}@${i}`;
    end = c.callee.span.end;
  }
  text += source.slice(end, decl.span.end);
  const places: Span[] = [];
  const expr = (e: A.Expr): void => {
    if (e.kind === 'call') {
      places.push(e.span);
      for (const a of e.args) expr(a);
    } else if (e.kind === 'concat') for (const p of e.parts) expr(p);
  };
  const body = (statements: readonly A.Statement[]): void => {
    for (const s of statements) {
      if (s.kind === 'for') body(s.body);
      else {
        places.push(s.span);
        expr(s.expr);
      }
    }
  };
  body(decl.body);
  return { text, calls: names, places };
}

interface Totals {
  files: number;
  copies: number;
  exact: number;
  clean: number;
  instances: number;
  /** Instances renamed from an alike one: their statements made when read. */
  renamed: number;
  diagnostics: number;
  templates: number;
  repeats: number;
}

const IMPORT = 'import "lib.nn"\n\n';

/**
 * A file of copies of a random module (or two files, the entry importing the other), compared
 * with each copy alone: its tree, its problems, its instances and its neurons.
 */
function compareCopies(rand: Rand, totals: Totals): void {
  const shared = rand(2) === 0 ? sharedModule(rand) : undefined;
  const module = randomModule(rand, rand(3) === 0, shared);
  const count = 3 + rand(5);
  const twoFiles = rand(3) === 0;
  const paths = twoFiles ? ['lib.nn', 'main.nn'] : ['main.nn'];
  const entry = paths.length - 1;
  const texts: string[] = [];
  const sources = paths.map((p) => (p === 'main.nn' && twoFiles ? IMPORT : ''));
  type Place = { readonly file: number; readonly start: number; readonly end: number };
  const add = (file: number, text: string): Place => {
    if (sources[file]!.length > (file === entry && twoFiles ? IMPORT.length : 0)) sources[file] += '\n\n';
    const at = { file, start: sources[file]!.length, end: sources[file]!.length + text.length };
    sources[file] += text;
    return at;
  };
  /** What every copy sees: the import, and the shared parts (in the first file). */
  const common: Place[] = [...(twoFiles ? [{ file: entry, start: 0, end: IMPORT.length }] : [])];
  if (shared) common.push(add(0, shared.decls.map((d) => d.text).join('\n\n')));
  /** Where each copy is: its file, and its place in it. */
  const places: Place[] = [];
  for (let k = 0; k < count; k++) {
    const exact = rand(2) === 0;
    if (exact) totals.exact++;
    const text = renamed(exact ? module.decls : perturbed(rand, module.decls, shared?.decls ?? []), k);
    places.push(add(twoFiles && k > 0 ? rand(2) : 0, text));
    texts.push(text);
  }
  totals.files++;
  totals.copies += count;
  const context = paths.map((p, f) => `// ${p}\n${sources[f]}`).join('\n');
  /** The sources with only `keep` (and what every copy sees) left, the rest blanked. */
  const keeping = (keep: readonly Place[]) =>
    sources.map((source, f) =>
      kept(
        source,
        [...common, ...keep].filter((at) => at.file === f),
      ),
    );

  // 4. The trees: every declaration as parsed without copying, spans included.
  const uncopied = paths.map((path, f) => {
    const source = sources[f]!;
    const parsed = parse(source, path);
    if (!parsed.ok) throw new Error(`${parsed.diagnostics[0]?.message}\n${context}`);
    const items = parseUncopied(source, path);
    expect(parsed.value.items.length, context).toBe(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = parsed.value.items[i]!;
      same(item, items[i], context);
      const outline = item.kind === 'circuit' ? outlineOf(item) : undefined;
      if (outline && item.kind === 'circuit') {
        totals.templates++;
        const want = expectedOutline(items[i] as A.CircuitDecl, source);
        expect({ text: outline.text, calls: outline.calls, places: outline.places() }, context).toEqual(want);
      }
      const first = item.kind === 'neuron' ? repeatOf(item) : undefined;
      if (first && item.kind === 'neuron') {
        // The one it repeats (parsed first, maybe from another file) is the same but for its name and places.
        totals.repeats++;
        expect(shape({ ...first, name: null }), context).toEqual(shape({ ...item, name: null }));
      }
    }
    return items;
  });

  // Each copy alone: the other copies blanked, nothing copied.
  const alone = places.map((at) => {
    const keep = [...common, at];
    const text = keeping([at]);
    const files = paths.map((path, f) => {
      const items = uncopied[f]!.filter((d) => keep.some((r) => r.file === f && d.span.start >= r.start && d.span.end <= r.end));
      return { path, source: text[f]!, ast: { file: path, items }, imports: f === entry && twoFiles ? ['lib.nn'] : [] };
    });
    return checkUncopied({ files, entry: files[entry]! });
  });
  const checkFiles = (texts: readonly string[]) => checkSource(texts[entry]!, twoFiles ? { 'lib.nn': texts[0]! } : {});
  const whole = checkFiles(sources);

  // 1. The same problems, each where it is (those of the shared parts, which each copy alone has, once).
  const each = [...new Set(alone.flatMap((a) => said(a.diagnostics)))].sort();
  expect(said(whole.diagnostics), context).toEqual(each);
  totals.diagnostics += each.length;

  // 2, 3. The same instances and neurons; of the copies without errors when some have errors.
  const clean = alone.map((a) => a.model !== undefined);
  let model = whole.model;
  if (!model && clean.some(Boolean)) {
    model = checkFiles(keeping(places.filter((_, k) => clean[k]))).model;
    expect(model, context).toBeDefined();
  }
  if (!model) return;
  const keys = new Set<string>();
  for (const [k, a] of alone.entries()) {
    if (!a.model) continue;
    totals.clean++;
    for (const [key, instance] of a.model.instances) {
      keys.add(key);
      const mine = model.instances.get(key);
      sameInstance(mine, instance, `${key} in\n${texts[k]}`);
      totals.instances++;
      if (mine && Object.getOwnPropertyDescriptor(mine, 'statements')?.get) totals.renamed++;
    }
    for (const part of a.model.parts.values()) {
      const mine = model.parts.get(part.name);
      expect(mine?.kind, part.name).toBe(part.kind);
      if (part.kind !== 'neuron' || mine?.kind !== 'neuron') continue;
      expect({ name: mine.name, params: mine.params, ports: mine.ports, given: mine.given, file: mine.file }, part.name).toEqual({
        name: part.name,
        params: part.params,
        ports: part.ports,
        given: part.given,
        file: part.file,
      });
      // A table's rows read their cells from the source, which differs outside the copy.
      const rows = (t: typeof part.training) =>
        t?.kind === 'table' ? t.rows.map((r) => ({ inputs: r.inputs, output: r.output, span: r.span })) : t;
      expect(rows(mine.training), part.name).toEqual(rows(part.training));
      same(mine.decl, part.decl, part.name);
    }
  }
  expect(new Set(model.instances.keys()), context).toEqual(keys);
}

describe('declarations repeated under other names, at random', () => {
  const long = limits.long;
  afterEach(() => {
    limits.long = long;
  });
  const run = (seed: number, files: number): Totals => {
    const rand = seededRandom(seed);
    const totals: Totals = { files: 0, copies: 0, exact: 0, clean: 0, instances: 0, renamed: 0, diagnostics: 0, templates: 0, repeats: 0 };
    for (let f = 0; f < files; f++) compareCopies(rand, totals);
    reportScale(`files of copies compared (${JSON.stringify(totals)})`, files);
    // The generator makes what the test is about: clean copies, instances renamed, templates, repeats, problems.
    expect(totals.clean).toBeGreaterThan(files);
    expect(totals.renamed).toBeGreaterThan(files / 2);
    expect(totals.templates).toBeGreaterThan(files);
    expect(totals.repeats).toBeGreaterThan(files);
    expect(totals.diagnostics).toBeGreaterThan(files / 4);
    return totals;
  };

  // 5 files (100 at NN_TEST_SCALE=20, helpers.ts), each of 3 to 7 copies of a random module,
  // in one file or two; a new module is a new shape for the parser, which costs the most.
  it('parse, check and unroll as each copy alone does', () => {
    run(909, 5 * TEST_SCALE);
  });

  // 3 files (60 at NN_TEST_SCALE=20) with every list cut into items, as long declarations are.
  it('the same with long declarations parsed piece by piece', () => {
    limits.long = 4;
    run(910, 3 * TEST_SCALE);
  });
});

describe('a call with two width arguments nested in a list longer than limits.long', () => {
  const long = limits.long;
  afterEach(() => {
    limits.long = long;
  });

  // Found by the random test above. A list longer than limits.long (1,000 characters) is cut
  // into items, each matched alone; the comma of `B<1, 3>(p)` cut it too, the pieces failed and
  // the whole declaration was matched in one go (the same tree, but the slow path the pieces
  // exist to avoid), as for `y = A(B<1, 3>(p), p, p, ...)` with 400 arguments. limits.long is
  // lowered to show it on a short list.
  it('is parsed piece by piece, not matched whole', () => {
    limits.long = 4;
    const whole = parseStats.whole;
    const parsed = parse('circuit C(p) -> y {\n  y = A(B<1, 3>(p), p)\n}\n', 'f.nn');
    expect(parsed.ok).toBe(true);
    expect(parseStats.whole).toBe(whole);
  });
});
