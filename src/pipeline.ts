// The pipeline in one place: read → parse → check → fit → elaborate → compile → engine.
// Each step is its own module; this file only composes them.

import { check, withPart } from './check/check.js';
import type { CircuitDef, CircuitInstance, Model, NeuronDef, NeuronWeights, PartDef, TrainedCircuits, TrainedWeights } from './check/model.js';
import { error, fail, hasErrors, ok, type Diagnostic, type Result } from './diagnostics/diagnostic.js';
import { plural } from './diagnostics/words.js';
import { circuitsToFit, elaborate, neuronsUsed, type ElaborateOptions } from './elaborate/elaborate.js';
import { isCombinational, loopsOf, registersOf, type Netlist } from './elaborate/netlist.js';
import type { Machine } from './simulate/machine.js';
import { compile, type CompiledCircuit } from './evaluate/compile.js';
import { engineFor } from './evaluate/engines.js';
import type { Engine } from './evaluate/engine.js';
import { loadProgram, type Program, type SourceHost } from './load/load.js';
import { nodeHost } from './load/node-host.js';
import type { CircuitFitReport } from './train/fit-circuit.js';
import { fitNeurons, type FitOptions, type FitReport } from './train/fit.js';

export { MAX_FILE_BYTES, nodeHost } from './load/node-host.js';

export interface Loaded {
  readonly program: Program;
  readonly model: Model;
}

export interface LoadOptions {
  readonly host?: SourceHost;
  /** Receives the text of every file read, for rendering diagnostics. */
  readonly sources?: Map<string, string>;
}

/**
 * Reads, parses and checks a file and its imports: what `nn check` does. Trained neurons are
 * not fitted here: `build` fits those a part needs, when it is built.
 */
export function load(path: string, options: LoadOptions = {}): Result<Loaded> {
  const loaded = loadProgram(path, options.host ?? nodeHost, options.sources);
  // After syntax errors, the declarations that parsed are checked all the same.
  const program = loaded.ok ? loaded.value : loaded.partial;
  if (!program) return fail(loaded.diagnostics);
  const checked = check(program);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics];
  return loaded.ok && checked.ok ? ok({ program, model: checked.value }, diagnostics) : fail(diagnostics);
}

/**
 * Fits trained neurons and circuits on demand, each once: a command fits only what it needs,
 * and a part that cannot be trained stops only the parts that use it.
 */
export class Trainer {
  private readonly done = new Map<NeuronDef, { report?: FitReport; diagnostics: readonly Diagnostic[] }>();
  private readonly circuitsDone = new Map<CircuitDef, { report?: CircuitFitReport; diagnostics: readonly Diagnostic[] }>();

  constructor(
    private readonly host: SourceHost = nodeHost,
    private readonly options: FitOptions = {},
    private readonly sources?: Map<string, string>,
  ) {}

  /** Fits those of `neurons` not fitted yet; returns the reports and diagnostics of all of them. */
  async fit(neurons: readonly NeuronDef[]): Promise<{ reports: FitReport[]; trained: TrainedWeights; diagnostics: Diagnostic[] }> {
    const fresh = neurons.filter((n) => n.training && !this.done.has(n));
    for (const neuron of fresh) {
      const outcome = await fitNeurons([neuron], this.host, this.options, this.sources);
      this.done.set(neuron, { ...(outcome.reports[0] && { report: outcome.reports[0] }), diagnostics: outcome.diagnostics });
    }
    const reports: FitReport[] = [];
    const diagnostics: Diagnostic[] = [];
    const trained = new Map<NeuronDef, NeuronWeights>();
    for (const neuron of neurons) {
      const done = this.done.get(neuron);
      if (!done) continue;
      diagnostics.push(...done.diagnostics);
      if (done.report) {
        reports.push(done.report);
        trained.set(neuron, done.report.learned);
      }
    }
    return { reports, trained, diagnostics };
  }

  /**
   * Fits those of the trained circuits `instances` not fitted yet; returns the reports, the
   * fitted instances and the diagnostics of all of them. The neurons found are declared under
   * names none of `taken` has.
   */
  async fitCircuits(
    instances: readonly CircuitInstance[],
    taken: ReadonlySet<string> = new Set(),
  ): Promise<{ reports: CircuitFitReport[]; fitted: TrainedCircuits; diagnostics: Diagnostic[] }> {
    const fresh = instances.filter((c) => !this.circuitsDone.has(c.def));
    if (fresh.length > 0) {
      const { fitCircuits } = await import('./train/fit-circuit.js');
      for (const instance of fresh) {
        const outcome = await fitCircuits([instance], this.host, this.options, this.sources, taken);
        this.circuitsDone.set(instance.def, { ...(outcome.reports[0] && { report: outcome.reports[0] }), diagnostics: outcome.diagnostics });
      }
    }
    const reports: CircuitFitReport[] = [];
    const diagnostics: Diagnostic[] = [];
    const fitted = new Map<string, CircuitInstance>();
    for (const instance of instances) {
      const done = this.circuitsDone.get(instance.def)!;
      diagnostics.push(...done.diagnostics);
      if (done.report) {
        reports.push(done.report);
        fitted.set(instance.key, done.report.instance);
      }
    }
    return { reports, fitted, diagnostics };
  }
}

/** The model with trained circuits' instances replaced by their fitted ones. */
export function withTrainedCircuits(model: Model, fitted: TrainedCircuits): Model {
  if (fitted.size === 0) return model;
  return { ...model, instances: new Map([...model.instances, ...fitted]) };
}

export interface BuildOptions extends ElaborateOptions {
  /** Fits the trained neurons the part uses; a fresh one with default options if absent. */
  readonly trainer?: Trainer;
}

export interface Built {
  readonly netlist: Netlist;
  readonly circuit: CompiledCircuit;
  /** The engine chosen for the circuit (see evaluate/engine.ts). */
  readonly engine: Engine;
  /** What the trainer did for the trained neurons the part uses. */
  readonly fits: readonly FitReport[];
  /** What the trainer did for the trained circuits the part uses (itself included). */
  readonly circuitFits: readonly CircuitFitReport[];
}

/** A part expanded to its netlist, whatever it is: what diagrams and `nn info` need. */
export interface BuiltNetlist {
  readonly netlist: Netlist;
  /** What the trainer did for the trained neurons the part uses. */
  readonly fits: readonly FitReport[];
  /** What the trainer did for the trained circuits the part uses (itself included). */
  readonly circuitFits: readonly CircuitFitReport[];
}

/** A part compiled to run over time (any part: one without memory runs too). */
export interface BuiltMachine extends BuiltNetlist {
  readonly machine: Machine;
}

/**
 * Fits what part `name` needs, then elaborates it. `name` is a neuron, a circuit, or an
 * instance of a circuit with width parameters: `RippleAdder<16>`.
 */
export async function buildNetlist(model: Model, name: string, options: BuildOptions = {}): Promise<Result<BuiltNetlist>> {
  const found = withPart(model, name);
  if (!found.ok) return found;
  const trainer = options.trainer ?? new Trainer();
  const circuits = await trainer.fitCircuits(circuitsToFit(found.value.part, found.value.model), new Set(found.value.model.parts.keys()));
  if (hasErrors(circuits.diagnostics)) return fail([...found.diagnostics, ...circuits.diagnostics]);
  const fittedModel = withTrainedCircuits(found.value.model, circuits.fitted);
  const part = found.value.part.kind === 'instance' ? fittedModel.instances.get(found.value.part.key)! : found.value.part;
  const fitted = await trainer.fit(neuronsUsed(part, fittedModel));
  if (hasErrors(fitted.diagnostics)) return fail([...circuits.diagnostics, ...fitted.diagnostics]);
  const elaborated = elaborate(fittedModel, name, { ...options, trained: fitted.trained });
  const diagnostics = [...found.diagnostics, ...circuits.diagnostics, ...fitted.diagnostics, ...elaborated.diagnostics];
  if (!elaborated.ok) return fail(diagnostics);
  return ok({ netlist: elaborated.value, fits: fitted.reports, circuitFits: circuits.reports }, diagnostics);
}

/**
 * Fits what part `name` needs, then elaborates and compiles it for the engines: a part
 * without memory. One with delays or loops is refused with a diagnostic that says what to
 * use instead (`buildMachine`).
 */
export async function build(model: Model, name: string, options: BuildOptions = {}): Promise<Result<Built>> {
  // The engines do not draw: the instances' ports are left out unless asked for.
  const built = await buildNetlist(model, name, { ports: false, ...options });
  if (!built.ok) return built;
  const { netlist, fits, circuitFits } = built.value;
  if (!isCombinational(netlist)) return fail([...built.diagnostics, hasMemory(model, name, netlist)]);
  const circuit = compile(netlist);
  return ok({ netlist, circuit, engine: engineFor(circuit), fits, circuitFits }, built.diagnostics);
}

/** Fits, elaborates and compiles part `name` to run over time (src/simulate). */
export async function buildMachine(model: Model, name: string, options: BuildOptions = {}): Promise<Result<BuiltMachine>> {
  const built = await buildNetlist(model, name, { ports: false, ...options });
  if (!built.ok) return built;
  // Loaded when needed: the commands that never run a circuit over time start without it.
  const { compileMachine } = await import('./simulate/machine.js');
  return ok({ ...built.value, machine: compileMachine(built.value.netlist) }, built.diagnostics);
}

/** Why a part with memory has no truth table of its inputs alone. */
function hasMemory(model: Model, name: string, netlist: Netlist): Diagnostic {
  const found = withPart(model, name);
  const part = found.ok ? found.value.part : undefined;
  const span = part ? (part.kind === 'neuron' ? part.decl.name.span : part.def.decl.name.span) : undefined;
  const parts: string[] = [];
  const r = registersOf(netlist).length;
  if (r > 0) parts.push(`${r} ${plural(r, 'delay')}`);
  const loops = loopsOf(netlist).length;
  if (loops > 0) parts.push(`${loops} ${plural(loops, 'loop')} of neurons`);
  return error('sequential', `${netlist.name} has memory (${parts.join(' and ')}): its outputs depend on what came before, not only on its inputs`, span, {
    hint: `run it over time with nn sim, test it with a test ${netlist.name} sequence { ... } block; nn table gives its state table`,
  });
}

/**
 * The part a command works on when none is named: the file's last circuit (files build up to
 * their main circuit), else its last neuron. `choices` counts the candidates, so the caller
 * can say which one it picked when there was a choice.
 */
export function defaultPart(model: Model): { part: PartDef; choices: number } | undefined {
  // A circuit with width parameters needs values: it is no default.
  const circuits = model.own.filter((p) => p.kind === 'circuit' && p.typeParams.length === 0);
  const pool = circuits.length > 0 ? circuits : model.own.filter((p) => p.kind === 'neuron');
  const part = pool[pool.length - 1];
  return part && { part, choices: pool.length };
}
