// Neurons repeated under other names. A generated library declares the same neuron in every
// module (`neuron AND7(a, b) { weights: 1, 1  bias: -2 }`, then AND8, ...): the text around
// the name is the same, and so is the tree but for the name and the places. Such a neuron is
// not reduced or matched again: the first one's tree is copied, its spans shifted.

import type { Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { isPlainName } from './reduce.js';
import { LONGEST_KEY, ShapeCache } from './shape-cache.js';
import { isNameChar, skipSpace } from './split.js';

interface Seen {
  readonly tree: A.NeuronDecl;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly chunkStart: number;
}

/** Neurons by their text but for the name (the text before it, a NUL, the text after it). */
const seen = new ShapeCache<Seen>();

const repeats = new WeakMap<A.NeuronDecl, A.NeuronDecl>();

/**
 * The neuron `decl` repeats but for its name (declared first, maybe in another file), if it
 * was copied from one: both have the same problems, and the same weights.
 */
export function repeatOf(decl: A.NeuronDecl): A.NeuronDecl | undefined {
  return repeats.get(decl);
}

/** Where the name of a neuron declaration is, and its text but for the name. */
export interface NeuronPlace {
  readonly key: string;
  readonly nameStart: number;
  readonly nameEnd: number;
}

/**
 * Where the name of the neuron declared in `source[start, end)` is, and the text around it;
 * undefined for any other declaration, or one too long to be kept.
 */
export function neuronPlace(source: string, start: number, end: number): NeuronPlace | undefined {
  // A key longer than the cache keeps would be made (and hashed) for nothing.
  if (end - start > LONGEST_KEY) return undefined;
  const keyword = skipSpace(source, start, end);
  if (!source.startsWith('neuron', keyword)) return undefined;
  const nameStart = skipSpace(source, keyword + 6, end);
  if (nameStart === keyword + 6) return undefined;
  let nameEnd = nameStart;
  while (nameEnd < end && isNameChar(source.charCodeAt(nameEnd))) nameEnd++;
  // A name that reads like a keyword, or starts like one, may be read otherwise.
  if (!isPlainName(source, nameStart, nameEnd)) return undefined;
  return { key: `${source.slice(start, nameStart)}\0${source.slice(nameEnd, end)}`, nameStart, nameEnd };
}

/** The neuron at `place`, declared from `start` on, copied from one that repeats it; undefined if none does. */
export function repeatedNeuron(source: string, file: string, start: number, place: NeuronPlace): A.NeuronDecl | undefined {
  const first = seen.get(place.key);
  if (!first || !('tree' in first)) return undefined;
  const shift = start - first.chunkStart;
  const after = place.nameEnd - first.nameEnd;
  const name = source.slice(place.nameStart, place.nameEnd);
  const moved = (p: number) => (p < first.nameStart ? p + shift : p >= first.nameEnd ? p + after : place.nameStart);
  const span = (old: Span): Span => ({ file, start: moved(old.start), end: moved(old.end) });
  const { tree } = first;
  let params: readonly A.Port[] | undefined;
  let fields: readonly A.Field[] | undefined;
  // Its ports and fields are copied when first read: the checker reads those of the first
  // one only, when that one has no problem.
  const decl: A.NeuronDecl = {
    kind: 'neuron',
    name: { text: name, span: { file, start: place.nameStart, end: place.nameEnd } },
    get params() {
      params ??= shifted(tree.params, span) as A.Port[];
      return params;
    },
    get fields() {
      fields ??= shifted(tree.fields, span) as A.Field[];
      return fields;
    },
    span: span(tree.span),
  };
  repeats.set(decl, tree);
  return decl;
}

/** Notes the neuron `tree` parsed from the declaration at `place`, which starts at `start`, for the neurons that repeat it. */
export function rememberNeuron(tree: A.NeuronDecl, place: NeuronPlace, start: number): void {
  // Tables of many rows hold functions over their source (parse/packed-rows.ts): not copied.
  if (tree.fields.some((f) => f.kind === 'train-table')) return;
  if (!seen.get(place.key)) seen.set(place.key, { tree, nameStart: place.nameStart, nameEnd: place.nameEnd, chunkStart: start });
}

/** A copy of a tree of plain data with every span replaced by `span(old)`. */
function shifted(value: unknown, span: (old: Span) => Span): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shifted(value[i], span);
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in copy) {
    const v = copy[key];
    if (typeof v === 'object' && v !== null) copy[key] = key === 'span' ? span(v as Span) : shifted(v, span);
  }
  return copy;
}
