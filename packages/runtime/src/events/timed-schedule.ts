// Firing times of timed events (doses at given times, periodic schedules) over one run.
//
// Event e fires at start + k * period for k = 0, 1, ... while k < count and the time is <= end; a
// period of 0 (or less) fires once. Times are computed as start + k * period, never by repeated
// addition, so a long schedule does not drift. Firings before t0 are in the past and skipped; a
// firing exactly at t0 happens at t0. Times are evaluated once from the parameters at the start.

import type { TimedEventSpec } from '../model.js';

export class TimedSchedule {
  private readonly start: Float64Array;
  private readonly period: Float64Array;
  private readonly end: Float64Array;
  private readonly count: Float64Array;
  /** Index k of each event's next firing, and its time (Infinity when exhausted). */
  private readonly k: Float64Array;
  private readonly nextAt: Float64Array;

  constructor(private readonly specs: readonly TimedEventSpec[]) {
    const m = specs.length;
    this.start = new Float64Array(m);
    this.period = new Float64Array(m);
    this.end = new Float64Array(m);
    this.count = new Float64Array(m);
    this.k = new Float64Array(m);
    this.nextAt = new Float64Array(m).fill(Infinity);
  }

  get size(): number {
    return this.specs.length;
  }

  /** Evaluate the schedules at the start of a run; firings before t0 are skipped. */
  init(p: Float64Array, t0: number): void {
    for (let i = 0; i < this.specs.length; i++) {
      const { start, period, end, count } = this.specs[i]!.times(p);
      this.start[i] = start;
      this.period[i] = period > 0 ? period : 0;
      this.end[i] = end;
      this.count[i] = period > 0 ? count : Math.min(count, 1);
      let k = 0;
      if (period > 0 && start < t0) {
        k = Math.ceil((t0 - start) / period);
        while (k > 0 && start + (k - 1) * period >= t0) k--;
        while (start + k * period < t0) k++;
      }
      this.k[i] = k;
      this.nextAt[i] = this.timeOf(i, k, t0);
    }
  }

  private timeOf(i: number, k: number, t0: number): number {
    if (k >= this.count[i]!) return Infinity;
    const t = this.start[i]! + k * this.period[i]!;
    if (t > this.end[i]! || t < t0 || Number.isNaN(t)) return Infinity;
    return t;
  }

  /** Earliest pending firing time (Infinity if none). */
  nextTime(): number {
    let t = Infinity;
    for (let i = 0; i < this.nextAt.length; i++) if (this.nextAt[i]! < t) t = this.nextAt[i]!;
    return t;
  }

  /** Index into specs of a timed event due at or before t, advancing it to its next firing; -1 when
   *  none is due. Call repeatedly to drain. */
  takeDue(t: number): number {
    for (let i = 0; i < this.nextAt.length; i++) {
      if (this.nextAt[i]! <= t) {
        const k = this.k[i]! + 1;
        this.k[i] = k;
        this.nextAt[i] = this.timeOf(i, k, -Infinity);
        return i;
      }
    }
    return -1;
  }

  /** The model event index of timed spec i. */
  eventOf(i: number): number {
    return this.specs[i]!.event;
  }
}
