import { describe, expect, it } from 'vitest';
import { count, plural, thousands } from '../src/diagnostics/words.js';

describe('numbers and counted nouns', () => {
  it('writes whole numbers as toLocaleString does, with thousands separators', () => {
    const samples = [0, 7, 999, 1000, 65_536, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -1234, -1_000_000];
    // Not whole, or past 2^53: left to toLocaleString itself.
    samples.push(1.5, 1234.5678, 2 ** 60, 1e21);
    for (let k = 0; k < 60; k++) samples.push(Math.floor(1.7 ** k), -Math.floor(3.1 ** (k / 2)));
    for (const n of samples) expect(thousands(n), String(n)).toBe(n.toLocaleString('en-US'));
    expect(thousands(1_048_576)).toBe('1,048,576');
  });

  it('puts a noun in the plural for every number but one', () => {
    expect([0, 1, 2].map((n) => plural(n, 'row'))).toEqual(['rows', 'row', 'rows']);
    expect(plural(3, 'property', 'properties')).toBe('properties');
    expect(plural(1, 'property', 'properties')).toBe('property');
    expect([0, 1, 1024].map((n) => count(n, 'more problem'))).toEqual(['0 more problems', '1 more problem', '1,024 more problems']);
  });
});
