// A deliberately simple second evaluator: it walks the checked model's syntax trees directly,
// with no elaboration and no compilation, so the fast path can be tested against it.

import type { Model, PartDef } from '../src/check/model.js';
import type * as A from '../src/parse/ast.js';

export function referenceEval(model: Model, name: string, inputs: readonly number[]): number[] {
  return evalPart(model, model.parts.get(name)!, inputs);
}

function evalPart(model: Model, part: PartDef, inputs: readonly number[]): number[] {
  if (part.kind === 'neuron') {
    let z = part.bias!;
    part.weights!.forEach((w, i) => (z += w * inputs[i]!));
    // Exactness for decimal weights, the reference way: round away float noise.
    return [Math.round(z * 1e9) / 1e9 >= 0 ? 1 : 0];
  }
  const env = new Map<string, number>(part.params.map((p, i) => [p, inputs[i]!]));
  const pending = [...part.decl.body];
  // Evaluate statements whose inputs are known until none is left (order-free, like nn).
  while (pending.length > 0) {
    const ready = pending.findIndex((s) => reads(s.expr).every((n) => env.has(n)));
    const [s] = pending.splice(ready, 1);
    const values = value(model, s!.expr, env);
    s!.targets.forEach((t, k) => env.set(t.text, values[k]!));
  }
  return part.outputs.map((o) => env.get(o)!);
}

function reads(e: A.Expr): string[] {
  if (e.kind === 'name') return [e.text];
  if (e.kind === 'call') return e.args.flatMap(reads);
  return [];
}

function value(model: Model, e: A.Expr, env: Map<string, number>): number[] {
  if (e.kind === 'number') return [e.value];
  if (e.kind === 'name') return [env.get(e.text)!];
  const args = e.args.map((a) => value(model, a, env)[0]!);
  return evalPart(model, model.parts.get(e.callee.text)!, args);
}
