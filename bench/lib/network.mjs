// A generated large mass-action network, split over modules (hub-and-spokes), for the runtime and
// front-end benchmarks.
//
// Module k owns LOCAL species and its reactions; it reaches the shared hub species through
// `writes` ports, which the entry module binds to its own species. Reactions: conversions A -> B,
// bindings A + B -> C, degradation A -> and inflow -> A, with rate constants spread over up to six
// decades (log-uniform), which makes the system stiff. Partners are mostly local to a module (as in
// modular biological networks), with a few percent through the hubs. Deterministic (seeded), so
// every run and every tool sees the same network.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Species per module that are not hubs, and hub ports per module. */
const LOCAL = 480;
const PORTS = 20;

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const fmt = (v) => Number(v.toPrecision(4)).toString();

/**
 * Writes the network's files into `dir` and returns the entry file. nSpecies must be a multiple of
 * LOCAL + PORTS (500): nSpecies / 500 modules, each with LOCAL local species, plus PORTS hub
 * species per module in the entry. Reactions: `reactionsPerSpecies` per species, spread evenly.
 */
export function writeNetwork(dir, { nSpecies, reactionsPerSpecies = 2, seed = 20240601, tEnd = 100 }) {
  const per = LOCAL + PORTS;
  if (nSpecies % per !== 0) throw new Error(`nSpecies must be a multiple of ${per}`);
  const nModules = nSpecies / per;
  const nHubs = nModules * PORTS;
  const rnd = lcg(seed);
  const logUniform = (lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rnd());
  fs.mkdirSync(path.join(dir, 'net'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'idt.json'), JSON.stringify({ libraries: ['.'] }) + '\n');
  let reactions = 0;
  for (let m = 0; m < nModules; m++) {
    const lines = [
      `/// Part ${m} of a generated mass-action network (bench/lib/network.mjs, seed ${seed}).`,
      `module net.part${m}`,
      '',
    ];
    for (let j = 0; j < PORTS; j++) lines.push(`writes h${j}`);
    for (let i = 0; i < LOCAL; i++) lines.push(`species s${i} = ${fmt(0.1 + 0.9 * rnd())}`);
    const nR = per * reactionsPerSpecies;
    // A partner: local most of the time, a hub port sometimes.
    const pick = () => (rnd() < 0.05 ? `h${Math.floor(rnd() * PORTS)}` : `s${Math.floor(rnd() * LOCAL)}`);
    for (let r = 0; r < nR; r++) {
      const kind = rnd();
      let eq;
      let k;
      if (kind < 0.4) {
        eq = `${pick()} -> ${pick()}`;
        k = logUniform(1e-2, 1e4);
      } else if (kind < 0.7) {
        eq = `${pick()} + ${pick()} -> ${pick()}`;
        k = logUniform(1e-2, 1e2);
      } else if (kind < 0.85) {
        eq = `${pick()} ->`;
        k = logUniform(1e-3, 1);
      } else {
        eq = `-> ${pick()}`;
        k = logUniform(1e-3, 1e-1);
      }
      lines.push(`parameter k${r} = ${fmt(k)}`);
      lines.push(`reaction r${r}: ${eq} by mass action k${r}`);
    }
    reactions += nR;
    fs.writeFileSync(path.join(dir, 'net', `part${m}.idt`), lines.join('\n') + '\n');
  }
  const entry = [
    `/// A generated mass-action network: ${nSpecies} species, ${reactions} reactions in ${nModules} modules.`,
    `module net.main`,
    '',
    ...Array.from({ length: nModules }, (_, m) => `import net.part${m}`),
    ...Array.from({ length: nHubs }, (_, h) => `species hub${h} = ${fmt(0.1 + 0.9 * rnd())}`),
  ];
  for (let m = 0; m < nModules; m++) {
    // Module m's ports: its own block of hubs, half of them shared with the next module.
    const bind = Array.from({ length: PORTS }, (_, j) => `h${j} = hub${(m * PORTS + (j < PORTS / 2 ? j : j + PORTS / 2)) % nHubs}`);
    entry.push(`instance p${m} = part${m}() { ${bind.join('; ')} }`);
  }
  entry.push('', `simulate until ${tEnd} rtol 1e-6 atol 1e-10`);
  const file = path.join(dir, 'main.idt');
  fs.writeFileSync(file, entry.join('\n') + '\n');
  return { file, nSpecies, nReactions: reactions, nModules, files: nModules + 1 };
}
