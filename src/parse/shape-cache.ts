// Sharing one Ohm match among pieces of the same shape. The reduced text (reduce.ts) turns
// `s12 = AND(p12, c11)` and `sum = XOR(a, b)` alike into `a = a(a, a)`; generated files and
// truth tables repeat a few such shapes thousands of times, so each shape is matched once and
// its tree copied to every place it occurs, names, numbers and strings read from the source.

import type { Span } from '../diagnostics/diagnostic.js';
import type { Reduced } from './reduce.js';
import { stringValue } from './semantics.js';

const NONE: readonly never[] = [];

/** A stretch of the reduced text, or literal text put around it (a row is matched as `{row}`). */
export type Part = { readonly from: number; readonly to: number } | string;

/**
 * What Ohm matches: stretches of the reduced text, joined. A piece whose parts leave out parts
 * of the reduced text (a long list, the rows of a table) is a skeleton; what was left out is
 * matched on its own and put back into the tree.
 */
export class Piece {
  readonly text: string;
  /** The parts of a piece that is not one stretch; empty for one stretch. */
  private readonly parts: readonly Part[] = NONE;
  /** Where each part begins in `text`. */
  private readonly begins: readonly number[] = NONE;
  /** Where the piece starts and ends in the reduced text. */
  private readonly first: number;
  private readonly last: number;

  constructor(readonly r: Reduced, parts: readonly Part[]) {
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only !== undefined && typeof only !== 'string') {
      this.first = only.from;
      this.last = only.to;
      this.text = r.text.slice(only.from, only.to);
      return;
    }
    const ranges = parts.filter((part) => typeof part !== 'string');
    this.first = ranges[0]?.from ?? 0;
    this.last = ranges[ranges.length - 1]?.to ?? 0;
    // Empty parts would make positions ambiguous.
    this.parts = parts.filter((part) => (typeof part === 'string' ? part !== '' : part.to > part.from));
    const begins: number[] = [];
    let text = '';
    for (const part of this.parts) {
      begins.push(text.length);
      text += typeof part === 'string' ? part : r.text.slice(part.from, part.to);
    }
    this.begins = begins;
    this.text = text;
  }

  static of(r: Reduced, from: number, to: number): Piece {
    return new Piece(r, [{ from, to }]);
  }

  /** The reduced-text position of the character at `p` (or of the end, for p = length). */
  reducedStart(p: number): number {
    return this.locate(p, false);
  }

  /** The reduced-text position just after the character at `p - 1`. */
  reducedEnd(p: number): number {
    return this.locate(p, true);
  }

  private locate(p: number, asEnd: boolean): number {
    const { parts, begins } = this;
    if (parts.length === 0) return this.first + p;
    if (p >= this.text.length && !asEnd) return this.last;
    if (p <= 0 && asEnd) return this.first;
    // The part holding the character at p (a start) or at p - 1 (an end).
    const c = asEnd ? p - 1 : p;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (begins[mid]! <= c) lo = mid;
      else hi = mid - 1;
    }
    const part = parts[lo]!;
    if (typeof part !== 'string') return part.from + (p - begins[lo]!);
    // Literal text has no place in the source: take the nearest stretch of the reduced text.
    const step = asEnd ? -1 : 1;
    for (let k = lo + step; k >= 0 && k < parts.length; k += step) {
      const q = parts[k]!;
      if (typeof q !== 'string') return asEnd ? q.to : q.from;
    }
    for (let k = lo - step; k >= 0 && k < parts.length; k -= step) {
      const q = parts[k]!;
      if (typeof q !== 'string') return asEnd ? q.from : q.to;
    }
    return 0;
  }

  sourceStart(p: number): number {
    return this.r.at[this.reducedStart(p)]!;
  }

  sourceEnd(p: number): number {
    return this.r.at[this.reducedEnd(p)]!;
  }
}

/** A piece Ohm did not match, and where in the reduced text it failed. */
export interface Failed {
  readonly failedAt: number;
}

export const isFailed = (x: unknown): x is Failed =>
  typeof x === 'object' && x !== null && typeof (x as Failed).failedAt === 'number';

/** Longer texts are matched but not kept: a cache of megabyte keys would be a leak. */
export const LONGEST_KEY = 4096;
const LIMIT = 10_000;

/** Trees (or failure positions) by the text of a piece, their spans relative to the piece. */
export class ShapeCache<T> {
  private readonly trees = new Map<string, T | Failed>();

  get(text: string): T | Failed | undefined {
    return this.trees.get(text);
  }

  clear(): void {
    this.trees.clear();
  }

  set(text: string, tree: T | Failed): void {
    if (text.length > LONGEST_KEY) return;
    if (this.trees.size >= LIMIT) this.trees.clear();
    this.trees.set(text, tree);
  }
}

/**
 * A copy of a tree matched on `piece`, moved to the source: spans mapped, and every name,
 * number and string read back from the source at its span.
 */
export function relocate<T>(node: T, piece: Piece): T {
  return move(node, piece) as T;
}

function move(value: unknown, piece: Piece): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = move(value[i], piece);
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  // A spread copy has the node's own map (V8 clones it), so a copied tree and a parsed one
  // look alike to the code that reads them: the checker runs about 5% faster on a file of
  // templates than with copies built key by key. Fields holding objects are then replaced.
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  // for-in, not Object.keys: no array of keys made (and dropped) for each of a million nodes.
  for (const key in copy) {
    const v = copy[key];
    if (typeof v === 'object' && v !== null && key !== 'span') copy[key] = move(v, piece);
  }
  const span = copy.span as Span | undefined;
  if (span) {
    const { source, file } = piece.r;
    const start = piece.sourceStart(span.start);
    const end = piece.sourceEnd(span.end);
    copy.span = { file, start, end };
    if (typeof copy.text === 'string') {
      copy.text = source.slice(start, end);
      if (copy.kind === 'number' || copy.kind === 'int') copy.value = Number(copy.text);
    } else if (copy.kind === 'string') {
      copy.value = stringValue(source.slice(start + 1, end - 1));
    }
  }
  return copy;
}
