// Hierarchical names (`RippleAdder<16>#1.FullAdder#3.cout`) grow with the depth of the
// hierarchy: a chain of 1,000 circuits with long names would give every neuron a name of
// tens of kilobytes, and a table or diagram of them gigabytes of headers. Past a length, a
// path keeps its start and its end around a numbered gap (`A#1.B#1.…7…Y#1.Z#1.`): still
// readable, still unique, and bounded.

/** A path longer than this is shortened. */
export const MAX_PATH_CHARS = 240;
const HEAD_CHARS = 100;
const TAIL_CHARS = 120;
const GAP = '…';

/**
 * Extends paths, numbering the gaps of those it shortens. Names stay unique: the last gap of
 * a shortened path is numbered for it alone, and what follows that gap is never cut again
 * within the same path but by a new gap (labels never contain '…').
 */
export class PathNamer {
  private gaps = 0;

  /** `path` + `separator` + `label` (just `label` when `path` is empty), shortened if long. */
  extend(path: string, label: string, separator = '.'): string {
    const full = path === '' ? label : `${path}${separator}${label}`;
    if (full.length <= MAX_PATH_CHARS) return full;
    const afterLastGap = full.slice(full.lastIndexOf(GAP) + 1);
    return `${full.slice(0, HEAD_CHARS)}${GAP}${++this.gaps}${GAP}${afterLastGap.slice(-TAIL_CHARS)}`;
  }
}
