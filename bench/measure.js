// Helpers for the benchmarks: whole-process runs of the real CLI, and medians.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `nn ARGS` as its own process (the bundled command line that bin/nn.js runs), stdout to
 * /dev/null, and returns the wall time in ms and the peak resident memory in MB (read by the
 * child itself as it exits).
 */
export function runNn(args, { cwd = root } = {}) {
  // As bin/nn.js runs it: through bin/load-cli.js, with the code cache and V8's flags.
  const script = `
    const cli = require(${JSON.stringify(`${root}bin/load-cli.js`)}).loadCli();
    cli.run(${JSON.stringify(args)}).then((code) => {
      process.exitCode = code;
      process.stderr.write('\\nNN_BENCH ' + JSON.stringify(process.resourceUsage()) + '\\n');
    });`;
  const start = performance.now();
  // Plain -e (CommonJS): Graphviz's worker thread inherits Node's flags and does not start
  // under --input-type=module.
  const child = spawnSync(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`nn ${args.join(' ')} failed: ${child.stderr}`);
  const usage = JSON.parse(/NN_BENCH (.*)/.exec(child.stderr)[1]);
  return { ms, maxRssMb: usage.maxRSS / 1024 };
}

/** A whole process that does nothing: Node's own start-up, to subtract by eye. */
export function runNode() {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return performance.now() - start;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function repeat(n, f) {
  return Array.from({ length: n }, f);
}

export const round = (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;
