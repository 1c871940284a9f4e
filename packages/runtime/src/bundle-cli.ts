// The small command line a runnable bundle offers: `node twin.mjs --t-end 100 --set k=2 > out.csv`.
//
// No Node imports: bundles also load in browsers, so the process object is reached through
// globalThis and only when the bundle is run as a program.
import type { Twin, TwinResult, TwinSimulateOptions } from './twin.js';
import { TwinOptionError } from './twin.js';

export interface BundleIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const HELP = (name: string) => `Usage: node ${name}.mjs [options]

Simulates the twin '${name}' and writes its results to standard output.

Options:
  --t-end <time>       end time
  --points <n>         number of output points
  --times <list>       output times, comma separated
  --set <name=value>   override a parameter (repeatable)
  --init <name=value>  override an initial value (repeatable)
  --method <m>         auto, dopri5, rodas or bdf
  --rtol <x>           relative tolerance
  --atol <x>           absolute tolerance
  --no-interventions   do not apply the model's interventions
  --seed <n>           seed of the random order of simultaneous events of equal
                       priority (default 1)
  --format <f>         csv (default) or json
  --list               list variables and parameters with their units
  -h, --help           show this help

Examples:
  node ${name}.mjs --t-end 200 > results.csv
  node ${name}.mjs --set k_pg=0.6 --format json > septic.json
`;

class UsageProblem extends Error {}

function pair(text: string | undefined, flag: string): [string, number] {
  const m = text ? /^([A-Za-z_][\w.]*)=(.+)$/.exec(text) : null;
  const v = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(v)) throw new UsageProblem(`${flag} expects name=value with a number, got '${text ?? ''}'`);
  return [m[1]!, v];
}

function positive(text: string | undefined, flag: string): number {
  const v = Number(text);
  if (text === undefined || !Number.isFinite(v) || v <= 0) throw new UsageProblem(`${flag} expects a positive number, got '${text ?? ''}'`);
  return v;
}

function toCsv(r: TwinResult): string {
  const names = Object.keys(r.values);
  const rows = [['time', ...names].join(',')];
  for (let i = 0; i < r.time.length; i++) rows.push([r.time[i], ...names.map((n) => r.values[n]![i])].join(','));
  return rows.join('\n') + '\n';
}

/** Run the bundle's command line; returns the exit code (0 ok, 1 failed run, 2 usage). */
export function runBundleCli(twin: Twin, argv: readonly string[], io: BundleIo): number {
  const options: { -readonly [K in keyof TwinSimulateOptions]: TwinSimulateOptions[K] } = {};
  const params: Record<string, number> = {};
  const initial: Record<string, number> = {};
  let format = 'csv';
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const next = () => argv[++i];
      switch (a) {
        case '-h':
        case '--help':
          io.out(HELP(twin.model.name));
          return 0;
        case '--list': {
          const line = (kind: string, v: { name: string; units?: string; value?: number }) => `${kind}\t${v.name}\t${v.units ?? ''}${v.value !== undefined ? `\t${v.value}` : ''}`;
          io.out([...twin.model.states.map((s) => line('state', s)), ...twin.model.params.map((p) => line('parameter', p))].join('\n') + '\n');
          return 0;
        }
        case '--t-end':
          options.tEnd = positive(next(), a);
          break;
        case '--points':
          options.points = positive(next(), a);
          break;
        case '--times':
          const times = (next() ?? '').split(',').map(Number);
          if (times.some((t) => !Number.isFinite(t))) throw new UsageProblem('--times expects numbers separated by commas');
          options.times = times;
          break;
        case '--set': {
          const [k, v] = pair(next(), a);
          params[k] = v;
          break;
        }
        case '--init': {
          const [k, v] = pair(next(), a);
          initial[k] = v;
          break;
        }
        case '--method': {
          const m = next();
          if (m !== 'auto' && m !== 'dopri5' && m !== 'rodas' && m !== 'bdf') throw new UsageProblem(`--method must be auto, dopri5, rodas or bdf, got '${m ?? ''}'`);
          options.method = m;
          break;
        }
        case '--rtol':
          options.rtol = positive(next(), a);
          break;
        case '--atol':
          options.atol = positive(next(), a);
          break;
        case '--no-interventions':
          options.interventions = false;
          break;
        case '--seed': {
          const text = next();
          const seed = Number(text);
          if (text === undefined || text.trim() === '' || !Number.isSafeInteger(seed)) throw new UsageProblem(`--seed must be an integer, got '${text ?? ''}'`);
          options.seed = seed;
          break;
        }
        case '--format': {
          const f = next();
          if (f !== 'csv' && f !== 'json') throw new UsageProblem(`--format must be csv or json, got '${f ?? ''}'`);
          format = f;
          break;
        }
        default:
          throw new UsageProblem(`unknown option '${a}' (see --help)`);
      }
    }
    if (options.times && options.tEnd === undefined) options.tEnd = options.times[options.times.length - 1]!;
    const result = twin.simulate({ ...options, params, initial });
    if (format === 'json') {
      io.out(JSON.stringify({ model: twin.model.name, status: result.status, message: result.message, time: Array.from(result.time), values: Object.fromEntries(Object.entries(result.values).map(([k, v]) => [k, Array.from(v)])), decisions: result.decisions, stats: result.stats }) + '\n');
    } else io.out(toCsv(result));
    for (const w of result.warnings) io.err(`warning: ${w}\n`);
    for (const [k, v] of Object.entries(result.decisions)) io.err(`${k}: ${v}\n`);
    if (result.status === 'failed') {
      io.err(`error: simulation failed: ${result.message}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageProblem || e instanceof TwinOptionError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
