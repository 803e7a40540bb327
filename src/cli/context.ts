// What a command may touch: the streams, the environment and whether each stream is a
// terminal, passed in so the whole CLI runs in-process in tests (files are read from the
// real file system, relative to the working directory). Only src/cli/ knows about any of this.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Diagnostics whose fix is on the command line, not in a file: a FILE named there that cannot
 * be read, a table longer than --max-rows allows. A run that reports one exits 2.
 */
const COMMAND_LINE_CODES: ReadonlySet<string> = new Set(['unreadable-file', 'table-too-large']);

/** A mistake on the command line: reported with the command's usage line, exit code 2. */
export class UsageError extends Error {}

/** A file that has nothing for a command to work on: exit code 1, like any problem in a file. */
export class NothingToRun extends Error {}

export class Context {
  /** Texts of every file read, so diagnostics can show their source lines. */
  readonly sources = new Map<string, string>();

  /** Set once a problem of the command line itself was reported: the run then exits 2. */
  private commandLineProblem = false;

  constructor(readonly io: Io) {}

  /**
   * Marks the problem being reported as one whose fix is on the command line rather than in
   * a file (an output nn will not or cannot write, a limit an option sets): the run exits 2.
   */
  blameCommandLine(): void {
    this.commandLineProblem = true;
  }

  /** A command's exit code, 2 instead of 1 when the failure was one of the command line. */
  exitCode(code: number): number {
    return code === EXIT.failed && this.commandLineProblem ? EXIT.usage : code;
  }

  /** Every file this run has read (.nn files and data sets): never to be written over. */
  inputs(): string[] {
    return [...this.sources.keys()];
  }

  get colorErr(): boolean {
    return this.io.stderrIsTTY && !this.io.env.NO_COLOR;
  }

  get colorOut(): boolean {
    return this.io.stdoutIsTTY && !this.io.env.NO_COLOR;
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(text);
  }

  private readonly shown = new Set<string>();

  /**
   * Renders diagnostics to stderr, each only once per run: checking a folder loads a shared
   * import once per importer, and its warnings should not repeat. Returns those shown.
   */
  report(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    if (diagnostics.some((d) => d.severity === 'error' && COMMAND_LINE_CODES.has(d.code))) this.commandLineProblem = true;
    const fresh = diagnostics.filter((d) => {
      const key = `${d.span?.file}:${d.span?.start}:${d.span?.end}:${d.code}:${d.message}`;
      if (this.shown.has(key)) return false;
      this.shown.add(key);
      return true;
    });
    if (fresh.length > 0) {
      this.err(renderDiagnostics(fresh, { source: (f) => this.sources.get(f), color: this.colorErr }));
    }
    return fresh;
  }

  note(text: string): void {
    this.err(`${this.colorErr ? '\x1b[36;1mnote\x1b[0m' : 'note'}: ${text}\n`);
  }
}

/**
 * The .nn files named on the command line, folders searched recursively, in sorted order;
 * a file named twice (or also found in a folder given) is kept once, where it first appears.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const files = findFiles(paths);
  if (files.length === 0) throw new UsageError(`no .nn files in ${paths.join(', ')}`);
  const seen = new Set<string>();
  return files.filter((f) => {
    const id = canonical(f);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** One name per file: through symbolic links when it exists, else the absolute path. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function findFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.nn')) files.push(path);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Not there: loading it reports the problem in the usual way.
    }
    if (isDir) walk(p);
    else files.push(p);
  }
  return files;
}
