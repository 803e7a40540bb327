// Shared by the tests: load .nn sources from memory, and render diagnostics with positions.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { check } from '../src/check/check.js';
import type { Model } from '../src/check/model.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { positionOf, renderDiagnostics } from '../src/diagnostics/render.js';
import { loadProgram, type SourceHost } from '../src/load/load.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import type { Netlist } from '../src/elaborate/netlist.js';
import { compile } from '../src/evaluate/compile.js';
import { engineFor } from '../src/evaluate/engines.js';

/** A host over an in-memory set of files; anything else is read from disk. */
export function memoryHost(files: Record<string, string>): SourceHost {
  return {
    readFile(path) {
      if (path in files) return files[path]!;
      return readFileSync(path, 'utf8');
    },
  };
}

export interface Checked {
  readonly ok: boolean;
  readonly model?: Model;
  readonly diagnostics: readonly Diagnostic[];
  /** `code line:col message` per diagnostic, for compact assertions. */
  readonly summary: string[];
  readonly rendered: string;
  /** The text of every file read, by path. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Parses and checks `source` as `main.nn`, with `others` available to import. */
export function checkSource(source: string, others: Record<string, string> = {}): Checked {
  const files = { 'main.nn': source, ...others };
  const sources = new Map<string, string>();
  const loaded = loadProgram('main.nn', memoryHost(files), sources);
  const result = loaded.ok ? check(loaded.value) : loaded;
  const diagnostics = loaded.ok ? [...loaded.diagnostics, ...result.diagnostics] : loaded.diagnostics;
  const summary = diagnostics.map((d) => {
    if (!d.span) return `${d.code} ${d.message}`;
    const p = positionOf(sources.get(d.span.file) ?? '', d.span.start);
    return `${d.code} ${d.span.file}:${p.line}:${p.column} ${d.message}`;
  });
  return {
    ok: result.ok,
    ...(result.ok && { model: result.value }),
    diagnostics,
    summary,
    rendered: renderDiagnostics(diagnostics, { source: (f) => sources.get(f) }),
    sources,
  };
}

/**
 * Checks and builds part `name` of `source` (no trained neurons: see `build` for those);
 * throws with the diagnostics if anything fails.
 */
export function compileSource(source: string, name: string, others: Record<string, string> = {}) {
  const { model, netlist } = elaborateSource(source, name, others);
  const circuit = compile(netlist);
  return { model, netlist, circuit, engine: engineFor(circuit) };
}

/** Checks and elaborates part `name` of `source`, without compiling it; throws if anything fails. */
export function elaborateSource(source: string, name: string, others: Record<string, string> = {}): { model: Model; netlist: Netlist } {
  const checked = checkSource(source, others);
  if (!checked.model) throw new Error(checked.rendered);
  const netlist = elaborate(checked.model, name);
  if (!netlist.ok) throw new Error(JSON.stringify(netlist.diagnostics));
  return { model: checked.model, netlist: netlist.value };
}

export const GATES = readFileSync(new URL('../circuits/gates.nn', import.meta.url), 'utf8');

/**
 * A small seeded generator for test inputs (mulberry32): rand(n) is a whole number in [0, n),
 * drawn from all 32 bits of the state, so every residue comes up (the low bits of a plain
 * linear congruential generator repeat with a short period: `s % 2` would alternate).
 */
export function seededRandom(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

/**
 * Rows as text, one line each (`inputs -> outputs`), so that a whole table is compared in one
 * assertion and a difference shows the rows it is on.
 */
export function rowsText<R extends { readonly inputs: readonly number[] }>(
  rows: readonly R[],
  outputs: (row: R) => readonly number[],
): string {
  return rows.map((row) => `${row.inputs.join('')} -> ${outputs(row).join('')}`).join('\n');
}

/**
 * How many times its usual number of random cases a differential test runs: 1 in `npm test`,
 * which keeps to a few hundred random circuits; `NN_TEST_SCALE=20` (`npm run differential`)
 * runs thousands, with the same seeds first.
 */
export const TEST_SCALE = testScale(process.env.NN_TEST_SCALE);

function testScale(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`NN_TEST_SCALE must be a whole number from 1, not '${text}'`);
  return n;
}

/** Says, in a run at a larger scale, how many random cases a differential test compared. */
export function reportScale(what: string, count: number): void {
  if (TEST_SCALE > 1) console.log(`NN_TEST_SCALE=${TEST_SCALE}: ${count} ${what}`);
}

/**
 * Temporary folders for one test file, each named `prefix` and a random suffix, all removed
 * after the file's tests. Call it at the top of the file.
 */
export function scratchDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
