// Exact rational numbers on BigInt, for every decision nn makes on bits: `w·x + b >= 0` is
// decided on the exact values the file wrote (decimals read from their text, not via a
// double) or the exact values of the doubles a trainer learned.

import { dyadic } from './dyadic.js';

/** An exact rational number in lowest terms, `den > 0`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export const abs = (v: bigint): bigint => (v < 0n ? -v : v);

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('rational with a zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

export const integer = (n: bigint | number): Rational => ({ num: BigInt(n), den: 1n });
export const add = (a: Rational, b: Rational): Rational =>
  a.den === b.den ? rational(a.num + b.num, a.den) : rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational => add(a, neg(b));
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);
export const neg = (a: Rational): Rational => ({ num: -a.num, den: a.den });
export const equal = (a: Rational, b: Rational): boolean => a.num === b.num && a.den === b.den;
export const sign = (a: Rational): -1 | 0 | 1 => (a.num > 0n ? 1 : a.num < 0n ? -1 : 0);
export const compare = (a: Rational, b: Rational): number => sign(sub(a, b));
export const isInteger = (a: Rational): boolean => a.den === 1n;

/** The exact value of a finite double: every double is m / 2^e. */
export function fromNumber(v: number): Rational {
  const { m, e } = dyadic(v);
  return rational(m, 1n << BigInt(e));
}

const bitLength = (v: bigint): number => (v === 0n ? 0 : abs(v).toString(2).length);

/** The double nearest a rational, rounded to nearest (ties to even) for normal results. */
export function toNumber(q: Rational): number {
  if (q.num === 0n) return 0;
  const limit = 1n << 53n;
  const n = abs(q.num);
  const s = q.num < 0n ? -1 : 1;
  // Both exact as doubles: one IEEE division rounds correctly.
  if (n <= limit && q.den <= limit) return s * (Number(n) / Number(q.den));
  // A quotient of at least 65 bits, with a sticky bit for what the division dropped, rounds
  // to the same double as the exact value.
  const shift = 66 - (bitLength(n) - bitLength(q.den));
  let quotient: bigint;
  let rest: bigint;
  if (shift >= 0) {
    quotient = (n << BigInt(shift)) / q.den;
    rest = (n << BigInt(shift)) % q.den;
  } else {
    const d = q.den << BigInt(-shift);
    quotient = n / d;
    rest = n % d;
  }
  if (rest !== 0n) quotient |= 1n;
  // Scale in two steps so that 2^-shift cannot overflow or underflow on its own.
  const half = Math.trunc(shift / 2);
  return s * Number(quotient) * 2 ** -half * 2 ** -(shift - half);
}

/** Digits after the point in the exact decimal of 1/den, or undefined if it never ends. */
export function decimalPlaces(den: bigint): number | undefined {
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) [den, twos] = [den / 2n, twos + 1];
  while (den % 5n === 0n) [den, fives] = [den / 5n, fives + 1];
  return den === 1n ? Math.max(twos, fives) : undefined;
}

/**
 * The exact decimal of a rational whose denominator has no prime factors but 2 and 5 (every
 * number nn reads or learns), in JavaScript's notation: plain between 1e-7 and 1e21, else
 * `1.25e+30`. Undefined for other denominators (1/3 has no finite decimal).
 */
export function exactDecimal(q: Rational): string | undefined {
  const places = decimalPlaces(q.den);
  if (places === undefined) return undefined;
  const scaled = (q.num * 10n ** BigInt(places)) / q.den;
  return decimalText(scaled < 0n, abs(scaled).toString(), -places);
}

/** The number `digits × 10^exponent` (with a sign) in JavaScript's notation. */
function decimalText(negative: boolean, digits: string, exponent: number): string {
  // Trailing zeros of the digits move into the exponent.
  let end = digits.length;
  while (end > 1 && digits[end - 1] === '0') end--;
  exponent += digits.length - end;
  digits = digits.slice(0, end);
  if (digits === '0') return '0';
  const sign = negative ? '-' : '';
  // The power of ten of the leading digit.
  const lead = digits.length - 1 + exponent;
  if (lead >= 21 || lead < -7) {
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${mantissa}e${lead < 0 ? '-' : '+'}${Math.abs(lead)}`;
  }
  if (exponent >= 0) return sign + digits + '0'.repeat(exponent);
  const point = digits.length + exponent;
  return point > 0 ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}` : `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/** The limits on numbers written in a file: see docs/language.md, "Numbers". */
export const NUMBER_LIMITS = { digits: 500, largestExponent: 308, smallestExponent: -1000 } as const;

export type DecimalResult =
  | { readonly ok: true; readonly value: Rational }
  | { readonly ok: false; readonly reason: 'syntax' | 'too-many-digits' | 'too-large' | 'too-small' };

const DECIMAL = /^([+-]?)(?:(\d+)(?:\.(\d+))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal number exactly as written: `-1.0000000000000000001` is not -1. Refuses numbers
 * with more than 500 digits, larger than the largest double (about 1.8e308), or nonzero and
 * smaller than 1e-1000: within those bounds exact arithmetic stays cheap.
 */
export function parseDecimal(text: string): DecimalResult {
  // Weights are mostly a few short numbers used again and again (1, -1, -2, 0.5): each read once.
  if (text.length <= 8) {
    let known = shortDecimals.get(text);
    if (!known) {
      if (shortDecimals.size >= 4096) shortDecimals.clear();
      known = readDecimal(text);
      shortDecimals.set(text, known);
    }
    return known;
  }
  return readDecimal(text);
}

/** Results of `parseDecimal` for short texts (they are immutable, so they can be shared). */
const shortDecimals = new Map<string, DecimalResult>();

function readDecimal(text: string): DecimalResult {
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, reason: 'syntax' };
  const whole = m[2] ?? '';
  const fraction = m[3] ?? m[4] ?? '';
  let digits = (whole + fraction).replace(/^0+/, '');
  if (digits.length > NUMBER_LIMITS.digits) return { ok: false, reason: 'too-many-digits' };
  if (digits === '') return { ok: true, value: ZERO };
  // An exponent too long to read is too large or too small whatever the digits are.
  const expText = m[5] ?? '0';
  if (expText.replace(/^[+-]?0*/, '').length > 6) return { ok: false, reason: expText.startsWith('-') ? 'too-small' : 'too-large' };
  let exponent = Number(expText) - fraction.length;
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  const lead = digits.length - 1 + exponent;
  if (lead < NUMBER_LIMITS.smallestExponent) return { ok: false, reason: 'too-small' };
  if (lead > NUMBER_LIMITS.largestExponent || (lead === NUMBER_LIMITS.largestExponent && !Number.isFinite(Number(text)))) {
    return { ok: false, reason: 'too-large' };
  }
  const magnitude = BigInt(digits);
  const signed = m[1] === '-' ? -magnitude : magnitude;
  const value = exponent >= 0 ? integer(signed * 10n ** BigInt(exponent)) : rational(signed, 10n ** BigInt(-exponent));
  return { ok: true, value };
}

/** A rational exactly, as "num/den" or "num": for JSON, which cannot hold a bigint. */
export function rationalToString(q: Rational): string {
  return q.den === 1n ? q.num.toString() : `${q.num}/${q.den}`;
}
