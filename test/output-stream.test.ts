// Output written as it comes (nn sim --vcd): the same temporary files as every other output.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutputSafely } from '../src/cli/write-output.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a streamed output file', () => {
  it('is written beside its target under a name a later nn recognises, however long the name', () => {
    dir = mkdtempSync(join(tmpdir(), 'nn-stream-'));
    const out = join(dir, `${'x'.repeat(240)}.vcd`);
    const stream = openOutputSafely(out, { protect: [] });
    stream.write('$date today $end\n');
    // A killed run leaves this: the pid comes first, as removeStaleTemporaries reads it.
    expect(readdirSync(dir)).toEqual([expect.stringMatching(new RegExp(`^\\.nn-tmp-${process.pid}-[0-9a-f]{8}-x+$`))]);
    stream.commit();
    expect(readdirSync(dir)).toEqual([`${'x'.repeat(240)}.vcd`]);
    expect(readFileSync(out, 'utf8')).toBe('$date today $end\n');
  });
});
