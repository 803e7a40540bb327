// Types for the generated benchmark and test circuits (bench/circuits.js).
export function adder(n: number): string;
export const THRESHOLD_GATES: string;
export function majorityAdder(n: number, options?: { name?: string; brokenBit?: number }): string;
export function arrayMultiplier(n: number): string;
export function columnMultiplier(n: number): string;
