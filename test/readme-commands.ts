// The commands the README shows in its console blocks, with the output under each.

import { readFileSync } from 'node:fs';

export interface Shown {
  readonly command: string;
  readonly output: string;
}

/** Each command of a console block with the output under it, up to the next prompt. */
export function readmeCommands(): Shown[] {
  const readme = readFileSync('README.md', 'utf8');
  const shown: Shown[] = [];
  for (const block of readme.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const part of block[1]!.split(/^\$ /m).slice(1)) {
      const newline = part.indexOf('\n');
      shown.push({ command: part.slice(0, newline), output: part.slice(newline + 1).replace(/\n+$/, '') });
    }
  }
  return shown;
}

/** Words as a shell splits them: single quotes keep `<` and spaces. */
export const words = (command: string) => [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
/** Times move from run to run: `716 ms`, `3.0 s` are compared as `<time>`. */
export const timeless = (text: string) => text.replace(/\b\d+(\.\d+)? (ms|s)\b/g, '<time>');
