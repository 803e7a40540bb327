// A deliberately simple second evaluator: it walks the checked model's syntax trees directly,
// with no instances, no elaboration and no compilation, and decides each neuron with its own
// exact arithmetic on the decimal text of the weights, so the engines (and the checker's
// unrolling of buses and loops) can be tested against it.

import type { CircuitDef, Model, PartDef } from '../src/check/model.js';
import type * as A from '../src/parse/ast.js';

/** `inputs` are the bits in the netlist's order: ports in order, each bus most significant bit first. */
export function referenceEval(model: Model, name: string, inputs: readonly number[], args: readonly number[] = []): number[] {
  const part = model.parts.get(name)!;
  const ports = portsOf(part, args);
  // Reading order to values: each bus's bits come most significant first.
  let at = 0;
  const values = ports.inputs.map((w) => {
    const bits = inputs.slice(at, at + (w ?? 1)).reverse();
    at += w ?? 1;
    return bits;
  });
  const out = evalPart(model, part, values, args);
  return out.flatMap((bits) => [...bits].reverse());
}

type Bits = number[];

/** A decimal text as digits × 10^exponent, exactly. */
function decimal(text: string): { digits: bigint; exponent: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const digits = BigInt((m[2] || '') + (m[3] || '') || '0');
  return { digits: m[1] === '-' ? -digits : digits, exponent: Number(m[4] ?? 0) - (m[3]?.length ?? 0) };
}

/** `w·x + b >= 0` for bit inputs, with every number brought to the same power of ten. */
function fires(weights: readonly string[], bias: string, inputs: readonly number[]): boolean {
  const terms = [...weights.filter((_, i) => inputs[i] === 1), bias].map(decimal);
  const low = Math.min(...terms.map((t) => t.exponent));
  let sum = 0n;
  for (const t of terms) sum += t.digits * 10n ** BigInt(t.exponent - low);
  return sum >= 0n;
}

function numberText(decl: A.NeuronDecl, key: string): string | undefined {
  const f = decl.fields.find((x) => x.key.text === key);
  return f?.kind === 'setting' && f.value.kind === 'number' ? f.value.text : undefined;
}

function int(e: A.IntExpr, env: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'int-name':
      return env.get(e.text)!;
    case 'int-negate':
      return -int(e.operand, env);
    case 'int-op': {
      const a = int(e.left, env);
      const b = int(e.right, env);
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === '/' ? Math.trunc(a / b) : a % b;
    }
  }
}

function portsOf(part: PartDef, args: readonly number[]): { inputs: (number | null)[]; outputs: (number | null)[] } {
  if (part.kind === 'neuron') return { inputs: part.ports.map((p) => p.width), outputs: [null] };
  const env = new Map(part.typeParams.map((p, i) => [p, args[i]!]));
  const width = (p: A.Port) => (p.width ? int(p.width, env) : null);
  return { inputs: part.decl.params.map(width), outputs: part.decl.outputs.map(width) };
}

/**
 * Results by part, width arguments and input bits: a part is a function of those alone, so a
 * full adder met on every row of a 16-row table is walked once per distinct input. Callers
 * copy what they keep, never change it.
 */
const results = new WeakMap<PartDef, Map<string, Bits[]>>();

function evalPart(model: Model, part: PartDef, inputs: readonly Bits[], args: readonly number[]): Bits[] {
  const known = results.get(part) ?? new Map<string, Bits[]>();
  results.set(part, known);
  const key = `${args.join(',')}|${inputs.map((bits) => bits.join('')).join(',')}`;
  const out = known.get(key) ?? walkPart(model, part, inputs, args);
  known.set(key, out);
  return out;
}

function walkPart(model: Model, part: PartDef, inputs: readonly Bits[], args: readonly number[]): Bits[] {
  if (part.kind === 'neuron') {
    const bits = inputs.flat(); // the weights' order: ports in order, bit 0 first
    const threshold = numberText(part.decl, 'threshold');
    if (threshold !== undefined) {
      const negated = threshold.startsWith('-') ? threshold.slice(1) : `-${threshold.replace(/^\+/, '')}`;
      return [
        [
          fires(
            bits.map(() => '1'),
            negated,
            bits,
          )
            ? 1
            : 0,
        ],
      ];
    }
    const w = part.decl.fields.find((x) => x.kind === 'weights');
    const weights = w?.kind === 'weights' ? w.values.map((v) => v.text) : [];
    return [[fires(weights, numberText(part.decl, 'bias') ?? '0', bits) ? 1 : 0]];
  }
  return evalCircuit(model, part, inputs, args);
}

/** A bit of a name: known, or not yet (statement order is free). */
type Env = Map<string, (number | undefined)[]>;

/** A statement with the values of the loop variables around it. */
interface Step {
  readonly s: A.Assignment;
  readonly vars: Map<string, number>;
}

/**
 * The order the statements of a circuit were evaluated in, by width arguments. Which bits are
 * known when depends on the statements alone, never on the values, so the order found on a
 * circuit's first row holds for every row.
 */
const orders = new WeakMap<CircuitDef, Map<string, readonly Step[]>>();

function evalCircuit(model: Model, c: CircuitDef, inputs: readonly Bits[], args: readonly number[]): Bits[] {
  const ints = new Map(c.typeParams.map((p, i) => [p, args[i]!]));
  const env: Env = new Map();
  c.decl.params.forEach((p, i) => env.set(p.text, [...inputs[i]!]));
  const run = ({ s, vars }: Step) => {
    const results =
      s.expr.kind === 'call'
        ? call(model, s.expr, env, vars, undefined)!
        : [value(model, s.expr, env, vars, widthOfTarget(s.targets[0]!, env, vars))!];
    s.targets.forEach((t, k) => assign(env, t, results[k]!, vars));
  };
  const byArgs = orders.get(c) ?? new Map<string, readonly Step[]>();
  orders.set(c, byArgs);
  const known = byArgs.get(args.join(','));
  if (known) {
    for (const step of known) run(step);
    return c.decl.outputs.map((o) => env.get(o.text)!.map((b) => b!));
  }
  // Unroll the loops into (statement, loop variables) pairs.
  const pending: Step[] = [];
  const unroll = (body: readonly A.Statement[], vars: Map<string, number>) => {
    for (const s of body) {
      if (s.kind === 'assign') pending.push({ s, vars });
      else for (let i = int(s.from, vars); i <= int(s.to, vars); i++) unroll(s.body, new Map([...vars, [s.variable.text, i]]));
    }
  };
  unroll(c.decl.body, ints);
  // Evaluate whatever can be evaluated until nothing is left.
  const order: Step[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex(({ s, vars }) => isKnown(s.expr, env, vars));
    if (ready < 0) throw new Error(`the reference cannot order ${c.name}`);
    const [step] = pending.splice(ready, 1) as [Step];
    run(step);
    order.push(step);
  }
  byArgs.set(args.join(','), order);
  return c.decl.outputs.map((o) => env.get(o.text)!.map((b) => b!));
}

/** Whether every bit an expression reads is known (calls are not evaluated to find out). */
function isKnown(e: A.Expr, env: Env, vars: Map<string, number>): boolean {
  switch (e.kind) {
    case 'number':
      return true;
    case 'name': {
      const bits = env.get(e.text);
      if (!bits) return false;
      if (!e.index) return bits.length > 0 && bits.every((b) => b !== undefined) && bits.length === bits.filter(() => true).length;
      const [from, to] =
        e.index.kind === 'bit' ? [int(e.index.at, vars), int(e.index.at, vars)] : [int(e.index.from, vars), int(e.index.to, vars)];
      for (let i = from; i <= to; i++) if (bits[i] === undefined) return false;
      return true;
    }
    case 'concat':
      return e.parts.every((p) => isKnown(p, env, vars));
    case 'call':
      return e.args.every((a) => isKnown(a, env, vars));
  }
}

function widthOfTarget(t: A.Target, env: Env, vars: Map<string, number>): number | undefined {
  if (!t.index) return env.get(t.text)?.length;
  return t.index.kind === 'bit' ? 1 : int(t.index.to, vars) - int(t.index.from, vars) + 1;
}

function assign(env: Env, t: A.Target, bits: Bits, vars: Map<string, number>): void {
  const current = env.get(t.text) ?? [];
  if (!t.index) bits.forEach((b, i) => (current[i] = b));
  else {
    const from = t.index.kind === 'bit' ? int(t.index.at, vars) : int(t.index.from, vars);
    bits.forEach((b, i) => (current[from + i] = b));
  }
  env.set(t.text, current);
}

/** A value's bits (bit 0 first), or undefined while something it reads is not known yet. */
function value(model: Model, e: A.Expr, env: Env, vars: Map<string, number>, width: number | undefined): Bits | undefined {
  switch (e.kind) {
    case 'number': {
      const n = BigInt(e.text);
      return Array.from({ length: width ?? 1 }, (_, i) => Number((n >> BigInt(i)) & 1n));
    }
    case 'name': {
      const bits = env.get(e.text);
      if (!bits) return undefined;
      const [from, to] = !e.index
        ? [0, bits.length - 1]
        : e.index.kind === 'bit'
          ? [int(e.index.at, vars), int(e.index.at, vars)]
          : [int(e.index.from, vars), int(e.index.to, vars)];
      const slice = bits.slice(from, to + 1);
      return slice.length === to - from + 1 && slice.every((b) => b !== undefined) ? (slice as Bits) : undefined;
    }
    case 'concat': {
      const parts = e.parts.map((p) => value(model, p, env, vars, undefined));
      return parts.every((p) => p !== undefined) ? (parts as Bits[]).flat() : undefined;
    }
    case 'call':
      return call(model, e, env, vars, width)?.[0];
  }
}

function call(model: Model, e: A.CallExpr, env: Env, vars: Map<string, number>, _width: number | undefined): Bits[] | undefined {
  const part = model.parts.get(e.callee.text)!;
  const args = (e.typeArgs ?? []).map((a) => int(a, vars));
  const ports = portsOf(part, args);
  const inputs = e.args.map((a, k) => value(model, a, env, vars, ports.inputs[k] ?? undefined));
  if (inputs.some((x) => x === undefined)) return undefined;
  return evalPart(model, part, inputs as Bits[], args);
}
