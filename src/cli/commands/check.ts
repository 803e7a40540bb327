import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { plural } from '../../diagnostics/words.js';
import { load, nodeHost } from '../../pipeline.js';
import { readExamples } from '../../train/examples.js';
import { EXIT, expandPaths } from '../context.js';
import type { Command } from '../command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'parse and check files, reporting every problem',
  usage: 'nn check FILE|FOLDER...',
  help: `Parses and checks each file and its imports and reports every error and warning at once,
each with file:line:col, the source line and a caret under the problem. Training tables are
checked (shape, bits, contradictions) and data sets read and checked (the file, its columns
and labels), but nothing is fitted: nn train does that.
A file named twice is checked once. The exit code is 1 if any file has an error (2 if a
FILE cannot be read); warnings alone leave it 0.

Options:`,
  options: {},
  positionals: { min: 1, max: Infinity },
  async run(ctx, { positionals }) {
    const { files, problems } = expandPaths(positionals);
    ctx.report(problems);
    let errors = problems.length;
    let warnings = 0;
    let failed = problems.length > 0;
    for (const file of files) {
      const result = load(file, { sources: ctx.sources });
      const diagnostics: Diagnostic[] = [...result.diagnostics];
      if (result.ok) {
        for (const part of result.value.model.parts.values()) {
          if (part.kind !== 'neuron' || part.training?.kind !== 'dataset') continue;
          diagnostics.push(...readExamples(part, part.training, nodeHost, ctx.sources).diagnostics);
        }
      }
      // A shared import is checked with each file that imports it: count its problems once.
      const fresh = ctx.report(diagnostics);
      errors += fresh.filter((d) => d.severity === 'error').length;
      warnings += fresh.filter((d) => d.severity === 'warning').length;
      if (fresh.some((d) => d.severity === 'error') || !result.ok) failed = true;
    }
    ctx.err(`checked ${files.length} ${plural(files.length, 'file')}: ${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}\n`);
    return failed ? EXIT.failed : EXIT.ok;
  },
};
