// The pipeline in one place: read → parse → check → fit → elaborate → compile.
// Each step is its own module; this file only composes them.

import { check } from './check/check.js';
import type { Model, PartDef } from './check/model.js';
import { fail, ok, type Result } from './diagnostics/diagnostic.js';
import { elaborate, type ElaborateOptions } from './elaborate/elaborate.js';
import type { Netlist } from './elaborate/netlist.js';
import { compile, type CompiledCircuit } from './evaluate/compile.js';
import { loadProgram, type Program, type SourceHost } from './load/load.js';
import { nodeHost } from './load/node-host.js';
import { fitModel, type FitOptions, type FitReport } from './train/fit.js';

export { MAX_FILE_BYTES, nodeHost } from './load/node-host.js';

export interface Loaded {
  readonly program: Program;
  readonly model: Model;
  /** What the trainer did for each `train` neuron, in declaration order. */
  readonly fits: readonly FitReport[];
}

export interface LoadOptions {
  readonly host?: SourceHost;
  /** Receives the text of every file read, for rendering diagnostics. */
  readonly sources?: Map<string, string>;
  /** Training overrides (the CLI's --rate, --epochs, ...), and which neurons to fit. */
  readonly fit?: FitOptions;
}

/** Reads, parses and checks a file and its imports, then fits its `train` neurons. */
export async function load(path: string, options: LoadOptions = {}): Promise<Result<Loaded>> {
  const host = options.host ?? nodeHost;
  const checked = readAndCheck(path, host, options.sources);
  if (!checked.ok) return checked;
  const { program, model } = checked.value;
  const fitted = await fitModel(model, host, options.fit, options.sources);
  const diagnostics = [...checked.diagnostics, ...fitted.diagnostics];
  return fitted.ok ? ok({ program, model, fits: fitted.value }, diagnostics) : fail(diagnostics);
}

/** Parses and checks only: what `nn check` does. Training tables are checked, not fitted. */
export function checkFile(path: string, options: LoadOptions = {}): Result<Model> {
  const checked = readAndCheck(path, options.host ?? nodeHost, options.sources);
  return checked.ok ? ok(checked.value.model, checked.diagnostics) : checked;
}

function readAndCheck(path: string, host: SourceHost, sources?: Map<string, string>): Result<{ program: Program; model: Model }> {
  const loaded = loadProgram(path, host, sources);
  if (!loaded.ok) return loaded;
  const checked = check(loaded.value);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics];
  return checked.ok ? ok({ program: loaded.value, model: checked.value }, diagnostics) : fail(diagnostics);
}

/** Elaborates and compiles one part of a loaded model. */
export function build(model: Model, name: string, options: ElaborateOptions = {}): Result<{ netlist: Netlist; program: CompiledCircuit }> {
  const elaborated = elaborate(model, name, options);
  if (!elaborated.ok) return elaborated;
  return ok({ netlist: elaborated.value, program: compile(elaborated.value) }, elaborated.diagnostics);
}

/**
 * The part a command works on when none is named: the file's last circuit (files build up to
 * their main circuit), else its last neuron. `choices` counts the candidates, so the caller
 * can say which one it picked when there was a choice.
 */
export function defaultPart(model: Model): { part: PartDef; choices: number } | undefined {
  const circuits = model.own.filter((p) => p.kind === 'circuit');
  const pool = circuits.length > 0 ? circuits : model.own;
  const part = pool[pool.length - 1];
  return part && { part, choices: pool.length };
}
