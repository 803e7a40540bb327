// Steps several commands share: loading a file, picking a part, reading numeric options.

import type { Model, PartDef } from '../../check/model.js';
import { hasErrors, type Result } from '../../diagnostics/diagnostic.js';
import { withPart } from '../../check/check.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { thousands } from '../../diagnostics/words.js';
import { build, buildMachine, buildNetlist, defaultPart, load, nodeHost, Trainer, type Built, type BuiltMachine, type BuiltNetlist, type BuildOptions, type Loaded } from '../../pipeline.js';
import type { TrainOptions } from '../../train/perceptron.js';
import { NothingToRun, UsageError, type Context } from '../context.js';
import { Progress } from '../progress.js';

/** Reads, parses and checks a file, reporting diagnostics; undefined on errors. */
export function loadFile(ctx: Context, path: string): Loaded | undefined {
  const loaded = load(path, { sources: ctx.sources });
  ctx.report(loaded.diagnostics);
  return loaded.ok && !hasErrors(loaded.diagnostics) ? loaded.value : undefined;
}

/** The trainer for a command: the file's knobs, `overrides` from the command line, progress on a terminal. */
export function trainerFor(ctx: Context, overrides?: Partial<TrainOptions>): Trainer {
  let progress: Progress | undefined;
  return new Trainer(nodeHost, {
    ...(overrides && { overrides }),
    progress: (neuron, done, most) => {
      progress ??= new Progress(ctx, `training ${neuron.name}`);
      progress.update(done, most, 'epochs');
      if (done >= most) progress.end();
    },
  }, ctx.sources);
}

/** A part named on the command line: its declaration and the name as given (`RippleAdder<8>`). */
export interface Picked {
  readonly def: PartDef;
  readonly name: string;
}

/** The part called `name`, or the file's default part (saying which when there was a choice). */
export function pickPart(ctx: Context, loaded: Loaded, file: string, name: string | undefined, command: string): Picked {
  const { model } = loaded;
  if (name !== undefined) {
    const bare = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(name)?.[1] ?? name;
    const def = model.parts.get(bare);
    if (def) {
      const found = withPart(model, name);
      if (!found.ok) {
        ctx.report(found.diagnostics.filter((d) => d.span));
        const plain = found.diagnostics.find((d) => !d.span);
        if (plain) throw new UsageError(plain.message);
        throw new NothingToRun(`${name} has errors`);
      }
      return { def, name };
    }
    const hint = didYouMean(bare, model.parts.keys());
    const known = model.own.map((p) => p.name).join(', ');
    throw new UsageError(`there is no neuron or circuit called ${bare} in ${file}${hint ? `; ${hint}` : known ? ` (it declares ${known})` : ''}`);
  }
  const picked = defaultPart(model);
  if (!picked) {
    const generic = model.own.find((p) => p.kind === 'circuit' && p.typeParams.length > 0);
    if (generic?.kind === 'circuit') {
      throw new UsageError(`${file} declares only circuits with width parameters; name an instance, such as nn ${command} ${file} '${generic.name}<${generic.typeParams.map(() => '4').join(', ')}>'`);
    }
    throw new NothingToRun(`${file} declares no neuron or circuit of its own: nothing to ${command}`);
  }
  // Say which part was used, so a default never goes unnoticed.
  if (picked.choices > 1) {
    ctx.note(`${file} declares ${picked.choices} ${picked.part.kind}s; using ${picked.part.name}, the last one. Name another: nn ${command} ${file} NAME`);
  } else {
    ctx.note(`using ${picked.part.name}, the only ${picked.part.kind} in ${file}`);
  }
  return { def: picked.part, name: picked.part.name };
}

/**
 * Fits what `part` needs and builds it, reporting diagnostics; undefined on errors. Commands
 * that take --max-neurons pass `limits: true`: for them a circuit over the limit is a problem
 * of the command line (exit 2).
 */
export async function buildPart(
  ctx: Context,
  loaded: Loaded,
  part: Picked | string,
  options: BuildPartOptions = {},
): Promise<Built | undefined> {
  return buildWith(build, ctx, loaded, part, options);
}

/** `buildPart` for commands that draw or describe any part, memory or not: the netlist only. */
export async function buildNetlistPart(ctx: Context, loaded: Loaded, part: Picked | string, options: BuildPartOptions = {}): Promise<BuiltNetlist | undefined> {
  return buildWith(buildNetlist, ctx, loaded, part, options);
}

/** `buildPart` for commands that run a part over time (nn sim, sequence tests, state tables). */
export async function buildMachinePart(ctx: Context, loaded: Loaded, part: Picked | string, options: BuildPartOptions = {}): Promise<BuiltMachine | undefined> {
  return buildWith(buildMachine, ctx, loaded, part, options);
}

type BuildPartOptions = { maxNeurons?: number | undefined; trainer?: Trainer; limits?: boolean };

async function buildWith<T>(
  stage: (model: Model, name: string, options: BuildOptions) => Promise<Result<T>>,
  ctx: Context,
  loaded: Loaded,
  part: Picked | string,
  options: BuildPartOptions,
): Promise<T | undefined> {
  const built = await stage(loaded.model, typeof part === 'string' ? part : part.name, {
    trainer: options.trainer ?? trainerFor(ctx),
    ...(options.maxNeurons !== undefined && { maxNeurons: options.maxNeurons }),
  });
  if (options.limits && built.diagnostics.some((d) => d.code === 'too-large')) ctx.blameCommandLine();
  ctx.report(built.diagnostics);
  return built.ok ? built.value : undefined;
}

/** A numeric option's value, or a usage error that says what was expected. */
export function numberOption(
  name: string,
  value: string | undefined,
  rule: { integer?: boolean; min?: number; max?: number; positive?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const what = rule.integer ? 'a whole number' : 'a number';
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs ${what}, not '${value}'`);
  if (rule.integer && !Number.isInteger(n)) throw new UsageError(`--${name} needs ${what}, not '${value}'`);
  if (rule.min !== undefined && n < rule.min) throw new UsageError(`--${name} must be at least ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw new UsageError(`--${name} must be at most ${thousands(rule.max)}`);
  if (rule.positive && n <= 0) throw new UsageError(`--${name} must be more than 0`);
  return n;
}
