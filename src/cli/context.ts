// What a command may touch: the streams, the environment and the file system, passed in so
// the whole CLI runs in-process in tests. Only src/cli/ knows about any of this.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/** A mistake on the command line: reported with the command's usage line, exit code 2. */
export class UsageError extends Error {}

/** A file that has nothing for a command to work on: exit code 1, like any problem in a file. */
export class NothingToRun extends Error {}

export class Context {
  /** Texts of every file read, so diagnostics can show their source lines. */
  readonly sources = new Map<string, string>();

  constructor(readonly io: Io) {}

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

  /** Waits until everything written to stdout has been handed to the OS. */
  async drain(): Promise<void> {
    await new Promise<void>((resolve) => this.io.stdout.write('', () => resolve()));
  }
}

/** The .nn files named on the command line, folders searched recursively, in sorted order. */
export function expandPaths(paths: readonly string[]): string[] {
  const files = findFiles(paths);
  if (files.length === 0) throw new UsageError(`no .nn files in ${paths.join(', ')}`);
  return files;
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
