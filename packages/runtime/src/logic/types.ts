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
  /** States as bit strings in `names` order ('1' = on); a cycle lists its states in order for
   *  synchronous updating, and all states of the terminal strongly connected component for
   *  asynchronous updating. */
  readonly states: readonly string[];
}

export interface AttractorResult {
  readonly variables: readonly string[];
  readonly freeInputs: readonly string[];
  readonly attractors: readonly Attractor[];
  /** Which algorithm produced them ("exhaustive" or "sat"), for reports. */
  readonly method: string;
}
