// The compiler's front door: a .idt file -> checked program -> IR -> a runnable twin definition.
import * as path from 'node:path';
import { Codes, diagnostic, hasErrors, sortDiagnostics, Workspace, type CheckedProgram, type Diagnostic } from '@idt/lang';
import type { ModelInfo, TwinDefinition } from '@idt/runtime';
import type { IRModel } from './ir/types.js';
import { lowerProgram } from './lower/lower.js';
import { instantiateModel } from './codegen/generate.js';

export interface CompileResult {
  readonly program: CheckedProgram;
  /** Present when there were no errors. */
  readonly ir?: IRModel;
  readonly diagnostics: readonly Diagnostic[];
}

/** Check a model file and everything it imports, then lower it to IR if it is error-free. */
export function compileFile(file: string, workspace: Workspace = new Workspace()): CompileResult {
  const program = workspace.check([path.resolve(file)]);
  const entry = program.entries[0];
  if (!entry || hasErrors(program.diagnostics)) return { program, diagnostics: program.diagnostics };
  let lowered: ReturnType<typeof lowerProgram>;
  try {
    lowered = lowerProgram(entry, workspace.host);
  } catch (e) {
    // Only expressions nested thousands of levels deep exhaust the stack here.
    if (!(e instanceof RangeError)) throw e;
    return { program, diagnostics: [...program.diagnostics, diagnostic('error', Codes.NestingTooDeep, `an expression is nested too deeply to compile (${e.message}); split it into smaller definitions`, entry.file, { start: 0, end: 0 })] };
  }
  const diagnostics = sortDiagnostics([...program.diagnostics, ...lowered.diagnostics]);
  if (!lowered.ir || hasErrors(lowered.diagnostics)) return { program, diagnostics };
  return { program, ir: lowered.ir, diagnostics };
}

/** Names, units and documentation of a compiled model: the JSON metadata bundles carry. */
export function modelInfo(ir: IRModel): ModelInfo {
  const v = <T extends { name: string; units?: string; doc?: string }>(x: T) => ({
    name: x.name,
    ...(x.units ? { units: x.units } : {}),
    ...(x.doc ? { doc: x.doc } : {}),
  });
  return {
    name: ir.name,
    ...(ir.timeUnits ? { timeUnits: ir.timeUnits } : {}),
    states: ir.states.map(v),
    params: ir.params.map((p) => ({ ...v(p), value: p.value, ...(p.discrete ? { discrete: true } : {}) })),
    assigned: ir.assigned.map(v),
    observables: ir.observables.map(v),
    logic: ir.logic.map((l) => v(l)),
    events: ir.events.map((e) => ({ name: e.name, intervention: e.intervention })),
    reactions: ir.reactions.map((r) => r.name),
    ...(ir.surrogates.length ? { surrogateInputs: ir.surrogates.flatMap((s) => s.inputs.map((i) => `${s.name}.${i.name}`)) } : {}),
    ...(ir.simulate ? { simulate: ir.simulate } : {}),
  };
}

/** A twin definition for the runtime, compiled in this process with `new Function`. */
export function twinDefinition(ir: IRModel): TwinDefinition {
  return { info: modelInfo(ir), decisions: ir.decisions, createModel: () => instantiateModel(ir) };
}
