import type { AssertDef, Part } from '../../check/model.js';
import { compileAssert, exprText, proveAssert } from '../../verify/asserts.js';
import { describeFailure, shorten } from '../../verify/describe.js';
import { describeRow, formatValue, portValue } from '../../evaluate/ports.js';
import { runTest, type TestResult } from '../../evaluate/test-runner.js';
import { positionOf } from '../../diagnostics/render.js';
import { escapeControl } from '../../diagnostics/text.js';
import { count, plural, thousands } from '../../diagnostics/words.js';
import { EXIT, expandPaths, type Context } from '../context.js';
import type { Command } from '../command.js';
import type { Built, BuiltMachine } from '../../pipeline.js';
import { runSequence } from '../../simulate/sequence.js';
import { formatSequence, reportOscillation } from './sequential.js';
import { buildMachinePart, buildPart, loadFile, numberOption, trainerFor } from './shared.js';

/** Asserts over more rows than this are left to nn verify (unless --assert-rows says otherwise). */
export const DEFAULT_ASSERT_ROWS = 2 ** 24;

export const testCommand: Command = {
  name: 'test',
  summary: 'run the test blocks of files or folders',
  usage: 'nn test FILE|FOLDER... [--assert-rows N]',
  help: `Runs every test block written in the given files (folders: every .nn file below them;
tests of imported files run when those files are named themselves), and checks every assert
on every input of its part, up to --assert-rows rows (past that nn verify proves it). A
failing test lists every row that differs, with the expected and actual outputs and the
hidden neurons' values; a failing assert, an input where it does not hold. A sequence test
(test NAME sequence { ... }) runs its rows as clock ticks, from the start-up state; a failing
one lists every wrong tick with the state the circuit was in. A file named twice, or also
found in a folder given, runs once. The exit code is 1 if any test fails or any file has
errors (2 if a FILE cannot be read).

Options:
  --assert-rows N    check asserts over at most N rows (default 2^24 = ${thousands(DEFAULT_ASSERT_ROWS)});
                     larger ones are skipped with a note`,
  options: { 'assert-rows': { type: 'string' } },
  positionals: { min: 1, max: Infinity },
  async run(ctx, { values, positionals }) {
    const assertRows = numberOption('assert-rows', values['assert-rows'] as string | undefined, { integer: true, min: 1, max: 2 ** 53 }) ?? DEFAULT_ASSERT_ROWS;
    const { files, problems } = expandPaths(positionals);
    ctx.report(problems);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
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
      if (loaded.model.tests.length === 0 && loaded.model.asserts.length === 0) withoutTests++;
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
      for (const def of loaded.model.asserts) {
        if (!builds.has(def.target)) builds.set(def.target, await buildPart(ctx, loaded, def.name, { trainer }));
        const built = builds.get(def.target);
        const outcome = built ? await checkAssert(ctx, def, built, assertRows) : 'failed';
        if (outcome === 'passed') passed++;
        else if (outcome === 'failed') failed++;
        else skipped++;
      }
    }
    const total = passed + failed + skipped;
    const parts = [`${total} ${plural(total, 'test')}: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`];
    if (broken > 0) parts.push(`${broken} ${plural(broken, 'file')} with errors`);
    if (problems.length > 0) parts.push(`${problems.length} ${plural(problems.length, 'folder')} not read`);
    if (withoutTests > 0 && files.length > 1) parts.push(`${withoutTests} ${plural(withoutTests, 'file')} without tests`);
    ctx.out(parts.join('; ') + '\n');
    return failed > 0 || broken > 0 || problems.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

/** An assert checked on every row of its part, when there are at most `maxRows` of them. */
async function checkAssert(ctx: Context, def: AssertDef, built: Built, maxRows: number): Promise<'passed' | 'failed' | 'skipped'> {
  const at = where(ctx, def.file, def.decl.span.start);
  const paint = (code: string, s: string) => (ctx.colorOut ? `\x1b[${code}m${s}\x1b[0m` : s);
  const title = `assert ${escapeControl(def.name)}`;
  const inputs = built.netlist.inputs.length;
  const rows = 2 ** inputs;
  if (rows > maxRows) {
    ctx.out(`${paint('33;1', 'SKIP')} ${title}: ${inputs > 40 ? `2^${inputs}` : thousands(rows)} rows, more than --assert-rows ${thousands(maxRows)}; nn verify proves it ${paint('2', at)}\n`);
    return 'skipped';
  }
  const compiled = compileAssert(built.netlist, def);
  if (!compiled.ok) {
    ctx.report(compiled.diagnostics);
    return 'failed';
  }
  const proof = await proveAssert(compiled.value, { method: 'exhaustive' });
  const rowCount = count(rows, 'row');
  if (proof.status === 'proved') {
    ctx.out(`${paint('32;1', 'PASS')} ${title} (${rowCount}) ${paint('2', at)}\n`);
    return 'passed';
  }
  if (proof.status === 'undecided') {
    ctx.out(`${paint('33;1', 'SKIP')} ${title}: ${escapeControl(proof.reason)} ${paint('2', at)}\n`);
    return 'skipped';
  }
  const lines = describeFailure(proof.failure, { file: def.file, name: def.name }).map((l) => `  ${escapeControl(l)}`);
  ctx.out(`${paint('31;1', 'FAIL')} ${title} { ${escapeControl(shorten(exprText(def.expr)))} } does not hold ${paint('2', at)}\n${lines.join('\n')}\n`);
  return 'failed';
}

function where(ctx: Context, file: string, offset: number): string {
  const p = positionOf(ctx.sources.get(file) ?? '', offset);
  // A file name found in a folder is someone else's text: it must not drive the terminal.
  return `${escapeControl(file)}:${p.line}:${p.column}`;
}

function formatResult(ctx: Context, r: TestResult, built: Built): string {
  const source = ctx.sources.get(r.test.file) ?? '';
  const at = (offset: number) => {
    const p = positionOf(source, offset);
    // A file name found in a folder is someone else's text: it must not drive the terminal.
    return `${escapeControl(r.test.file)}:${p.line}:${p.column}`;
  };
  const paint = (code: string, s: string) => (ctx.colorOut ? `\x1b[${code}m${s}\x1b[0m` : s);
  const rows = `${r.rows} ${plural(r.rows, 'row')}`;
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
