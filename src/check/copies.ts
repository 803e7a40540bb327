// Circuits written again under other names. A generated library repeats its declarations
// with the names changed (Ripple7 calls FullAdder7, Ripple8 calls FullAdder8), and the parser
// copies each such declaration from one template, noting its outline (`outlineOf`): its text
// but for its own name and the names it calls. Checking a copy, and unrolling its instances,
// would do again, bit for bit, what was done for another copy: the checker does it once and
// renames the answer for the others.
//
// Two circuits are alike when they have the same outline in the same file, and the parts
// they call in the same places are alike in turn (a neuron by its ports' widths, a circuit by
// this rule). Alike circuits have the same problems, and alike instances for the same width
// arguments: the same bits and statements. Only what was checked without a single diagnostic
// is renamed for others, and no instance with delays (its registers are named after its
// statements).

import type * as A from '../parse/ast.js';
import { outlineOf, type Outline } from '../parse/templates.js';
import { instanceKey, type PendingInstance } from './instance.js';
import { DELAY, type BitStatement, type CircuitDef, type CircuitInstance, type NeuronDef, type PartDef } from './model.js';

/** What makes a circuit alike to others: `key`, and the names of the parts it calls, in order of first call. */
interface Likeness {
  readonly key: string;
  readonly callees: readonly string[];
}

/** A checked instance, ready to be renamed for the instances of circuits alike to its own. */
interface Checked {
  readonly instance: CircuitInstance;
  readonly calls: ReadonlyMap<string, { readonly def: CircuitDef; readonly args: readonly number[] }>;
  /** The index of each part it calls among its circuit's callees. */
  readonly callee: ReadonlyMap<string, number>;
  /** Each statement's place in its declaration's outline, by where its span starts; made on first use. */
  places?: Map<number, number>;
}

const NOT_ALIKE = { key: '', callees: [] } satisfies Likeness;

export class Copies {
  /** By neuron, or by circuit declaration: a circuit's checked def and its placeholder share it. */
  private readonly likeness = new Map<NeuronDef | A.CircuitDecl, Likeness | undefined>();
  /** The likeness keys made so far, each as a short id: a key holds its callees' keys. */
  private readonly keys = new Map<string, string>();
  private readonly checked = new Map<string, Checked>();
  /** The keys of declarations checked without a diagnostic. */
  private readonly clean = new Set<string>();

  /** `part` finds a part by name: the checked one, or while declarations are checked, the one to be. */
  constructor(private readonly part: (name: string) => PartDef | undefined) {}

  /**
   * Whether the circuit declaration `decl` is alike to one checked before without a
   * diagnostic, every part it calls visible from its file: then it has none either.
   */
  cleanDeclaration(def: CircuitDef, visible: ReadonlyMap<string, PartDef>): boolean {
    const like = this.likenessOf(def);
    return like !== undefined && this.clean.has(like.key) && like.callees.every((name) => visible.has(name));
  }

  /** Notes that the declaration of `def` was checked with `diagnostics` diagnostics. */
  rememberDeclaration(def: CircuitDef, diagnostics: number): void {
    const like = diagnostics === 0 ? this.likenessOf(def) : undefined;
    if (like) this.clean.add(like.key);
  }

  /**
   * The instance of `def` for `args`, renamed from an alike one checked before, still waiting
   * (as any instance) for the instances it calls; undefined if there is none.
   */
  renamed(def: CircuitDef, args: readonly number[]): PendingInstance | undefined {
    const like = this.likenessOf(def);
    if (!like) return undefined;
    const found = this.checked.get(instanceKey(like.key, args));
    if (!found || found.instance.def === def) return undefined;
    return this.rename(found, def, like, args);
  }

  /**
   * Keeps `instance` to rename for alike circuits, if it can be: checked with no diagnostic,
   * no delays, and every instance it calls checked without errors.
   */
  remember(
    instance: CircuitInstance,
    calls: ReadonlyMap<string, { readonly def: CircuitDef; readonly args: readonly number[] }>,
    diagnostics: number,
    instances: ReadonlyMap<string, CircuitInstance>,
  ): void {
    if (diagnostics > 0 || instance.untrained) return;
    const like = this.likenessOf(instance.def);
    if (!like) return;
    const key = instanceKey(like.key, instance.args);
    if (this.checked.has(key)) return;
    for (const s of instance.statements) if (s.source.kind === 'delay') return;
    for (const k of calls.keys()) if (!instances.has(k)) return;
    const callee = new Map(like.callees.map((name, i) => [name, i]));
    this.checked.set(key, { instance, calls, callee });
  }

  private rename(from: Checked, def: CircuitDef, like: Likeness, args: readonly number[]): PendingInstance | undefined {
    const template = from.instance;
    const spans = outlineOf(def.decl)?.places();
    from.places ??= placesOf(template.def.decl);
    if (!spans || !from.places) return undefined;
    const nameOf = (name: string): string | undefined => {
      const i = from.callee.get(name);
      return i === undefined ? undefined : like.callees[i];
    };
    // The circuits it calls, under their new names.
    const keys = new Map<string, string>();
    const calls = new Map<string, { def: CircuitDef; args: readonly number[] }>();
    for (const [key, call] of from.calls) {
      const name = nameOf(call.def.name);
      const part = name === undefined ? undefined : this.part(name);
      if (part?.kind !== 'circuit') return undefined;
      const renamed = instanceKey(part.name, call.args);
      keys.set(key, renamed);
      calls.set(renamed, { def: part, args: call.args });
    }
    const neurons = new Map<NeuronDef, NeuronDef>();
    const statements = new Array<BitStatement>(template.statements.length);
    for (let i = 0; i < statements.length; i++) {
      const s = template.statements[i]!;
      const at = from.places.get(s.span.start);
      const span = at === undefined ? undefined : spans[at];
      if (span === undefined) return undefined;
      let source = s.source;
      if (source.kind === 'neuron') {
        let neuron = neurons.get(source.neuron);
        if (!neuron) {
          const name = nameOf(source.neuron.name);
          const part = name === undefined ? undefined : this.part(name);
          if (part?.kind !== 'neuron') return undefined;
          neuron = part;
          neurons.set(source.neuron, neuron);
        }
        source = { kind: 'neuron', neuron, args: source.args };
      } else if (source.kind === 'circuit') {
        source = { kind: 'circuit', instance: keys.get(source.instance)!, args: source.args };
      }
      statements[i] = { targets: s.targets, source, label: relabel(s.label, keys, nameOf), span };
    }
    const instance: CircuitInstance = { ...template, def, args, key: instanceKey(def.name, args), statements };
    return {
      calls,
      callSite: (key) => statements.find((s) => s.source.kind === 'circuit' && s.source.instance === key)?.span,
      finish: () => instance,
    };
  }

  /** How `part` is told alike to others; undefined for a circuit not copied from a template. */
  private likenessOf(part: PartDef): Likeness | undefined {
    const at = part.kind === 'neuron' ? part : part.decl;
    if (this.likeness.has(at)) {
      const like = this.likeness.get(at);
      // Asked again while being worked out: a circuit that calls itself, alike to none.
      return like === NOT_ALIKE ? undefined : like;
    }
    if (part.kind === 'neuron') {
      const like = { key: `neuron(${part.ports.map((p) => p.width ?? '').join(',')})${part.given ? '' : '?'}`, callees: [] };
      this.likeness.set(at, like);
      return like;
    }
    const outline = outlineOf(part.decl);
    if (!outline) {
      this.likeness.set(at, undefined);
      return undefined;
    }
    this.likeness.set(at, NOT_ALIKE);
    const like = this.circuitLikeness(part, outline);
    this.likeness.set(at, like);
    return like;
  }

  private circuitLikeness(def: CircuitDef, outline: Outline): Likeness | undefined {
    let key = `${def.file}|${outline.text}`;
    for (const name of outline.calls) {
      if (name === DELAY) {
        key += `|${DELAY}`;
        continue;
      }
      const part = this.part(name);
      const like = part && this.likenessOf(part);
      if (!like) return undefined;
      key += `|${like.key}`;
    }
    let short = this.keys.get(key);
    if (short === undefined) {
      short = `#${this.keys.size}`;
      this.keys.set(key, short);
    }
    return { key: short, callees: outline.calls };
  }
}

/** A label of the template's instance for the renamed one: `FullAdder7#3` for `FullAdder5#3`. */
function relabel(label: string, keys: ReadonlyMap<string, string>, nameOf: (name: string) => string | undefined): string {
  // Only the labels of unnamed calls have a `#`: the part's instance key, then a count.
  const hash = label.indexOf('#');
  if (hash < 0) return label;
  const part = label.slice(0, hash);
  const renamed = keys.get(part) ?? nameOf(part);
  return renamed === undefined ? label : renamed + label.slice(hash);
}

/**
 * Where each statement and call of a circuit is among its outline's places, by where it
 * starts (no two start at the same place); undefined without an outline.
 */
function placesOf(decl: A.CircuitDecl): Map<number, number> | undefined {
  const places = outlineOf(decl)?.places();
  return places && new Map(places.map((p, i) => [p.start, i]));
}
