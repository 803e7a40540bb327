// Turns Ohm's structured failure data into plain words. Never reads Ohm's message string.

import type { FailedMatchResult } from 'ohm-js';

/** The part of Ohm's Failure objects we use (not in ohm-js's published typings). */
interface Failure {
  getText(): string;
  getType(): string;
  isFluffy(): boolean;
}

const DECLARATION_START = new Set(["'import'", "'neuron'", "'circuit'", "'test'", 'the end of the file']);

/** What the grammar would have accepted at the failure position, e.g. `'=' or a name`. */
export function describeExpected(match: FailedMatchResult): string {
  const failures = (match as unknown as { getRightmostFailures(): Failure[] }).getRightmostFailures();
  const seen = new Set<string>();
  for (const f of failures) {
    if (f.isFluffy()) continue;
    const text = f.getType() === 'string' ? quote(f.getText()) : f.getText();
    if (text === 'end of input') seen.add('the end of the file');
    else seen.add(text);
  }
  // "end of the file" is the least helpful expectation; mention it last.
  // Between declarations the only choices are the keywords: say it as one thing.
  if ([...seen].every((w) => DECLARATION_START.has(w))) return 'a declaration (import, neuron, circuit or test)';
  // An index or slice may follow any name: saying so after every name only distracts.
  if (seen.size > 1) seen.delete("'['");
  const words = [...seen].sort((a, b) => Number(a === 'the end of the file') - Number(b === 'the end of the file'));
  if (words.length === 0) return 'something else';
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function quote(text: string): string {
  if (text === '\n' || text === '\r\n' || text === '\r') return 'a new line';
  return `'${text}'`;
}

/** What is actually at `position`: a word, a symbol, or the end of the file. */
export function describeFound(source: string, position: number): { text: string; length: number } {
  if (position >= source.length) return { text: 'the end of the file', length: 0 };
  const rest = source.slice(position, position + 40);
  const word = /^[A-Za-z_0-9.+-]+/.exec(rest)?.[0];
  if (word) return { text: `'${word}'`, length: word.length };
  const c = rest[0]!;
  if (c === '\n' || c === '\r') return { text: 'the end of the line', length: 1 };
  if (rest.startsWith('->')) return { text: "'->'", length: 2 };
  const code = c.charCodeAt(0);
  if (code < 32 || code === 127 || code === 0xfffd) return { text: `a control character (code ${code})`, length: 1 };
  return { text: `'${c}'`, length: 1 };
}
