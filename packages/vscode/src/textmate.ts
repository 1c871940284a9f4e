// The idt TextMate grammar loaded with VS Code's own engine (vscode-textmate + the Oniguruma
// WASM build VS Code ships), for tests and for rendering highlighted code outside the editor.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as onigurumaModule from 'vscode-oniguruma';
import * as vsctmModule from 'vscode-textmate';

// Both packages are CommonJS bundles whose exports Node's ESM loader only sees as `default`.
const interop = <T>(m: T): T => ((m as { default?: T }).default ?? m);
const oniguruma = interop(onigurumaModule);
const vsctm = interop(vsctmModule);

const require = createRequire(import.meta.url);
export const grammarDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'grammar');
export { vsctm };
export const grammarPath = path.join(grammarDir, 'idt.tmLanguage.json');

let onig: Promise<vsctmModule.IOnigLib> | undefined;
function onigLib(): Promise<vsctmModule.IOnigLib> {
  onig ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onig;
}

/** The grammar, optionally with a theme (VS Code theme JSON: `tokenColors` or `settings`). */
export async function loadIdtGrammar(theme?: vsctmModule.IRawTheme): Promise<{ grammar: vsctmModule.IGrammar; registry: vsctmModule.Registry }> {
  const registry = new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.idt' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    ...(theme ? { theme } : {}),
  });
  const grammar = await registry.loadGrammar('source.idt');
  if (!grammar) throw new Error('the idt grammar did not load');
  return { grammar, registry };
}

export interface Token {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

/** Every token of a text, line by line, with its scope stack (outermost first). */
export function tokenize(grammar: vsctmModule.IGrammar, text: string): Token[] {
  const out: Token[] = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ line: i, start: t.startIndex, end: t.endIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}
