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
  /** The involved neurons' values over one period (one array per step), when there is one. */
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
 * back (an oscillation, with its period), or `MAX_SETTLE_STEPS` steps are taken.
 */
function run(m: Machine, loop: readonly number[], v: Uint8Array, step: () => boolean, tick: number, taken: number): Oscillation | undefined {
  // Brent: the hare runs ahead; the tortoise jumps to it at powers of two.
  let power = 1;
  let lambda = 1;
  let steps = taken + 1;
  let tortoise = snapshot(m, loop, v);
  if (!step()) return undefined;
  while (!same(m, loop, v, tortoise)) {
    if (steps >= MAX_SETTLE_STEPS) return oscillation(m, loop, v, tick, steps, undefined, step);
    if (power === lambda) {
      tortoise = snapshot(m, loop, v);
      power *= 2;
      lambda = 0;
    }
    steps++;
    lambda++;
    if (!step()) return undefined;
  }
  return oscillation(m, loop, v, tick, steps, lambda, step);
}

/** What an oscillation looks like: which neurons change, and their values over one period. */
function oscillation(m: Machine, loop: readonly number[], v: Uint8Array, tick: number, steps: number, period: number | undefined, step: () => boolean): Oscillation {
  const rounds = period ?? 2;
  const states: Uint8Array[] = [];
  for (let i = 0; i < rounds; i++) {
    states.push(snapshot(m, loop, v));
    step();
  }
  const moving = loop.map((_, i) => states.some((s) => s[i] !== states[0]![i])).map((changes, i) => (changes ? i : -1)).filter((i) => i >= 0);
  const involved = moving.map((i) => loop[i]!);
  return {
    tick, loop, involved: involved.length > 0 ? involved : loop, steps,
    ...(period !== undefined && { period, cycle: states.map((s) => moving.map((i) => s[i]!)) }),
  };
}

/**
 * Settles one loop on the values in `v` (its inputs from outside settled already, its own
 * neurons holding what they held). `startUp` applies the start-up rule: a loop whose lockstep
 * oscillates is settled instead by updating its neurons one at a time, in the order the source
 * gives them, until nothing changes; only if that too fails is it an oscillation (the
 * lockstep one is reported). `taken` counts steps already made (by generated code).
 */
export function settleLoop(m: Machine, loop: readonly number[], v: Uint8Array, tick: number, startUp: boolean, taken = 0): Oscillation | undefined {
  const before = startUp ? snapshot(m, loop, v) : undefined;
  const next = new Uint8Array(loop.length);
  const stuck = run(m, loop, v, () => lockstep(m, loop, v, next), tick, taken);
  if (!stuck || !before) return stuck;
  restore(m, loop, v, before);
  const sequential = run(m, loop, v, () => sweep(m, loop, v), tick, 0);
  return sequential ? stuck : undefined;
}
