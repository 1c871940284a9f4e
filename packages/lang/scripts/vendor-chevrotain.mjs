// Copies Chevrotain's single-file ES module build into dist/vendor/ (run by `npm run build`).
// Node resolves `#chevrotain` there (package.json "imports"): importing it takes ~35 ms, against
// ~400 ms for the package's multi-file entry point, which every `idt` command would pay at start.
// The file is not in Chevrotain's "exports" map, so it is located next to the resolved entry.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = createRequire(import.meta.url).resolve('chevrotain'); // .../chevrotain/lib/src/api.js
const bundle = path.join(path.dirname(entry), '..', 'chevrotain.mjs');
const target = path.join(here, '..', 'dist', 'vendor', 'chevrotain.mjs');
fs.mkdirSync(path.dirname(target), { recursive: true });
// Without its source-map comment: the package ships no map, and tools would look for one.
fs.writeFileSync(target, fs.readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
