// What happens at one instant: logic updates, trigger transitions, and event executions in SBML order.
//
// The simulate driver stops the integration at every instant where something may happen (t0, a
// located root crossing, a timed firing, a delayed execution, tEnd) and hands the state to process().
// There, until nothing more is due at this instant (SBML Level 3 Version 2, section 4.11.6-4.11.8):
//   1. logic nodes are brought to their synchronous fixed point (hybrid models);
//   2. every trigger condition is evaluated; a false -> true transition triggers the event: its delay
//      is evaluated now, its assignment values too when useValuesFromTriggerTime, and an execution is
//      scheduled at t + delay; a true -> false transition cancels the pending executions of a
//      non-persistent event;
//   3. among the executions due now, the one of highest priority (evaluated now) executes; its
//      assignments may change conditions, so the loop starts again (cascades).
// Among due executions of equal (highest) priority, SBML requires the choice to be random (L3V2
// section 4.11.7; the test suite's RandomEventExecution cases check the statistics): one is drawn
// uniformly from a seeded Xoshiro128 stream, so a run is reproducible from its seed (DEFAULT_EVENT_SEED
// unless the caller gives one). Several due executions of the same event run in scheduling order. A
// draw is made only when there is a tie, so models without ties never consume the stream. Timed
// events have the priority of their `priority` option, else 0, the SBML value of an unspecified
// priority; a timed event's trigger is its scheduled time, its execution that time plus its delay.
// The condition assumed just before t0 is the event's initialValue. A cascade longer than
// MAX_EXECUTIONS_PER_INSTANT stops with a failure.

import type { CompiledModel, TriggeredEventSpec } from '../model.js';
import { Xoshiro128 } from '../logic/prng.js';
import { LOGIC_CHANGED, LOGIC_OSCILLATING, LogicFixedPoint } from './logic-fixed-point.js';
import { PendingEvents } from './pending-events.js';
import { TimedSchedule } from './timed-schedule.js';

/** process() result bits: y or p changed (events executed, logic switched). */
export const POINT_STATE_CHANGED = 1;
/** process() result bits: executions were scheduled or cancelled (the next stop time may move). */
export const POINT_SCHEDULE_CHANGED = 2;

/** Bound on event executions at a single instant before the run is declared an event loop. */
export const MAX_EXECUTIONS_PER_INSTANT = 1000;

/** Seed of the tie-breaking stream when the caller gives none: a fixed value, so that two runs of
 *  the same model with the same options give the same trajectory. */
export const DEFAULT_EVENT_SEED = 1;

/** One executed event. */
export interface EventLogEntry {
  readonly t: number;
  readonly event: number;
}

export class EventEngine {
  /** Executed events in order. */
  readonly log: EventLogEntry[] = [];
  /** Non-empty after process() gave up on an endless cascade. */
  failure = '';
  private readonly triggered: readonly TriggeredEventSpec[];
  /** Trigger memory per triggered event (1 = condition true at the last evaluation). */
  private readonly previous: Uint8Array;
  /** Model event index -> index into triggered (-1 for timed events). */
  private readonly triggerOf: Int32Array;
  private readonly queue: PendingEvents;
  private readonly schedule: TimedSchedule;
  private readonly logic: LogicFixedPoint;
  private readonly buffer: Float64Array;
  /** Slots tied for the next execution (grown with the queue). */
  private tied = new Int32Array(8);
  private rng: Xoshiro128;

  /** seed: the stream that orders simultaneous executions of equal priority (re-seeded at start()). */
  constructor(
    private readonly model: CompiledModel,
    private readonly warn: (message: string) => void = () => {},
    private readonly seed: number = DEFAULT_EVENT_SEED,
  ) {
    this.rng = new Xoshiro128(seed);
    this.triggered = model.triggeredEvents;
    this.previous = new Uint8Array(this.triggered.length);
    const nEvents = Math.max(model.eventSize.length, ...model.triggeredEvents.map((e) => e.event + 1), ...model.timedEvents.map((e) => e.event + 1), 0);
    this.triggerOf = new Int32Array(nEvents).fill(-1);
    this.triggered.forEach((spec, j) => (this.triggerOf[spec.event] = j));
    const maxSize = Math.max(0, ...model.eventSize);
    this.queue = new PendingEvents(maxSize);
    this.buffer = new Float64Array(maxSize);
    this.schedule = new TimedSchedule(model.timedEvents);
    this.logic = new LogicFixedPoint(model);
  }

  /** Start a run at t0: timed schedules from p, trigger memory from each event's initialValue. */
  start(t0: number, p: Float64Array): void {
    this.schedule.init(p, t0);
    this.queue.clear();
    this.log.length = 0;
    this.failure = '';
    this.rng = new Xoshiro128(this.seed);
    this.triggered.forEach((spec, j) => (this.previous[j] = spec.initialValue ? 1 : 0));
  }

  /** The next instant at which a timed firing or a delayed execution is due (Infinity if none). */
  nextTime(): number {
    return Math.min(this.schedule.nextTime(), this.queue.nextTime());
  }

  /** Everything that happens at instant t, applied to y and p in place. Returns POINT_* bits. */
  process(t: number, y: Float64Array, p: Float64Array): number {
    let flags = 0;
    this.failure = '';
    for (let i = this.schedule.takeDue(t); i >= 0; i = this.schedule.takeDue(t)) {
      this.triggerTimed(i, t, y, p);
      flags |= POINT_SCHEDULE_CHANGED;
    }
    let warned = false;
    for (let executed = 0; ; executed++) {
      const logic = this.logic.update(t, y, p);
      if (logic & LOGIC_CHANGED) flags |= POINT_STATE_CHANGED;
      if (logic & LOGIC_OSCILLATING && !warned) {
        warned = true;
        this.warn(`logic nodes reach no fixed point at t = ${t}: the synchronous update oscillates; keeping the values after ${this.logic.maxRounds} rounds`);
      }
      flags |= this.evaluateTriggers(t, y, p);
      const slot = this.pickDue(t, y, p);
      if (slot < 0) break;
      if (executed >= MAX_EXECUTIONS_PER_INSTANT) {
        this.failure = `more than ${MAX_EXECUTIONS_PER_INSTANT} event executions at t = ${t}: the events keep triggering each other`;
        break;
      }
      this.execute(slot, t, y, p);
      flags |= POINT_STATE_CHANGED;
    }
    return flags;
  }

  /** Timed spec i has reached its scheduled (trigger) time: schedule its execution after its delay.
   *  With a delay, the assignment values are computed now unless the event computes them at
   *  execution (SBML useValuesFromTriggerTime, the default); without one they are computed when it
   *  executes, so that doses scheduled at the same instant add up. */
  private triggerTimed(i: number, t: number, y: Float64Array, p: Float64Array): void {
    const s = this.schedule;
    const e = s.eventOf(i);
    const delay = s.delayOf(i);
    // takenAt: the firing's own scheduled time, before t only for a firing whose trigger came before
    // t0 but whose execution does not (its values are then those at t0, the earliest known state).
    const slot = this.queue.push(e, s.takenAt + delay);
    if (delay > 0 && s.specOf(i).useValuesFromTriggerTime !== false) {
      this.model.eventValues(e, t, y, p, this.queue.valuesOf(slot));
      this.queue.markValues(slot);
    }
  }

  private evaluateTriggers(t: number, y: Float64Array, p: Float64Array): number {
    let flags = 0;
    const model = this.model;
    for (let j = 0; j < this.triggered.length; j++) {
      const spec = this.triggered[j]!;
      const now = spec.condition(t, y, p) ? 1 : 0;
      const before = this.previous[j]!;
      this.previous[j] = now;
      if (now === 1 && before === 0) {
        let delay = spec.delay(t, y, p);
        if (!(delay >= 0)) {
          this.warn(`event ${spec.event} has delay ${delay} at t = ${t}; using 0`);
          delay = 0;
        }
        const slot = this.queue.push(spec.event, t + delay);
        if (spec.useValuesFromTriggerTime) {
          model.eventValues(spec.event, t, y, p, this.queue.valuesOf(slot));
          this.queue.markValues(slot);
        }
        flags |= POINT_SCHEDULE_CHANGED;
      } else if (now === 0 && before === 1 && !spec.persistent) {
        if (this.queue.cancel(spec.event) > 0) flags |= POINT_SCHEDULE_CHANGED;
      }
    }
    return flags;
  }

  /** The due execution to run next: one of highest priority (evaluated now), drawn at random among
   *  equal priorities; of several due executions of one event, the first scheduled. */
  private pickDue(t: number, y: Float64Array, p: Float64Array): number {
    const q = this.queue;
    if (this.tied.length < q.length) this.tied = new Int32Array(2 * q.length);
    const tied = this.tied;
    let n = 0;
    let bestPriority = 0;
    for (let slot = 0; slot < q.length; slot++) {
      if (q.timeAt(slot) > t) continue;
      const e = q.eventAt(slot);
      let priority = this.priorityOf(e, t, y, p);
      if (Number.isNaN(priority)) priority = -Infinity;
      if (n === 0 || priority > bestPriority) {
        bestPriority = priority;
        tied[0] = slot;
        n = 1;
        continue;
      }
      if (priority < bestPriority) continue;
      let k = 0;
      while (k < n && q.eventAt(tied[k]!) !== e) k++;
      if (k === n) tied[n++] = slot;
      else if (q.seqAt(slot) < q.seqAt(tied[k]!)) tied[k] = slot;
    }
    if (n <= 1) return n === 1 ? tied[0]! : -1;
    // Candidates in event order, so the draw does not depend on where the queue keeps its slots.
    for (let i = 1; i < n; i++) {
      const slot = tied[i]!;
      const e = q.eventAt(slot);
      let j = i - 1;
      while (j >= 0 && q.eventAt(tied[j]!) > e) {
        tied[j + 1] = tied[j]!;
        j--;
      }
      tied[j + 1] = slot;
    }
    return tied[this.rng.nextInt(n)]!;
  }

  /** Priority of event e now: its priority expression (triggered or timed), else 0. */
  private priorityOf(e: number, t: number, y: Float64Array, p: Float64Array): number {
    const j = e < this.triggerOf.length ? this.triggerOf[e]! : -1;
    if (j >= 0) return this.triggered[j]!.priority(t, y, p);
    const timed = this.schedule.priorityOf(e);
    return timed ? timed(t, y, p) : 0;
  }

  private execute(slot: number, t: number, y: Float64Array, p: Float64Array): void {
    const q = this.queue;
    const e = q.eventAt(slot);
    let values: Float64Array;
    if (q.hasStoredValues(slot)) values = q.valuesOf(slot);
    else {
      values = this.buffer;
      this.model.eventValues(e, t, y, p, values);
    }
    this.model.eventApply(e, values, y, p);
    q.remove(slot);
    this.log.push({ t, event: e });
  }
}
