// Firing times of timed events (doses at given times, periodic schedules) over one run.
//
// Event e is triggered at start + k * period for k = 0, 1, ... while k < count and the time is <= end;
// a period of 0 (or less) fires once. Each trigger executes delay later (the event engine queues it).
// Times are computed as start + k * period, never by repeated addition, so a long schedule does not
// drift. Firings whose execution is before t0 are in the past and skipped; a trigger before t0 whose
// execution is not is taken at t0. Times and delays are evaluated once from the parameters at the start.

import type { TimedEventSpec } from '../model.js';

type PriorityFn = (t: number, y: Float64Array, p: Float64Array) => number;

export class TimedSchedule {
  private readonly start: Float64Array;
  private readonly period: Float64Array;
  private readonly end: Float64Array;
  private readonly count: Float64Array;
  private readonly delay: Float64Array;
  /** Model event index -> its priority function, for timed events that have one. */
  private readonly priorities = new Map<number, PriorityFn>();
  /** The scheduled (trigger) time of the firing the last takeDue returned. */
  takenAt = NaN;
  /** Index k of each event's next firing, and its time (Infinity when exhausted). */
  private readonly k: Float64Array;
  private readonly nextAt: Float64Array;

  constructor(private readonly specs: readonly TimedEventSpec[]) {
    const m = specs.length;
    this.start = new Float64Array(m);
    this.period = new Float64Array(m);
    this.end = new Float64Array(m);
    this.count = new Float64Array(m);
    this.delay = new Float64Array(m);
    for (const spec of specs) if (spec.priority) this.priorities.set(spec.event, spec.priority.bind(spec));
    this.k = new Float64Array(m);
    this.nextAt = new Float64Array(m).fill(Infinity);
  }

  get size(): number {
    return this.specs.length;
  }

  /** Evaluate the schedules at the start of a run; firings before t0 are skipped. */
  init(p: Float64Array, t0: number): void {
    for (let i = 0; i < this.specs.length; i++) {
      const { start, period, end, count, delay } = this.specs[i]!.times(p);
      const d = delay !== undefined && delay > 0 ? delay : 0;
      this.start[i] = start;
      this.period[i] = period > 0 ? period : 0;
      this.end[i] = end;
      this.count[i] = period > 0 ? count : Math.min(count, 1);
      this.delay[i] = d;
      // The first firing whose execution (trigger + d) is at or after t0.
      const from = t0 - d;
      let k = 0;
      if (period > 0 && start < from) {
        k = Math.ceil((from - start) / period);
        while (k > 0 && start + (k - 1) * period + d >= t0) k--;
        while (start + k * period + d < t0) k++;
      }
      this.k[i] = k;
      this.nextAt[i] = this.timeOf(i, k, t0);
    }
  }

  /** Trigger time of firing k of event i, Infinity when there is none (or it executes before t0). */
  private timeOf(i: number, k: number, t0: number): number {
    if (k >= this.count[i]!) return Infinity;
    const t = this.start[i]! + k * this.period[i]!;
    if (t > this.end[i]! || t + this.delay[i]! < t0 || Number.isNaN(t)) return Infinity;
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
        this.takenAt = this.nextAt[i]!;
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

  specOf(i: number): TimedEventSpec {
    return this.specs[i]!;
  }

  /** Delay from trigger to execution of timed spec i (from the last init). */
  delayOf(i: number): number {
    return this.delay[i]!;
  }

  /** The priority function of model event e when it is a timed event that has one. */
  priorityOf(e: number): PriorityFn | undefined {
    return this.priorities.get(e);
  }
}
