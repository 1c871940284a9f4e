// Display-only downsampling of long time series (Largest-Triangle-Three-Buckets), gap-aware.
//
// Method: S. Steinarsson, "Downsampling Time Series for Visual Representation", MSc thesis,
// University of Iceland, 2013, §4.2 (LTTB). LTTB keeps the first and last point and, in each
// bucket, the point forming the largest triangle with the previous pick and the next bucket's
// mean, so peaks and troughs that matter to the eye survive. It is for drawing only: never feed
// its output back into numerics.

/** A series reduced for drawing; `NaN` in `values` marks a gap (the line must break there). */
export interface DownsampledSeries {
  time: Float64Array;
  values: Float64Array;
}

/**
 * Reduces `(time, values)` to at most about `maxPoints` points for display.
 *
 * Non-finite values split the series into runs; each run is reduced on its own, with a share of
 * the budget proportional to its length, and runs are rejoined with one `NaN` gap marker so the
 * plot breaks the line instead of bridging a failed stretch. A series already within budget is
 * returned as it is (same arrays, no copy).
 */
export function downsampleSeries(
  time: Float64Array,
  values: Float64Array,
  maxPoints: number,
): DownsampledSeries {
  const n = Math.min(time.length, values.length);
  if (n <= maxPoints) return { time, values };

  const runs = finiteRuns(time, values, n);
  const finiteCount = runs.reduce((sum, [start, end]) => sum + (end - start), 0);
  const outTime: number[] = [];
  const outValues: number[] = [];
  for (let r = 0; r < runs.length; r++) {
    const [start, end] = runs[r]!;
    if (r > 0) {
      // Gap marker between runs: the time of the first dropped point, value NaN.
      outTime.push(time[runs[r - 1]![1]]!);
      outValues.push(Number.NaN);
    }
    const budget = Math.max(3, Math.round((maxPoints * (end - start)) / Math.max(finiteCount, 1)));
    for (const i of lttbIndices(time, values, start, end, budget)) {
      outTime.push(time[i]!);
      outValues.push(values[i]!);
    }
  }
  return { time: Float64Array.from(outTime), values: Float64Array.from(outValues) };
}

/** Half-open index ranges `[start, end)` where both time and value are finite. */
function finiteRuns(time: Float64Array, values: Float64Array, n: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(values[i]!) && Number.isFinite(time[i]!);
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, n]);
  return runs;
}

/** LTTB over `[start, end)`: the indices kept, in increasing order. */
function lttbIndices(
  time: Float64Array,
  values: Float64Array,
  start: number,
  end: number,
  threshold: number,
): number[] {
  const length = end - start;
  if (length <= threshold || threshold < 3) {
    const all: number[] = [];
    for (let i = start; i < end; i++) all.push(i);
    return all;
  }
  const kept: number[] = [start];
  // Interior points are split into (threshold - 2) buckets; first and last points are fixed.
  const bucketSize = (length - 2) / (threshold - 2);
  let previous = start;
  for (let b = 0; b < threshold - 2; b++) {
    const bucketStart = start + 1 + Math.floor(b * bucketSize);
    const bucketEnd = start + 1 + Math.floor((b + 1) * bucketSize);
    // Mean of the next bucket (or the last point for the final bucket).
    const nextStart = bucketEnd;
    const nextEnd = Math.min(start + 1 + Math.floor((b + 2) * bucketSize), end);
    let meanT = 0;
    let meanV = 0;
    const nextCount = Math.max(nextEnd - nextStart, 1);
    if (nextEnd > nextStart) {
      for (let j = nextStart; j < nextEnd; j++) {
        meanT += time[j]!;
        meanV += values[j]!;
      }
      meanT /= nextCount;
      meanV /= nextCount;
    } else {
      meanT = time[end - 1]!;
      meanV = values[end - 1]!;
    }
    const pT = time[previous]!;
    const pV = values[previous]!;
    let bestArea = -1;
    let best = bucketStart;
    for (let j = bucketStart; j < bucketEnd; j++) {
      // Twice the triangle area; the factor does not change the argmax.
      const area = Math.abs((pT - meanT) * (values[j]! - pV) - (pT - time[j]!) * (meanV - pV));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(end - 1);
  return kept;
}
