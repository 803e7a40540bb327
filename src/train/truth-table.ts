// The truth table synthesis starts from: n inputs, m outputs, and for every row of the 2^n
// input combinations each output's value and whether it is cared for at all (a don't care
// lets the synthesiser choose). Rows are in nn's binary counting order: in row r, input j is
// bit n-1-j of r, so the first input is the most significant bit, as in `nn table`.

/** The widest table synthesis reads: 2^16 rows per output, 64 KB each. */
export const MAX_SYNTH_INPUTS = 16;

export interface TruthTable {
  /** The name the synthesised circuit will have. */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Per output, one byte per row: 1 where the output is 1. Always 0 where not cared for. */
  readonly on: readonly Uint8Array[];
  /** Per output, one byte per row: 1 where the output's value is specified. */
  readonly care: readonly Uint8Array[];
}

export function rowCount(table: Pick<TruthTable, 'inputs'>): number {
  return 2 ** table.inputs.length;
}

/** Input j of row r (0 or 1). */
export function inputBit(row: number, j: number, n: number): number {
  return (row >>> (n - 1 - j)) & 1;
}

/** The input bits of row r, first input first. */
export function inputBits(row: number, n: number): number[] {
  // A loop, not Array.from with a callback: synthesis reads millions of rows.
  const bits = new Array<number>(n);
  for (let j = 0; j < n; j++) bits[j] = (row >>> (n - 1 - j)) & 1;
  return bits;
}

/** A table with every output fully specified by `f(row bits)` (one bit per output). */
export function tableFromFunction(
  name: string,
  inputs: readonly string[],
  outputs: readonly string[],
  f: (bits: number[], row: number) => readonly number[],
): TruthTable {
  const rows = 2 ** inputs.length;
  const on = outputs.map(() => new Uint8Array(rows));
  const care = outputs.map(() => new Uint8Array(rows).fill(1));
  for (let r = 0; r < rows; r++) {
    const values = f(inputBits(r, inputs.length), r);
    for (let q = 0; q < on.length; q++) on[q]![r] = values[q] ? 1 : 0;
  }
  return { name, inputs, outputs, on, care };
}

/** A table with no rows cared for yet: readers fill it in. */
export function emptyTable(name: string, inputs: readonly string[], outputs: readonly string[]): TruthTable {
  const rows = 2 ** inputs.length;
  return { name, inputs, outputs, on: outputs.map(() => new Uint8Array(rows)), care: outputs.map(() => new Uint8Array(rows)) };
}

/** Rows where at least one output is cared for: the only rows a network has to get right. */
export function caredRows(table: TruthTable): number[] {
  const rows: number[] = [];
  for (let r = 0; r < rowCount(table); r++) if (table.care.some((c) => c[r] === 1)) rows.push(r);
  return rows;
}

/** Number of (row, output) cells that are specified. */
export function caredCells(table: TruthTable): number {
  let cells = 0;
  for (const c of table.care) for (let r = 0; r < c.length; r++) cells += c[r]!;
  return cells;
}
