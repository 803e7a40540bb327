// Names a synthesised circuit may use: .nn names are ASCII letters, digits and _, not starting
// with a digit, and not a keyword.

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['import', 'neuron', 'circuit', 'test']);

export function isName(text: string): boolean {
  return NAME.test(text) && !KEYWORDS.has(text);
}

/**
 * A name made from any text: characters other than letters, digits and _ become _, a leading
 * digit gets a _ in front, and keywords get a _ after them. For file names such as adder-4.pla.
 */
export function nameFrom(text: string): string {
  let name = text.replace(/[^A-Za-z0-9_]/g, '_');
  if (name === '') name = '_';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (KEYWORDS.has(name)) name = `${name}_`;
  return name;
}
