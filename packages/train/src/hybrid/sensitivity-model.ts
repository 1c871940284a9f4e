// The hybrid model with its forward sensitivities, as a CompiledModel the runtime's simulate
// driver integrates unchanged (DOPRI5, timed events, dense output at the data times):
//
//   y' = f(t, y; u, q),  u_c = N_c(a_c(t, y; q); theta)           (the model, networks outside)
//   S' = (f_y + f_u N_a a_y) S + f_u (N_theta + N_a a_q) + f_q     (S = dy/dTheta, n x P)
//
// with all partials of f, a and the observed quantities h from the auxiliary model's compiled
// Jacobian (aux-model.ts) and the network's from mlp.ts. The state is [y, S row-major]. The
// "observables" of this model are, per observed quantity, its value and its gradient dh/dTheta,
// so one simulation gives the residuals and their Jacobian at the data times.
//
// Theta is [theta_net_0, theta_net_1, ..., q]. Sensitivities are integrated with the same steps
// and the same dense output as y ("internal differentiation": the gradient is that of the
// computed trajectory); they are left out of error control (infinite tolerance), and the
// tolerances of y are tightened by sqrt(N / n) to undo the dilution of DOPRI5's RMS error norm.
import type { IRModel } from '@idt/compiler';
import type { CompiledModel, SparsePattern } from '@idt/runtime';
import type { Mlp } from '../mlp.js';
import type { AuxModel } from './aux-model.js';

/** Sparse entries of one auxiliary Jacobian row, split by the kind of column. */
interface RowParts {
  readonly y: Int32Array; readonly yk: Int32Array;
  readonly u: Int32Array; readonly uk: Int32Array;
  readonly q: Int32Array; readonly qk: Int32Array;
}

export class SensitivityModel {
  readonly P: number;
  readonly netOffset: number[] = [];
  /** Current parameters Theta (set before each simulation). */
  readonly theta: Float64Array;
  /** Per network input: smallest and largest argument seen while recordRange is on. */
  readonly rangeMin: Float64Array[];
  readonly rangeMax: Float64Array[];
  recordRange = false;
  /** When set, every argument vector evaluated is passed here (used to fit the input scaling). */
  sampleArgs: ((net: number, x: Float64Array) => void) | undefined;

  private readonly aux: AuxModel;
  private readonly yAux: Float64Array;
  private readonly dyAux: Float64Array;
  private readonly args: Float64Array;
  private readonly jv: Float64Array;
  private readonly rows: RowParts[];
  /** Per call site: network outputs, input Jacobian, parameter gradients (nOut x P_net). */
  private readonly uBuf: Float64Array[];
  private readonly ju: Float64Array[];
  private readonly gTheta: Float64Array[];
  private readonly W: Float64Array;
  private readonly U: Float64Array;
  private readonly thetaViews: Float64Array[];
  private readonly r: number;
  private readonly m: number;

  constructor(private readonly ir: IRModel, aux: AuxModel, readonly nets: readonly Mlp[]) {
    this.aux = aux;
    let off = 0;
    for (const net of nets) {
      this.netOffset.push(off);
      off += net.nParams;
    }
    this.P = off + aux.fittedParams.length;
    this.theta = new Float64Array(this.P);
    this.thetaViews = nets.map((net, k) => this.theta.subarray(this.netOffset[k]!, this.netOffset[k]! + net.nParams));
    this.rangeMin = nets.map((net) => new Float64Array(net.nIn).fill(Infinity));
    this.rangeMax = nets.map((net) => new Float64Array(net.nIn).fill(-Infinity));
    this.yAux = new Float64Array(aux.nAux);
    this.dyAux = new Float64Array(aux.nAux);
    this.m = aux.qBase - aux.uBase;
    this.r = aux.hBase - aux.aBase;
    this.args = new Float64Array(Math.max(1, this.r));
    const pat = aux.model.jacPattern;
    this.jv = new Float64Array(pat.colIdx.length);
    this.rows = Array.from({ length: aux.nAux }, (_, row) => this.rowParts(pat, row));
    this.uBuf = aux.sites.map((s) => new Float64Array(nets[s.net]!.nOut));
    this.ju = aux.sites.map((s) => new Float64Array(nets[s.net]!.nOut * nets[s.net]!.nIn));
    this.gTheta = aux.sites.map((s) => new Float64Array(nets[s.net]!.nOut * nets[s.net]!.nParams));
    this.W = new Float64Array(Math.max(1, this.r * this.P));
    this.U = new Float64Array(Math.max(1, this.m * this.P));
  }

  private rowParts(pat: SparsePattern, row: number): RowParts {
    const a = this.aux;
    const y: number[] = [], yk: number[] = [], u: number[] = [], uk: number[] = [], q: number[] = [], qk: number[] = [];
    for (let k = pat.rowPtr[row]!; k < pat.rowPtr[row + 1]!; k++) {
      const c = pat.colIdx[k]!;
      if (c < a.n) { y.push(c); yk.push(k); } else if (c < a.qBase) { u.push(c - a.uBase); uk.push(k); } else if (c < a.aBase) { q.push(c - a.qBase); qk.push(k); }
    }
    const I = Int32Array.from.bind(Int32Array);
    return { y: I(y), yk: I(yk), u: I(u), uk: I(uk), q: I(q), qk: I(qk) };
  }

  /** Evaluate networks and the auxiliary rhs at (t, y); with sens, also the Jacobian and U. */
  private evaluate(t: number, Y: Float64Array, p: Float64Array, S: Float64Array | null): void {
    const a = this.aux, yAux = this.yAux, n = a.n;
    for (let i = 0; i < n; i++) yAux[i] = Y[i]!;
    for (let i = a.uBase; i < a.qBase; i++) yAux[i] = 0;
    const q0 = this.P - a.fittedParams.length;
    for (let j = 0; j < a.fittedParams.length; j++) yAux[a.qBase + j] = this.theta[q0 + j]!;
    a.model.observables(t, yAux, p, this.args);
    a.sites.forEach((site, c) => {
      const net = this.nets[site.net]!, th = this.thetaViews[site.net]!;
      const x = this.args.subarray(site.aOffset - a.aBase, site.aOffset - a.aBase + net.nIn);
      if (this.recordRange) {
        const lo = this.rangeMin[site.net]!, hi = this.rangeMax[site.net]!;
        for (let i = 0; i < net.nIn; i++) { if (x[i]! < lo[i]!) lo[i] = x[i]!; if (x[i]! > hi[i]!) hi[i] = x[i]!; }
      }
      this.sampleArgs?.(site.net, x);
      const u = this.uBuf[c]!;
      net.forward(th, x, u);
      for (let k = 0; k < net.nOut; k++) yAux[site.uOffset + k] = u[k]!;
      if (S) {
        net.inputJacobian(th, this.ju[c]!);
        const g = this.gTheta[c]!;
        for (let k = 0; k < net.nOut; k++) net.paramGradient(th, k, g.subarray(k * net.nParams, (k + 1) * net.nParams));
      }
    });
    a.model.rhs(t, yAux, p, this.dyAux);
    if (!S) return;
    a.model.jac(t, yAux, p, this.jv);
    // W = da/dy S + da/dq (one row per argument), then U = N_a W + N_theta (one row per output).
    const P = this.P, W = this.W, U = this.U;
    for (let i = 0; i < this.r; i++) this.combine(this.rows[a.aBase + i]!, S, null, W, i * P);
    a.sites.forEach((site, c) => {
      const net = this.nets[site.net]!, nIn = net.nIn, ju = this.ju[c]!, g = this.gTheta[c]!;
      const off = this.netOffset[site.net]!;
      for (let k = 0; k < net.nOut; k++) {
        const row = (site.uOffset - a.uBase + k) * P;
        U.fill(0, row, row + P);
        for (let i = 0; i < nIn; i++) {
          const d = ju[k * nIn + i]!;
          if (d === 0) continue;
          const wr = (site.aOffset - a.aBase + i) * P;
          for (let l = 0; l < P; l++) U[row + l] = U[row + l]! + d * W[wr + l]!;
        }
        for (let l = 0; l < net.nParams; l++) U[row + off + l] = U[row + off + l]! + g[k * net.nParams + l]!;
      }
    });
  }

  /** out[0..P) := row's d/dy S + d/du U + d/dq (the total derivative with respect to Theta). */
  private combine(rp: RowParts, S: Float64Array, U: Float64Array | null, out: Float64Array, o: number): void {
    const P = this.P, jv = this.jv;
    out.fill(0, o, o + P);
    for (let e = 0; e < rp.y.length; e++) {
      const d = jv[rp.yk[e]!]!, sr = rp.y[e]! * P;
      if (d !== 0) for (let l = 0; l < P; l++) out[o + l] = out[o + l]! + d * S[sr + l]!;
    }
    if (U) {
      for (let e = 0; e < rp.u.length; e++) {
        const d = jv[rp.uk[e]!]!, ur = rp.u[e]! * P;
        if (d !== 0) for (let l = 0; l < P; l++) out[o + l] = out[o + l]! + d * U[ur + l]!;
      }
    }
    const q0 = P - this.aux.fittedParams.length;
    for (let e = 0; e < rp.q.length; e++) out[o + q0 + rp.q[e]!] = out[o + q0 + rp.q[e]!]! + jv[rp.qk[e]!]!;
  }

  /** The CompiledModel the simulate driver integrates; `sens` adds the sensitivities. */
  compiled(sens: boolean): CompiledModel {
    const a = this.aux, n = a.n, P = sens ? this.P : 0, N = n + n * P;
    const nObs = a.nObserved * (1 + P);
    const empty: SparsePattern = { n: N, rowPtr: new Int32Array(N + 1), colIdx: new Int32Array(0) };
    const self = this;
    const Sview = (Y: Float64Array): Float64Array => Y.subarray(n);
    const buf = new Float64Array(a.nAux);
    return {
      nStates: N,
      nParams: a.model.nParams,
      nRoots: 0,
      nAssigned: 0,
      nObservables: nObs,
      nLogic: 0,
      rhs(t, Y, p, dY) {
        const S = sens ? Sview(Y) : null;
        self.evaluate(t, Y, p, S);
        for (let i = 0; i < n; i++) dY[i] = self.dyAux[i]!;
        if (S) for (let i = 0; i < n; i++) self.combine(self.rows[i]!, S, self.U, dY, n + i * P);
      },
      jac() { throw new Error('internal: the sensitivity model is integrated with an explicit method only'); },
      jacPattern: empty,
      roots() {},
      assigned() {},
      observables(t, Y, p, out) {
        const S = sens ? Sview(Y) : null;
        self.evaluate(t, Y, p, S);
        for (let j = 0; j < a.nObserved; j++) {
          out[j * (1 + P)] = self.dyAux[a.hBase + j]!;
          if (S) self.combine(self.rows[a.hBase + j]!, S, self.U, out, j * (1 + P) + 1);
        }
      },
      initial(p, Y) {
        a.model.initial(p, buf);
        for (let i = 0; i < n; i++) Y[i] = buf[i]!;
        if (!sens) return;
        Y.fill(0, n);
        // Initial values may depend on fitted parameters: central differences of initial().
        const q0 = self.P - a.fittedParams.length;
        const plus = new Float64Array(a.nAux), minus = new Float64Array(a.nAux);
        a.fittedParams.forEach((pi, j) => {
          const v = p[pi]!, h = 1e-6 * Math.max(1, Math.abs(v));
          p[pi] = v + h; a.model.initial(p, plus);
          p[pi] = v - h; a.model.initial(p, minus);
          p[pi] = v;
          for (let i = 0; i < n; i++) Y[n + i * P + q0 + j] = (plus[i]! - minus[i]!) / (2 * h);
        });
      },
      derivedParams(p, overridden) { a.model.derivedParams(p, overridden); },
      logicNext() {},
      logicOffset: a.model.logicOffset,
      timedEvents: a.model.timedEvents,
      triggeredEvents: [],
      eventValues(e, t, Y, p, out) {
        for (let i = 0; i < n; i++) buf[i] = Y[i]!;
        a.model.eventValues(e, t, buf, p, out);
      },
      eventApply(e, values, Y, p) {
        for (let i = 0; i < n; i++) buf[i] = Y[i]!;
        a.model.eventApply(e, values, buf, p);
        for (let i = 0; i < n; i++) Y[i] = buf[i]!;
        if (!sens) return;
        // Jumps of S for state assignments whose value does not depend on the state or Theta
        // (doses, resets): '=' forgets the past, '*=' and '/=' scale it, '+=' and '-=' keep it.
        self.ir.events[e]!.assignments.forEach((as, k) => {
          if (as.target.kind !== 'state') return;
          const row = n + as.target.i * P;
          if (as.op === '=') Y.fill(0, row, row + P);
          else if (as.op === '*=') for (let l = 0; l < P; l++) Y[row + l] = Y[row + l]! * values[k]!;
          else if (as.op === '/=') for (let l = 0; l < P; l++) Y[row + l] = Y[row + l]! / values[k]!;
        });
      },
      eventSize: a.model.eventSize,
    };
  }
}
