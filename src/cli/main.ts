// The nn command line: a thin shell over the library. `run` never throws and never exits;
// it returns the exit code, so tests drive it in-process.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Command } from './command.js';
import { Context, EXIT, NothingToRun, UsageError, type Io } from './context.js';

export { guardStandardStreams } from './streams.js';

/** Each command's module loads only when it runs: start-up is most of a small job's time. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  table: async () => (await import('./commands/table.js')).table,
  eval: async () => (await import('./commands/eval.js')).evalCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  info: async () => (await import('./commands/info.js')).infoCommand,
  dump: async () => (await import('./commands/dump.js')).dumpCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  render: async () => (await import('./commands/render.js')).renderCommand,
  plot: async () => (await import('./commands/plot.js')).plotCommand,
  synth: async () => (await import('./commands/synth.js')).synthCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  sim: async () => (await import('./commands/sim.js')).simCommand,
};

/**
 * nn's version, from the package.json above this module (src/cli, dist/src/cli or a bundle in
 * dist/cli, whose own package.json only says that it is CommonJS and has no version).
 */
export function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    const found = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : undefined;
    if (found !== undefined) return found;
    if (dirname(dir) === dir) return 'unknown';
  }
}

async function mainHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return `nn: circuits of threshold neurons. Truth tables, tests, training and diagrams.

Usage: nn COMMAND [ARGS] [OPTIONS]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show help (nn COMMAND --help for a command's options)
  -v, --version  show the version

Exit codes: 0 ok, 1 errors in a file or failing tests, 2 a mistake on the command line
(an unknown option or bad value, a FILE that cannot be read, an output nn will not write,
a table or circuit over --max-rows or --max-neurons).
Colour only on a terminal, and never when NO_COLOR is set.
The language and every command: README.md and docs/ in the nn package.
`;
}

function commandHelp(c: Command): string {
  return `Usage: ${c.usage}\n\n${c.help}\n  -h, --help         show this help\n`;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** A negative number such as -1 or -0.5 is a value, not an option. */
const NEGATIVE = /^-(\d|\.\d)/;
const HIDE = '\u0000';

/** Node's argument-parser messages, said shortly, with a did-you-mean for a misspelt option. */
function usageMessage(e: Error, command: Command): string {
  const message = e.message.replaceAll(HIDE, '');
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(message);
  if (unknown) {
    const hint = didYouMean(unknown[1]!.replace(/^-+/, ''), Object.keys(command.options));
    return `unknown option ${unknown[1]}${hint ? `; ${hint.replace("'", "'--")}` : ''}`;
  }
  const missing = /^Option '(--[^ ']+)[^']*' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message;
}

export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const ctx = new Context(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    if (name === 'help' && rest[0]) return run([rest[0], '--help'], io);
    // Asked for, help is the result (stdout); without a command it explains an error (stderr).
    if (name === undefined) {
      ctx.err(await mainHelp());
      return EXIT.usage;
    }
    ctx.out(await mainHelp());
    return EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    ctx.out(`nn ${version()}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    ctx.err(`nn: unknown command '${name}'\nThe commands are: ${Object.keys(COMMANDS).join(', ')}. Try 'nn --help'.\n`);
    return EXIT.usage;
  }
  const command = await load();
  if (rest.includes('-h') || rest.includes('--help')) {
    ctx.out(commandHelp(command));
    return EXIT.ok;
  }
  try {
    const parsed = parseArgs({
      args: rest.map((a) => (NEGATIVE.test(a) ? HIDE + a : a)),
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    const unhide = (v: unknown) => (typeof v === 'string' && v.startsWith(HIDE) ? v.slice(1) : v);
    const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, unhide(v)])) as Record<string, string | boolean | undefined>;
    const positionals = parsed.positionals.map((p) => unhide(p) as string);
    const { min, max } = command.positionals;
    if (positionals.length < min) throw new UsageError(`missing ${min === 1 ? 'the file' : 'arguments'}`);
    if (positionals.length > max) throw new UsageError(`unexpected argument '${positionals[max]}'`);
    return ctx.exitCode(await command.run(ctx, { values, positionals }));
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.err(`nn ${command.name}: ${usageMessage(e as Error, command)}\nUsage: ${command.usage}\nTry 'nn ${command.name} --help'.\n`);
      return EXIT.usage;
    }
    if (e instanceof NothingToRun) {
      ctx.err(`nn ${command.name}: ${e.message}\n`);
      return EXIT.failed;
    }
    // A bug in nn itself: say so plainly; the stack only when asked for.
    ctx.err(`nn: internal error: ${(e as Error).message}\n${io.env.NN_DEBUG ? `${(e as Error).stack}\n` : 'Set NN_DEBUG=1 to see where it happened, and please report it.\n'}`);
    return 70;
  }
}
