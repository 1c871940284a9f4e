// Results as files: CSV with columns time,<names...>, or JSON with units and decisions.
import type { IRModel } from '@idt/compiler';
import type { TwinResult } from '@idt/runtime';

/** Numbers print in the shortest form that reads back exactly. */
function cell(v: number): string {
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
}

function csvName(name: string): string {
  return /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

export function resultsToCsv(r: TwinResult): string {
  const names = Object.keys(r.values);
  const lines = [['time', ...names].map(csvName).join(',')];
  const cols = names.map((n) => r.values[n]!);
  for (let i = 0; i < r.time.length; i++) {
    let line = cell(r.time[i]!);
    for (const c of cols) line += ',' + cell(c[i]!);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

export function resultsToJson(ir: IRModel, r: TwinResult): string {
  const units: Record<string, string> = {};
  for (const x of [...ir.states, ...ir.assigned, ...ir.observables]) if (x.units) units[x.name] = x.units;
  return JSON.stringify(
    {
      model: ir.name,
      timeUnits: ir.timeUnits ?? null,
      status: r.status,
      message: r.message,
      time: Array.from(r.time),
      values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, Array.from(v)])),
      units,
      decisions: r.decisions,
      events: r.events,
      stats: r.stats,
    },
    null,
    1,
  );
}
