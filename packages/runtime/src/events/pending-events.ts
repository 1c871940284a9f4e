// The queue of scheduled event executions: delayed triggered events, and every event due right now.
//
// An entry is one future execution of one event (SBML allows several pending executions of the same
// event when it re-triggers during its delay). Entries carry the assignment values when they were
// computed at trigger time (useValuesFromTriggerTime). The queue is small in practice, so it is a flat
// set of parallel arrays scanned linearly; slots are reused and grow by doubling, so steady-state use
// does not allocate.

export class PendingEvents {
  private capacity = 0;
  private count = 0;
  private seqCounter = 0;
  private event = new Int32Array(0);
  private time = new Float64Array(0);
  private seq = new Float64Array(0);
  private hasValues = new Uint8Array(0);
  private values: Float64Array[] = [];

  /** valueSize: the largest event's number of assignment values. */
  constructor(private readonly valueSize: number, initialCapacity = 8) {
    this.grow(initialCapacity);
  }

  get length(): number {
    return this.count;
  }

  private grow(capacity: number): void {
    const event = new Int32Array(capacity);
    const time = new Float64Array(capacity);
    const seq = new Float64Array(capacity);
    const hasValues = new Uint8Array(capacity);
    event.set(this.event);
    time.set(this.time);
    seq.set(this.seq);
    hasValues.set(this.hasValues);
    for (let i = this.capacity; i < capacity; i++) this.values.push(new Float64Array(this.valueSize));
    this.event = event;
    this.time = time;
    this.seq = seq;
    this.hasValues = hasValues;
    this.capacity = capacity;
  }

  /** Schedule event e at time t. Returns the slot, whose `valuesOf` buffer the caller may fill (then
   *  call markValues) for useValuesFromTriggerTime. */
  push(e: number, t: number): number {
    if (this.count === this.capacity) this.grow(2 * this.capacity);
    const slot = this.count++;
    this.event[slot] = e;
    this.time[slot] = t;
    this.seq[slot] = this.seqCounter++;
    this.hasValues[slot] = 0;
    return slot;
  }

  valuesOf(slot: number): Float64Array {
    return this.values[slot]!;
  }

  markValues(slot: number): void {
    this.hasValues[slot] = 1;
  }

  hasStoredValues(slot: number): boolean {
    return this.hasValues[slot] === 1;
  }

  eventAt(slot: number): number {
    return this.event[slot]!;
  }

  timeAt(slot: number): number {
    return this.time[slot]!;
  }

  seqAt(slot: number): number {
    return this.seq[slot]!;
  }

  /** Earliest scheduled time (Infinity when empty). */
  nextTime(): number {
    let t = Infinity;
    for (let i = 0; i < this.count; i++) if (this.time[i]! < t) t = this.time[i]!;
    return t;
  }

  /** Remove the entry in slot (the last entry moves into it; slot order is not meaningful). */
  remove(slot: number): void {
    const last = --this.count;
    if (slot === last) return;
    this.event[slot] = this.event[last]!;
    this.time[slot] = this.time[last]!;
    this.seq[slot] = this.seq[last]!;
    this.hasValues[slot] = this.hasValues[last]!;
    // Swap the value buffers so no slot ever shares one.
    const v = this.values[slot]!;
    this.values[slot] = this.values[last]!;
    this.values[last] = v;
  }

  /** Remove every pending execution of event e; returns how many were removed. */
  cancel(e: number): number {
    let removed = 0;
    for (let i = this.count - 1; i >= 0; i--) {
      if (this.event[i] === e) {
        this.remove(i);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.count = 0;
  }
}
