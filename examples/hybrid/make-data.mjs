// Training data for the hybrid twin: the full mechanistic sepsis twin (examples/sepsis/twin.idt,
// default patient, untreated) observed every 2 h over the first 48 h, with 3 % multiplicative
// measurement noise from a seeded generator. Run from the repository root after `npm run build`:
//   node examples/hybrid/make-data.mjs > examples/hybrid/data.csv
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin, Xoshiro128 } from '@idt/runtime';

const here = path.dirname(fileURLToPath(import.meta.url));
const truth = createTwin(twinDefinition(compileFile(path.join(here, '..', 'sepsis', 'twin.idt')).ir));
const times = Array.from({ length: 25 }, (_, k) => 2 * k);
const run = truth.simulate({ tEnd: 48, times, rtol: 1e-10, atol: 1e-12 });
const rng = new Xoshiro128(2006);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
const cols = ['P', 'N', 'D', 'CA'];
const lines = [['time', ...cols].join(',')];
times.forEach((t, k) => lines.push([t, ...cols.map((c) => (run.values[c][k] * (1 + 0.03 * normal())).toPrecision(6))].join(',')));
process.stdout.write(lines.join('\n') + '\n');
