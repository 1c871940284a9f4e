// End-to-end: the built `idt` command (node packages/cli/bin/idt.js, after `npm run build`) run
// as a subprocess on every example, the sepsis decisions, and bad input.
//
// Few and heavy on purpose: every command is started once, all of them in a small pool up front
// (process start-up dominates), and the tests below only read the recorded results. Numerical
// checks of the same models call the compiler and runtime directly, in test/examples/.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'packages/cli/bin/idt.js');
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-e2e-'));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function idt(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every example with the series its plot must show. */
const EXAMPLES: { model: string; plotted: string[]; decisions?: Record<string, string>; extra?: string[] }[] = [
  { model: 'examples/sepsis/twin.idt', plotted: ['P', 'N', 'D', 'CA', 'IL6'], decisions: { outcome: 'aseptic death', treat: 'TREAT' } },
  { model: 'examples/influenza/twin.idt', plotted: ['T', 'E', 'I', 'V'] },
  { model: 'examples/covid19/twin.idt', plotted: ['T1', 'VT', 'T2', 'VS'], decisions: { shedding: 'cleared' } },
  // A purely logical model has no continuous state: its plot shows the logic nodes.
  { model: 'examples/th-differentiation/twin.idt', plotted: ['th.IL12', 'th.Tbet', 'th.GATA3'], decisions: { fate: 'Th1' } },
  // The test-set problems name their states y1 ... yn.
  ...Object.entries({ rober: 3, hires: 8, pollu: 20, orego: 3, vdpol: 2 }).map(([b, n]) => ({ model: `examples/benchmarks/${b}.idt`, plotted: Array.from({ length: n }, (_, i) => `y${i + 1}`) })),
  { model: 'examples/benchmarks/lotka-volterra.idt', plotted: ['x', 'y'] },
];

const POINTS = 51;
const csvOf = (model: string) => path.join(OUT, `${model.replace(/[/.]/g, '_')}.csv`);
const svgOf = (model: string) => path.join(OUT, `${model.replace(/[/.]/g, '_')}.svg`);

const BAD_MODEL = path.join(OUT, 'bad.idt');
fs.writeFileSync(BAD_MODEL, 'module bad\nspecies X = 1\nder(X) = -k * X\n');

/** Sepsis patients of shared/models/immune-models.md §1 / §5 ([V2+] outcomes) and the §5
 *  treatment row "patient B, anti-inflammatory 0.1 per hour from 12 to 18 h -> health" ([D]). */
const SEPSIS_CASES: { name: string; set: string[]; outcome: string; treat: string }[] = [
  { name: 'patient A (P0 = 1, k_pg = 0.3)', set: ['P0=1', 'k_pg=0.3'], outcome: 'health', treat: 'DO NOT TREAT' },
  { name: 'patient B (P0 = 1.5, k_pg = 0.3)', set: ['P0=1.5', 'k_pg=0.3'], outcome: 'aseptic death', treat: 'TREAT' },
  { name: 'patient C (P0 = 1, k_pg = 0.6)', set: ['P0=1', 'k_pg=0.6'], outcome: 'septic death', treat: 'TREAT' },
  { name: 'patient B treated with anti_amp = 0.1 (12-18 h)', set: ['P0=1.5', 'k_pg=0.3', 'anti_amp=0.1'], outcome: 'health', treat: 'DO NOT TREAT' },
];

const BAD_INPUT: { name: string; args: string[]; message: RegExp; codes: number[] }[] = [
  { name: 'a missing model file', args: ['run', 'examples/no-such-model.idt'], message: /no such model file: examples\/no-such-model\.idt/, codes: [2] },
  { name: "a typo in --set (k_pgg)", args: ['run', 'examples/sepsis/twin.idt', '--set', 'k_pgg=0.6'], message: /unknown parameter 'k_pgg'.*did you mean 'k_pg'/, codes: [2] },
  { name: 'an unknown variable in --vars', args: ['run', 'examples/sepsis/twin.idt', '--vars', 'P,Q', '--plot', path.join(OUT, 'never.svg')], message: /--vars: unknown variable 'Q'/, codes: [2] },
  { name: 'a model with errors', args: ['run', BAD_MODEL], message: /error IDT2001: 'k' is not defined/, codes: [1] },
  { name: 'a seed that is not an integer', args: ['run', 'examples/sepsis/twin.idt', '--seed', '1.5'], message: /--seed must be an integer, got '1\.5'/, codes: [2] },
];

/** Every .idt file under a folder (relative to the repository), so a new example is checked too. */
function idtFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    return d.isDirectory() ? idtFiles(rel) : d.name.endsWith('.idt') ? [rel] : [];
  });
}

const results = new Map<string, Run>();

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO, 'packages/cli/dist/main.js'))) throw new Error('the CLI is not built: run `npm run build` first');
  const jobs: [string, string[]][] = [
    ['check', ['check', ...idtFiles('examples')]],
    ...EXAMPLES.map((e): [string, string[]] => [e.model, ['run', e.model, '--points', String(POINTS), '-o', csvOf(e.model), '--plot', svgOf(e.model), ...(e.extra ?? [])]]),
    ...SEPSIS_CASES.map((c): [string, string[]] => [c.name, ['run', 'examples/sepsis/twin.idt', '--quiet', ...c.set.flatMap((s) => ['--set', s])]]),
    ...BAD_INPUT.map((b): [string, string[]] => [b.name, b.args]),
  ];
  // A small pool: enough to overlap process start-up, few enough not to starve each other.
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results.set(job[0], await idt(job[1]));
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240_000);

/** No JavaScript stack trace and no internal-error report in a command's output. */
function expectNoStackTrace(r: Run): void {
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+(\(|:\d+:\d+)|internal error|Error: .*\n\s+at /);
}

describe('idt check on every example', () => {
  it('exits 0 with no errors and no warnings on every .idt file under examples/', () => {
    const r = results.get('check')!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/ok: \d+ modules checked, 0 errors, 0 warnings/);
    expect(r.stderr + r.stdout).not.toMatch(/warning [A-Z]+\d+/);
  });
});

describe('idt run on every example', () => {
  for (const e of EXAMPLES) {
    describe(e.model, () => {
      it('exits 0 and prints its decisions', () => {
        const r = results.get(e.model)!;
        expect(r.code, r.stderr).toBe(0);
        for (const [name, label] of Object.entries(e.decisions ?? {})) expect(r.stdout).toContain(`${name}: ${label}`);
      });

      it(`writes a CSV with a time,<names...> header and ${POINTS} rows`, () => {
        const lines = fs.readFileSync(csvOf(e.model), 'utf8').trim().split('\n');
        const header = lines[0]!.split(',');
        expect(header[0]).toBe('time');
        for (const name of e.plotted) expect(header).toContain(name);
        expect(lines).toHaveLength(POINTS + 1);
        for (const line of lines.slice(1)) {
          const cells = line.split(',');
          expect(cells).toHaveLength(header.length);
          expect(cells.every((c) => Number.isFinite(Number(c)))).toBe(true);
        }
        expect(Number(lines[1]!.split(',')[0])).toBe(0);
      });

      it('writes a plot that parses as SVG and shows every expected series', () => {
        const text = fs.readFileSync(svgOf(e.model), 'utf8');
        expect(XMLValidator.validate(text)).toBe(true);
        const doc = new XMLParser({ ignoreAttributes: false }).parse(text) as Record<string, unknown>;
        expect(doc['svg']).toBeDefined();
        const labels = new Set([...text.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!));
        for (const name of e.plotted) expect(labels, `legend entry '${name}'`).toContain(name);
      });
    });
  }
});

describe('idt run: sepsis decisions from the command line', () => {
  for (const c of SEPSIS_CASES) {
    it(`${c.name}: ${c.outcome}, ${c.treat}`, () => {
      const r = results.get(c.name)!;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`outcome: ${c.outcome}\n`);
      expect(r.stdout).toContain(`treat: ${c.treat}\n`);
    });
  }
});

describe('idt run: bad input gets one clear message, exit 1 or 2, no stack trace', () => {
  for (const b of BAD_INPUT) {
    it(b.name, () => {
      const r = results.get(b.name)!;
      expect(b.codes).toContain(r.code);
      expect(r.stderr).toMatch(b.message);
      expectNoStackTrace(r);
      // One error line: the message itself (a model error adds its source line and a caret).
      expect(r.stderr.split('\n').filter((l) => /^error: /.test(l))).toHaveLength(1);
    });
  }
});
