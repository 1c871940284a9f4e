// Sampling parameter priors for virtual populations (and, later, uncertainty quantification).
//
// Distributions are those the language declares (`~ lognormal(median, sigma)`, ...). Sampling is
// reproducible: patient i of seed s always draws the same values, whichever worker computes it,
// because each patient gets its own generator seeded from (seed, i).
import { Xoshiro128 } from './logic/prng.js';

export interface Prior {
  readonly dist: string;
  readonly args: readonly number[];
}

/** Standard normal draw (Box–Muller; the second value is discarded to keep streams simple). */
function standardNormal(rng: Xoshiro128): number {
  let u = 0;
  while (u === 0) u = rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
function standardGamma(rng: Xoshiro128, shape: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.nextFloat();
    return standardGamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw from a prior. Throws for an unknown distribution (a compiler bug: the checker knows them). */
export function samplePrior(prior: Prior, rng: Xoshiro128): number {
  const [a = NaN, b = NaN] = prior.args;
  switch (prior.dist) {
    case 'normal':
      return a + b * standardNormal(rng);
    case 'lognormal':
      return a * Math.exp(b * standardNormal(rng));
    case 'uniform':
      return a + (b - a) * rng.nextFloat();
    case 'loguniform':
      return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * rng.nextFloat());
    case 'gamma':
      return b * standardGamma(rng, a);
    case 'beta': {
      const x = standardGamma(rng, a);
      const y = standardGamma(rng, b);
      return x / (x + y);
    }
    case 'laplace': {
      const u = rng.nextFloat() - 0.5;
      return a - b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
    }
    default:
      throw new RangeError(`unknown prior distribution '${prior.dist}'`);
  }
}

/** The generator of patient `index` in a population drawn with `seed`. */
export function patientRng(seed: number, index: number): Xoshiro128 {
  // Mix the two numbers so that neighbouring seeds and indices give unrelated streams.
  return new Xoshiro128((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
}

/** Parameter values of one virtual patient: every parameter with a prior is drawn, the rest keep
 *  their defaults; draws outside a parameter's bounds are redrawn (truncated priors). */
export function samplePatient(
  params: readonly { readonly name: string; readonly prior?: Prior; readonly bounds?: readonly [number, number] }[],
  seed: number,
  index: number,
): Record<string, number> {
  const rng = patientRng(seed, index);
  const out: Record<string, number> = {};
  for (const p of params) {
    if (!p.prior) continue;
    let v = samplePrior(p.prior, rng);
    for (let tries = 0; p.bounds && (v < p.bounds[0] || v > p.bounds[1]) && tries < 1000; tries++) v = samplePrior(p.prior, rng);
    out[p.name] = v;
  }
  return out;
}
