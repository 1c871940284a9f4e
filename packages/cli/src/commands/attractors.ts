// `idt attractors <model>`: every attractor of a model's logic nodes, as a table or as JSON
// ({ variables, freeInputs, attractors: [{ type, states }] }, states as bit strings in
// `variables` order).
import { logicNetworkOf } from '@idt/compiler';
import { findAttractors } from '@idt/runtime';
import { compileOrExplain } from '../load-model.js';
import { ModelError, UsageError } from '../errors.js';
import { terminal } from '../terminal.js';

export async function runAttractors(model: string, opts: { mode: 'sync' | 'async'; fix: string[]; json?: boolean }): Promise<number> {
  const { ir } = compileOrExplain(model, { quiet: Boolean(opts.json) });
  if (ir.logic.length === 0) throw new ModelError(`${model} has no logic nodes: declare them with 'logic X := rule'`);
  const { network, problems } = logicNetworkOf(ir);
  if (!network) throw new ModelError(problems.map((p) => p.message).join('\n'));
  const index = new Map(network.names.map((n, i) => [n, i]));
  const fix = new Map<number, boolean>();
  for (const item of opts.fix ?? []) {
    const m = /^\s*([A-Za-z_][\w.]*)\s*=\s*(0|1|true|false)\s*$/.exec(item);
    if (!m) throw new UsageError(`--fix expects name=0 or name=1, got '${item}'`);
    const i = index.get(m[1]!);
    if (i === undefined) throw new UsageError(`--fix: '${m[1]}' is not a logic node (logic nodes: ${network.names.join(', ')})`);
    fix.set(i, m[2] === '1' || m[2] === 'true');
  }
  const result = findAttractors(network, { mode: opts.mode, fix });
  if (opts.json) {
    terminal.out(JSON.stringify({ variables: result.variables, freeInputs: result.freeInputs, attractors: result.attractors.map((a) => ({ type: a.type, states: a.states })) }, null, 1));
    return 0;
  }
  const fixedOnes = result.attractors.filter((a) => a.type === 'fixed').length;
  terminal.out(`${result.attractors.length} attractor${result.attractors.length === 1 ? '' : 's'} (${fixedOnes} fixed point${fixedOnes === 1 ? '' : 's'}, ${result.attractors.length - fixedOnes} cyclic) of ${ir.name}, ${opts.mode}hronous updating, found by ${result.method}`);
  if (result.freeInputs.length) terminal.out(`free inputs (ranging over both values): ${result.freeInputs.join(', ')}`);
  if (fix.size) terminal.out(`fixed: ${[...fix].map(([i, v]) => `${network.names[i]}=${v ? 1 : 0}`).join(', ')}`);
  // Each state as the set of nodes that are on: readable for networks of any size.
  const onSet = (state: string) => {
    const on = result.variables.filter((_, i) => state[i] === '1');
    return on.length ? on.join(' ') : '(all off)';
  };
  result.attractors.forEach((a, k) => {
    if (a.type === 'fixed') terminal.out(`#${k + 1} fixed point   on: ${onSet(a.states[0]!)}`);
    else {
      terminal.out(`#${k + 1} cycle of ${a.states.length} states`);
      const shown = a.states.slice(0, 16);
      shown.forEach((st, j) => terminal.out(`   ${String(j + 1).padStart(3)}  on: ${onSet(st)}`));
      if (a.states.length > shown.length) terminal.out(`   ... ${a.states.length - shown.length} more states (use --json for all)`);
    }
  });
  return 0;
}
