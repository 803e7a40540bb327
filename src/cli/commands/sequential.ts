// The parts of nn test and nn table for circuits with memory: sequence tests and their
// reports, and state tables.

import { positionOf } from '../../diagnostics/render.js';
import { isCombinational } from '../../elaborate/netlist.js';
import { compile } from '../../evaluate/compile.js';
import { engineFor } from '../../evaluate/engines.js';
import { describeRow, formatValue, portValue, type Radix } from '../../evaluate/ports.js';
import { checkRowLimit } from '../../evaluate/table.js';
import { writeTable, type TableFormat } from '../../evaluate/table-format.js';
import type { Loaded } from '../../pipeline.js';
import { oscillationDiagnostic } from '../../simulate/report.js';
import type { SequenceResult } from '../../simulate/sequence.js';
import { stateTableLayout, stateTableRows, writeStateTable, STATE_TABLE_FORMATS, type StateTableFormat } from '../../simulate/state-table.js';
import type { Machine } from '../../simulate/machine.js';
import { error } from '../../diagnostics/diagnostic.js';
import { plural, thousands } from '../../diagnostics/words.js';
import { EXIT, UsageError, type Context } from '../context.js';
import { buildMachinePart, type Picked } from './shared.js';

/** PASS/FAIL for a sequence test, every wrong tick with the state the circuit was in. */
export function formatSequence(ctx: Context, r: SequenceResult, machine: Machine): string {
  const source = ctx.sources.get(r.test.file) ?? '';
  const at = (offset: number) => {
    const p = positionOf(source, offset);
    return `${r.test.file}:${p.line}:${p.column}`;
  };
  const paint = (code: string, s: string) => (ctx.colorOut ? `\x1b[${code}m${s}\x1b[0m` : s);
  const rows = `${r.test.rows.length} ${plural(r.test.rows.length, 'tick')}`;
  if (r.passed) return `${paint('32;1', 'PASS')} ${r.test.name} sequence (${rows}) ${paint('2', at(r.test.decl.span.start))}\n`;
  const { inputPorts, outputPorts } = machine.netlist;
  const wrong = r.failures.length + (r.oscillation ? 1 : 0);
  const lines = [`${paint('31;1', 'FAIL')} ${r.test.name} sequence: ${wrong} of ${rows} wrong ${paint('2', at(r.test.decl.span.start))}`];
  for (const f of r.failures) {
    const inputs = describeRow(inputPorts, f.row.inputs);
    const bad = outputPorts
      .filter((p) => p.bits.every((b) => f.row.expected[b] !== null) && portValue(p, f.row.expected as number[]) !== portValue(p, f.actual))
      .map((p) => `${p.name} expected ${formatValue(portValue(p, f.row.expected as number[]), p.width)}, got ${formatValue(portValue(p, f.actual), p.width)}`);
    const state = f.state.length > 0 ? `  [state: ${f.state.map((s) => `${s.name}=${s.width === null ? s.value : formatValue(BigInt(s.value), s.width)}`).join(' ')}]` : '';
    lines.push(`  ${at(f.row.span.start)}  tick ${f.tick}: ${inputs}: ${bad.join('; ')}${state}`);
  }
  if (r.oscillation) {
    const row = r.test.rows[r.ticks]!;
    lines.push(`  ${at(row.span.start)}  tick ${r.ticks}: ${describeRow(inputPorts, row.inputs)}: the circuit does not settle (below)`);
  }
  return lines.join('\n') + '\n';
}

/** Reports a sequence test's oscillation, after its FAIL line. */
export function reportOscillation(ctx: Context, r: SequenceResult, machine: Machine): void {
  if (r.oscillation) ctx.report([oscillationDiagnostic(machine, r.oscillation)]);
}

export interface StateTableRequest {
  /** Checked already against the truth-table formats; a state table takes fewer. */
  readonly format: string;
  /** `--count`: counts of the outputs, which a state table has no use for. */
  readonly count: boolean;
  readonly hidden: boolean;
  readonly bits: boolean;
  readonly radix: Radix;
  readonly maxRows: number;
  readonly maxNeurons: number | undefined;
}

/**
 * `nn table` for a part that may hold state: its state table. A part whose loops turn out
 * to be no loops at the level of bits (a wire through an instance and back) is combinational
 * after all and gets its truth table.
 */
export async function stateTableCommand(ctx: Context, loaded: Loaded, part: Picked, request: StateTableRequest): Promise<number> {
  const built = await buildMachinePart(ctx, loaded, part, { maxNeurons: request.maxNeurons, limits: true });
  if (!built) return EXIT.failed;
  if (request.count && !isCombinational(built.netlist)) {
    throw new UsageError(`${built.netlist.name} has memory: --count counts the rows of a truth table; its state table is nn table without --count`);
  }
  const stdout = ctx.io.stdout;
  const sink = (chunk: string | Uint8Array) => new Promise<void>((resolve) => {
    stdout.write(chunk, () => resolve());
  });
  if (isCombinational(built.netlist)) {
    const circuit = compile(built.netlist);
    const tooLong = checkRowLimit(circuit, request.maxRows);
    if (tooLong) {
      ctx.report([tooLong]);
      return EXIT.failed;
    }
    await writeTable(engineFor(circuit), { format: request.format as TableFormat, hidden: request.hidden, bits: request.bits, radix: request.radix }, sink);
    return EXIT.ok;
  }
  const format = request.format as StateTableFormat;
  if (!STATE_TABLE_FORMATS.includes(format)) {
    throw new UsageError(`${built.netlist.name} has memory, so its table is a state table: --format ${STATE_TABLE_FORMATS.join(', ')}; a test of it is a test ${built.netlist.name} sequence { ... } block`);
  }
  const layout = stateTableLayout(built.machine, { hidden: request.hidden, bits: request.bits });
  const rows = stateTableRows(layout);
  if (rows > request.maxRows) {
    const bits = Math.log2(rows);
    const state = layout.state.reduce((n, c) => n + c.signals.length, 0);
    ctx.report([error('table-too-large', `${built.netlist.name} has ${state} bits of state and ${bits - state} of inputs, so its state table has ${thousands(rows)} rows, more than the limit of ${thousands(request.maxRows)}`, undefined, {
      hint: `raise the limit with --max-rows ${rows}, or run it over time with nn sim`,
    })]);
    return EXIT.failed;
  }
  await writeStateTable(built.machine, { format, hidden: request.hidden, bits: request.bits, radix: request.radix }, sink);
  return EXIT.ok;
}
