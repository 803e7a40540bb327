// Row counts as text or JSON: per output, and per combination of outputs that occurs.

import type { CompiledCircuit } from './compile.js';
import type { RowCounts } from './count.js';
import { count, thousands } from '../diagnostics/words.js';

export const COUNT_FORMATS = ['text', 'json'] as const;
export type CountFormat = (typeof COUNT_FORMATS)[number];

/** The report in pieces (a combination table can have a million lines). */
export function* formatCounts(circuit: CompiledCircuit, counts: RowCounts, format: CountFormat): Generator<string> {
  const names = circuit.netlist.outputs.map((o) => o.name);
  const k = names.length;
  const combos = counts.combinations;
  if (format === 'json') {
    const outputs = names.map((name, i) => ({ name, ones: counts.ones[i]!, zeros: counts.rows - counts.ones[i]! }));
    yield `{"circuit":${JSON.stringify(circuit.netlist.name)},"rows":${counts.rows},"outputs":${JSON.stringify(outputs)},"combinations":`;
    if (!combos) {
      yield 'null}\n';
      return;
    }
    yield '[';
    let first = true;
    let piece = '';
    for (let v = 0; v < combos.length; v++) {
      if (combos[v] === 0) continue;
      piece += `${first ? '\n' : ',\n'}{"values":[${bitsOf(v, k).join(',')}],"rows":${combos[v]}}`;
      first = false;
      if (piece.length > 1 << 16) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}\n]}\n`;
    return;
  }
  const rows = counts.rows;
  let out = `${circuit.netlist.name}: ${count(rows, 'row')}, every one evaluated\n`;
  const width = Math.max(6, ...names.map((s) => s.length));
  const ones = names.map((_, i) => thousands(counts.ones[i]!));
  const zeros = names.map((_, i) => thousands(rows - counts.ones[i]!));
  const w1 = Math.max(8, ...ones.map((s) => s.length));
  const w0 = Math.max(8, ...zeros.map((s) => s.length));
  out += `${'output'.padEnd(width)}  ${'rows = 1'.padStart(w1)}  ${'rows = 0'.padStart(w0)}\n`;
  names.forEach((name, i) => {
    out += `${name.padEnd(width)}  ${ones[i]!.padStart(w1)}  ${zeros[i]!.padStart(w0)}\n`;
  });
  if (!combos || k === 0) {
    if (k > 0) out += `(${k} outputs: too many to count each combination; at most 20)\n`;
    yield out;
    return;
  }
  let occurring = 0;
  for (let v = 0; v < combos.length; v++) if (combos[v]! > 0) occurring++;
  out += `\nrows per combination of the outputs (${thousands(occurring)} of ${thousands(combos.length)} occur):\n`;
  out += `${names.join(' ')} | rows\n`;
  yield out;
  let piece = '';
  for (let v = 0; v < combos.length; v++) {
    if (combos[v] === 0) continue;
    const bits = bitsOf(v, k);
    piece += `${names.map((name, i) => ' '.repeat(Math.max(0, name.length - 1)) + bits[i]).join(' ')} | ${thousands(combos[v]!)}\n`;
    if (piece.length > 1 << 16) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

/** The outputs' values in a combination index: the first output is the most significant bit. */
function bitsOf(v: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => (v >>> (k - 1 - i)) & 1);
}
