// The sequential examples against an independent implementation: the same circuits written
// behaviourally in Verilog (test/fixtures/icarus/circuits.v) and run in Icarus Verilog over
// 100 ticks of pseudo-random inputs. Each CSV there is Icarus's trace; nn, given the CSV as its
// inputs (it ignores the tick and output columns), must print the very same file.

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';

class Collector extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

const CASES = [
  ['counter', 'circuits/counter.nn', 'Counter4'],
  ['serial-adder', 'circuits/serial-adder.nn', 'SerialAdder'],
  ['traffic-light', 'circuits/traffic-light.nn', 'TrafficLight'],
  ['shift-register', 'circuits/shift-register.nn', 'ShiftRegister8'],
] as const;

describe('nn and Icarus Verilog give the same trace', () => {
  it.each(CASES)('%s', async (fixture, file, name) => {
    const path = `test/fixtures/icarus/${fixture}.csv`;
    const expected = readFileSync(path, 'utf8');
    expect(expected.split('\n')).toHaveLength(102); // a header, 100 ticks, the last newline
    const stdout = new Collector();
    const stderr = new Collector();
    const code = await run(['sim', file, name, '--input', path, '--format', 'csv'], {
      stdout,
      stderr,
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
    });
    expect(code, stderr.text).toBe(0);
    expect(stdout.text).toBe(expected);
  });
});
