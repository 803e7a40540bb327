// Numbers and counted nouns as nn writes them, in diagnostics and in reports alike: one
// spelling of "1 row", "2 rows" and "1,048,576" for every stage.

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it:
 * 1,048,576. Not toLocaleString itself: its first call sets up ICU's number formatting,
 * which costs more than the rest of a small command's start-up. Anything else (a fraction,
 * a number beyond 2^53) is left to toLocaleString.
 */
export function thousands(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

/** `noun` for one thing, `nouns` (by default `noun` + s) for any other number of them. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return n === 1 ? noun : nouns;
}

/** `n` and the noun that goes with it: 1 row, 0 rows, 1,024 rows. */
export function count(n: number, noun: string, nouns?: string): string {
  return `${thousands(n)} ${plural(n, noun, nouns)}`;
}
