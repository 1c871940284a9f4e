// Boolean (logical) networks as the runtime sees them: nodes by index, rules as small trees.

/** A Boolean rule over node values. */
export type BoolRule =
  | { readonly k: 'var'; readonly i: number }
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'not'; readonly a: BoolRule }
  | { readonly k: 'and' | 'or' | 'xor' | 'implies'; readonly args: readonly BoolRule[] };

/** A logical model: node i updates to rules[i]; a node with no rule (null) is a free input,
 *  constant during a run and ranging over both values in an attractor search unless pinned. */
export interface LogicNetwork {
  readonly names: readonly string[];
  readonly rules: readonly (BoolRule | null)[];
  /** Priority class per node for priority updates (higher fires first); default 0. */
  readonly priorities?: readonly number[];
}

export type UpdateMode = 'sync' | 'async' | 'priority';

export interface Attractor {
  readonly type: 'fixed' | 'cycle';
  /** States as bit strings in `names` order ('1' = on). A cycle lists its states in order for
   *  synchronous and priority updating, starting from the lexicographically smallest; for
   *  asynchronous updating it lists all states of the terminal strongly connected component,
   *  sorted. */
  readonly states: readonly string[];
  /** The smallest subspace holding the attractor: per node '0' or '1' when it is constant on
   *  the attractor, '-' when it oscillates (PyBoolNet's notation for trap spaces). */
  readonly space?: string;
  /** Number of states in the attractor (equals states.length unless `truncated`). */
  readonly size?: number;
  /** True when `states` lists only `maxStatesPerAttractor` of the states of a larger
   *  asynchronous attractor (sorted); `size` then gives the full count. */
  readonly truncated?: boolean;
}

export interface AttractorResult {
  readonly variables: readonly string[];
  /** Free inputs (rule null or the node itself) that were not pinned by `fix`: each ranged over
   *  both values, so every attractor carries one of their combinations. */
  readonly freeInputs: readonly string[];
  /** Update mode the attractors belong to. */
  readonly mode?: UpdateMode;
  readonly attractors: readonly Attractor[];
  /** Which algorithm produced them ("exhaustive", "sat", or "sat+bdd" for asynchronous
   *  updating: SAT fixed points plus a symbolic search for cyclic attractors), for reports. */
  readonly method: string;
}
