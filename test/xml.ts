// A well-formedness check for the SVG tests, without an XML dependency.
import { expect } from 'vitest';

/**
 * A small well-formedness check: balanced tags, quoted attributes, no stray '<' or '&' in
 * text. Enough to catch broken escaping or truncated output without an XML dependency.
 */
export function expectWellFormedXml(xml: string): void {
  const body = xml
    .replace(/^\uFEFF?<\?xml[^?]*\?>/, '')
    .replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  let roots = 0;
  let i = 0;
  // Each check calls expect only when it fails (for its message): an SVG has thousands of tags.
  const bareAmpersand = /&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)/;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt < 0 ? body.length : lt);
    if (bareAmpersand.test(textPart)) expect(textPart, 'bare & in text').not.toMatch(bareAmpersand);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (m === null) expect(m, `malformed tag near: ${body.slice(lt, lt + 80)}`).not.toBeNull();
    const [whole, close, name, , selfClosing] = m!;
    if (close) {
      const open = stack.pop();
      if (open !== name) expect(open, `closing </${name}>`).toBe(name);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
    i = lt + whole.length;
  }
  expect(stack, 'unclosed tags').toEqual([]);
  expect(roots, 'one root element').toBe(1);
}
