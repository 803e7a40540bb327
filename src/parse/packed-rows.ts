// Table rows kept as offsets into the source. A test block of 65,536 rows holds 1.6 million
// cells; as objects with spans they would take 200 MB, as offsets 20 MB. A row builds its
// cells, plain `A.Cell` objects, each time they are asked for.

import type { Span } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';

/** What a cell holds, as stored: a number (bits are numbers), a name (a header) or `*`. */
export const CellKind = { Number: 0, Name: 1, Star: 2 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

export function cellKind(cell: A.Cell): CellKind {
  return cell.kind === 'number' ? CellKind.Number : cell.kind === 'name' ? CellKind.Name : CellKind.Star;
}

/** The cells of one table: start, end and kind of each, in a growing Int32Array. */
export class PackedCells {
  private data = new Int32Array(3 * 64);
  private length = 0;

  constructor(readonly source: string, readonly file: string) {}

  get count(): number {
    return this.length;
  }

  push(start: number, end: number, kind: CellKind): void {
    if (3 * this.length + 3 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const k = 3 * this.length++;
    this.data[k] = start;
    this.data[k + 1] = end;
    this.data[k + 2] = kind;
  }

  /** The cells as bits (`*` as null), or undefined if one is not `0`, `1` or `*`. */
  bits(from: number, to: number): (0 | 1 | null)[] | undefined {
    const out = new Array<0 | 1 | null>(to - from);
    for (let i = from; i < to; i++) {
      const start = this.data[3 * i]!;
      const kind = this.data[3 * i + 2] as CellKind;
      if (kind === CellKind.Star) out[i - from] = null;
      else {
        const c = this.source.charCodeAt(start);
        if (kind !== CellKind.Number || this.data[3 * i + 1]! !== start + 1 || (c !== 48 && c !== 49)) return undefined;
        out[i - from] = c === 49 ? 1 : 0;
      }
    }
    return out;
  }

  cells(from: number, to: number): A.Cell[] {
    const out = new Array<A.Cell>(to - from);
    for (let i = from; i < to; i++) {
      const start = this.data[3 * i]!;
      const end = this.data[3 * i + 1]!;
      const span = { file: this.file, start, end };
      const kind = this.data[3 * i + 2] as CellKind;
      if (kind === CellKind.Star) out[i - from] = { kind: 'star', span };
      else {
        const text = this.source.slice(start, end);
        out[i - from] = kind === CellKind.Name ? { kind: 'name', text, span } : { kind: 'number', text, value: Number(text), span };
      }
    }
    return out;
  }
}

/** One row: cells `[first, split)` are its inputs, `[split, last)` its outputs. */
export class PackedRow implements A.Row {
  constructor(
    private readonly table: PackedCells,
    private readonly first: number,
    private readonly split: number,
    private readonly last: number,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get inputs(): A.Cell[] {
    return this.table.cells(this.first, this.split);
  }

  get outputs(): A.Cell[] {
    return this.table.cells(this.split, this.last);
  }

  get span(): Span {
    return { file: this.table.file, start: this.start, end: this.end };
  }

  bits(): { inputs: (0 | 1)[]; outputs: (0 | 1 | null)[] } | undefined {
    const inputs = this.table.bits(this.first, this.split);
    const outputs = inputs && this.table.bits(this.split, this.last);
    return outputs && !inputs.includes(null) ? { inputs: inputs as (0 | 1)[], outputs } : undefined;
  }
}
