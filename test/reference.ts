// A deliberately simple second evaluator: it walks the checked model's syntax trees directly,
// with no elaboration and no compilation, and decides each neuron with its own exact
// arithmetic on the decimal text of the weights, so the engines can be tested against it.

import type { Model, PartDef } from '../src/check/model.js';
import type * as A from '../src/parse/ast.js';

export function referenceEval(model: Model, name: string, inputs: readonly number[]): number[] {
  return evalPart(model, model.parts.get(name)!, inputs);
}

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

function evalPart(model: Model, part: PartDef, inputs: readonly number[]): number[] {
  if (part.kind === 'neuron') {
    const threshold = numberText(part.decl, 'threshold');
    if (threshold !== undefined) {
      const negated = threshold.startsWith('-') ? threshold.slice(1) : `-${threshold.replace(/^\+/, '')}`;
      return [
        fires(
          part.params.map(() => '1'),
          negated,
          inputs,
        )
          ? 1
          : 0,
      ];
    }
    const w = part.decl.fields.find((x) => x.kind === 'weights');
    const weights = w?.kind === 'weights' ? w.values.map((v) => v.text) : [];
    return [fires(weights, numberText(part.decl, 'bias') ?? '0', inputs) ? 1 : 0];
  }
  const env = new Map<string, number>(part.decl.params.map((p, i) => [p.text, inputs[i]!]));
  // Scalar circuits only: every statement an assignment of whole wires.
  const pending = part.decl.body.map((s) => {
    if (s.kind !== 'assign') throw new Error('the reference evaluator takes circuits without loops');
    return s;
  });
  // Evaluate statements whose inputs are known until none is left (order-free, like nn).
  while (pending.length > 0) {
    const ready = pending.findIndex((s) => reads(s.expr).every((n) => env.has(n)));
    const [s] = pending.splice(ready, 1);
    const values = value(model, s!.expr, env);
    s!.targets.forEach((t, k) => env.set(t.text, values[k]!));
  }
  return part.decl.outputs.map((o) => env.get(o.text)!);
}

function reads(e: A.Expr): string[] {
  if (e.kind === 'name') return [e.text];
  if (e.kind === 'call') return e.args.flatMap(reads);
  if (e.kind === 'concat') throw new Error('the reference evaluator takes circuits without buses');
  return [];
}

function value(model: Model, e: A.Expr, env: Map<string, number>): number[] {
  if (e.kind === 'number') return [e.value];
  if (e.kind === 'name') return [env.get(e.text)!];
  if (e.kind === 'concat') throw new Error('the reference evaluator takes circuits without buses');
  const args = e.args.map((a) => value(model, a, env)[0]!);
  return evalPart(model, model.parts.get(e.callee.text)!, args);
}
