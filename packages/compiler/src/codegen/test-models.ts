// Hand-built IR models for the compiler's tests and benchmarks (no front end involved).
import type { Expr, IRModel, IRReaction, IRSurrogate } from '../ir/types.js';
import { IR_VERSION } from '../ir/types.js';

export const e = {
  num: (v: number): Expr => ({ k: 'num', v }),
  y: (i: number): Expr => ({ k: 'state', i }),
  p: (i: number): Expr => ({ k: 'param', i }),
  a: (i: number): Expr => ({ k: 'assigned', i }),
  t: { k: 'time' } as Expr,
  add: (...args: Expr[]): Expr => ({ k: 'add', args }),
  mul: (...args: Expr[]): Expr => ({ k: 'mul', args }),
  sub: (a: Expr, b: Expr): Expr => ({ k: 'sub', a, b }),
  div: (a: Expr, b: Expr): Expr => ({ k: 'div', a, b }),
  pow: (a: Expr, b: Expr): Expr => ({ k: 'pow', a, b }),
  neg: (a: Expr): Expr => ({ k: 'neg', a }),
  call: (fn: Extract<Expr, { k: 'call' }>['fn'], ...args: Expr[]): Expr => ({ k: 'call', fn, args }),
  cmp: (op: Extract<Expr, { k: 'cmp' }>['op'], a: Expr, b: Expr): Expr => ({ k: 'cmp', op, a, b }),
  if: (c: Expr, a: Expr, b: Expr): Expr => ({ k: 'if', c, a, b }),
};

/** An empty model to spread partial models into. */
export function emptyModel(name = 'test'): IRModel {
  return {
    irVersion: IR_VERSION, name, files: [], states: [], params: [], assigned: [], reactions: [], logic: [],
    events: [], surrogates: [], observables: [], decisions: [],
  };
}

const species = (name: string, initial: number, extra: Partial<IRModel['states'][number]> = {}): IRModel['states'][number] =>
  ({ name, kind: 'species', initial: e.num(initial), ...extra });
const param = (name: string, value: number): IRModel['params'][number] => ({ name, value });
const reaction = (name: string, rate: Expr, stoich: [number, number][]): IRReaction =>
  ({ name, rate, stoich: stoich.map(([state, coef]) => ({ state, coef })), reversible: false });

/** Robertson's stiff chemical kinetics (Hairer & Wanner II, §IV.1) as three reactions. */
export function robertson(): IRModel {
  const { y, p, mul, pow, num } = e;
  return {
    ...emptyModel('robertson'),
    states: [species('y1', 1), species('y2', 0), species('y3', 0)],
    params: [param('k1', 0.04), param('k2', 1e4), param('k3', 3e7)],
    reactions: [
      reaction('r1', mul(p(0), y(0)), [[0, -1], [1, 1]]),
      reaction('r2', mul(p(1), y(1), y(2)), [[1, -1], [0, 1]]),
      reaction('r3', mul(p(2), pow(y(1), num(2))), [[1, -2], [1, 1], [2, 1]]),
    ],
  };
}
export function robertsonRhs(y: Float64Array, p: Float64Array, dy: Float64Array): void {
  dy[0] = -p[0]! * y[0]! + p[1]! * y[1]! * y[2]!;
  dy[1] = p[0]! * y[0]! - p[1]! * y[1]! * y[2]! - p[2]! * y[1]! * y[1]!;
  dy[2] = p[2]! * y[1]! * y[1]!;
}

/** S -> P by Michaelis-Menten kinetics in a compartment of volume V (state 2, growing at rate g);
 *  concentrations, rates in amount per time: d[S]/dt = -Vmax [S]/(Km + [S]) V / V. */
export function michaelisMenten(): IRModel {
  const { y, p, mul, div, add } = e;
  const rate = div(mul(p(0), y(0), y(2)), add(p(1), y(0)));
  return {
    ...emptyModel('mm'),
    states: [
      species('S', 10, { volume: y(2) }),
      species('P', 0, { volume: y(2) }),
      { name: 'V', kind: 'compartment', initial: e.num(2), rate: p(2) },
      species('Src', 1, { boundary: true, volume: y(2) }),
    ],
    params: [param('Vmax', 1.5), param('Km', 0.7), param('g', 0.1)],
    reactions: [reaction('conv', rate, [[0, -1], [1, 1], [3, -1]])],
  };
}
export function michaelisMentenRhs(y: Float64Array, p: Float64Array, dy: Float64Array): void {
  const v = p[0]! * y[0]! * y[2]! / (p[1]! + y[0]!);
  dy[0] = -v / y[2]!;
  dy[1] = v / y[2]!;
  dy[2] = p[2]!;
  dy[3] = 0;
}

/** Assignment rules chained through each other, if-expressions, min/max/abs, variable powers. */
export function rulesAndIfs(): IRModel {
  const { y, p, a, t, mul, div, add, sub, pow, call, cmp, num, neg } = e;
  return {
    ...emptyModel('rules'),
    states: [species('x', 1.2), species('z', 0.4), { name: 'u', kind: 'variable', initial: num(0.3) }],
    params: [param('k', 0.8), param('th', 0.9), param('n', 2.5)],
    assigned: [
      { name: 'a0', expr: mul(p(0), y(0), y(1)) },
      { name: 'a1', expr: e.if(cmp('>', y(0), p(1)), pow(a(0), num(2)), call('exp', neg(a(0)))) },
      { name: 'a2', expr: add(call('max', a(1), y(2)), call('abs', sub(y(1), num(0.5)))) },
      { name: 'a3', expr: call('hill', y(0), p(1), p(2)) },
    ],
    reactions: [
      reaction('r0', mul(a(0), call('tanh', y(2))), [[0, -1], [1, 1]]),
      reaction('r1', div(a(2), add(num(1), y(1))), [[1, -1]]),
      reaction('r2', mul(a(3), pow(y(1), y(2))), [[0, 1]]),
    ],
    observables: [{ name: 'total', expr: add(y(0), y(1)) }],
  };
}
export function rulesAndIfsRhs(t: number, y: Float64Array, p: Float64Array, dy: Float64Array): void {
  const a0 = p[0]! * y[0]! * y[1]!;
  const a1 = y[0]! > p[1]! ? a0 ** 2 : Math.exp(-a0);
  const a2 = Math.max(a1, y[2]!) + Math.abs(y[1]! - 0.5);
  const a3 = y[0]! ** p[2]! / (p[1]! ** p[2]! + y[0]! ** p[2]!);
  const r0 = a0 * Math.tanh(y[2]!), r1 = a2 / (1 + y[1]!), r2 = a3 * y[1]! ** y[2]!;
  dy[0] = -r0 + r2;
  dy[1] = r0 - r1;
  dy[2] = 0;
}
// u has no rate and no reactions: dy[2] = 0; a rate rule is added in tests that need one.
export const rulesAndIfsRate = (): Expr => e.sub(e.a(1), e.mul(e.y(2), e.t));

/** A random mass-action network: nReactions reactions over nSpecies species, each with one or
 *  two reactants and products, some with Michaelis-Menten or Hill rates through assigned values.
 *  Deterministic (linear congruential generator) so benchmarks are repeatable. */
export function largeNetwork(nReactions: number, nSpecies: number, seed = 12345): IRModel {
  let s = seed >>> 0;
  const rnd = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const pick = (): number => Math.floor(rnd() * nSpecies);
  const { y, p, a, mul, div, add, num } = e;
  const params: IRModel['params'][number][] = [];
  const assigned: IRModel['assigned'][number][] = [];
  const reactions: IRReaction[] = [];
  // A few shared assigned values (total pools) that many rates refer to.
  const nPools = Math.max(1, Math.floor(nSpecies / 500));
  for (let k = 0; k < nPools; k++) {
    const members = Array.from({ length: 5 }, pick);
    assigned.push({ name: `pool${k}`, expr: add(...members.map(y)) });
  }
  for (let r = 0; r < nReactions; r++) {
    const kIdx = params.length;
    params.push({ name: `k${r}`, value: 0.1 + rnd() });
    const r1 = pick(), r2 = pick(), p1 = pick();
    const kind = rnd();
    let rate: Expr;
    let stoich: [number, number][];
    if (kind < 0.6) {
      rate = mul(p(kIdx), y(r1), y(r2));
      stoich = [[r1, -1], [r2, -1], [p1, 1]];
    } else if (kind < 0.85) {
      rate = div(mul(p(kIdx), y(r1)), add(num(1), y(r1)));
      stoich = [[r1, -1], [p1, 1]];
    } else {
      rate = mul(p(kIdx), y(r1), a(Math.floor(rnd() * nPools)));
      stoich = [[r1, -1], [p1, 2]];
    }
    reactions.push(reaction(`R${r}`, rate, stoich));
  }
  return {
    ...emptyModel('large'),
    states: Array.from({ length: nSpecies }, (_, i) => species(`S${i}`, 0.5 + (i % 7) / 7)),
    params, assigned, reactions,
  };
}

/** A 2-input, 2-output MLP surrogate with deterministic pseudo-random weights. */
export function mlpSurrogate(layers: number[], activation: string, seed = 7, withWeights = true): IRSurrogate {
  let s = seed;
  const rnd = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32 - 0.5; };
  const nIn = layers[0]!, nOut = layers[layers.length - 1]!;
  const kernels: number[][] = [], biases: number[][] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    kernels.push(Array.from({ length: layers[l]! * layers[l + 1]! }, () => 1.5 * rnd()));
    biases.push(Array.from({ length: layers[l + 1]! }, () => 0.5 * rnd()));
  }
  return {
    name: 'net',
    inputs: Array.from({ length: nIn }, (_, k) => ({ name: `in${k}` })),
    outputs: Array.from({ length: nOut }, (_, k) => ({ name: `out${k}` })),
    layers, activation,
    ...(withWeights ? {
      weights: {
        kernels, biases,
        inputShift: Array.from({ length: nIn }, (_, k) => 0.1 * k), inputScale: Array.from({ length: nIn }, (_, k) => 1 + 0.5 * k),
        outputShift: Array.from({ length: nOut }, (_, k) => 0.2 - 0.1 * k), outputScale: Array.from({ length: nOut }, (_, k) => 2 + k),
        inputMin: Array.from({ length: nIn }, () => -10), inputMax: Array.from({ length: nIn }, () => 10),
      },
    } : {}),
  };
}
