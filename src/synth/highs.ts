// The one place synthesis reaches the LP/MIP solver: HiGHS (WebAssembly), loaded once.
// Kept in a module of its own so that where the loader lives can change in one line.

export { loadHighs, lpSum, primal } from '../train/separability.js';
export { smallestIntegerWeights } from '../train/integer-weights.js';
export type { Highs, LegacyHighsOptions, LegacyHighsSolution } from 'highs';
