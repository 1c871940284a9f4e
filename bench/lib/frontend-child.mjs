// Front-end benchmark, run in its own process (clean memory figures): generates the large model,
// then times the whole front end (parse + resolve + bind + check) cold, as a CLI run sees it, then
// warm; parse alone; lowering and code generation; and one rhs and Jacobian evaluation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Workspace, parseText } from '@idt/lang';
import { lowerProgram, generateModel } from '@idt/compiler';
import { writeNetwork } from './network.mjs';

const [dir, nSpeciesArg] = process.argv.slice(2);
const nSpecies = Number(nSpeciesArg);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timed = (f) => {
  const w0 = performance.now();
  const c0 = cpu();
  const value = f();
  return { value, wallMs: performance.now() - w0, cpuMs: cpu() - c0 };
};
// Repeated runs keep their timings only: results kept alive would make every later run's
// garbage collections walk them, which a process checking the model once never pays.
const timings = (f) => {
  const { wallMs, cpuMs } = timed(f);
  return { wallMs, cpuMs };
};
const mb = (b) => b / 2 ** 20;

const net = writeNetwork(dir, { nSpecies });
const files = [net.file, ...fs.readdirSync(path.join(dir, 'net')).map((f) => path.join(dir, 'net', f))];
const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
const lines = files.reduce((s, f) => s + fs.readFileSync(f, 'utf8').split('\n').length, 0);
const out = { nSpecies, nReactions: net.nReactions, files: files.length, bytes, lines };

// Whole front end, cold (first use in this process, as `idt check` would run it).
const heap0 = process.memoryUsage().heapUsed;
let cold = timed(() => new Workspace().check([path.resolve(net.file)]));
const errors = cold.value.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`the generated model has errors: ${errors.slice(0, 3).map((d) => d.message).join('; ')}`);
const afterCheck = process.memoryUsage();
out.frontEndCold = { wallMs: cold.wallMs, cpuMs: cold.cpuMs };
out.memory = { heapGrowthMB: mb(afterCheck.heapUsed - heap0), heapUsedMB: mb(afterCheck.heapUsed), rssMB: mb(afterCheck.rss), maxRssMB: process.resourceUsage().maxRSS / 1024 };
cold = undefined;
// Warm: new workspaces (no parse cache), JIT warm; median of three.
const warm = [0, 1, 2].map(() => timings(() => new Workspace().check([path.resolve(net.file)])));
warm.sort((a, b) => a.cpuMs - b.cpuMs);
out.frontEndWarm = { wallMs: warm[1].wallMs, cpuMs: warm[1].cpuMs };
// Parse alone (lexer + parser + AST), warm.
const texts = files.map((f) => [f, fs.readFileSync(f, 'utf8')]);
const parse = [0, 1, 2].map(() => timings(() => texts.map(([f, t]) => parseText(t, f))));
parse.sort((a, b) => a.cpuMs - b.cpuMs);
out.parseWarm = { wallMs: parse[1].wallMs, cpuMs: parse[1].cpuMs };

// Lowering and code generation.
const ws = new Workspace();
const program = ws.check([path.resolve(net.file)]);
const lowered = timed(() => lowerProgram(program.entries[0], ws.host));
out.lower = { wallMs: lowered.wallMs, cpuMs: lowered.cpuMs };
const phases = {};
const gen = timed(() => generateModel(lowered.value.ir, { timings: phases }));
out.codegen = { wallMs: gen.wallMs, cpuMs: gen.cpuMs, phases, sourceKB: gen.value.factory.length / 1024 };
const inst = timed(() => new Function(`${gen.value.factory}\nreturn createModel;`)()());
out.instantiate = { wallMs: inst.wallMs, cpuMs: inst.cpuMs };
out.memory.maxRssAfterCodegenMB = process.resourceUsage().maxRSS / 1024;

// rhs and Jacobian cost per call (after 50 warm-up calls).
const model = inst.value;
const ir = lowered.value.ir;
const p = Float64Array.from(ir.params, (x) => x.value);
const y = new Float64Array(model.nStates);
model.initial(p, y);
const dy = new Float64Array(model.nStates);
const jv = new Float64Array(model.jacPattern.rowPtr[model.nStates]);
const perCall = (f, calls) => {
  // Warm-up until the optimizing compiler has the function (large generated functions need
  // hundreds of calls; a solve that calls jac only a few dozen times pays the slow first calls).
  const firstCalls = cpu();
  for (let k = 0; k < 20; k++) f();
  out.eval[`first20${calls}`] = ((cpu() - firstCalls) * 1000) / 20;
  const w0 = cpu();
  while (cpu() - w0 < 300) f();
  const c0 = cpu();
  for (let k = 0; k < calls; k++) f();
  return ((cpu() - c0) * 1000) / calls;
};
out.eval = {};
out.eval.rhsUs = perCall(() => model.rhs(0, y, p, dy), 2000);
out.eval.jacUs = perCall(() => model.jac(0, y, p, jv), 500);
out.eval.rhsFirstUs = out.eval.first202000;
out.eval.jacFirstUs = out.eval.first20500;
delete out.eval.first202000;
delete out.eval.first20500;
out.eval.jacNonzeros = jv.length;
console.log(JSON.stringify(out));
