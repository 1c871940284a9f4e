// IR logic nodes -> the runtime's LogicNetwork: structure, free inputs, priorities, initial
// values, and hybrid rules reported instead of guessed. The attractors found through the adapter
// are checked by hand for a two-node toggle switch.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAttractors } from '@idt/runtime';
import { compileFile, logicNetworkOf } from '../index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-logic-network-'));
let counter = 0;

function lower(text: string) {
  const file = path.join(dir, `m${counter++}.idt`);
  fs.writeFileSync(file, text);
  const r = compileFile(file);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return logicNetworkOf(r.ir!);
}

describe('logicNetworkOf', () => {
  it('translates Boolean rules over logic nodes, free inputs and initial values', () => {
    const r = lower(`logic signal
logic a := signal and not b initially true
logic b := (a or b) xor signal
logic c := if a then b else not b
logic d := signal implies a
`);
    expect(r.problems).toEqual([]);
    const net = r.network!;
    expect(net.names).toEqual(['signal', 'a', 'b', 'c', 'd']);
    expect(net.priorities).toBeUndefined();
    expect(r.initial).toEqual([false, true, false, false, false]);
    expect(net.rules[0]).toBeNull();
    expect(net.rules[1]).toEqual({ k: 'and', args: [{ k: 'var', i: 0 }, { k: 'not', a: { k: 'var', i: 2 } }] });
    expect(net.rules[2]).toEqual({ k: 'xor', args: [{ k: 'or', args: [{ k: 'var', i: 1 }, { k: 'var', i: 2 }] }, { k: 'var', i: 0 }] });
    // if c then a else b becomes (c and a) or (not c and b).
    expect(net.rules[3]).toEqual({
      k: 'or',
      args: [
        { k: 'and', args: [{ k: 'var', i: 1 }, { k: 'var', i: 2 }] },
        { k: 'and', args: [{ k: 'not', a: { k: 'var', i: 1 } }, { k: 'not', a: { k: 'var', i: 2 } }] },
      ],
    });
    expect(net.rules[4]).toEqual({ k: 'implies', args: [{ k: 'var', i: 0 }, { k: 'var', i: 1 }] });
  });

  it('carries priority classes when a node declares one', () => {
    const r = lower(`logic a := not b priority 2
logic b := not a
`);
    expect(r.network!.priorities).toEqual([2, 0]);
  });

  it('reports a rule that thresholds a continuous quantity (a hybrid model)', () => {
    const r = lower(`species N = 0.1
der(N) = 0.2 * N
logic high := N > 0.5
logic on := high or on
`);
    expect(r.network).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.node).toBe('high');
    expect(r.problems[0]!.message).toMatch(/'high'.*compares numbers/);
    expect(r.problems[0]!.source).toBeDefined();
  });

  it('gives the attractor search a network whose answer is known: a toggle switch', () => {
    // a := not b, b := not a: fixed points 10 and 01; synchronous updating adds the cycle
    // 00 -> 11 -> 00; asynchronous updating leaves only the two fixed points.
    const net = lower('logic a := not b\nlogic b := not a\n').network!;
    const sync = findAttractors(net, { mode: 'sync' });
    expect(sync.attractors.map((x) => [x.type, ...x.states])).toEqual([
      ['fixed', '01'],
      ['fixed', '10'],
      ['cycle', '00', '11'],
    ]);
    const async = findAttractors(net, { mode: 'async' });
    expect(async.attractors.map((x) => [x.type, ...x.states])).toEqual([
      ['fixed', '01'],
      ['fixed', '10'],
    ]);
  });
});
