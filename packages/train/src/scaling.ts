// Input and output normalisation of a surrogate ('scaling' in its declaration): the shift and
// scale the network sees its inputs through and produces its outputs with (docs/surrogates.md).
export type ScalingKind = 'standard' | 'minmax' | 'none';

export interface ShiftScale {
  readonly shift: number[];
  readonly scale: number[];
}

/** Per column: standard = (mean, sample standard deviation); minmax = (midpoint, half range), so
 *  the data map onto [-1, 1]; none = (0, 1). A constant column gets scale 1 (nothing to divide).
 *  NaN values (missing data) are ignored. */
export function fitScaling(kind: ScalingKind, columns: readonly ArrayLike<number>[]): ShiftScale {
  const shift: number[] = [], scale: number[] = [];
  for (const c of columns) {
    const v = Array.from(c).filter((x) => !Number.isNaN(x));
    if (kind === 'none' || v.length === 0) { shift.push(0); scale.push(1); continue; }
    if (kind === 'minmax') {
      const lo = Math.min(...v), hi = Math.max(...v);
      shift.push((lo + hi) / 2);
      scale.push(hi > lo ? (hi - lo) / 2 : 1);
      continue;
    }
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const varc = v.length > 1 ? v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) : 0;
    shift.push(mean);
    scale.push(varc > 0 ? Math.sqrt(varc) : 1);
  }
  return { shift, scale };
}

export function isScalingKind(s: unknown): s is ScalingKind {
  return s === 'standard' || s === 'minmax' || s === 'none';
}
