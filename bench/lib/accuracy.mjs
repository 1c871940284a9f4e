// Accuracy measures of the IVP test set (Mazzia et al.): scd and mescd of a final state against a
// reference.

/** scd = min over components of -log10(|y - ref| / |ref|); components with ref = 0 are skipped. */
export function scd(y, ref) {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    if (ref[i] === 0) continue;
    const rel = Math.abs(y[i] - ref[i]) / Math.abs(ref[i]);
    if (!(rel <= worst)) worst = rel;
  }
  return worst === 0 ? Infinity : -Math.log10(worst);
}

/** mescd = -log10(max over components of |y - ref| / (atol/rtol + |ref|)). */
export function mescd(y, ref, rtol, atol) {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(y[i] - ref[i]) / (atol / rtol + Math.abs(ref[i]));
    if (!(e <= worst)) worst = e;
  }
  return worst === 0 ? Infinity : -Math.log10(worst);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}
