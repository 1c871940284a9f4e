// What the extension's commands run, with no dependency on VS Code (so it is tested in Node):
// which `idt` to call, with which arguments, and where the output goes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** How to start a program: the executable and its first arguments. */
export interface Invocation {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The `idt` command line: the configured path if any (a .js file runs with Node), else the
 * workspace's node_modules/.bin/idt (walking up from the model, as npm does), else `idt` on PATH.
 */
export function resolveIdt(modelFile: string, configured: string | undefined, nodePath = process.execPath): Invocation {
  if (configured && configured.trim() !== '') {
    const c = configured.trim();
    return /\.(c|m)?js$/.test(c) ? { command: nodePath, args: [c] } : { command: c, args: [] };
  }
  for (let dir = path.dirname(path.resolve(modelFile)); ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '@idt', 'cli', 'bin', 'idt.js');
    if (fs.existsSync(bin)) return { command: nodePath, args: [bin] };
    if (path.dirname(dir) === dir) break;
  }
  return { command: process.platform === 'win32' ? 'idt.cmd' : 'idt', args: [] };
}

/** A fresh output path for a model's picture: `<tmp>/idt-<model>-<kind>-<stamp>.svg`. */
export function outputPath(modelFile: string, kind: 'plot' | 'map', stamp = Date.now(), dir = os.tmpdir()): string {
  const base = path.basename(modelFile, path.extname(modelFile)).replace(/[^\w.-]+/g, '_');
  return path.join(dir, `idt-${base}-${kind}-${stamp}.svg`);
}

/** `idt run <model> --plot <svg>`: simulate the twin and draw its time courses. */
export function runArgs(idt: Invocation, modelFile: string, svg: string): Invocation {
  return { command: idt.command, args: [...idt.args, 'run', modelFile, '--plot', svg] };
}

/** `idt graph <model> -o <svg>`: draw the twin's conceptual map. */
export function graphArgs(idt: Invocation, modelFile: string, svg: string): Invocation {
  return { command: idt.command, args: [...idt.args, 'graph', modelFile, '-o', svg] };
}

/** The language server: the configured `idt-lsp` command, or the bundled server next to the extension. */
export function serverInvocation(configured: string | undefined, bundledServer: string): { module: string } | Invocation {
  if (configured && configured.trim() !== '') return { command: configured.trim(), args: ['--stdio'] };
  return { module: bundledServer };
}

/** The HTML of the panel showing a picture: the SVG as an image (its scripts never run), nothing else. */
export function pictureHtml(title: string, imageUri: string, cspSource: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${esc(cspSource)}; style-src 'unsafe-inline';">
<title>${esc(title)}</title>
<style>body{margin:0;padding:12px;background:#fff}img{max-width:100%;height:auto}</style>
</head><body><img src="${esc(imageUri)}" alt="${esc(title)}"></body></html>`;
}
