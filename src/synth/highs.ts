// The one place synthesis reaches the LP/MIP solver: HiGHS (WebAssembly), loaded once.
// Kept in a module of its own so that where the loader lives can change in one line.

export { loadHighs, lpSum, primal, type Highs, type LegacyHighsOptions, type LegacyHighsSolution } from '../solver/highs.js';
export { smallestIntegerWeights } from '../train/integer-weights.js';
