// Builds the extension into dist/: the client and the language server bundled by esbuild (the
// .vsix carries no node_modules), plus the grammar and language configuration from /grammar.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dist = path.join(here, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

/**
 * `createRequire(import.meta.url)('pkg/file.js')` loads a file at run time, which a CommonJS
 * bundle cannot do (no import.meta, no node_modules beside it): it becomes a plain require,
 * which esbuild bundles.
 */
const inlineCreateRequire = {
  name: 'inline-create-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('createRequire(import.meta.url)')) return undefined;
      const contents = source
        .replace(/createRequire\(import\.meta\.url\)\(('[^']+'|"[^"]+")\)/g, 'require($1)')
        // The unit table the lang build writes travels next to the bundle (copied below).
        .replace("fileURLToPath(new URL('../../dist/unit-table.json', import.meta.url))", "require('node:path').join(__dirname, 'unit-table.json')");
      if (contents.includes('import.meta.url')) throw new Error(`${args.path}: import.meta.url left that a CommonJS bundle cannot provide`);
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.82 runs extensions and their servers on Node 18.
  target: 'node18',
  conditions: ['idt-source'],
  sourcemap: false,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [inlineCreateRequire],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(here, 'src', 'extension.ts')], outfile: path.join(dist, 'extension.cjs'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'packages', 'lsp', 'src', 'server.ts')], outfile: path.join(dist, 'server.cjs') }),
]);
for (const f of ['idt.tmLanguage.json', 'language-configuration.json']) fs.copyFileSync(path.join(root, 'grammar', f), path.join(dist, f));
const unitTable = path.join(root, 'packages', 'lang', 'dist', 'unit-table.json');
if (!fs.existsSync(unitTable)) throw new Error(`${path.relative(root, unitTable)} is missing: run npm run build first`);
fs.copyFileSync(unitTable, path.join(dist, 'unit-table.json'));
console.log(`built ${path.relative(root, dist)}: ${fs.readdirSync(dist).map((f) => `${f} (${Math.round(fs.statSync(path.join(dist, f)).size / 1024)} kB)`).join(', ')}`);
