// The commands' command lines and the picture panel, without VS Code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphArgs, outputPath, pictureHtml, resolveIdt, runArgs, serverInvocation } from './commands.js';

describe('resolveIdt', () => {
  it('uses the configured command, running a .js file with Node', () => {
    expect(resolveIdt('/m/x.idt', '/opt/idt/bin/idt', '/usr/bin/node')).toEqual({ command: '/opt/idt/bin/idt', args: [] });
    expect(resolveIdt('/m/x.idt', ' /opt/idt.js ', '/usr/bin/node')).toEqual({ command: '/usr/bin/node', args: ['/opt/idt.js'] });
  });

  it("finds the workspace's @idt/cli by walking up from the model", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-resolve-'));
    const bin = path.join(dir, 'node_modules', '@idt', 'cli', 'bin', 'idt.js');
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.writeFileSync(bin, '');
    fs.mkdirSync(path.join(dir, 'models', 'deep'), { recursive: true });
    expect(resolveIdt(path.join(dir, 'models', 'deep', 'twin.idt'), '', '/usr/bin/node')).toEqual({ command: '/usr/bin/node', args: [bin] });
  });

  it('falls back to idt on the PATH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-resolve-'));
    expect(resolveIdt(path.join(dir, 'twin.idt'), undefined).command).toMatch(/^idt(\.cmd)?$/);
  });
});

describe('command lines', () => {
  const idt = { command: 'node', args: ['/x/idt.js'] };
  it('runs the twin with a plot and draws the map', () => {
    expect(runArgs(idt, '/m/twin.idt', '/tmp/p.svg')).toEqual({ command: 'node', args: ['/x/idt.js', 'run', '/m/twin.idt', '--plot', '/tmp/p.svg'] });
    expect(graphArgs(idt, '/m/twin.idt', '/tmp/g.svg')).toEqual({ command: 'node', args: ['/x/idt.js', 'graph', '/m/twin.idt', '-o', '/tmp/g.svg'] });
  });

  it('names pictures after the model, safely', () => {
    expect(outputPath('/m/my twin!.idt', 'plot', 42, '/tmp')).toBe(path.join('/tmp', 'idt-my_twin_-plot-42.svg'));
  });

  it('starts the bundled server unless an idt-lsp is configured', () => {
    expect(serverInvocation('', '/ext/dist/server.cjs')).toEqual({ module: '/ext/dist/server.cjs' });
    expect(serverInvocation('/usr/bin/idt-lsp', '/ext/dist/server.cjs')).toEqual({ command: '/usr/bin/idt-lsp', args: ['--stdio'] });
  });
});

describe('pictureHtml', () => {
  it('shows the SVG as an image under a strict content security policy, escaping what it embeds', () => {
    const html = pictureHtml('a<b>.idt: map', 'vscode-resource://x/"y".svg', 'vscode-webview://abc');
    expect(html).toContain("default-src 'none'; img-src vscode-webview://abc;");
    expect(html).toContain('<img src="vscode-resource://x/&#34;y&#34;.svg"');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/<script/i);
  });
});
