// The reference pages keep up with the code: every diagnostic code nn can report is listed in
// docs/diagnostics.md, and every command has its section in docs/cli.md.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

describe('the docs list what the code does', () => {
  it('every diagnostic code is in docs/diagnostics.md', () => {
    const codes = new Set<string>();
    for (const text of sources('src')) {
      for (const m of text.matchAll(/\b(?:error|warning)\(\s*['`]([a-z][a-z0-9-]*)(\$\{[^}]*\})?([a-z-]*)['`]/g)) {
        // A code built from a template, `unknown-${what}-target`, stands for each of its forms.
        if (m[2]) for (const what of ['test', 'assert']) codes.add(`${m[1]}${what}${m[3]}`);
        else codes.add(m[1]!);
      }
    }
    expect(codes.size).toBeGreaterThan(50);
    const doc = readFileSync('docs/diagnostics.md', 'utf8');
    expect([...codes].filter((c) => !doc.includes(`\`${c}\``)).sort()).toEqual([]);
  });

  it('every command has a section in docs/cli.md', () => {
    const main = readFileSync('src/cli/main.ts', 'utf8');
    const commands = [...main.matchAll(/^ {2}([a-z]+): async \(\) =>/gm)].map((m) => m[1]!);
    expect(commands).toContain('verify');
    const doc = readFileSync('docs/cli.md', 'utf8');
    expect(commands.filter((c) => !doc.includes(`## \`nn ${c} `))).toEqual([]);
  });
});
