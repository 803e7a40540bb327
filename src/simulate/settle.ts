// Settling a loop of neurons within a tick, McCulloch–Pitts style: every neuron of the loop
// takes one unit of time, so one step computes all of them at once from the values of the step
// before. A loop settles when a step changes nothing; when a state comes back without that
// (Brent's cycle detection, one saved state), it oscillates, with that period. The steps are
// bounded, so nothing here can hang.

import { fires, neuronSignal, type Machine } from './machine.js';

/** Most steps one loop may take to settle within a tick. */
export const MAX_SETTLE_STEPS = 10_000;

/** A loop that did not settle within a tick. */
export interface Oscillation {
  readonly tick: number;
  /** The loop's neurons, ascending. */
  readonly loop: readonly number[];
  /** The neurons of the loop that keep changing, ascending. */
  readonly involved: readonly number[];
  /** Steps from a state to its return; undefined when none came back within the bound. */
  readonly period?: number;
  /** Steps taken before giving up. */
  readonly steps: number;
  /**
   * The involved neurons' values over one period (one array per step), when there is one,
   * from the first state of the tick that comes back.
   */
  readonly cycle?: readonly (readonly number[])[];
}

/** One step of a loop in lockstep: every neuron from the values before. True when something changed. */
function lockstep(m: Machine, loop: readonly number[], v: Uint8Array, next: Uint8Array): boolean {
  for (let i = 0; i < loop.length; i++) next[i] = fires(m, loop[i]!, v);
  let changed = false;
  for (let i = 0; i < loop.length; i++) {
    const s = neuronSignal(m, loop[i]!);
    if (v[s] !== next[i]) {
      v[s] = next[i]!;
      changed = true;
    }
  }
  return changed;
}

/** One sweep of the start-up rule: each neuron in turn, from the values as they are. */
function sweep(m: Machine, loop: readonly number[], v: Uint8Array): boolean {
  let changed = false;
  for (const k of loop) {
    const s = neuronSignal(m, k);
    const y = fires(m, k, v);
    if (v[s] !== y) {
      v[s] = y;
      changed = true;
    }
  }
  return changed;
}

const snapshot = (m: Machine, loop: readonly number[], v: Uint8Array): Uint8Array => Uint8Array.from(loop, (k) => v[neuronSignal(m, k)]!);

function same(m: Machine, loop: readonly number[], v: Uint8Array, state: Uint8Array): boolean {
  for (let i = 0; i < loop.length; i++) if (v[neuronSignal(m, loop[i]!)] !== state[i]) return false;
  return true;
}

function restore(m: Machine, loop: readonly number[], v: Uint8Array, state: Uint8Array): void {
  for (let i = 0; i < loop.length; i++) v[neuronSignal(m, loop[i]!)] = state[i]!;
}

/**
 * Runs `step` on the loop until a step changes nothing (settled: undefined), or a state comes
 * back (an oscillation, with its period), or `maxSteps` steps are taken.
 */
function run(m: Machine, loop: readonly number[], v: Uint8Array, step: () => boolean, tick: number, taken: number, maxSteps: number): Oscillation | undefined {
  // Brent: the hare runs ahead; the tortoise jumps to it at powers of two.
  const start = snapshot(m, loop, v);
  let power = 1;
  let lambda = 1;
  let steps = taken + 1;
  let tortoise = start;
  if (!step()) return undefined;
  while (!same(m, loop, v, tortoise)) {
    if (steps >= maxSteps) return undecided(m, loop, v, tick, steps, step);
    if (power === lambda) {
      tortoise = snapshot(m, loop, v);
      power *= 2;
      lambda = 0;
    }
    steps++;
    lambda++;
    if (!step()) return undefined;
  }
  return periodic(m, loop, v, tick, steps, lambda, start, step);
}

/** The state after one step from `state`. */
function next(m: Machine, loop: readonly number[], v: Uint8Array, state: Uint8Array, step: () => boolean): Uint8Array {
  restore(m, loop, v, state);
  step();
  return snapshot(m, loop, v);
}

/**
 * An oscillation with period `period`: its values over one period, listed from the first
 * state of the tick that comes back (Brent's second phase finds it from `start`).
 */
function periodic(m: Machine, loop: readonly number[], v: Uint8Array, tick: number, steps: number, period: number, start: Uint8Array, step: () => boolean): Oscillation {
  let hare = start;
  for (let i = 0; i < period; i++) hare = next(m, loop, v, hare, step);
  let tortoise = start;
  while (!equal(tortoise, hare)) {
    tortoise = next(m, loop, v, tortoise, step);
    hare = next(m, loop, v, hare, step);
  }
  const states = [tortoise];
  while (states.length < period) states.push(next(m, loop, v, states[states.length - 1]!, step));
  const moving = loop.map((_, i) => i).filter((i) => states.some((s) => s[i] !== states[0]![i]));
  return { tick, loop, involved: moving.map((i) => loop[i]!), steps, period, cycle: states.map((s) => moving.map((i) => s[i]!)) };
}

/** No state came back within the bound: the neurons still changing over a few more steps. */
function undecided(m: Machine, loop: readonly number[], v: Uint8Array, tick: number, steps: number, step: () => boolean): Oscillation {
  const first = snapshot(m, loop, v);
  const changed = new Uint8Array(loop.length);
  for (let round = 0; round < 2 * loop.length + 2; round++) {
    step();
    loop.forEach((k, i) => {
      if (v[neuronSignal(m, k)] !== first[i]) changed[i] = 1;
    });
  }
  const involved = loop.filter((_, i) => changed[i] === 1);
  return { tick, loop, involved: involved.length > 0 ? involved : loop, steps };
}

const equal = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);

/**
 * Settles one loop on the values in `v` (its inputs from outside settled already, its own
 * neurons holding what they held). `startUp` applies the start-up rule: a loop whose lockstep
 * oscillates is settled instead by updating its neurons one at a time, in the order the source
 * gives them, until nothing changes; only if that too fails is it an oscillation (the
 * lockstep one is reported). `taken` counts steps already made (by generated code).
 */
export function settleLoop(m: Machine, loop: readonly number[], v: Uint8Array, tick: number, startUp: boolean, taken = 0, maxSteps = MAX_SETTLE_STEPS): Oscillation | undefined {
  const before = startUp ? snapshot(m, loop, v) : undefined;
  const next = new Uint8Array(loop.length);
  const stuck = run(m, loop, v, () => lockstep(m, loop, v, next), tick, taken, maxSteps);
  if (!stuck || !before) return stuck;
  restore(m, loop, v, before);
  const sequential = run(m, loop, v, () => sweep(m, loop, v), tick, 0, maxSteps);
  return sequential ? stuck : undefined;
}
