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
  /** The parts its circuit calls, in order of first call (its likeness's). */
  readonly callees: readonly string[];
  /** Made on first use; undefined if it cannot be renamed after all. */
  plan?: Plan | undefined;
}

/**
 * What changes in a checked instance's statements from one alike circuit to another, worked
 * out once: the names it uses (neurons, instance keys), and for each statement, which of
 * them its source and its label hold, and where in the declaration's outline it is.
 */
interface Plan {
  /** Neuron names and instance keys (`FullAdder5`, `Ripple5<8>`): for each, the callee it names and the width arguments. */
  readonly names: readonly { readonly callee: number; readonly args: readonly number[] | null }[];
  /** The index in `names` of each, by its text in the checked instance. */
  readonly index: ReadonlyMap<string, number>;
  /** Per statement: the index in `names` of what its source calls, or -1. */
  readonly source: Int32Array;
  /** Per statement: the index in `names` of the part its label starts with (`AND5#2`), or -1 for a label kept as it is. */
  readonly label: Int32Array;
  /** Per statement: the rest of its label after the part (`#2`). */
  readonly rest: readonly string[];
  /** Per statement: its place among its declaration's outline places. */
  readonly place: Int32Array;
  /** How many places the declaration's outline has. */
  readonly places: number;
}

const NOT_ALIKE = { key: '', callees: [] } satisfies Likeness;

/** Up to this many statements, a renamed instance makes them at once (see rename). */
const EAGER = 4;

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
   * Whether the declaration of `def` is alike to one checked before without a diagnostic,
   * every part it calls visible from its file: then it has none either.
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
    this.checked.set(key, { instance, calls, callees: like.callees });
  }

  private rename(from: Checked, def: CircuitDef, like: Likeness, args: readonly number[]): PendingInstance | undefined {
    const template = from.instance;
    if (!('plan' in from)) from.plan = planOf(from);
    const plan = from.plan;
    const outline = outlineOf(def.decl);
    if (!plan || !outline) return undefined;
    // What the names become: the parts (neurons), the instance keys (circuits).
    const names: string[] = [];
    const parts: PartDef[] = [];
    for (const n of plan.names) {
      const part = this.part(like.callees[n.callee]!);
      if (!part || (part.kind === 'circuit') !== (n.args !== null)) return undefined;
      names.push(n.args ? instanceKey(part.name, n.args) : part.name);
      parts.push(part);
    }
    const calls = new Map<string, { def: CircuitDef; args: readonly number[] }>();
    for (const [key, call] of from.calls) {
      const k = plan.index.get(key);
      if (k === undefined) return undefined;
      calls.set(names[k]!, { def: parts[k] as CircuitDef, args: call.args });
    }
    const build = (): BitStatement[] => {
      const spans = outline.places();
      // The same outline has the same places: anything else is a fault in the parser.
      if (spans.length !== plan.places) throw new Error(`internal error: ${def.name} has ${spans.length} places, its template ${plan.places}`);
      const statements = new Array<BitStatement>(template.statements.length);
      for (let i = 0; i < statements.length; i++) {
        const s = template.statements[i]!;
        let source = s.source;
        const n = plan.source[i]!;
        if (source.kind === 'neuron') source = { kind: 'neuron', neuron: parts[n] as NeuronDef, args: source.args };
        else if (source.kind === 'circuit') source = { kind: 'circuit', instance: names[n]!, args: source.args };
        const l = plan.label[i]!;
        statements[i] = { targets: s.targets, source, label: l < 0 ? s.label : names[l]! + plan.rest[i]!, span: spans[plan.place[i]!]! };
      }
      return statements;
    };
    const key = instanceKey(def.name, args);
    const { inputs, outputs, inputBits, outputBits, bitSpace, wiredThrough, sequential } = template;
    // The statements are made when first read: the checker needs only the ports, the calls
    // and what the instance passes through, which are the template's. A plain object with a
    // getter is kept by V8 as a dictionary, about 800 bytes more (a class would hide the
    // statements from a spread or Object.entries): a few statements are made at once.
    let instance: CircuitInstance;
    if (template.statements.length <= EAGER) {
      instance = { kind: 'instance', def, args, key, inputs, outputs, inputBits, outputBits, statements: build(), bitSpace, wiredThrough, sequential };
    } else {
      let statements: BitStatement[] | undefined;
      instance = {
        kind: 'instance',
        def,
        args,
        key,
        inputs,
        outputs,
        inputBits,
        outputBits,
        get statements() {
          statements ??= build();
          return statements;
        },
        bitSpace,
        wiredThrough,
        sequential,
      };
    }
    return {
      calls,
      unrolled: 0,
      callSite: (key) => {
        // The first statement that calls it: the one whose source is that name.
        const k = names.indexOf(key);
        const at = k < 0 ? -1 : plan.source.findIndex((n, i) => n === k && template.statements[i]!.source.kind === 'circuit');
        return at < 0 ? undefined : outline.places()[plan.place[at]!];
      },
      finish: () => instance,
    };
  }

  /**
   * How `part` is told alike to others; undefined for a circuit not copied from a template.
   * The parts it calls are worked out first, depth first with a stack of its own: a chain of
   * circuits each calling the next, declared in the order of the calls, is as deep as it is
   * long, and a file may make it twenty thousand long.
   */
  private likenessOf(part: PartDef): Likeness | undefined {
    const known = this.likeness.get(keyOf(part));
    if (known !== undefined || this.likeness.has(keyOf(part))) return known === NOT_ALIKE ? undefined : known;
    const stack: PartDef[] = [part];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const at = keyOf(top);
      const state = this.likeness.get(at);
      if (this.likeness.has(at) && state !== NOT_ALIKE) {
        stack.pop();
        continue;
      }
      if (top.kind === 'neuron') {
        this.likeness.set(at, { key: `neuron(${top.ports.map((p) => p.width ?? '').join(',')})${top.given ? '' : '?'}`, callees: [] });
        stack.pop();
        continue;
      }
      const outline = outlineOf(top.decl);
      if (!outline) {
        this.likeness.set(at, undefined);
        stack.pop();
        continue;
      }
      if (state === undefined) {
        // First visit: what it calls first. A part being worked out already is a loop of
        // calls, alike to none (NOT_ALIKE marks it meanwhile).
        this.likeness.set(at, NOT_ALIKE);
        const before = stack.length;
        for (const name of outline.calls) {
          const callee = name === DELAY ? undefined : this.part(name);
          if (callee && !this.likeness.has(keyOf(callee))) stack.push(callee);
        }
        if (stack.length > before) continue;
      }
      this.likeness.set(at, this.circuitLikeness(top, outline));
      stack.pop();
    }
    const like = this.likeness.get(keyOf(part));
    return like === NOT_ALIKE ? undefined : like;
  }

  /** A circuit's likeness, from those of the parts it calls (worked out before: see likenessOf). */
  private circuitLikeness(def: CircuitDef, outline: Outline): Likeness | undefined {
    let key = `${def.file}|${outline.id}`;
    for (const name of outline.calls) {
      if (name === DELAY) {
        key += `|${DELAY}`;
        continue;
      }
      const part = this.part(name);
      const like = part && this.likeness.get(keyOf(part));
      if (!like || like === NOT_ALIKE) return undefined;
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

/** What likeness is kept by: the neuron, or a circuit's declaration (its def and its placeholder share it). */
const keyOf = (part: PartDef): NeuronDef | A.CircuitDecl => (part.kind === 'neuron' ? part : part.decl);

/** The plan for renaming `from` (see Plan); undefined if its declaration has no outline. */
function planOf(from: Checked): Plan | undefined {
  const { instance } = from;
  // The index of each part it calls among its circuit's callees.
  const callee = new Map(from.callees.map((name, i) => [name, i]));
  const outline = outlineOf(instance.def.decl);
  if (!outline) return undefined;
  const places = outline.places();
  const placeAt = new Map(places.map((p, i) => [p.start, i]));
  const names: { callee: number; args: readonly number[] | null }[] = [];
  const index = new Map<string, number>();
  const add = (text: string, callee: number, args: readonly number[] | null): number => {
    let i = index.get(text);
    if (i === undefined) {
      i = names.push({ callee, args }) - 1;
      index.set(text, i);
    }
    return i;
  };
  const keyIndex = (key: string): number => {
    const call = from.calls.get(key);
    const at = call && callee.get(call.def.name);
    return at === undefined ? -1 : add(key, at, call!.args);
  };
  const neuronIndex = (name: string): number => {
    const at = callee.get(name);
    return at === undefined ? -1 : add(name, at, null);
  };
  const n = instance.statements.length;
  const source = new Int32Array(n).fill(-1);
  const label = new Int32Array(n).fill(-1);
  const rest: string[] = new Array<string>(n).fill('');
  const place = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = instance.statements[i]!;
    const at = placeAt.get(s.span.start);
    if (at === undefined) return undefined;
    place[i] = at;
    if (s.source.kind === 'neuron') source[i] = neuronIndex(s.source.neuron.name);
    else if (s.source.kind === 'circuit') source[i] = keyIndex(s.source.instance);
    if ((s.source.kind === 'neuron' || s.source.kind === 'circuit') && source[i]! < 0) return undefined;
    // Only the labels of unnamed calls have a `#`: the part's name or instance key, then a count.
    const hash = s.label.indexOf('#');
    if (hash < 0) continue;
    const part = s.label.slice(0, hash);
    const k = from.calls.has(part) ? keyIndex(part) : callee.has(part) ? neuronIndex(part) : -1;
    if (k >= 0) {
      label[i] = k;
      rest[i] = s.label.slice(hash);
    }
  }
  return { names, index, source, label, rest, place, places: places.length };
}
