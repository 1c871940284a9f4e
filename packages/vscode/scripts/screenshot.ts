// Renders images/screenshot.png for the README without VS Code (which cannot be installed here):
// the text of images/screenshot.idt coloured by the extension's TextMate grammar through
// vscode-textmate with VS Code's Dark+ theme colours, squiggles and a Problems list from the
// diagnostics the bundled language server publishes for it, in editor-like HTML drawn by
// headless Chromium. Run with `npm run screenshot -w packages/vscode` (needs `chromium`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TM from 'vscode-textmate';
import { lspSession, type SessionDiagnostic } from '../src/lsp-session.js';
import { loadIdtGrammar, vsctm } from '../src/textmate.js';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const modelFile = path.join(here, 'images', 'screenshot.idt');
const text = fs.readFileSync(modelFile, 'utf8').replace(/\n$/, '');

type Diagnostic = SessionDiagnostic;

/** The diagnostics the bundled server publishes for the text. */
async function serverDiagnostics(): Promise<Diagnostic[]> {
  return (await lspSession(path.join(here, 'dist', 'server.cjs'), text, 'file:///models/demo/infection.idt', 30_000)).diagnostics;
}

/** VS Code's Dark+ theme (tm-themes' copy) as a vscode-textmate raw theme. */
function darkPlus(): { theme: TM.IRawTheme; background: string; foreground: string } {
  const t = JSON.parse(fs.readFileSync(require.resolve('tm-themes/themes/dark-plus.json'), 'utf8'));
  const background = t.colors['editor.background'];
  const foreground = t.colors['editor.foreground'];
  return { theme: { name: t.name, settings: [{ settings: { foreground, background } }, ...t.tokenColors] }, background, foreground };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function main(): Promise<void> {
  const { theme, background, foreground } = darkPlus();
  const { grammar, registry } = await loadIdtGrammar(theme);
  const colors = registry.getColorMap();
  const diagnostics = await serverDiagnostics();
  const lines = text.split('\n');

  // Per line: spans coloured by the theme, with squiggles where a diagnostic lies.
  let state = vsctm.INITIAL;
  const rendered = lines.map((line, li) => {
    const r = grammar.tokenizeLine2(line, state);
    state = r.ruleStack;
    const cuts = new Set<number>([0, line.length]);
    for (let i = 0; i < r.tokens.length; i += 2) cuts.add(r.tokens[i]!);
    const marks = diagnostics.filter((d) => d.range.start.line <= li && d.range.end.line >= li);
    for (const d of marks) {
      cuts.add(d.range.start.line === li ? d.range.start.character : 0);
      cuts.add(d.range.end.line === li ? d.range.end.character : line.length);
    }
    const sorted = [...cuts].filter((c) => c <= line.length).sort((a, b) => a - b);
    let html = '';
    for (let k = 0; k + 1 < sorted.length; k++) {
      const [s, e] = [sorted[k]!, sorted[k + 1]!];
      if (s === e) continue;
      let meta = 0;
      for (let i = 0; i < r.tokens.length; i += 2) if (r.tokens[i]! <= s) meta = r.tokens[i + 1]!;
      const fg = colors[(meta & 0x00ff8000) >>> 15] ?? foreground;
      const fontStyle = (meta & 0x00007800) >>> 11;
      const squiggle = marks.find(
        (d) => (d.range.start.line < li || d.range.start.character <= s) && (d.range.end.line > li || d.range.end.character >= e),
      );
      const style = [`color:${fg}`];
      if (fontStyle & 1) style.push('font-style:italic');
      if (fontStyle & 2) style.push('font-weight:bold');
      const cls = squiggle ? ` class="squiggle ${squiggle.severity === 1 ? 'error' : 'warning'}"` : '';
      html += `<span${cls} style="${style.join(';')}">${esc(line.slice(s, e))}</span>`;
    }
    return html || '&nbsp;';
  });

  const hoverOn = diagnostics.find((d) => d.code === 'IDT2001') ?? diagnostics[0];
  const lineHeight = 20;
  const charWidth = 8.43;
  const icon = (sev: number) => (sev === 1 ? '<span class="icon err">&#x2716;</span>' : '<span class="icon warn">&#x26A0;</span>');
  const problems = diagnostics
    .map((d) => `<div class="problem">${icon(d.severity)} ${esc(d.message)} <span class="dim">idt(${esc(d.code)}) [Ln ${d.range.start.line + 1}, Col ${d.range.start.character + 1}]</span></div>`)
    .join('');
  const hover = hoverOn
    ? `<div class="hover" style="top:${(hoverOn.range.end.line + 1) * lineHeight + 6}px;left:${64 + hoverOn.range.start.character * charWidth}px">${esc(hoverOn.message)} <span class="dim">idt(${esc(hoverOn.code)})</span></div>`
    : '';
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{margin:0;background:${background};font-family:"DejaVu Sans",sans-serif;width:1180px}
.tabs{height:35px;background:#252526;display:flex}
.tab{background:${background};color:#fff;font-size:13px;padding:9px 16px;border-top:1px solid #0078d4}
.tab .lang{color:#9cdcfe;margin-right:6px;font-size:11px}
.crumbs{color:#a9a9a9;font-size:12px;padding:4px 18px}
.editor{position:relative;font-family:"DejaVu Sans Mono",monospace;font-size:14px;line-height:${lineHeight}px;white-space:pre;padding-top:2px}
.row{display:flex}.ln{width:48px;text-align:right;color:#858585;padding-right:16px;flex:none}
.squiggle{text-decoration:underline wavy;text-decoration-skip-ink:none;text-underline-offset:3px}
.error{text-decoration-color:#f14c4c}.warning{text-decoration-color:#cca700}
.hover{position:absolute;background:#252526;border:1px solid #454545;color:#ccc;font-family:"DejaVu Sans",sans-serif;font-size:13px;padding:6px 9px;white-space:nowrap;box-shadow:0 2px 8px #000a}
.panel{border-top:1px solid #414141;margin-top:10px;background:${background};padding:6px 18px 12px;font-size:13px;color:#ccc}
.panel .title{font-size:11px;letter-spacing:.04em;color:#e7e7e7;border-bottom:1px solid #e7e7e7;display:inline-block;padding-bottom:3px;margin-bottom:8px}
.problem{padding:2px 0}.dim{color:#8b8b8b}.icon{display:inline-block;width:16px}.err{color:#f14c4c}.warn{color:#cca700}
</style></head><body>
<div class="tabs"><div class="tab"><span class="lang">idt</span>infection.idt</div></div>
<div class="crumbs">demo &rsaquo; infection.idt</div>
<div class="editor">${rendered.map((h, i) => `<div class="row"><span class="ln">${i + 1}</span><span>${h}</span></div>`).join('')}${hover}</div>
<div class="panel"><div class="title">PROBLEMS ${diagnostics.length}</div>${problems}</div>
</body></html>`;
  const htmlFile = path.join(os.tmpdir(), `idt-screenshot-${process.pid}.html`);
  fs.writeFileSync(htmlFile, html);
  const height = 35 + 24 + lines.length * lineHeight + 40 + diagnostics.length * 21 + 30;
  const png = path.join(here, 'images', 'screenshot.png');
  const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=1180,${Math.ceil(height)}`, `--screenshot=${png}`, `file://${htmlFile}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr}`);
  console.log(`wrote ${path.relative(process.cwd(), png)}: ${diagnostics.length} diagnostics from the server, ${lines.length} lines`);
}

await main();
