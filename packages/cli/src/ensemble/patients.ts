// Simulating a block of virtual patients: shared by the worker threads and the single-thread path.
import type { IRModel } from '@idt/compiler';
import { twinDefinition } from '@idt/compiler';
import { createTwin, samplePatient, type Twin } from '@idt/runtime';

export interface PatientTask {
  readonly start: number;
  readonly end: number;
  readonly seed: number;
  readonly tEnd?: number;
  readonly points: number;
}

/** One patient's summary: sampled parameters, final and peak value of every state, verdicts. */
export interface PatientSummary {
  readonly index: number;
  readonly params: number[];
  readonly final: number[];
  readonly peak: number[];
  readonly decisions: string[];
  readonly ok: boolean;
  readonly message?: string;
}

export class PatientRunner {
  private readonly twin: Twin;
  private readonly sampled: IRModel['params'];
  constructor(private readonly ir: IRModel) {
    this.twin = createTwin(twinDefinition(ir));
    this.sampled = ir.params.filter((p) => p.prior);
  }

  run(task: PatientTask): PatientSummary[] {
    const out: PatientSummary[] = [];
    for (let i = task.start; i < task.end; i++) {
      const params = samplePatient(this.sampled, task.seed, i);
      // Each patient its own stream for the order of tied events, reproducible from --seed.
      const seed = (Math.imul(task.seed ^ 0x9e3779b9, 0x85ebca6b) + i) >>> 0;
      const r = this.twin.simulate({ params, seed, points: task.points, ...(task.tEnd !== undefined ? { tEnd: task.tEnd } : {}) });
      const final: number[] = [];
      const peak: number[] = [];
      for (const s of this.ir.states) {
        const v = r.values[s.name]!;
        final.push(v.length ? v[v.length - 1]! : NaN);
        let m = -Infinity;
        for (let k = 0; k < v.length; k++) if (v[k]! > m) m = v[k]!;
        peak.push(m);
      }
      out.push({
        index: i,
        params: this.sampled.map((p) => params[p.name]!),
        final,
        peak,
        decisions: this.ir.decisions.map((d) => r.decisions[d.name] ?? ''),
        ok: r.status === 'success',
        ...(r.status === 'success' ? {} : { message: r.message }),
      });
    }
    return out;
  }
}
