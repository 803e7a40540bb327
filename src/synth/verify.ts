// Nothing synthesised leaves nn unchecked: the .nn source is read back through the same
// pipeline as any file (parse, check, elaborate, compile), and its truth table, computed the
// way `nn table` computes it, must match the table on every row and output that is specified.
// Its own test block must pass too, and the file must draw no diagnostic, but for inputs the
// function does not depend on, which are reported unused.

import { renderDiagnostics } from '../diagnostics/render.js';
import { forEachRow, tableLayout } from '../evaluate/table.js';
import { runTest } from '../evaluate/test-runner.js';
import { build, checkFile } from '../pipeline.js';
import { inputBits, type TruthTable } from './table.js';

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
  const checked = checkFile(VIRTUAL, { host, sources });
  const rendered = () => renderDiagnostics(checked.diagnostics, { source: (f) => sources.get(f) });
  // The one warning allowed: an input the function does not depend on is, rightly, unused.
  const unexpected = checked.diagnostics.filter((d) => !(d.code === 'unused' && d.severity === 'warning' && /^input /.test(d.message)));
  if (!checked.ok || unexpected.length > 0) return { ok: false, reason: `the source does not check cleanly:\n${rendered()}` };
  const built = build(checked.value, table.name);
  if (!built.ok) return { ok: false, reason: `the circuit does not build:\n${renderDiagnostics(built.diagnostics, { source: (f) => sources.get(f) })}` };
  const { program } = built.value;
  const layout = tableLayout(program);
  if (layout.inputs.map((c) => c.name).join(',') !== table.inputs.join(',') || layout.outputs.map((c) => c.name).join(',') !== table.outputs.join(',')) {
    return { ok: false, reason: 'the circuit\'s inputs or outputs are not the table\'s' };
  }
  let wrong: string | undefined;
  const n = table.inputs.length;
  forEachRow(program, (values, row) => {
    if (wrong !== undefined) return;
    table.outputs.forEach((name, q) => {
      if (wrong === undefined && table.care[q]![row] === 1 && values[layout.outputs[q]!.slot] !== table.on[q]![row]) {
        wrong = `${name} is ${values[layout.outputs[q]!.slot]} on inputs ${inputBits(row, n).join(' ')}, not ${table.on[q]![row]}`;
      }
    });
  });
  if (wrong !== undefined) return { ok: false, reason: wrong };
  for (const test of checked.value.tests) {
    const result = runTest(test, program);
    if (!result.passed) return { ok: false, reason: `its test block fails on ${result.failures.length} rows` };
  }
  return { ok: true };
}
