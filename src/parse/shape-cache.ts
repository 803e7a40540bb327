// Sharing one Ohm match among declarations and statements that differ only in their names and
// digits. Ohm spends about ten microseconds per character here; generated files repeat the
// same few shapes thousands of times (`s12 = AND(p12, c11)`, `s13 = AND(p13, c12)`), so each
// shape is matched once and its tree reused, moved to each place it occurs.

import type { Span } from '../diagnostics/diagnostic.js';

/** Words the grammar tells apart from other names: they must stay as they are in a shape. */
const SIGNIFICANT = new Set(['import', 'neuron', 'circuit', 'test', 'weights', 'train', 'for', 'in', 'sequence']);

/**
 * The text with every other name replaced by as many `a`s and every digit outside names by
 * `0`: `s12 = AND(p12, c11)` and `s13 = AND(p13, c12)` both become `aaa = aaa(aaa, aaa)`.
 * To the grammar, names are all alike (but for the significant words) and so are digits, and
 * a shape keeps every offset; so the shape matches exactly when the text does, with the same
 * tree. Undefined where a shape could hide something: in comments and strings, any character
 * may matter.
 */
export function shapeOf(text: string): string | undefined {
  if (text.includes('/') || text.includes('"')) return undefined;
  // A name never starts right after a digit or '.': there, `e5` is a number's exponent.
  return text.replace(/(?<![0-9.])[A-Za-z_][A-Za-z0-9_]*|[0-9]/g, (word) => {
    if (word.length === 1 && word >= '0' && word <= '9') return '0';
    return SIGNIFICANT.has(word) ? word : 'a'.repeat(word.length);
  });
}

const LIMIT = 10_000;

/** Trees by rule and shape, their spans relative to the start of the shape. */
export class ShapeCache<T> {
  private readonly trees = new Map<string, T>();

  get(shape: string): T | undefined {
    return this.trees.get(shape);
  }

  set(shape: string, tree: T): void {
    if (this.trees.size >= LIMIT) this.trees.clear();
    this.trees.set(shape, tree);
  }
}

/**
 * A copy of a tree matched at offset 0 of a shape, moved to `offset` in `file`: spans shifted,
 * and every name and number read back from the real `source` at its span.
 */
export function relocate<T>(node: T, source: string, file: string, offset: number): T {
  if (Array.isArray(node)) {
    const out = new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) out[i] = relocate(node[i], source, file, offset);
    return out as T;
  }
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  const from = node as Record<string, unknown>;
  for (const key in from) {
    const value = from[key];
    copy[key] = typeof value === 'object' && value !== null && key !== 'span' ? relocate(value, source, file, offset) : value;
  }
  const span = from.span as Span | undefined;
  if (span) {
    const start = span.start + offset;
    const end = span.end + offset;
    copy.span = { file, start, end };
    if (typeof copy.text === 'string') {
      copy.text = source.slice(start, end);
      if (copy.kind === 'number' || copy.kind === 'int') copy.value = Number(copy.text);
    }
  }
  return copy as T;
}
