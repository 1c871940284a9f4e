// Hybrid models: bring the logic nodes stored in p to a fixed point of their synchronous update.
//
// In a hybrid model a logic node's value is a discrete variable p[logicOffset + k] that the
// continuous rates read as a constant. Whenever the continuous state may have crossed a threshold (at
// t0, after a located root crossing, after an event) all nodes are updated synchronously,
// x := logicNext(t, y, x), until nothing changes. An acyclic network settles in at most depth + 1
// rounds; a network with negative feedback may oscillate forever, in which case the update stops after
// a bounded number of rounds, keeps the last values and reports it.

/** Result bits of LogicFixedPoint.update. */
export const LOGIC_CHANGED = 1;
export const LOGIC_OSCILLATING = 2;

/** Rounds allowed beyond the number of nodes (a chain of n nodes needs n + 1). */
const EXTRA_ROUNDS = 8;

/** The subset of CompiledModel the logic update needs. */
export interface LogicModel {
  readonly nLogic: number;
  readonly logicOffset: number;
  logicNext(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
}

export class LogicFixedPoint {
  /** Round bound: 2 n + EXTRA_ROUNDS synchronous updates. */
  readonly maxRounds: number;
  private readonly next: Float64Array;

  constructor(private readonly model: LogicModel) {
    this.next = new Float64Array(model.nLogic);
    this.maxRounds = 2 * model.nLogic + EXTRA_ROUNDS;
  }

  /** Update p's logic values at (t, y) to a fixed point. Returns LOGIC_CHANGED if any value changed,
   *  plus LOGIC_OSCILLATING if no fixed point was reached within maxRounds. Does not allocate. */
  update(t: number, y: Float64Array, p: Float64Array): number {
    const { nLogic, logicOffset } = this.model;
    if (nLogic === 0) return 0;
    const next = this.next;
    let result = 0;
    for (let round = 0; round < this.maxRounds; round++) {
      this.model.logicNext(t, y, p, next);
      let changed = false;
      for (let k = 0; k < nLogic; k++) {
        // Normalise to 0/1 so that a generated `x > c` returning true/1 and a stored 1 compare equal.
        const v = next[k]! !== 0 ? 1 : 0;
        if (p[logicOffset + k] !== v) {
          p[logicOffset + k] = v;
          changed = true;
        }
      }
      if (!changed) return result;
      result = LOGIC_CHANGED;
    }
    return result | LOGIC_OSCILLATING;
  }
}
