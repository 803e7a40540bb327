// Ports read as numbers: a bus is shown as the unsigned number its bits make, bit 0 least
// significant; a single bit as 0 or 1.

import type { NetPort } from '../elaborate/netlist.js';

export type Radix = 'dec' | 'hex' | 'bin';

/** The value of `port` in `bits` (indexed by position in the netlist's inputs or outputs). */
export function portValue(port: NetPort, bits: ArrayLike<number>): bigint {
  let v = 0n;
  port.bits.forEach((position, i) => {
    if (bits[position] === 1) v |= 1n << BigInt(i);
  });
  return v;
}

/** `8`, `0x8`, `0b1000` (binary and hex keep every digit the width has). */
export function formatValue(v: bigint, width: number | null, radix: Radix = 'dec'): string {
  if (width === null || radix === 'dec') return v.toString();
  if (radix === 'hex') return `0x${v.toString(16).padStart(Math.ceil(width / 4), '0')}`;
  return `0b${v.toString(2).padStart(width, '0')}`;
}

/** `a=3 b=5 cin=0` for a row of bits; a port with any don't-care bit shows `*`. */
export function describeRow(ports: readonly NetPort[], bits: ArrayLike<number | null>): string {
  return ports
    .map((p) => {
      const known = p.bits.every((position) => bits[position] !== null);
      return `${p.name}=${known ? formatValue(portValue(p, bits as ArrayLike<number>), p.width) : '*'}`;
    })
    .join(' ');
}
