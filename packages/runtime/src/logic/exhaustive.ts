// Exhaustive attractor search over all 2^m states of a reduced network, states bit-packed into
// integers (variable j in bit j).
//
// Deterministic updating (synchronous, priority classes): the state transition graph is a
// functional graph; every state is walked once, marking states visited and on the current walk
// in two bitsets; meeting a state of the current walk closes a new cycle (an attractor).
//
// Asynchronous updating: attractors are the terminal strongly connected components of the
// state transition graph (an edge flips one node whose rule disagrees with it). They are found
// by Tarjan's algorithm, written iteratively in Pearce's space-saving form ("A space-efficient
// algorithm for finding strongly connected components", Inf. Process. Lett. 116 (2016)): one
// Int32 per state serves as both index and lowlink, one byte of flags per state, and the stacks
// grow on demand. A component is terminal when none of its states has an edge into an earlier
// completed component (edges to states still on the stack stay inside the component).
//
// Memory: the synchronous image table is 4 bytes per state, the asynchronous search about
// 9 bytes per state, hence the limits below (2^26 · 4 B = 256 MiB; 2^24 · 9 B ≈ 150 MiB).

import { compileRules, synchronousTable } from './compile.js';
import type { ReducedNetwork } from './reduce.js';
import { intToBits } from './reduce.js';

export const MAX_EXHAUSTIVE_DETERMINISTIC = 26;
export const MAX_EXHAUSTIVE_ASYNC = 24;

/** An attractor over the variables of a reduced network. */
export interface RawAttractor {
  readonly type: 'fixed' | 'cycle';
  /** Reduced states: in order for deterministic updating, sorted for asynchronous. */
  readonly states: string[];
  /** Smallest subspace holding it ('0', '1' or '-' per variable). */
  readonly space: string;
  readonly size: number;
  readonly truncated: boolean;
}

/** The smallest subspace holding a set of states: '-' where they disagree. */
export function spaceOf(states: readonly string[]): string {
  const first = states[0] ?? '';
  let out = '';
  for (let j = 0; j < first.length; j++) {
    const c = first[j]!;
    out += states.every((s) => s[j] === c) ? c : '-';
  }
  return out;
}

/** The synchronous image F(s) for every state, or the priority-class successor. */
function successorTable(red: ReducedNetwork, mode: 'sync' | 'priority'): Uint32Array {
  const total = 2 ** red.m;
  const table = new Uint32Array(total);
  synchronousTable(compileRules(red.rules), table);
  if (mode === 'priority') {
    // Among the nodes that would change, only the highest class present updates.
    const classes = [...new Set(red.priorities)].sort((a, b) => b - a);
    const masks = classes.map((c) => {
      let mask = 0;
      for (let j = 0; j < red.m; j++) if (red.priorities[j] === c) mask |= 1 << j;
      return mask;
    });
    for (let s = 0; s < total; s++) {
      const d = (s ^ table[s]!) >>> 0;
      if (d === 0) continue;
      for (const mask of masks) {
        const md = d & mask;
        if (md !== 0) {
          table[s] = (s ^ md) >>> 0;
          break;
        }
      }
    }
  }
  return table;
}

/** Attractors of synchronous or priority-class updating by walking the functional graph. */
export function exhaustiveDeterministic(red: ReducedNetwork, mode: 'sync' | 'priority'): RawAttractor[] {
  if (red.m > MAX_EXHAUSTIVE_DETERMINISTIC) {
    throw new RangeError(`exhaustive search is limited to ${MAX_EXHAUSTIVE_DETERMINISTIC} dynamic nodes (got ${red.m})`);
  }
  const total = 2 ** red.m;
  const next = successorTable(red, mode);
  const words = Math.ceil(total / 32);
  const visited = new Uint32Array(words);
  const onPath = new Uint32Array(words);
  let path = new Int32Array(1024);
  const out: RawAttractor[] = [];
  for (let s0 = 0; s0 < total; s0++) {
    if (visited[s0 >>> 5]! & (1 << (s0 & 31))) continue;
    let len = 0;
    let s = s0;
    while (!(visited[s >>> 5]! & (1 << (s & 31)))) {
      visited[s >>> 5]! |= 1 << (s & 31);
      onPath[s >>> 5]! |= 1 << (s & 31);
      if (len === path.length) {
        const bigger = new Int32Array(path.length * 2);
        bigger.set(path);
        path = bigger;
      }
      path[len++] = s;
      s = next[s]!;
    }
    if (onPath[s >>> 5]! & (1 << (s & 31))) {
      let k = len - 1;
      while (path[k] !== s) k--;
      const states: string[] = [];
      for (let j = k; j < len; j++) states.push(intToBits(path[j]!, red.m));
      out.push({ type: states.length === 1 ? 'fixed' : 'cycle', states, space: spaceOf(states), size: states.length, truncated: false });
    }
    for (let j = 0; j < len; j++) onPath[path[j]! >>> 5]! &= ~(1 << (path[j]! & 31));
  }
  return out;
}

const DONE = 1;
const ROOT = 2;
const LEAK = 4;

/** A growable Int32 stack. */
class IntStack {
  data = new Int32Array(256);
  size = 0;
  push(x: number): void {
    if (this.size === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = x;
  }
}

/** Attractors (terminal SCCs) of asynchronous updating. At most `maxStates` states of each
 *  attractor are listed (the smallest, as bit strings); `size` counts them all. */
export function exhaustiveAsync(red: ReducedNetwork, maxStates: number): RawAttractor[] {
  if (red.m > MAX_EXHAUSTIVE_ASYNC) {
    throw new RangeError(`exhaustive asynchronous search is limited to ${MAX_EXHAUSTIVE_ASYNC} dynamic nodes (got ${red.m})`);
  }
  const m = red.m;
  const total = 2 ** m;
  // change[s]: the nodes whose rule disagrees with their value in s (one outgoing edge each).
  const change = new Uint32Array(total);
  synchronousTable(compileRules(red.rules), change);
  for (let s = 0; s < total; s++) change[s] = (change[s]! ^ s) >>> 0;

  const rindex = new Int32Array(total); // 0 = unvisited; otherwise visit index, lowered to lowlink
  const flags = new Uint8Array(total);
  const frameV = new IntStack(); // DFS frames: vertex, successor bits still to explore, child
  const frameMask = new IntStack();
  const frameChild = new IntStack();
  const comp = new IntStack(); // finished vertices whose component is still open
  const out: RawAttractor[] = [];
  let index = 1;

  const begin = (v: number): void => {
    rindex[v] = index++;
    flags[v] = ROOT;
    frameV.push(v);
    frameMask.push(change[v]! | 0);
    frameChild.push(-1);
  };

  for (let s0 = 0; s0 < total; s0++) {
    if (rindex[s0] !== 0) continue;
    begin(s0);
    while (frameV.size > 0) {
      const top = frameV.size - 1;
      const v = frameV.data[top]!;
      const child = frameChild.data[top]!;
      if (child >= 0) {
        frameChild.data[top] = -1;
        if (flags[child]! & DONE) flags[v]! |= LEAK;
        else if (rindex[child]! < rindex[v]!) {
          rindex[v] = rindex[child]!;
          flags[v]! &= ~ROOT;
        }
      }
      let mask = frameMask.data[top]!;
      let descended = false;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const w = (v ^ bit) >>> 0;
        if (rindex[w] === 0) {
          frameMask.data[top] = mask;
          frameChild.data[top] = w;
          begin(w);
          descended = true;
          break;
        }
        if (flags[w]! & DONE) flags[v]! |= LEAK;
        else if (rindex[w]! < rindex[v]!) {
          rindex[v] = rindex[w]!;
          flags[v]! &= ~ROOT;
        }
      }
      if (descended) continue;
      frameV.size--;
      frameMask.size--;
      frameChild.size--;
      if (!(flags[v]! & ROOT)) {
        comp.push(v);
        continue;
      }
      // v roots a component: v and the open vertices above it whose lowlink is >= v's index.
      const rv = rindex[v]!;
      let leak = (flags[v]! & LEAK) !== 0;
      let first = comp.size;
      while (first > 0 && rindex[comp.data[first - 1]!]! >= rv) first--;
      for (let j = first; j < comp.size; j++) if (flags[comp.data[j]!]! & LEAK) leak = true;
      if (!leak) {
        const members = Array.from(comp.data.subarray(first, comp.size));
        members.push(v);
        members.sort((a, b) => a - b);
        out.push(rawAsync(members, m, maxStates));
      }
      flags[v]! |= DONE;
      for (let j = first; j < comp.size; j++) flags[comp.data[j]!]! |= DONE;
      comp.size = first;
    }
  }
  return out;
}

function rawAsync(members: number[], m: number, maxStates: number): RawAttractor {
  // Bit strings put variable 0 first, so sort by the strings, not by the integers.
  const states = members.map((s) => intToBits(s, m)).sort();
  const truncated = states.length > maxStates;
  return {
    type: members.length === 1 ? 'fixed' : 'cycle',
    states: truncated ? states.slice(0, maxStates) : states,
    space: spaceOf(states),
    size: members.length,
    truncated,
  };
}
