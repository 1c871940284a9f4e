// The benchmark problems: test-set files, their settings, and the published reference values.
//
// Definitions and references: shared/conformance/stiff-testset/README.md (IVP test set of Mazzia,
// Magherini et al., release 2.4; Hairer & Wanner II). Tolerances are the ones that README sets for
// comparisons across tools (rtol 1e-6, atol 1e-10; ROBER to 1e11: atol 1e-14); every tool gets the
// same numbers. Problems without a published reference are compared with a tight reference solve
// stored in bench/references.json together with the command that made it.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bench = (f) => path.join(ROOT, 'examples', 'benchmarks', f);

/** Published reference values at the final time (IVP test set, release 2.4). */
const PUBLISHED = {
  rober1e11: [2.0833401497012550e-08, 8.3333607703347131e-14, 9.9999997916650496e-01],
  hires: [7.3713125733256685e-04, 1.4424857263161851e-04, 5.8887297409675752e-05, 1.1756513432831491e-03,
    2.3863561988313308e-03, 6.2389682527427964e-03, 2.8499983951857689e-03, 2.8500016048142308e-03],
  pollu: [5.6462554800227688e-02, 1.3424841304223389e-01, 4.1397343310994266e-09, 5.5231402074843589e-03,
    2.0189772623021960e-07, 1.4645418634939660e-07, 7.7842491189979643e-02, 3.2450753533960180e-01,
    7.4940133838804057e-03, 1.6222931573015609e-08, 1.1358638332570749e-08, 2.2305059757213590e-03,
    2.0871628827986299e-04, 1.3969210168401580e-05, 8.9648848568982947e-03, 4.3528463693301030e-18,
    6.8992196962634053e-03, 1.0078030373659460e-04, 1.7721465139699840e-06, 5.6829432923163919e-05],
  orego: [1.0008148703185229e+00, 1.2281785215499169e+03, 1.3205549428467060e+02],
};

/**
 * Each problem: the .idt file, overrides of its `simulate` settings (tEnd, rtol, atol), and the
 * published reference when there is one. `points`: output times, equally spaced, every tool.
 */
export const TEST_SET = [
  { id: 'rober', file: bench('rober.idt'), tEnd: 1e5, rtol: 1e-6, atol: 1e-10 },
  { id: 'rober-1e11', file: bench('rober.idt'), tEnd: 1e11, rtol: 1e-6, atol: 1e-14, published: PUBLISHED.rober1e11 },
  { id: 'hires', file: bench('hires.idt'), tEnd: 321.8122, rtol: 1e-6, atol: 1e-10, published: PUBLISHED.hires },
  { id: 'pollu', file: bench('pollu.idt'), tEnd: 60, rtol: 1e-6, atol: 1e-10, published: PUBLISHED.pollu },
  { id: 'orego', file: bench('orego.idt'), tEnd: 360, rtol: 1e-6, atol: 1e-10, published: PUBLISHED.orego },
  { id: 'vdpol', file: bench('vdpol.idt'), tEnd: 3000, rtol: 1e-6, atol: 1e-10 },
  { id: 'lotka-volterra', file: bench('lotka-volterra.idt'), tEnd: 100, rtol: 1e-6, atol: 1e-10 },
];

/** Output times per run: every tool reports the state at the same equally spaced times. */
export const POINTS = 101;
