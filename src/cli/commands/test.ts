import type { Part } from '../../check/model.js';
import { describeRow, formatValue, portValue } from '../../evaluate/ports.js';
import { runTest, type TestResult } from '../../evaluate/test-runner.js';
import { positionOf } from '../../diagnostics/render.js';
import { escapeControl } from '../../diagnostics/text.js';
import { EXIT, expandPaths, type Context } from '../context.js';
import type { Command } from '../command.js';
import type { Built, BuiltMachine } from '../../pipeline.js';
import { runSequence } from '../../simulate/sequence.js';
import { formatSequence, reportOscillation } from './sequential.js';
import { buildMachinePart, buildPart, loadFile, trainerFor } from './shared.js';

export const testCommand: Command = {
  name: 'test',
  summary: 'run the test blocks of files or folders',
  usage: 'nn test FILE|FOLDER...',
  help: `Runs every test block written in the given files (folders: every .nn file below them;
tests of imported files run when those files are named themselves). A failing test lists
every row that differs, with the expected and actual outputs and the hidden neurons' values.
A sequence test (test NAME sequence { ... }) runs its rows as clock ticks, from the start-up
state; a failing one lists every wrong tick with the state the circuit was in.
A file named twice, or also found in a folder given, runs once. The exit code is 1 if any
test fails or any file has errors (2 if a FILE cannot be read).

Options:`,
  options: {},
  positionals: { min: 1, max: Infinity },
  async run(ctx, { positionals }) {
    const { files, problems } = expandPaths(positionals);
    ctx.report(problems);
    let passed = 0;
    let failed = 0;
    let broken = 0;
    let withoutTests = 0;
    for (const file of files) {
      const loaded = loadFile(ctx, file);
      // Several test blocks may test one part: build it once; the trainer fits each neuron once.
      const builds = new Map<Part, Built | undefined>();
      const trainer = trainerFor(ctx);
      if (!loaded) {
        broken++;
        continue;
      }
      if (loaded.model.tests.length === 0) withoutTests++;
      const machines = new Map<Part, BuiltMachine | undefined>();
      for (const test of loaded.model.tests) {
        if (test.sequence) {
          if (!machines.has(test.target)) machines.set(test.target, await buildMachinePart(ctx, loaded, test.name, { trainer }));
          const built = machines.get(test.target);
          const result = built && runSequence(test, built.machine);
          if (built && result) {
            ctx.out(formatSequence(ctx, result, built.machine));
            reportOscillation(ctx, result, built.machine);
          }
          if (result?.passed) passed++;
          else failed++;
          continue;
        }
        if (!builds.has(test.target)) builds.set(test.target, await buildPart(ctx, loaded, test.name, { trainer }));
        const built = builds.get(test.target);
        if (!built) {
          failed++;
          continue;
        }
        const result = runTest(test, built.engine);
        ctx.out(formatResult(ctx, result, built));
        if (result.passed) passed++;
        else failed++;
      }
    }
    const total = passed + failed;
    const parts = [`${total} test${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed`];
    if (broken > 0) parts.push(`${broken} file${broken === 1 ? '' : 's'} with errors`);
    if (problems.length > 0) parts.push(`${problems.length} folder${problems.length === 1 ? '' : 's'} not read`);
    if (withoutTests > 0 && files.length > 1) parts.push(`${withoutTests} file${withoutTests === 1 ? '' : 's'} without tests`);
    ctx.out(parts.join('; ') + '\n');
    return failed > 0 || broken > 0 || problems.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

function formatResult(ctx: Context, r: TestResult, built: Built): string {
  const source = ctx.sources.get(r.test.file) ?? '';
  const at = (offset: number) => {
    const p = positionOf(source, offset);
    // A file name found in a folder is someone else's text: it must not drive the terminal.
    return `${escapeControl(r.test.file)}:${p.line}:${p.column}`;
  };
  const paint = (code: string, s: string) => (ctx.colorOut ? `\x1b[${code}m${s}\x1b[0m` : s);
  const rows = `${r.rows} row${r.rows === 1 ? '' : 's'}`;
  if (r.passed) return `${paint('32;1', 'PASS')} ${r.test.name} (${rows}) ${paint('2', at(r.test.decl.span.start))}\n`;
  const { inputPorts, outputPorts } = built.netlist;
  const lines = [`${paint('31;1', 'FAIL')} ${r.test.name}: ${r.failures.length} of ${rows} wrong ${paint('2', at(r.test.decl.span.start))}`];
  for (const f of r.failures) {
    const inputs = describeRow(inputPorts, f.row.inputs);
    const wrong = outputPorts
      .filter((p) => p.bits.every((b) => f.row.expected[b] !== null) && portValue(p, f.row.expected as number[]) !== portValue(p, f.actual))
      .map((p) => `${p.name} expected ${formatValue(portValue(p, f.row.expected as number[]), p.width)}, got ${formatValue(portValue(p, f.actual), p.width)}`);
    const hidden = f.hidden.length > 0 ? `  [hidden: ${f.hidden.map((h) => `${h.name}=${h.value}`).join(' ')}]` : '';
    lines.push(`  ${at(f.row.span.start)}  ${inputs}: ${wrong.join('; ')}${hidden}`);
  }
  return lines.join('\n') + '\n';
}
