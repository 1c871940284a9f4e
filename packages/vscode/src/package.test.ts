// The .vsix as `npm run package:vscode` builds it (esbuild bundles, then vsce, offline): what it
// contains, that its manifest wires the language, grammar and snippets to files it carries, and
// that the bundled language server answers an editor over stdio.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { lspSession } from './lsp-session.js';

const here = path.resolve(__dirname, '..');
const vsix = path.join(here, 'idt-vscode.vsix');

/** The entries of a zip archive (central directory), with their inflated contents. */
function readZip(file: string): Map<string, Buffer> {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

let entries: Map<string, Buffer>;
beforeAll(() => {
  fs.rmSync(vsix, { force: true });
  // The same script as `npm run package:vscode`; stdin closed, so a vsce prompt fails instead of waiting.
  const r = spawnSync('npm', ['run', 'package'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`packaging failed:\n${r.stdout}\n${r.stderr}`);
  entries = readZip(vsix);
}, 120_000);

describe('the .vsix', () => {
  it('holds the bundles, the grammar, the language configuration, the unit table, the snippets and the README, and no sources', () => {
    const names = [...entries.keys()].filter((n) => n.startsWith('extension/')).sort();
    expect(names).toEqual(
      [
        'extension/readme.md',
        'extension/dist/extension.cjs',
        'extension/dist/idt.tmLanguage.json',
        'extension/dist/language-configuration.json',
        'extension/dist/server.cjs',
        'extension/dist/unit-table.json',
        'extension/images/screenshot.idt',
        'extension/images/screenshot.png',
        'extension/package.json',
        'extension/snippets/idt.json',
      ].sort(),
    );
  });

  it('wires every contributed file to a file it carries', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    const carried = (p: string) => entries.has(`extension/${path.posix.normalize(p)}`);
    expect(carried(manifest.main)).toBe(true);
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'idt', extensions: ['.idt'] });
    expect(carried(manifest.contributes.languages[0].configuration)).toBe(true);
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'idt', scopeName: 'source.idt' });
    expect(carried(manifest.contributes.grammars[0].path)).toBe(true);
    expect(carried(manifest.contributes.snippets[0].path)).toBe(true);
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['idt.runTwin', 'idt.showMap', 'idt.restartServer']);
    // The grammar shipped is the repository's grammar.
    expect(entries.get('extension/dist/idt.tmLanguage.json')!.toString('utf8')).toBe(fs.readFileSync(path.join(here, '..', '..', 'grammar', 'idt.tmLanguage.json'), 'utf8'));
  });

  it('ships snippets for the common constructs, each a valid snippet body', () => {
    const snippets = JSON.parse(entries.get('extension/snippets/idt.json')!.toString('utf8')) as Record<string, { prefix: string; body: string[] }>;
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const p of ['species', 'parameter', 'reaction', 'event', 'surrogate', 'instance', 'decision']) expect(prefixes).toContain(p);
    for (const s of Object.values(snippets)) expect(s.body.join('\n')).toMatch(/\$0/);
  });

  it('bundles a client that loads vscode at run time only', () => {
    const client = entries.get('extension/dist/extension.cjs')!.toString('utf8');
    expect(client).toMatch(/require\("vscode"\)/);
    expect(client).toContain('idt.runTwin');
  });
});


// The server is the language server package's (written in parallel): until its entry point
// starts a connection there is nothing to ask.
const serverSource = fs.readFileSync(path.join(here, '..', 'lsp', 'src', 'server.ts'), 'utf8');
describe.skipIf(!serverSource.includes('createConnection'))('the bundled language server', () => {
  it('answers initialize and publishes the diagnostics of an opened model', async () => {
    const r = await lspSession(path.join(here, 'dist', 'server.cjs'), 'time [h]\nspecies X = 1\nder(X) = -k * X\n');
    expect(r.capabilities).toHaveProperty('textDocumentSync');
    expect(r.diagnostics.map((d) => d.code)).toContain('IDT2001');
  }, 30_000);

  it('knows units from the unit table it carries', async () => {
    const r = await lspSession(path.join(here, 'dist', 'server.cjs'), 'time [h]\nspecies X = 1 [mL]\nspecies Y = 1 [mLz]\nder(X) = -0.1 [1/h] * X\n');
    // mL is a unit (no diagnostic on line 1), mLz is not (IDT2008 on line 2).
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['IDT2008', 2]]);
  }, 30_000);
});
