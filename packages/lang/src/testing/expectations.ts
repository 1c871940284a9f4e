// Data-driven diagnostics tests: a fixture marks each expected diagnostic at the end of its line
// with `// error IDT2001 'text'` (or warning/info), where 'text' is exactly what the range covers.
import { LineIndex } from '../text-position.js';
import type { Diagnostic } from '../diagnostics.js';

export interface Expectation {
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly text: string;
}

const marker = /\/\/\s*(error|warning|info|hint)\s+(IDT\d{4})\s+'([^']*)'/g;

export function readExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(marker)) out.push({ line: i, severity: m[1]!, code: m[2]!, text: m[3]! });
  });
  return out;
}

/** Diagnostics as comparable records: line (zero-based), severity, code, covered text. */
export function describeDiagnostics(text: string, diagnostics: readonly Diagnostic[]): Expectation[] {
  const idx = new LineIndex(text);
  return diagnostics.map((d) => ({
    line: idx.position(d.range.start).line,
    severity: d.severity,
    code: d.code,
    text: text.slice(d.range.start, d.range.end),
  }));
}

export function sortExpectations(list: Expectation[]): Expectation[] {
  return [...list].sort((a, b) => a.line - b.line || a.code.localeCompare(b.code) || a.text.localeCompare(b.text));
}
