// Netlist.instances (each instance's ports and the signals on them) is for diagrams only: the
// builds for the engines leave it out, and everything else about the netlist stays the same.

import { describe, expect, it } from 'vitest';
import { elaborate } from '../src/elaborate/elaborate.js';
import { build, buildMachine, buildNetlist } from '../src/pipeline.js';
import type { Model } from '../src/check/model.js';
import { checkSource } from './helpers.js';

const model = (src: string) => {
  const r = checkSource(src);
  if (!r.model) throw new Error(r.rendered);
  return r.model;
};

/** How many sub-circuit instances `key` expands to, counted on the checked model. */
function instancesIn(m: Model, key: string): number {
  let n = 0;
  for (const s of m.instances.get(key)!.statements) if (s.source.kind === 'circuit') n += 1 + instancesIn(m, s.source.instance);
  return n;
}

describe('the ports of instances', () => {
  const adder = model('import "circuits/ripple-adder.nn"');

  it('are recorded by default and left out with ports: false, the rest of the netlist alike', () => {
    const withPorts = elaborate(adder, 'RippleAdder<4>');
    const without = elaborate(adder, 'RippleAdder<4>', { ports: false });
    if (!withPorts.ok || !without.ok) throw new Error('failed');
    const count = instancesIn(adder, 'RippleAdder<4>');
    expect(count).toBeGreaterThan(4);
    expect(withPorts.value.instances).toHaveLength(count);
    expect(withPorts.value.instances![0]!.inputs.map((p) => p.name)).toEqual(['a', 'b', 'cin']);
    expect('instances' in without.value).toBe(false);
    const { instances: _, ...rest } = withPorts.value;
    expect(without.value).toEqual(rest);
  });

  it('are drawn from buildNetlist, and not kept by the builds that compile', async () => {
    const count = instancesIn(adder, 'RippleAdder<4>');
    const drawn = await buildNetlist(adder, 'RippleAdder<4>');
    expect(drawn.ok && drawn.value.netlist.instances).toHaveLength(count);
    const built = await build(adder, 'RippleAdder<4>');
    expect(built.ok && built.value.netlist.instances).toBeUndefined();
    const machine = await buildMachine(adder, 'RippleAdder<4>');
    expect(machine.ok && machine.value.netlist.instances).toBeUndefined();
    // Asked for, they are there.
    const asked = await build(adder, 'RippleAdder<4>', { ports: true });
    expect(asked.ok && asked.value.netlist.instances).toHaveLength(count);
  });
});
