// Circuits repeated under other names: the parser copies them from one template, and the
// checker checks one of each alike set and renames its answer for the others
// (src/check/copies.ts). Whatever is renamed must be what checking the copy alone gives.

import { describe, expect, it } from 'vitest';
import type { CircuitInstance, Model } from '../src/check/model.js';
import { parse } from '../src/parse/parse.js';
import { outlineOf } from '../src/parse/templates.js';
import type * as A from '../src/parse/ast.js';
import { checkSource } from './helpers.js';

/**
 * Module `k` of a library: gates, a bus adder with a width parameter and a loop, nested calls
 * (whose statements are labelled `AND3#1`, ...), two alike neurons called in both orders, a
 * circuit with a delay, and a top circuit using them at two widths.
 */
function libraryModule(k: number): string {
  return `neuron AND${k}(a, b) { weights: 1, 1  bias: -2 }
neuron OR${k}(a, b) { weights: 1, 1  bias: -1 }
neuron NOT${k}(a) { weights: -1  bias: 0 }
neuron BUF${k}(a) { weights: 1  bias: -1 }
neuron MAJ${k}(a, b, c) { weights: 1, 1, 1  bias: -2 }
neuron SUM${k}(a, b, c, carry) { weights: 1, 1, 1, -2  bias: -1 }

circuit FullAdder${k}(a, b, cin) -> (s, cout) {
  cout = MAJ${k}(a, b, cin)
  s = SUM${k}(a, b, cin, cout)
}

circuit Ripple${k}<N>(a[N], b[N], cin) -> (s[N], cout) {
  c[0] = cin
  for i in 0..N-1 {
    (s[i], c[i+1]) = FullAdder${k}(a[i], b[i], c[i])
  }
  cout = c[N]
}

circuit Mux${k}<N>(a[N], b[N], sel) -> y[N] {
  for i in 0..N-1 {
    y[i] = OR${k}(AND${k}(a[i], NOT${k}(sel)), AND${k}(b[i], sel))
  }
}

circuit Twist${k}(x) -> (p, q) {
  p = NOT${k}(BUF${k}(x))
  q = BUF${k}(NOT${k}(x))
}

circuit Hold${k}(x) -> q {
  q = delay(OR${k}(x, q))
}

circuit Top${k}(a[4], b[4], sel) -> (y[4], carry, wide[8], p, q, held) {
  (sum, carry) = Ripple${k}<4>(a, b, 0)
  y = Mux${k}<4>(sum, a, sel)
  (wide, _c) = Ripple${k}<8>([a, b], [b, a], sel)
  (p, q) = Twist${k}(sel)
  held = Hold${k}(sel)
}
`;
}

/** `source` with everything outside [from, to) blanked, line breaks kept: the same places. */
function only(source: string, from: number, to: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(source.slice(0, from)) + source.slice(from, to) + blank(source.slice(to));
}

/** An instance as data: parts by name, so that two checks of one file compare equal. */
function plain(instance: CircuitInstance | undefined): unknown {
  return JSON.parse(JSON.stringify(instance, (key, value) => (key === 'neuron' || key === 'def' ? value.name : value)));
}

function modelOf(source: string): Model {
  const checked = checkSource(source);
  if (!checked.model) throw new Error(checked.rendered);
  return checked.model;
}

describe('circuits repeated under other names', () => {
  const modules = [0, 1, 2, 3].map(libraryModule);
  const source = modules.join('\n');
  const starts = modules.map((_, k) => modules.slice(0, k).reduce((n, m) => n + m.length + 1, 0));

  it('have the instances that checking each one alone gives, in the same order', () => {
    const all = modelOf(source);
    for (let k = 0; k < modules.length; k++) {
      const alone = modelOf(only(source, starts[k]!, starts[k]! + modules[k]!.length));
      const keys = [...alone.instances.keys()];
      expect(keys).toContain(`Ripple${k}<8>`);
      expect([...all.instances.keys()].filter((key) => keys.includes(key))).toEqual(keys);
      for (const key of keys) expect(plain(all.instances.get(key)), key).toEqual(plain(alone.instances.get(key)));
    }
  });

  it('are renamed from one checked instance, not unrolled again (bit lists shared)', () => {
    const all = modelOf(source);
    const first = all.instances.get('Ripple1<8>')!;
    const later = all.instances.get('Ripple3<8>')!;
    expect(later.statements.map((s) => s.targets)).toEqual(first.statements.map((s) => s.targets));
    expect(later.statements[0]!.targets).toBe(first.statements[0]!.targets);
    // With a delay, the registers are named after the statements: each instance is checked.
    expect(all.instances.get('Hold3')!.statements[0]!.targets).not.toBe(all.instances.get('Hold1')!.statements[0]!.targets);
  });

  it('call their own parts: labels, neurons and instances renamed, spans in their own text', () => {
    const all = modelOf(source);
    const mux = all.instances.get('Mux3<4>')!;
    expect(mux.statements.map((s) => s.label)).toContain('AND3#2');
    const neurons = mux.statements.flatMap((s) => (s.source.kind === 'neuron' ? [s.source.neuron.name] : []));
    expect(new Set(neurons)).toEqual(new Set(['AND3', 'OR3', 'NOT3']));
    const twist = all.instances.get('Twist2')!;
    const texts = twist.statements.map((s) => `${s.label}: ${source.slice(s.span.start, s.span.end)}`);
    expect(texts).toEqual(expect.arrayContaining(['p: p = NOT2(BUF2(x))', 'q: q = BUF2(NOT2(x))', 'BUF2#1: BUF2(x)', 'NOT2#1: NOT2(x)']));
    const top = all.instances.get('Top3')!;
    expect(top.statements.flatMap((s) => (s.source.kind === 'circuit' ? [s.source.instance] : []))).toEqual(
      expect.arrayContaining(['Ripple3<4>', 'Ripple3<8>', 'Mux3<4>', 'Twist3', 'Hold3']),
    );
  });

  it('report what each one alone reports', () => {
    // Module 2's AND takes three inputs: its copies of the circuits are not alike to the
    // others', and its calls are wrong. A warning in every copy is said for every copy.
    const broken = [0, 1, 2, 3].map((k) => {
      const text = libraryModule(k).replace(
        'circuit Twist',
        `circuit Spare${k}(x) -> y {\n  unused = NOT${k}(x)\n  y = x\n}\n\ncircuit Twist`,
      );
      return k === 2 ? text.replace('neuron AND2(a, b) { weights: 1, 1', 'neuron AND2(a, b, c) { weights: 1, 1, 1') : text;
    });
    const file = broken.join('\n');
    const said = (diagnostics: readonly { code: string; message: string; span?: { start: number } }[]) =>
      diagnostics.map((d) => `${d.code} ${d.span?.start} ${d.message}`).sort();
    const all = said(checkSource(file).diagnostics);
    let start = 0;
    const each = broken.flatMap((m) => {
      const found = said(checkSource(only(file, start, start + m.length)).diagnostics);
      start += m.length + 1;
      return found;
    });
    expect(all).toEqual(each.sort());
    expect(all.filter((d) => d.startsWith('unused '))).toHaveLength(4);
    expect(all.filter((d) => d.startsWith('arity ')).length).toBeGreaterThan(0);
  });

  it('see only the parts their own file sees', () => {
    // D2 is alike to D1 but for where its neuron is declared: in a file b.nn does not import.
    const b =
      'neuron N1(a) { weights: 1  bias: -1 }\n' +
      [0, 1, 2, 3].map((k) => `circuit D${k}(x) -> y {\n  y = N${k === 2 ? 2 : 1}(x)\n}\n`).join('\n');
    const checked = checkSource('import "b.nn"\nimport "c.nn"\n', { 'b.nn': b, 'c.nn': 'neuron N2(a) { weights: 1  bias: -1 }\n' });
    expect(checked.summary.filter((s) => s.startsWith('unknown-name'))).toEqual([
      'unknown-name b.nn:11:7 there is no neuron or circuit called N2',
    ]);
  });

  it('as a chain of 3,000, each calling the one declared after it, check without running out of stack', () => {
    // Each copy's likeness needs the next one's first: worked out with a stack of its own.
    const n = 3000;
    const chain = Array.from({ length: n - 1 }, (_, k) => `circuit C${n - 1 - k}(x) -> y {\n  y = C${n - 2 - k}(x)\n}\n`).join('\n');
    const checked = checkSource(`${chain}\ncircuit C0(x) -> y {\n  y = B(x)\n}\n\nneuron B(a) { weights: 1  bias: -1 }\n`);
    expect(checked.summary).toEqual([]);
    expect(checked.model!.instances.get(`C${n - 1}`)!.statements.map((s) => s.source.kind === 'circuit' && s.source.instance)).toEqual([
      `C${n - 2}`,
    ]);
  });

  it('that call themselves are each reported, at their own call', () => {
    const loops = [5, 6, 7].map((k) => `circuit Loop${k}(a) -> y {\n  y = Loop${k}(a)\n}\n`).join('\n');
    const checked = checkSource(loops);
    expect(checked.summary).toEqual([
      'recursive-circuit main.nn:2:7 circuit Loop5 uses itself',
      'recursive-circuit main.nn:6:7 circuit Loop6 uses itself',
      'recursive-circuit main.nn:10:7 circuit Loop7 uses itself',
    ]);
  });
});

describe('neurons repeated under other names', () => {
  it('are what checking each one alone gives, problems included', () => {
    const neurons = [1, 2, 3].map(
      (k) => `neuron OK${k}(a, b) { weights: 1, -1  bias: 0 }\n\nneuron BAD${k}(a, b) { weights: 1  bias: 0 }\n\n`,
    );
    const file = neurons.join('');
    const all = checkSource(file);
    let start = 0;
    for (const [k, text] of neurons.entries()) {
      const alone = checkSource(only(file, start, start + text.length));
      start += text.length;
      expect(alone.summary).toHaveLength(1);
      expect(all.summary).toContain(alone.summary[0]);
      expect(alone.summary[0]).toContain(`BAD${k + 1} has 2 inputs`);
    }
    expect(all.summary).toHaveLength(3);
    const model = checkSource(neurons.map((n) => n.replace(/neuron BAD.*\n/, '')).join('')).model!;
    const oks = [1, 2, 3].map((k) => model.parts.get(`OK${k}`)!);
    expect(oks.map((n) => n.name)).toEqual(['OK1', 'OK2', 'OK3']);
    expect(oks.map((n) => n.kind === 'neuron' && n.decl.name.text)).toEqual(['OK1', 'OK2', 'OK3']);
    expect(oks.map((n) => n.kind === 'neuron' && n.given)).toEqual(oks.map(() => oks[0]!.kind === 'neuron' && oks[0]!.given));
  });
});

describe('a copied declaration', () => {
  const text = (k: number) => `circuit C${k}(a[2]) -> y {\n  // note\n  y = AND${k}(a[0], OR${k}(a[1], a[0]))\n}\n\n`;
  const parsed = parse([1, 2, 3].map(text).join(''), 'f.nn');
  if (!parsed.ok) throw new Error('does not parse');
  const copy = parsed.value.items[2] as A.CircuitDecl;

  it('has its body, read when asked, as a plain property (nn dump, JSON)', () => {
    expect(copy.body).toBe(copy.body);
    const json = JSON.parse(JSON.stringify(copy));
    expect(json.body[0].expr.callee.text).toBe('AND3');
    expect(Object.keys(copy)).toContain('body');
  });

  it('has an outline: its text but for the names it calls, and the places of its statements and calls', () => {
    const outline = outlineOf(copy)!;
    expect(outline.calls).toEqual(['AND3', 'OR3']);
    expect(outline.text).toBe('(a[2]) -> y {\n  // note\n  y = @0(a[0], @1(a[1], a[0]))\n}');
    const assign = copy.body[0] as A.Assignment;
    const call = assign.expr as A.CallExpr;
    expect(outline.places()).toEqual([assign.span, call.span, (call.args[1] as A.CallExpr).span]);
    expect(outlineOf(parsed.value.items[0] as A.CircuitDecl)).toBeUndefined();
  });
});
