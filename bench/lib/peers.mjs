// The peer tools: SUNDIALS CVODE through our C driver (bench/peers/cvode_driver.c) and SciPy's
// solve_ivp through our Python driver (bench/peers/scipy_driver.py). Both get model code printed
// from the idt IR (peer-code.mjs) and problem files written here; a missing peer is reported
// with the command that installs it, never an exception.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './problems.mjs';
import { cSource, isMassActionNetwork, massActionCSource, pySource } from './peer-code.mjs';

export const WORK = path.join(ROOT, 'bench', '.work');
const PEERS = path.join(ROOT, 'bench', 'peers');
const LIBS = ['-lsundials_cvode', '-lsundials_nvecserial', '-lsundials_sunlinsoldense', '-lsundials_sunmatrixdense',
  '-lsundials_sunlinsolklu', '-lsundials_sunmatrixsparse', '-lsundials_sunnonlinsolnewton', '-lsundials_generic', '-lklu', '-lm'];
const CFLAGS = ['-O2', '-march=native', '-I/usr/include/suitesparse'];

function mkdir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Why CVODE cannot run here, or undefined when it can. */
export function cvodeMissing() {
  if (!fs.existsSync('/usr/include/cvode/cvode.h') || !fs.existsSync('/usr/include/sunlinsol/sunlinsol_klu.h')) {
    return 'SUNDIALS headers not found: apt-get install libsundials-dev';
  }
  const cc = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  if (cc.status !== 0) return 'no C compiler (cc): apt-get install gcc';
  return undefined;
}

/** SUNDIALS version from its config header. */
export function cvodeVersion() {
  try {
    return /SUNDIALS_VERSION "([^"]+)"/.exec(fs.readFileSync('/usr/include/sundials/sundials_config.h', 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** Compiles the driver with the model's generated C (cached by content) and returns the executable. */
export function buildCvode(id, ir) {
  const dir = mkdir(path.join(WORK, 'cvode'));
  const src = isMassActionNetwork(ir) && ir.reactions.length > 500 ? massActionCSource(ir) : cSource(ir);
  const driver = fs.readFileSync(path.join(PEERS, 'cvode_driver.c'), 'utf8');
  const hash = createHash('sha256').update(src).update(driver).update(CFLAGS.join(' ')).digest('hex').slice(0, 16);
  const exe = path.join(dir, `${id}-${hash}`);
  if (fs.existsSync(exe)) return exe;
  const modelC = path.join(dir, `${id}-${hash}.c`);
  fs.writeFileSync(modelC, src);
  const r = spawnSync('cc', [...CFLAGS, '-o', exe, path.join(PEERS, 'cvode_driver.c'), modelC, ...LIBS], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling the CVODE driver for ${id} failed:\n${r.stderr}`);
  return exe;
}

/**
 * Runs CVODE on parameter sets (each p then y0). Options: rtol, atol, times, events [[t, e]],
 * linsol 'dense' | 'klu', warmup, repeats.
 */
export function runCvode(exe, sets, o) {
  const lines = [
    `rtol ${o.rtol}`, `atol ${o.atol}`, `lmm ${o.lmm ?? 'bdf'}`, `linsol ${o.linsol ?? 'dense'}`, `warmup ${o.warmup ?? 1}`, `repeats ${o.repeats ?? 5}`,
    `maxsteps ${o.maxSteps ?? 1000000}`,
    `times ${o.times.length} ${Array.from(o.times, (t) => t.toPrecision(17)).join(' ')}`,
    `events ${o.events.length} ${o.events.map(([t, e]) => `${t.toPrecision(17)} ${e}`).join(' ')}`,
    `sets ${sets.length}`,
    ...sets.map(({ p, y0 }) => [...p, ...y0].map((v) => v.toPrecision(17)).join(' ')),
  ];
  const file = path.join(mkdir(path.join(WORK, 'cvode')), `problem-${process.pid}.txt`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync(exe, [file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`CVODE driver failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

let pythonChecked;
/** The Python with SciPy to use (Debian's python3-scipy first), or a reason why there is none. */
export function findPython() {
  if (pythonChecked) return pythonChecked;
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import scipy, numpy; print(scipy.__version__, numpy.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      const [scipy, numpy] = r.stdout.trim().split(' ');
      pythonChecked = { python: py, scipy, numpy };
      return pythonChecked;
    }
  }
  pythonChecked = { missing: 'SciPy not found: apt-get install python3-scipy' };
  return pythonChecked;
}

/** Environment of the SciPy runs: one BLAS thread (every tool solves on one core). */
function pythonEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  return env;
}

/** Writes the model module for SciPy (printed from the IR) and returns its path. */
export function writeScipyModule(id, ir, source = pySource(ir)) {
  const dir = mkdir(path.join(WORK, 'scipy'));
  const file = path.join(dir, `${id.replace(/[^\w]/g, '_')}.py`);
  fs.writeFileSync(file, source);
  return file;
}

/** Runs solve_ivp with the given methods. Problem fields as scipy_driver.py documents. */
export function runScipy(problem) {
  const py = findPython();
  if (py.missing) throw new Error(py.missing);
  const file = path.join(mkdir(path.join(WORK, 'scipy')), `problem-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(problem));
  const r = spawnSync(py.python, [path.join(PEERS, 'scipy_driver.py'), file], { encoding: 'utf8', env: pythonEnv(), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`SciPy driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
