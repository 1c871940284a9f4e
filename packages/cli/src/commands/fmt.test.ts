// `idt fmt`: check mode lists unformatted files and exits 1, write mode fixes them, syntax errors
// are reported like `idt check`; and, through the built CLI, the repository's examples are formatted.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../errors.js';
import { runFmt } from './fmt.js';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-fmt-'));

/** Runs `idt fmt` in this process, capturing what it prints. */
async function fmt(paths: string[], opts: { check?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { status: await runFmt(paths, opts), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('idt fmt', () => {
  it('lists unformatted files with --check and exits 1 without touching them; formats them without', async () => {
    const models = path.join(dir, 'models');
    fs.mkdirSync(path.join(models, 'sub'), { recursive: true });
    const messy = 'parameter k=1\nparameter long_name=2 [1/h]\n';
    fs.writeFileSync(path.join(models, 'a.idt'), messy);
    fs.writeFileSync(path.join(models, 'sub', 'b.idt'), 'time [h]\n');
    fs.writeFileSync(path.join(models, 'notes.txt'), 'not a model');
    const check = await fmt([models], { check: true });
    expect(check.status).toBe(1);
    expect(check.stdout.trim()).toBe(path.relative(process.cwd(), path.join(models, 'a.idt')));
    expect(check.stderr).toContain('1 of 2 files not formatted');
    expect(fs.readFileSync(path.join(models, 'a.idt'), 'utf8')).toBe(messy);

    const write = await fmt([models]);
    expect(write.status).toBe(0);
    expect(write.stderr).toContain('1 of 2 files reformatted');
    expect(fs.readFileSync(path.join(models, 'a.idt'), 'utf8')).toBe('parameter k         = 1\nparameter long_name = 2 [1/h]\n');
    expect((await fmt([models], { check: true })).status).toBe(0);
  });

  it('reports a syntax error as idt check does, formats nothing and exits 1', async () => {
    const file = path.join(dir, 'broken.idt');
    fs.writeFileSync(file, 'parameter k = (1\n');
    const r = await fmt([file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path.relative(process.cwd(), file)}:1:17: error IDT1003: expected ')' but found the end of the file`);
    expect(fs.readFileSync(file, 'utf8')).toBe('parameter k = (1\n');
  });

  it('refuses a path that does not exist (a usage error: exit 2)', async () => {
    await expect(fmt([path.join(dir, 'nowhere.idt')])).rejects.toThrow(UsageError);
  });
});

describe.skipIf(!fs.existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js')))('idt fmt --check examples (built CLI)', () => {
  it('finds every example formatted (`npm run format` fixes them)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'packages', 'cli', 'bin', 'idt.js'), 'fmt', '--check', 'examples'], { encoding: 'utf8', cwd: root });
    expect(r.stdout, 'unformatted examples: run `npm run format`').toBe('');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ok: \d+ files formatted$/m);
  });
});
