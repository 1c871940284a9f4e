// Worker thread of `idt ensemble`: builds the twin once from the IR it is given, then simulates
// the blocks of patients the pool hands it.
import { workerData } from 'node:worker_threads';
import type { IRModel } from '@idt/compiler';
import { PatientRunner, type PatientTask, type PatientSummary } from './patients.js';

const runner = new PatientRunner((workerData as { ir: IRModel }).ir);

export default function run(task: PatientTask): PatientSummary[] {
  return runner.run(task);
}
