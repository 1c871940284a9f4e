// Population statistics: quantiles of each output and the share of each decision label.
import type { IRModel } from '@idt/compiler';
import type { PatientSummary } from './patients.js';

export interface OutputStats {
  readonly name: string;
  readonly units?: string;
  readonly mean: number;
  readonly sd: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export interface PopulationSummary {
  readonly patients: number;
  readonly failed: number;
  readonly final: OutputStats[];
  readonly peak: OutputStats[];
  readonly decisions: Record<string, Record<string, number>>;
}

/** Linear-interpolation quantile of sorted values (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function stats(name: string, units: string | undefined, values: number[]): OutputStats {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = finite.length;
  const mean = finite.reduce((s, v) => s + v, 0) / (n || 1);
  const sd = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { name, ...(units ? { units } : {}), mean, sd, p5: quantile(finite, 0.05), p50: quantile(finite, 0.5), p95: quantile(finite, 0.95) };
}

export function summarise(ir: IRModel, patients: readonly PatientSummary[]): PopulationSummary {
  const ok = patients.filter((p) => p.ok);
  const decisions: Record<string, Record<string, number>> = {};
  ir.decisions.forEach((d, k) => {
    const counts: Record<string, number> = {};
    for (const p of ok) counts[p.decisions[k]!] = (counts[p.decisions[k]!] ?? 0) + 1;
    decisions[d.name] = Object.fromEntries(Object.entries(counts).map(([label, c]) => [label, c / (ok.length || 1)]));
  });
  return {
    patients: patients.length,
    failed: patients.length - ok.length,
    final: ir.states.map((s, i) => stats(s.name, s.units, ok.map((p) => p.final[i]!))),
    peak: ir.states.map((s, i) => stats(s.name, s.units, ok.map((p) => p.peak[i]!))),
    decisions,
  };
}
