// Types of generate.js, for the tests that use its circuits.
export const GATES: string;
export function adder(n: number): string;
export function flatAdder(statements: number): string;
export function adderTest(n: number): string;
