// Decision outputs: a labelled verdict from statistics of the simulated trajectories
// (the roadmap's "one-time binary output", e.g. TREAT / DO NOT TREAT).
//
// Statistics are computed on the output samples, with linear interpolation between them for
// crossing times (time_above/time_below) and for at(x, t); ask for more output points when a
// verdict depends on a short peak.

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BoolOp = 'and' | 'or' | 'xor' | 'implies';

export type StatFunction = 'max' | 'min' | 'final' | 'initial' | 'mean' | 'time_of_max' | 'time_of_min' | 'time_above' | 'time_below' | 'at';

export type TrajectoryExpr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'stat'; readonly fn: StatFunction; readonly series: string; readonly arg?: number }
  | { readonly k: 'arith'; readonly op: '+' | '-' | '*' | '/'; readonly a: TrajectoryExpr; readonly b: TrajectoryExpr }
  | { readonly k: 'cmp'; readonly op: CompareOp; readonly a: TrajectoryExpr; readonly b: TrajectoryExpr }
  | { readonly k: 'bool'; readonly op: BoolOp; readonly args: readonly TrajectoryExpr[] }
  | { readonly k: 'not'; readonly a: TrajectoryExpr };

export interface DecisionSpec {
  readonly name: string;
  readonly doc?: string;
  readonly branches: readonly { readonly label: string; readonly when: TrajectoryExpr }[];
  readonly otherwise: string;
}

/** Value of a statistic over a sampled series. */
export function trajectoryStat(fn: StatFunction, time: ArrayLike<number>, x: ArrayLike<number>, arg?: number): number {
  const n = Math.min(time.length, x.length);
  if (n === 0) return NaN;
  switch (fn) {
    case 'initial':
      return x[0]!;
    case 'final':
      return x[n - 1]!;
    case 'max':
    case 'min': {
      let best = x[0]!;
      for (let i = 1; i < n; i++) best = fn === 'max' ? Math.max(best, x[i]!) : Math.min(best, x[i]!);
      return best;
    }
    case 'time_of_max':
    case 'time_of_min': {
      let bi = 0;
      for (let i = 1; i < n; i++) if (fn === 'time_of_max' ? x[i]! > x[bi]! : x[i]! < x[bi]!) bi = i;
      return time[bi]!;
    }
    case 'mean': {
      const span = time[n - 1]! - time[0]!;
      if (!(span > 0)) return x[0]!;
      let area = 0;
      for (let i = 1; i < n; i++) area += 0.5 * (x[i]! + x[i - 1]!) * (time[i]! - time[i - 1]!);
      return area / span;
    }
    case 'time_above':
    case 'time_below': {
      const thr = arg ?? 0;
      const sign = fn === 'time_above' ? 1 : -1;
      let total = 0;
      for (let i = 1; i < n; i++) {
        const a = sign * (x[i - 1]! - thr);
        const b = sign * (x[i]! - thr);
        const dt = time[i]! - time[i - 1]!;
        if (a > 0 && b > 0) total += dt;
        else if (a > 0 || b > 0) {
          // One end above: count the fraction of the interval above, by linear interpolation.
          const frac = a > 0 ? a / (a - b) : b / (b - a);
          total += dt * frac;
        }
      }
      return total;
    }
    case 'at': {
      const tq = arg ?? time[0]!;
      if (tq <= time[0]!) return x[0]!;
      if (tq >= time[n - 1]!) return x[n - 1]!;
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (time[mid]! <= tq) lo = mid;
        else hi = mid;
      }
      const w = (tq - time[lo]!) / (time[hi]! - time[lo]!);
      return x[lo]! + w * (x[hi]! - x[lo]!);
    }
  }
}

function evaluate(e: TrajectoryExpr, time: ArrayLike<number>, series: (name: string) => ArrayLike<number> | undefined): number | boolean {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'stat': {
      const x = series(e.series);
      return x ? trajectoryStat(e.fn, time, x, e.arg) : NaN;
    }
    case 'arith': {
      const a = Number(evaluate(e.a, time, series));
      const b = Number(evaluate(e.b, time, series));
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
    case 'cmp': {
      const a = Number(evaluate(e.a, time, series));
      const b = Number(evaluate(e.b, time, series));
      switch (e.op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '==': return a === b;
        case '!=': return a !== b;
      }
      return false;
    }
    case 'bool': {
      const v = e.args.map((a) => Boolean(evaluate(a, time, series)));
      switch (e.op) {
        case 'and': return v.every(Boolean);
        case 'or': return v.some(Boolean);
        case 'xor': return v.filter(Boolean).length % 2 === 1;
        case 'implies': return !v[0] || !!v[1];
      }
      return false;
    }
    case 'not':
      return !evaluate(e.a, time, series);
  }
}

/** The label of the first branch whose condition holds, else the `otherwise` label. */
export function evaluateDecision(d: DecisionSpec, time: ArrayLike<number>, series: (name: string) => ArrayLike<number> | undefined): string {
  for (const b of d.branches) if (evaluate(b.when, time, series) === true) return b.label;
  return d.otherwise;
}
