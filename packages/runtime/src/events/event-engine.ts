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
// Ties in priority are broken by event index, then by scheduling order (SBML leaves the order of
// simultaneous equal-priority events open; we choose a deterministic one). Timed events have priority
// 0, the SBML value of an unspecified priority. The condition assumed just before t0 is the event's
// initialValue. A cascade longer than MAX_EXECUTIONS_PER_INSTANT stops with a failure.

import type { CompiledModel, TriggeredEventSpec } from '../model.js';
import { LOGIC_CHANGED, LOGIC_OSCILLATING, LogicFixedPoint } from './logic-fixed-point.js';
import { PendingEvents } from './pending-events.js';
import { TimedSchedule } from './timed-schedule.js';

/** process() result bits: y or p changed (events executed, logic switched). */
export const POINT_STATE_CHANGED = 1;
/** process() result bits: executions were scheduled or cancelled (the next stop time may move). */
export const POINT_SCHEDULE_CHANGED = 2;

/** Bound on event executions at a single instant before the run is declared an event loop. */
export const MAX_EXECUTIONS_PER_INSTANT = 1000;

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

  constructor(
    private readonly model: CompiledModel,
    private readonly warn: (message: string) => void = () => {},
  ) {
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
      this.queue.push(this.schedule.eventOf(i), t);
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

  /** The due execution to run next: highest priority, then lowest event index, then first scheduled. */
  private pickDue(t: number, y: Float64Array, p: Float64Array): number {
    const q = this.queue;
    let best = -1;
    let bestPriority = 0;
    let bestEvent = 0;
    let bestSeq = 0;
    for (let slot = 0; slot < q.length; slot++) {
      if (q.timeAt(slot) > t) continue;
      const e = q.eventAt(slot);
      const j = e < this.triggerOf.length ? this.triggerOf[e]! : -1;
      let priority = j >= 0 ? this.triggered[j]!.priority(t, y, p) : 0;
      if (Number.isNaN(priority)) priority = -Infinity;
      const seq = q.seqAt(slot);
      if (
        best < 0 ||
        priority > bestPriority ||
        (priority === bestPriority && (e < bestEvent || (e === bestEvent && seq < bestSeq)))
      ) {
        best = slot;
        bestPriority = priority;
        bestEvent = e;
        bestSeq = seq;
      }
    }
    return best;
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
