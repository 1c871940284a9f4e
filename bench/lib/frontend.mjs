// Front-end benchmark: runs frontend-child.mjs in a fresh Node process and returns its figures.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK } from './peers.mjs';

export function benchFrontEnd({ nSpecies = 5000 } = {}) {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'frontend-child.mjs');
  const r = spawnSync(process.execPath, [child, path.join(WORK, `frontend-${nSpecies}`), String(nSpecies)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`front-end benchmark failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
