// The name-based API of a compiled twin: `simulate({ tEnd, params: { k_pg: 0.6 } })`.
//
// This is what bundles export and what the CLI calls: names in, columnar Float64Arrays out.
// It owns the mapping between names and indices (from ModelInfo) and nothing else; integration,
// events and logic live in simulate.ts.
import type { CompiledModel, ModelInfo } from './model.js';
import { evaluateDecision, type DecisionSpec } from './decisions.js';
import { simulateCompiled, type SimulationResult } from './simulate.js';

export interface TwinDefinition {
  readonly info: ModelInfo;
  readonly decisions: readonly DecisionSpec[];
  createModel(): CompiledModel;
}

export interface TwinSimulateOptions {
  /** End time (default: the model's `simulate until`, else 100). */
  readonly tEnd?: number;
  readonly t0?: number;
  /** Output times; default `points` equally spaced from t0 to tEnd. */
  readonly times?: ArrayLike<number>;
  readonly points?: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly method?: 'auto' | 'dopri5' | 'rodas' | 'bdf';
  /** Parameter overrides by name. */
  readonly params?: Readonly<Record<string, number>>;
  /** Initial-value overrides by state name. */
  readonly initial?: Readonly<Record<string, number>>;
  /** Run the model's interventions (default true). */
  readonly interventions?: boolean;
  readonly maxSteps?: number;
  /** Seed of the random order of simultaneous events of equal priority (default DEFAULT_EVENT_SEED). */
  readonly seed?: number;
}

export interface TwinResult {
  readonly time: Float64Array;
  /** Every output by name: states, derived quantities, observables, logic nodes (0/1). */
  readonly values: Readonly<Record<string, Float64Array>>;
  readonly decisions: Readonly<Record<string, string>>;
  readonly status: 'success' | 'failed';
  readonly message: string;
  /** variables: the states with a non-finite value or derivative; reactions: for a non-finite
   *  derivative, the reactions whose rate is not finite there. */
  readonly failure?: { readonly t: number; readonly kind: string; readonly variables: readonly string[]; readonly reactions?: readonly string[] };
  readonly stats: SimulationResult['stats'];
  readonly events: readonly { readonly t: number; readonly event: string }[];
  /** Non-fatal warnings of the run (e.g. a surrogate input outside its training range), each once. */
  readonly warnings: readonly string[];
}

/** Thrown for caller mistakes (unknown names, bad options): never for a failed integration. */
export class TwinOptionError extends Error {
  override readonly name = 'TwinOptionError';
}

export interface Twin {
  readonly model: ModelInfo;
  simulate(options?: TwinSimulateOptions): TwinResult;
}

export function createTwin(def: TwinDefinition): Twin {
  const info = def.info;
  const model = def.createModel();
  const paramIndex = new Map(info.params.map((p, i) => [p.name, i]));
  const stateIndex = new Map(info.states.map((s, i) => [s.name, i]));
  const interventionEvents = new Set(info.events.flatMap((e, i) => (e.intervention ? [i] : [])));
  const withoutInterventions: CompiledModel = Object.create(model, {
    timedEvents: { value: model.timedEvents.filter((e) => !interventionEvents.has(e.event)) },
    triggeredEvents: { value: model.triggeredEvents.filter((e) => !interventionEvents.has(e.event)) },
  });
  const defaults = Float64Array.from(info.params, (p) => p.value);

  const simulate = (options: TwinSimulateOptions = {}): TwinResult => {
    const p = Float64Array.from(defaults);
    const overridden = new Uint8Array(p.length);
    for (const [name, v] of Object.entries(options.params ?? {})) {
      const i = paramIndex.get(name);
      if (i === undefined) throw new TwinOptionError(unknownName('parameter', name, [...paramIndex.keys()]));
      if (typeof v !== 'number' || Number.isNaN(v)) throw new TwinOptionError(`parameter '${name}' must be a number`);
      p[i] = v;
      overridden[i] = 1;
    }
    model.derivedParams(p, overridden);
    const y0 = new Float64Array(model.nStates);
    model.initial(p, y0);
    for (const [name, v] of Object.entries(options.initial ?? {})) {
      const i = stateIndex.get(name);
      if (i === undefined) throw new TwinOptionError(unknownName('state variable', name, [...stateIndex.keys()]));
      y0[i] = v;
    }
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new TwinOptionError(`the seed must be an integer (got ${options.seed})`);
    const tEnd = options.tEnd ?? info.simulate?.tEnd ?? 100;
    const t0 = options.t0 ?? 0;
    if (!(tEnd > t0)) throw new TwinOptionError(`the end time (${tEnd}) must be after the start time (${t0})`);
    const warnings: string[] = [];
    const result = simulateCompiled(options.interventions === false ? withoutInterventions : model, {
      t0,
      tEnd,
      ...(options.times ? { times: options.times } : {}),
      points: options.points ?? info.simulate?.points ?? 201,
      rtol: options.rtol ?? info.simulate?.rtol ?? 1e-6,
      atol: options.atol ?? info.simulate?.atol ?? 1e-9,
      method: options.method ?? ((info.simulate?.method as TwinSimulateOptions['method']) || 'auto'),
      params: p,
      y0,
      ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      onWarning: (m) => warnings.push(m),
      ...(info.surrogateInputs ? { surrogateInputNames: info.surrogateInputs } : {}),
    });
    const values: Record<string, Float64Array> = {};
    info.states.forEach((s, i) => (values[s.name] = result.states[i]!));
    info.assigned.forEach((s, i) => (values[s.name] = result.assigned[i]!));
    info.observables.forEach((s, i) => (values[s.name] = result.observables[i]!));
    info.logic.forEach((s, i) => (values[s.name] = result.logic[i]!));
    const decisions: Record<string, string> = {};
    if (result.status === 'success') {
      for (const d of def.decisions) decisions[d.name] = evaluateDecision(d, result.time, (n) => values[n]);
    }
    const reactions = result.failure?.reactions?.map((i) => info.reactions?.[i] ?? `#${i}`);
    const failure = result.failure
      ? { t: result.failure.t, kind: result.failure.kind, variables: result.failure.states.map((i) => info.states[i]?.name ?? `#${i}`), ...(reactions?.length ? { reactions } : {}) }
      : undefined;
    const message =
      result.status === 'failed' && failure
        ? `${result.message}${failure.variables.length ? ` (variables: ${failure.variables.join(', ')})` : ''}${reactions?.length ? ` from reaction${reactions.length > 1 ? 's' : ''} ${reactions.join(', ')}` : ''}; results up to t = ${result.time.length ? result.time[result.time.length - 1] : t0} were kept`
        : result.message;
    return {
      time: result.time,
      values,
      decisions,
      status: result.status,
      message,
      ...(failure ? { failure } : {}),
      stats: result.stats,
      events: result.eventLog.map((e) => ({ t: e.t, event: info.events[e.event]?.name ?? `#${e.event}` })),
      warnings,
    };
  };
  return { model: info, simulate };
}

function unknownName(kind: string, name: string, known: string[]): string {
  const close = known.filter((k) => k.toLowerCase() === name.toLowerCase() || k.startsWith(name) || name.startsWith(k)).slice(0, 3);
  return `unknown ${kind} '${name}'${close.length ? `: did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : ''}`;
}
