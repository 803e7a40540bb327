// Nothing synthesised leaves nn unchecked: the .nn source is read back through the same
// pipeline as any file (parse, check, elaborate, compile), and its truth table, computed the
// way `nn table` computes it, must match the table on every row and output that is specified.
// Its own test block must pass too, and the file must draw no diagnostic, but for inputs the
// function does not depend on, which are reported unused.

import { renderDiagnostics } from '../diagnostics/render.js';
import { elaborate } from '../elaborate/elaborate.js';
import { compile } from '../evaluate/compile.js';
import { rowCount, sweep } from '../evaluate/engine.js';
import { engineFor } from '../evaluate/engines.js';
import { runTest } from '../evaluate/test-runner.js';
import { load } from '../pipeline.js';
import { inputBits, type TruthTable } from '../train/truth-table.js';

export type Verification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The path the source is read under; it never touches the file system. */
const VIRTUAL = '<synthesised>.nn';

export function verifySource(source: string, table: TruthTable): Verification {
  const sources = new Map<string, string>();
  const host = {
    readFile(path: string): string {
      if (path === VIRTUAL) return source;
      throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    },
  };
  const checked = load(VIRTUAL, { host, sources });
  const rendered = () => renderDiagnostics(checked.diagnostics, { source: (f) => sources.get(f) });
  // The one warning allowed: an input the function does not depend on is, rightly, unused.
  const unexpected = checked.diagnostics.filter((d) => !(d.code === 'unused' && d.severity === 'warning' && /^input /.test(d.message)));
  if (!checked.ok || unexpected.length > 0) return { ok: false, reason: `the source does not check cleanly:\n${rendered()}` };
  // Synthesised circuits have no trained neurons: they elaborate as they are.
  const netlist = elaborate(checked.value.model, table.name);
  if (!netlist.ok) return { ok: false, reason: `the circuit does not build:\n${renderDiagnostics(netlist.diagnostics, { source: (f) => sources.get(f) })}` };
  const circuit = compile(netlist.value);
  const engine = engineFor(circuit);
  if (netlist.value.inputs.join(',') !== table.inputs.join(',') || netlist.value.outputs.map((o) => o.name).join(',') !== table.outputs.join(',')) {
    return { ok: false, reason: 'the circuit\'s inputs or outputs are not the table\'s' };
  }
  let wrong: string | undefined;
  const n = table.inputs.length;
  sweep(engine, { from: 0, to: rowCount(circuit) }, (block, first) => {
    for (let r = 0; r < block.rows && wrong === undefined; r++) {
      const row = first + r;
      table.outputs.forEach((name, q) => {
        const got = block.bit(circuit.outputSignals[q]!, r);
        if (wrong === undefined && table.care[q]![row] === 1 && got !== table.on[q]![row]) {
          wrong = `${name} is ${got} on inputs ${inputBits(row, n).join(' ')}, not ${table.on[q]![row]}`;
        }
      });
    }
  });
  if (wrong !== undefined) return { ok: false, reason: wrong };
  for (const test of checked.value.model.tests) {
    const result = runTest(test, engine);
    if (!result.passed) return { ok: false, reason: `its test block fails on ${result.failures.length} rows` };
  }
  return { ok: true };
}
