// Rationals as a reader would write them.

import { decimalPlaces, exactDecimal, rational, toNumber, type Rational } from './rational.js';

/**
 * A rational as a reader would write it: an integer, a short exact decimal (0.5, 0.25) or a
 * small fraction (1/3). Real-valued data make huge exact denominators (a decimal such as 1.9
 * is a binary fraction in a double), so other values are shown as the simple fraction they are
 * within 1e-9 of, marked ≈ (≈19/24: usually exact for the decimals as written), or else as
 * a rounded decimal, also marked ≈.
 */
export function formatRational(q: Rational): string {
  const simple = formatSimple(q);
  if (simple !== undefined) return simple;
  const v = toNumber(q);
  const f = nearFraction(v);
  if (f) return `≈${formatSimple(rational(BigInt(f[0]), BigInt(f[1])))}`;
  return `≈${Number(v.toPrecision(10))}`;
}

function formatSimple(q: Rational): string | undefined {
  if (q.den === 1n) return q.num.toString();
  const digits = decimalPlaces(q.den);
  if (digits !== undefined && digits <= 6) {
    const scaled = (q.num * 10n ** BigInt(digits)) / q.den;
    const sign = scaled < 0n ? '-' : '';
    const text = (scaled < 0n ? -scaled : scaled).toString().padStart(digits + 1, '0');
    return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return q.den <= 1000n ? `${q.num}/${q.den}` : undefined;
}

/**
 * The simplest fraction p/q (q <= 1000) within 1e-9 (relative) of v, by continued fractions:
 * 0.9999999999 is 1/1, 0.33333333331 is 1/3.
 */
export function nearFraction(v: number, maxDen = 1000): [number, number] | undefined {
  const tolerance = 1e-9 * Math.max(1, Math.abs(v));
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let r = v;
  for (let step = 0; step < 64; step++) {
    const a = Math.floor(r);
    const [h2, k2] = [a * h1 + h0, a * k1 + k0];
    if (k2 > maxDen) break;
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    if (Math.abs(h1 / k1 - v) <= tolerance) return [h1, k1];
    if (r === a) break;
    r = 1 / (r - a);
  }
  return undefined;
}

/** A number for people to read: whole numbers in full, others to `digits` significant digits. */
export function formatNumber(x: number, digits = 6): string {
  if (Object.is(x, -0)) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** An exact value written in full (`0.1`, `-1e+300`, `1.0000000000000000001`). */
export function formatExact(q: Rational): string {
  return exactDecimal(q) ?? formatRational(q);
}
