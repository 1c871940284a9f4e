// A small reduced ordered binary decision diagram (BDD) package (Bryant 1986) for symbolic
// state sets: nodes in typed arrays, a hashed unique table, a lossy computed-table cache, and
// compaction by copying the nodes reachable from given roots (a mark-and-compact collector the
// caller triggers at safe points). No complement edges: negation is a cached apply.
//
// Node 0 is the constant false, node 1 the constant true; variable 0 is the top of the order.
// Children are always created before their parents, so node indices increase towards the root,
// which compaction relies on.

export const BDD_FALSE = 0;
export const BDD_TRUE = 1;

const OP_AND = 1;
const OP_OR = 2;
const OP_XOR = 3;
const OP_NOT = 4;
const OP_DIFF = 5;
const OP_FLIP = 6;

/** Computed-table size: 2^(8 + nVars) entries, at most 2^18 (4 MiB). */
const MAX_CACHE_BITS = 18;

/** Thrown when the node table would pass its limit. */
export class BddLimitError extends Error {
  override name = 'BddLimitError';
}

export class Bdd {
  private varOf: Int32Array;
  private lo: Int32Array;
  private hi: Int32Array;
  private next: Int32Array; // unique-table chains
  private buckets: Int32Array;
  private size = 2;
  /** Nodes created since construction (a machine-independent work measure). */
  created = 0;
  private cache: Int32Array;
  private cacheMask: number;

  /** @param maxNodes node-table limit (16 bytes per node plus the hash table). */
  constructor(
    readonly nVars: number,
    readonly maxNodes = 1 << 23,
  ) {
    const cap = 1 << 12;
    this.varOf = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.next = new Int32Array(cap).fill(-1);
    this.buckets = new Int32Array(cap).fill(-1);
    this.varOf[0] = nVars;
    this.varOf[1] = nVars;
    const bits = Math.min(MAX_CACHE_BITS, 8 + nVars);
    this.cache = new Int32Array(4 << bits).fill(-1);
    this.cacheMask = (1 << bits) - 1;
  }

  /** Number of nodes allocated (live or not since the last compaction). */
  get nodeCount(): number {
    return this.size;
  }

  private hash(v: number, l: number, h: number): number {
    let x = Math.imul(v, 0x9e3779b1) ^ Math.imul(l, 0x85ebca77) ^ Math.imul(h, 0xc2b2ae3d);
    x ^= x >>> 15;
    return x & (this.buckets.length - 1);
  }

  private mk(v: number, l: number, h: number): number {
    if (l === h) return l;
    const b = this.hash(v, l, h);
    for (let u = this.buckets[b]!; u >= 0; u = this.next[u]!) {
      if (this.varOf[u] === v && this.lo[u] === l && this.hi[u] === h) return u;
    }
    if (this.size === this.varOf.length) {
      this.resize(this.size * 2);
      return this.mk(v, l, h);
    }
    if (this.size >= 2 * this.buckets.length) {
      // Chains grew long after a compaction shrank the table: widen it.
      this.rehash(2 * this.buckets.length);
      return this.mk(v, l, h);
    }
    const u = this.size++;
    this.created++;
    this.varOf[u] = v;
    this.lo[u] = l;
    this.hi[u] = h;
    this.next[u] = this.buckets[b]!;
    this.buckets[b] = u;
    return u;
  }

  private resize(cap: number): void {
    if (cap > this.maxNodes) {
      if (this.size >= this.maxNodes) throw new BddLimitError(`BDD node table full (${this.maxNodes} nodes)`);
      cap = this.maxNodes;
    }
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.size));
      return b;
    };
    this.varOf = grow(this.varOf);
    this.lo = grow(this.lo);
    this.hi = grow(this.hi);
    this.next = new Int32Array(cap);
    this.rehash(cap);
  }

  private rehash(bucketCount: number): void {
    this.buckets = new Int32Array(bucketCount).fill(-1);
    for (let u = 2; u < this.size; u++) {
      const b = this.hash(this.varOf[u]!, this.lo[u]!, this.hi[u]!);
      this.next[u] = this.buckets[b]!;
      this.buckets[b] = u;
    }
  }

  /** The function "variable v is true". */
  variable(v: number): number {
    return this.mk(v, BDD_FALSE, BDD_TRUE);
  }

  /** The single state (a cube over all variables) given by values[v] in {0, 1}. */
  cube(values: ArrayLike<number>): number {
    let u = BDD_TRUE;
    for (let v = this.nVars - 1; v >= 0; v--) u = values[v] ? this.mk(v, BDD_FALSE, u) : this.mk(v, u, BDD_FALSE);
    return u;
  }

  private cacheSlot(op: number, a: number, b: number): number {
    let x = Math.imul(op, 0x27d4eb2d) ^ Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
    x ^= x >>> 16;
    return (x & this.cacheMask) << 2;
  }

  private cached(op: number, a: number, b: number): number {
    const i = this.cacheSlot(op, a, b);
    const c = this.cache;
    return c[i] === op && c[i + 1] === a && c[i + 2] === b ? c[i + 3]! : -1;
  }

  private store(op: number, a: number, b: number, r: number): number {
    const i = this.cacheSlot(op, a, b);
    this.cache[i] = op;
    this.cache[i + 1] = a;
    this.cache[i + 2] = b;
    this.cache[i + 3] = r;
    return r;
  }

  not(a: number): number {
    if (a < 2) return a ^ 1;
    const c = this.cached(OP_NOT, a, 0);
    if (c >= 0) return c;
    return this.store(OP_NOT, a, 0, this.mk(this.varOf[a]!, this.not(this.lo[a]!), this.not(this.hi[a]!)));
  }

  and(a: number, b: number): number {
    if (a === BDD_FALSE || b === BDD_FALSE) return BDD_FALSE;
    if (a === BDD_TRUE || a === b) return b;
    if (b === BDD_TRUE) return a;
    if (a > b) [a, b] = [b, a];
    return this.apply(OP_AND, a, b);
  }

  or(a: number, b: number): number {
    if (a === BDD_TRUE || b === BDD_TRUE) return BDD_TRUE;
    if (a === BDD_FALSE || a === b) return b;
    if (b === BDD_FALSE) return a;
    if (a > b) [a, b] = [b, a];
    return this.apply(OP_OR, a, b);
  }

  xor(a: number, b: number): number {
    if (a === b) return BDD_FALSE;
    if (a === BDD_FALSE) return b;
    if (b === BDD_FALSE) return a;
    if (a === BDD_TRUE) return this.not(b);
    if (b === BDD_TRUE) return this.not(a);
    if (a > b) [a, b] = [b, a];
    return this.apply(OP_XOR, a, b);
  }

  /** a ∧ ¬b. */
  diff(a: number, b: number): number {
    if (a === BDD_FALSE || b === BDD_TRUE || a === b) return BDD_FALSE;
    if (b === BDD_FALSE) return a;
    if (a === BDD_TRUE) return this.not(b);
    return this.apply(OP_DIFF, a, b);
  }

  private apply(op: number, a: number, b: number): number {
    const c = this.cached(op, a, b);
    if (c >= 0) return c;
    const va = this.varOf[a]!;
    const vb = this.varOf[b]!;
    const v = va < vb ? va : vb;
    const a0 = va === v ? this.lo[a]! : a;
    const a1 = va === v ? this.hi[a]! : a;
    const b0 = vb === v ? this.lo[b]! : b;
    const b1 = vb === v ? this.hi[b]! : b;
    let l: number;
    let h: number;
    switch (op) {
      case OP_AND:
        l = this.and(a0, b0);
        h = this.and(a1, b1);
        break;
      case OP_OR:
        l = this.or(a0, b0);
        h = this.or(a1, b1);
        break;
      case OP_XOR:
        l = this.xor(a0, b0);
        h = this.xor(a1, b1);
        break;
      default:
        l = this.diff(a0, b0);
        h = this.diff(a1, b1);
    }
    return this.store(op, a, b, this.mk(v, l, h));
  }

  /** The set with variable v negated in every member: {x ⊕ e_v : x ∈ a}. */
  flip(a: number, v: number): number {
    const va = this.varOf[a]!;
    if (va > v) return a; // a does not depend on v (constants included)
    const c = this.cached(OP_FLIP, a, v);
    if (c >= 0) return c;
    const r = va === v ? this.mk(v, this.hi[a]!, this.lo[a]!) : this.mk(va, this.flip(this.lo[a]!, v), this.flip(this.hi[a]!, v));
    return this.store(OP_FLIP, a, v, r);
  }

  /** Number of satisfying assignments over all nVars variables (exact below 2^53). */
  satCount(a: number): number {
    const memo = new Map<number, number>();
    const count = (u: number): number => {
      // Assignments of the variables from varOf[u] down.
      if (u < 2) return u;
      const m = memo.get(u);
      if (m !== undefined) return m;
      const v = this.varOf[u]!;
      const l = this.lo[u]!;
      const h = this.hi[u]!;
      const r = count(l) * 2 ** (this.varOf[l]! - v - 1) + count(h) * 2 ** (this.varOf[h]! - v - 1);
      memo.set(u, r);
      return r;
    };
    return count(a) * 2 ** this.varOf[a]!;
  }

  /** One member of a non-empty set; variables the set does not constrain are 0. */
  pick(a: number): Uint8Array {
    if (a === BDD_FALSE) throw new RangeError('pick from the empty set');
    const out = new Uint8Array(this.nVars);
    let u = a;
    while (u > 1) {
      if (this.lo[u] !== BDD_FALSE) u = this.lo[u]!;
      else {
        out[this.varOf[u]!] = 1;
        u = this.hi[u]!;
      }
    }
    return out;
  }

  /** A random member of a non-empty set (each branch taken with probability 1/2 where both
   *  lead to members; not uniform over the set, which the callers do not need). */
  pickRandom(a: number, rng: { nextU32(): number }): Uint8Array {
    if (a === BDD_FALSE) throw new RangeError('pick from the empty set');
    const out = new Uint8Array(this.nVars);
    for (let v = 0; v < this.nVars; v++) out[v] = rng.nextU32() & 1;
    let u = a;
    while (u > 1) {
      const v = this.varOf[u]!;
      const l = this.lo[u]!;
      const h = this.hi[u]!;
      const high = l === BDD_FALSE ? true : h === BDD_FALSE ? false : (rng.nextU32() & 1) === 1;
      out[v] = high ? 1 : 0;
      u = high ? h : l;
    }
    return out;
  }

  /** Whether the state `values` belongs to the set. */
  contains(a: number, values: ArrayLike<number>): boolean {
    let u = a;
    while (u > 1) u = values[this.varOf[u]!] ? this.hi[u]! : this.lo[u]!;
    return u === BDD_TRUE;
  }

  /** Up to `limit` members in lexicographic order of their bit strings (variable 0 first). */
  enumerate(a: number, limit: number): string[] {
    const out: string[] = [];
    const bits = new Array<string>(this.nVars).fill('0');
    const walk = (u: number, v: number): void => {
      if (out.length >= limit || u === BDD_FALSE) return;
      if (v === this.nVars) {
        out.push(bits.join(''));
        return;
      }
      const uv = this.varOf[u]!;
      const [l, h] = uv === v ? [this.lo[u]!, this.hi[u]!] : [u, u];
      bits[v] = '0';
      walk(l, v + 1);
      bits[v] = '1';
      walk(h, v + 1);
      bits[v] = '0';
    };
    walk(a, 0);
    return out;
  }

  /**
   * Keep only the nodes reachable from `roots`, renumbered; returns the roots' new indices.
   * Every other node index held by the caller becomes invalid.
   */
  compact(roots: readonly number[]): number[] {
    const mark = new Uint8Array(this.size);
    mark[0] = mark[1] = 1;
    const stack = roots.slice();
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (mark[u]) continue;
      mark[u] = 1;
      stack.push(this.lo[u]!, this.hi[u]!);
    }
    const map = new Int32Array(this.size);
    let n = 0;
    for (let u = 0; u < this.size; u++) {
      if (!mark[u]) continue;
      map[u] = n;
      this.varOf[n] = this.varOf[u]!;
      this.lo[n] = u < 2 ? 0 : map[this.lo[u]!]!;
      this.hi[n] = u < 2 ? 0 : map[this.hi[u]!]!;
      n++;
    }
    this.size = n;
    let buckets = 1 << 12;
    while (buckets < 2 * n) buckets *= 2;
    this.rehash(Math.min(buckets, this.buckets.length));
    this.cache.fill(-1);
    return roots.map((r) => map[r]!);
  }
}
