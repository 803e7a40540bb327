// Runs one fuzz case through the nn command line in-process and lists what went wrong:
// an exception escaping `run`, an exit code other than 0, 1 or 2 (70 is an internal error),
// a control character printed raw, or output out of all proportion to the input.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';

/** The example files the fuzzer starts from: circuits/ and docs/examples/, and the data sets. */
export function loadCorpus(root) {
  const read = (dir, ext) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(root, dir, f), 'utf8') }));
  return {
    /** Files a case may import by name: they are copied beside case.nn. */
    files: read('circuits', '.nn'),
    nn: [...read('circuits', '.nn'), ...read('docs/examples', '.nn')].map((f) => f.text),
    csv: read('circuits/data', '.csv').map((f) => f.text),
  };
}

/** Copies the corpus into `dir`, so that a case's imports (gates.nn, ...) resolve there. */
export function prepareDirectory(dir, corpus) {
  for (const f of corpus.files) writeFileSync(join(dir, f.name), f.text);
}

/** What every case is run through: checked, tabulated (also with hidden neurons), tested, drawn as DOT. */
export const COMMANDS = [
  ['check', 'case.nn'],
  ['table', 'case.nn', '--max-rows', '1024', '--max-neurons', '20000'],
  ['table', 'case.nn', '--hidden', '--format', 'json', '--max-rows', '256', '--max-neurons', '20000'],
  ['test', 'case.nn'],
  ['render', 'case.nn', '--format', 'dot', '--max-neurons', '20000'],
];

/** More output than this for a case is a flood: every echo must be bounded. */
const MAX_OUTPUT = 4 * 1024 * 1024;

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/;

function sink() {
  let size = 0;
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      size += chunk.length;
      // Keep the start only: what is needed to see what went wrong.
      if (size <= MAX_OUTPUT + 65536) chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, size: () => size, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Writes the case into `dir` and runs it through every command with `run` (src or dist's
 * `run(argv, io)`). Resolves to the problems found, each a short sentence, and timings.
 */
export async function runCase(run, dir, kase, commands = COMMANDS) {
  writeFileSync(join(dir, 'case.nn'), kase.nn);
  if (kase.csv !== undefined) writeFileSync(join(dir, 'case.csv'), kase.csv);
  const problems = [];
  const times = [];
  for (const args of commands) {
    const argv = args.map((a) => (a === 'case.nn' ? join(dir, 'case.nn') : a));
    const out = sink();
    const err = sink();
    const started = Date.now();
    let code;
    try {
      code = await run(argv, {
        stdout: out.stream,
        stderr: err.stream,
        env: { NO_COLOR: '1', NN_DEBUG: '1' },
        stdoutIsTTY: false,
        stderrIsTTY: false,
      });
    } catch (e) {
      problems.push({
        command: args[0],
        kind: 'exception',
        detail: `${e?.name}: ${e?.message}`.slice(0, 300),
        stack: String(e?.stack ?? '')
          .split('\n')
          .slice(0, 6)
          .join('\n'),
      });
      continue;
    }
    times.push({ command: args[0], ms: Date.now() - started });
    const stderr = err.text();
    if (![0, 1, 2].includes(code)) {
      // NN_DEBUG puts the stack after the message: it names the place for grouping.
      const at = stderr.indexOf('internal error');
      const first = at >= 0 ? stderr.slice(at).split('\n')[0] : stderr.slice(0, 200);
      const stack =
        at >= 0
          ? stderr
              .slice(at)
              .split('\n')
              .filter((l) => /^\s+at /.test(l))
              .slice(0, 6)
              .join('\n')
          : '';
      problems.push({ command: args[0], kind: `exit ${code}`, detail: first.slice(0, 300), stack });
    }
    if (out.size() + err.size() > MAX_OUTPUT)
      problems.push({ command: args[0], kind: 'flood', detail: `${out.size() + err.size()} bytes of output` });
    // The stack NN_DEBUG adds is nn's own text, not a file's.
    const said = code === 70 ? stderr.slice(0, Math.max(0, stderr.indexOf('internal error'))) : stderr;
    for (const [name, text] of [
      ['stderr', said],
      ['stdout', out.text()],
    ]) {
      const m = RAW_CONTROL.exec(text);
      if (m)
        problems.push({
          command: args[0],
          kind: 'raw control',
          detail: `${name} has U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(text.slice(Math.max(0, m.index - 60), m.index + 20))}`,
        });
    }
  }
  return { problems, times };
}

/**
 * One line naming a problem, for grouping findings and for telling, while a case is made
 * smaller, that it still shows the same problem: the kind, the command, and for a crash the
 * message and the first place in nn's own source.
 */
export function signature(problem) {
  const where = (problem.stack ?? '').split('\n').find((l) => /[\\/]src[\\/]/.test(l)) ?? '';
  const place = where.replace(/^\s*at\s+/, '').replace(/\(?(file:\/\/)?[^()]*?[\\/](src[\\/][^:()]+)(:\d+:\d+)?\)?/, '($2)');
  if (problem.kind.startsWith('exit') || problem.kind === 'exception') {
    const message = problem.detail
      .replace(/^.*internal error: /, '')
      .replace(/\d+/g, 'N')
      .slice(0, 100);
    // One crash, whichever command met it.
    return `${problem.kind}: ${message}${place ? ` at ${place}` : ''}`;
  }
  if (problem.kind === 'raw control') return `raw control in nn ${problem.command} ${problem.detail.split(' ')[0]}`;
  return `${problem.kind} in nn ${problem.command}`;
}
