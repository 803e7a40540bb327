import { describe, expect, it } from 'vitest';
import { fileErrorReason } from '../src/load/file-errors.js';
import type { SourceHost } from '../src/load/load.js';
import { load, Trainer } from '../src/pipeline.js';
import { readTableFile } from '../src/synth/read-file.js';

const failing = (code: string, message = `${code}: what Node says, open 'x'`) => Object.assign(new Error(message), { code });

describe('file-system errors in plain words', () => {
  it('says the same code in the words that fit what nn was doing', () => {
    expect(fileErrorReason(failing('ENOENT'), 'read')).toBe('no such file');
    expect(fileErrorReason(failing('ENOENT'), 'list')).toBe('it is gone');
    expect(fileErrorReason(failing('ENOENT'), 'write')).toBe('directory does not exist');
    for (const action of ['read', 'list', 'write'] as const) expect(fileErrorReason(failing('EACCES'), action)).toBe('permission denied');
    expect(fileErrorReason(failing('ENOTDIR'), 'list')).toBe('it is not a folder');
    expect(fileErrorReason(failing('ENOTDIR'), 'write')).toBe('a part of the path is not a directory');
  });

  it("keeps the error's own message for a code it has no words for, and for the reader's own refusals", () => {
    expect(fileErrorReason(failing('EWHATEVER', 'something odd'), 'read')).toBe('something odd');
    expect(fileErrorReason(failing('constructor', 'odd code'), 'write')).toBe('odd code');
    expect(fileErrorReason(failing('EFBIG', 'it is larger than 32 MB'), 'read')).toBe('it is larger than 32 MB');
    expect(fileErrorReason(failing('EFBIG', 'File too large'), 'write')).toBe('the file is too large');
    expect(fileErrorReason('not an Error', 'read')).toBe('not an Error');
  });

  it('gives one reason wherever a file is read: a .nn file, a data set, a truth table', async () => {
    for (const [code, reason] of [
      ['ENOENT', 'no such file'],
      ['EISDIR', 'it is a directory, not a file'],
      ['EACCES', 'permission denied'],
    ] as const) {
      const host: SourceHost = {
        readFile: (path) => {
          if (path === 'main.nn') return 'neuron N(a, b) { train: "d.csv"  label: "y" }';
          throw failing(code);
        },
      };
      const nn = load('gone.nn', { host });
      expect(nn.ok ? [] : nn.diagnostics.map((d) => d.message)).toEqual([`cannot read gone.nn: ${reason}`]);
      const loaded = load('main.nn', { host });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
      const fitted = await new Trainer(host).fit([loaded.value.model.parts.get('N') as never]);
      expect(fitted.diagnostics.map((d) => d.message)).toEqual([`cannot read the data set d.csv: ${reason}`]);
      const table = readTableFile('t.pla', 'pla', { host });
      expect(table.ok ? [] : table.diagnostics.map((d) => d.message)).toEqual([`cannot read t.pla: ${reason}`]);
    }
  });
});
