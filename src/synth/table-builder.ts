// Filling a truth table from rows written in a file (tests, CSV, PLA), where two rows may
// speak of the same input combination: agreeing is fine, contradicting is an error that names
// both places.

import { error, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { emptyTable, inputBits, type TruthTable } from '../train/truth-table.js';

/** Bad rows reported before the rest are summed up. */
export const MAX_REPORTED = 20;

export class TableBuilder {
  readonly table: TruthTable;
  readonly diagnostics: Diagnostic[] = [];
  /** Per output, per row: the index into `spans` of the row that first set it, or -1. */
  private readonly firstSet: Int32Array[];
  private readonly spans: Span[] = [];
  private conflicts = 0;

  constructor(name: string, inputs: readonly string[], outputs: readonly string[]) {
    this.table = emptyTable(name, inputs, outputs);
    this.firstSet = outputs.map(() => new Int32Array(2 ** inputs.length).fill(-1));
  }

  /** Remembers where a row was written; returns its handle for `set`. */
  place(span: Span): number {
    this.spans.push(span);
    return this.spans.length - 1;
  }

  /** Output q is `value` on `row`, as the row at `place` says. */
  set(row: number, q: number, value: 0 | 1, place: number): void {
    const { care, on } = this.table;
    const first = this.firstSet[q]![row]!;
    if (first < 0) {
      care[q]![row] = 1;
      on[q]![row] = value;
      this.firstSet[q]![row] = place;
      return;
    }
    if (on[q]![row] === value) return;
    this.conflicts++;
    if (this.conflicts > MAX_REPORTED) return;
    const n = this.table.inputs.length;
    this.diagnostics.push(error('table-conflict', `this row says ${this.table.outputs[q]} is ${value} for inputs ${inputBits(row, n).join(' ')}, but an earlier row says ${1 - value}`, this.spans[place], {
      notes: [{ message: 'the earlier row', span: this.spans[first]! }],
      hint: 'a table gives one value per output for each input combination; mark rows you do not care about with *',
    }));
  }

  /** Closes the count of conflicts: a note for those not reported one by one. */
  finish(): Diagnostic[] {
    if (this.conflicts > MAX_REPORTED) {
      this.diagnostics.push(error('table-conflict', `and ${this.conflicts - MAX_REPORTED} more contradicting rows`));
    }
    return this.diagnostics;
  }
}

/** Every row matching a pattern of 0, 1 and don't-care (null) input values, first input first. */
export function expandPattern(pattern: readonly (0 | 1 | null)[], visit: (row: number) => void): void {
  const n = pattern.length;
  let base = 0;
  const free: number[] = [];
  pattern.forEach((v, j) => {
    const bit = 2 ** (n - 1 - j);
    if (v === 1) base += bit;
    else if (v === null) free.push(bit);
  });
  const count = 2 ** free.length;
  for (let k = 0; k < count; k++) {
    let row = base;
    for (let i = 0; i < free.length; i++) if ((k >>> i) & 1) row += free[i]!;
    visit(row);
  }
}

/** Text from a file as a message shows it: quoted, control characters escaped, cut at 40. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
