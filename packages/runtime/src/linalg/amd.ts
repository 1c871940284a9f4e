// Fill-reducing ordering: approximate minimum degree on the symmetric pattern of A + A^T.
//
// Algorithm: P. R. Amestoy, T. A. Davis and I. S. Duff, "An approximate minimum degree ordering
// algorithm", SIAM J. Matrix Anal. Appl. 17(4):886-905, 1996 (AMD). The elimination graph is kept
// as a quotient graph of variables and elements; a pivot's element absorbs the elements adjacent to
// it, variable-variable edges covered by the new element are pruned, degrees are the AMD upper
// bound d_i = min(n - k, d_i + |Lp \ i|, |A_i \ i| + |Lp \ i| + sum_e |Le \ Lp|), and elements
// whose boundary lies inside the new element are absorbed (aggressive absorption). Rows denser than
// 10*sqrt(n) are ordered last, as AMD does. Left out (they change speed, not what it is for):
// supervariable detection, mass elimination and multiple elimination. This runs once per Jacobian
// pattern, so it allocates freely.

/** Symmetric adjacency of A + A^T without the diagonal, as CSR (columns sorted). */
export function symmetricPattern(n: number, rowPtr: Int32Array, colIdx: Int32Array): { ptr: Int32Array; idx: Int32Array } {
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
      const j = colIdx[q];
      if (j !== i) {
        count[i]++;
        count[j]++;
      }
    }
  }
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i] + count[i];
  const raw = new Int32Array(ptr[n]);
  const fill = ptr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) {
      const j = colIdx[q];
      if (j !== i) {
        raw[fill[i]++] = j;
        raw[fill[j]++] = i;
      }
    }
  }
  // Sort and remove duplicates row by row.
  const outPtr = new Int32Array(n + 1);
  const out = new Int32Array(ptr[n]);
  let nz = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(ptr[i], ptr[i + 1]).sort();
    let last = -1;
    for (let q = 0; q < row.length; q++) {
      if (row[q] !== last) {
        out[nz++] = row[q];
        last = row[q];
      }
    }
    outPtr[i + 1] = nz;
  }
  return { ptr: outPtr, idx: out.slice(0, nz) };
}

/** Returns perm with perm[k] = the original index eliminated k-th. */
export function approximateMinimumDegree(n: number, rowPtr: Int32Array, colIdx: Int32Array): Int32Array {
  const perm = new Int32Array(n);
  if (n === 0) return perm;
  const sym = symmetricPattern(n, rowPtr, colIdx);

  // Dense rows are removed from the graph and ordered last.
  const denseLimit = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  const isDense = new Uint8Array(n);
  let nDense = 0;
  for (let i = 0; i < n; i++) {
    if (sym.ptr[i + 1] - sym.ptr[i] > denseLimit && n > denseLimit + 1) {
      isDense[i] = 1;
      nDense++;
    }
  }

  const varAdj: number[][] = new Array(n);
  const varElems: number[][] = new Array(n);
  const elemVars: number[][] = new Array(n);
  const eliminated = new Uint8Array(n);
  const elemAlive = new Uint8Array(n);
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const adj: number[] = [];
    if (!isDense[i]) {
      for (let q = sym.ptr[i]; q < sym.ptr[i + 1]; q++) if (!isDense[sym.idx[q]]) adj.push(sym.idx[q]);
    }
    varAdj[i] = adj;
    varElems[i] = [];
    elemVars[i] = [];
    degree[i] = adj.length;
  }

  // Degree buckets: doubly linked lists.
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const insert = (i: number, d: number): void => {
    const h = head[d];
    next[i] = h;
    prev[i] = -1;
    if (h >= 0) prev[h] = i;
    head[d] = i;
  };
  const remove = (i: number): void => {
    const d = degree[i];
    if (prev[i] >= 0) next[prev[i]] = next[i];
    else head[d] = next[i];
    if (next[i] >= 0) prev[next[i]] = prev[i];
    next[i] = -1;
    prev[i] = -1;
  };
  let minDeg = n;
  for (let i = n - 1; i >= 0; i--) {
    if (isDense[i]) continue;
    insert(i, degree[i]);
    if (degree[i] < minDeg) minDeg = degree[i];
  }

  const inLp = new Int32Array(n).fill(-1); // stamp = pivot index k
  const wStamp = new Int32Array(n).fill(-1);
  const w = new Int32Array(n);
  let remaining = n - nDense;
  let k = 0;
  while (remaining > 0) {
    while (head[minDeg] < 0) minDeg++;
    const p = head[minDeg];
    remove(p);
    eliminated[p] = 1;
    perm[k] = p;
    remaining--;

    // Lp = (A_p U union of L_e over elements e adjacent to p) \ {p}; those elements are absorbed.
    const lp: number[] = [];
    inLp[p] = k;
    for (const j of varAdj[p]) {
      if (!eliminated[j] && inLp[j] !== k) {
        inLp[j] = k;
        lp.push(j);
      }
    }
    for (const e of varElems[p]) {
      if (!elemAlive[e]) continue;
      for (const j of elemVars[e]) {
        if (!eliminated[j] && inLp[j] !== k) {
          inLp[j] = k;
          lp.push(j);
        }
      }
      elemAlive[e] = 0;
      elemVars[e] = [];
    }
    elemVars[p] = lp;
    elemAlive[p] = 1;
    varAdj[p] = [];
    varElems[p] = [];

    // Update the lists of each i in Lp: drop absorbed elements, add p, prune edges covered by p.
    for (const i of lp) {
      const elems = varElems[i];
      let m = 0;
      for (const e of elems) if (elemAlive[e] && e !== p) elems[m++] = e;
      elems.length = m;
      const adj = varAdj[i];
      m = 0;
      for (const j of adj) if (!eliminated[j] && inLp[j] !== k) adj[m++] = j;
      adj.length = m;
    }
    // w(e) = |Le \ Lp| for the other elements adjacent to Lp.
    for (const i of lp) {
      for (const e of varElems[i]) {
        if (wStamp[e] !== k) {
          wStamp[e] = k;
          w[e] = elemVars[e].length;
        }
        w[e]--;
      }
    }
    const ext = lp.length - 1;
    for (const i of lp) {
      const elems = varElems[i];
      let sum = varAdj[i].length + ext;
      let m = 0;
      for (const e of elems) {
        if (w[e] === 0) {
          // Aggressive absorption: Le lies inside Lp.
          elemAlive[e] = 0;
          elemVars[e] = [];
          continue;
        }
        if (!elemAlive[e]) continue;
        sum += w[e];
        elems[m++] = e;
      }
      elems.length = m;
      elems.push(p);
      let d = Math.min(remaining - 1, degree[i] + ext, sum);

      if (d < 0) d = 0;
      remove(i);
      degree[i] = d;
      insert(i, d);
      if (d < minDeg) minDeg = d;
    }
    k++;
  }
  for (let i = 0; i < n; i++) if (isDense[i]) perm[k++] = i;
  return perm;
}
