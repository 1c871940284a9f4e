// The `idt` command: argument parsing (commander), exit codes, and dispatch to one module per command.
//
// Exit codes: 0 success, 1 model errors (or a failed simulation), 2 usage errors (unknown
// command or option, bad option value, missing file argument). User mistakes never print a
// stack trace; an internal error does, with a request to report it.
import { Command, CommanderError, Option } from 'commander';
import { UsageError, ModelError } from './errors.js';
import type { TrainCommandOptions } from './commands/train.js';
// Commands load on demand: each pulls in heavy libraries (plotting, Graphviz, TensorFlow.js),
// and a command should start without paying for the others.
import { terminal } from './terminal.js';
import { version } from './version.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function buildProgram(): Command {
  const program = new Command('idt')
    .description('idt: build, check and simulate immune digital twins written in the .idt language')
    .version(version, '-V, --version', 'print the idt version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .addHelpText(
      'after',
      `
Examples:
  $ idt check examples/sepsis/twin.idt
  $ idt run examples/sepsis/twin.idt --plot sepsis.svg
  $ idt run examples/sepsis/twin.idt --set k_pg=0.6 --t-end 500 --out septic.csv
  $ idt build examples/sepsis/twin.idt -o sepsis.mjs && node sepsis.mjs --help
  $ idt graph examples/sepsis/twin.idt -o map.svg
  $ idt attractors examples/th-differentiation/twin.idt --mode async
  $ idt fmt --check examples`,
    );

  program
    .command('check')
    .description('parse and check .idt files, printing every diagnostic')
    .argument('<files...>', '.idt files to check')
    .option('--json', 'print diagnostics as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ idt check examples/sepsis/twin.idt\n  $ idt check --json examples/**/*.idt')
    .action(async (files: string[], opts: { json?: boolean }) => {
      exitCode = await (await import('./commands/check.js')).runCheck(files, opts);
    });

  program
    .command('run')
    .description('simulate a twin: CSV/JSON results, a plot, and its decision outputs')
    .argument('<model>', 'the .idt model to run')
    .option('--t-end <time>', 'end time, in the model\'s time unit')
    .option('--points <n>', 'number of output points (equally spaced)')
    .option('--times <list>', 'output times, comma separated (overrides --points)')
    .option('--set <name=value>', 'override a parameter (repeatable)', collect, [])
    .option('--init <name=value>', 'override an initial value (repeatable)', collect, [])
    .addOption(new Option('--method <method>', 'integration method').choices(['auto', 'dopri5', 'rodas', 'bdf']))
    .option('--rtol <x>', 'relative tolerance')
    .option('--atol <x>', 'absolute tolerance')
    .option('--no-interventions', 'do not apply the model\'s interventions')
    .option('--seed <n>', 'seed of the random order of simultaneous events of equal priority (default 1)')
    .option('-o, --out <file>', 'write results to a .csv or .json file')
    .option('--plot <file>', 'write a plot of the time courses (.svg or .png)')
    .option('--vars <list>', 'variables to plot, comma separated (default: all states, one panel per unit)')
    .option('--log-y', 'use a logarithmic y axis in plots')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', '\nExamples:\n  $ idt run examples/sepsis/twin.idt --plot sepsis.svg\n  $ idt run examples/sepsis/twin.idt --set k_pg=0.6 --t-end 500 -o septic.csv\n  $ idt run examples/influenza/twin.idt --vars V --log-y --plot flu.png')
    .action(async (model: string, opts: Record<string, unknown>) => {
      exitCode = await (await import('./commands/run.js')).runSimulation(model, opts);
    });

  program
    .command('build')
    .description('compile a twin into one self-contained JavaScript module (runnable bundle)')
    .argument('<model>', 'the .idt model to compile')
    .requiredOption('-o, --out <file>', 'output file, e.g. twin.mjs')
    .option('--ir <file>', 'also write the intermediate representation as JSON')
    .addHelpText('after', '\nExamples:\n  $ idt build examples/sepsis/twin.idt -o sepsis.mjs\n  $ node sepsis.mjs --t-end 200 --set k_pg=0.6 > out.csv')
    .action(async (model: string, opts: { out: string; ir?: string }) => {
      exitCode = await (await import('./commands/build.js')).runBuild(model, opts);
    });

  program
    .command('graph')
    .description("draw the twin's conceptual map (species, logic nodes, surrogates; signed influences; modules as clusters)")
    .argument('<model>', 'the .idt model')
    .requiredOption('-o, --out <file>', 'output SVG file')
    .addHelpText('after', '\nExamples:\n  $ idt graph examples/sepsis/twin.idt -o map.svg')
    .action(async (model: string, opts: { out: string }) => {
      exitCode = await (await import('./commands/graph.js')).runGraph(model, opts);
    });

  program
    .command('attractors')
    .description('find every attractor (fixed points and cycles) of the logic nodes of a model')
    .argument('<model>', 'the .idt model')
    .addOption(new Option('--mode <mode>', 'update scheme').choices(['sync', 'async']).default('sync'))
    .option('--fix <name=value>', 'pin a free input to 0 or 1 (repeatable)', collect, [])
    .option('--json', 'print the attractors as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ idt attractors examples/th-differentiation/twin.idt --mode async\n  $ idt attractors examples/th-differentiation/twin.idt --fix IL12=1 --json')
    .action(async (model: string, opts: { mode: 'sync' | 'async'; fix: string[]; json?: boolean }) => {
      exitCode = await (await import('./commands/attractors.js')).runAttractors(model, opts);
    });

  program
    .command('ensemble')
    .description("simulate a virtual population drawn from the parameters' priors, on all cores")
    .argument('<model>', 'the .idt model')
    .option('--samples <n>', 'number of virtual patients', '100')
    .option('--seed <s>', 'random seed', '1')
    .option('--t-end <time>', 'end time')
    .option('--points <n>', 'output points per patient', '101')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('-o, --out <file>', 'write per-patient summaries to CSV')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ idt ensemble examples/sepsis/twin.idt --samples 1000 --seed 7 -o population.csv')
    .action(async (model: string, opts: Record<string, string | boolean | undefined>) => {
      exitCode = await (await import('./commands/ensemble.js')).runEnsemble(model, opts);
    });

  program
    .command('fmt')
    .description('format .idt files in place (directories are searched), or check that they are formatted')
    .argument('<paths...>', '.idt files or directories')
    .option('--check', 'change nothing; list the files that are not formatted and exit with 1 if there are any')
    .addHelpText('after', '\nExamples:\n  $ idt fmt model.idt\n  $ idt fmt --check examples')
    .action(async (paths: string[], opts: { check?: boolean }) => {
      exitCode = await (await import('./commands/fmt.js')).runFmt(paths, opts);
    });

  program
    .command('train')
    .description("fit a model's surrogates to data and write their weights files: supervised on samples of the unknown function, or hybrid on time series of the whole model")
    .argument('<model>', 'the .idt model declaring the surrogates')
    .option('--data <file>', 'CSV data: columns for the surrogate\'s inputs and outputs (supervised), or a time column and model quantities (hybrid)')
    .option('--surrogate <name>', 'surrogate to train (repeatable; default: all)', collect, [])
    .option('--map <name=column>', 'read a surrogate input/output or model quantity from a differently named column (repeatable)', collect, [])
    .addOption(new Option('--mode <mode>', 'training mode (default: from the data\'s columns)').choices(['auto', 'supervised', 'hybrid']))
    .option('--time-column <name>', 'time column of hybrid data (default: time, else t)')
    .option('--seed <n>', 'random seed (weights, shuffling, split)', '1')
    .option('--epochs <n>', 'supervised: most epochs (default 500)')
    .option('--batch-size <n>', 'supervised: mini-batch size (default 32)')
    .option('--learning-rate <x>', 'Adam learning rate (default 0.01)')
    .option('--validation-split <x>', 'supervised: share of rows held out (default 0.2)')
    .option('--patience <n>', 'supervised: early stopping after n epochs without improvement (default 50; 0 = off)')
    .addOption(new Option('--backend <name>', 'supervised: TensorFlow.js backend').choices(['cpu', 'wasm']))
    .option('--fit <list>', 'hybrid: mechanistic parameters fitted with the weights, comma separated')
    .option('--set <name=value>', 'hybrid: parameter of the experiment the data come from (repeatable)', collect, [])
    .option('--adam-iterations <n>', 'hybrid: Adam iterations before Levenberg–Marquardt (default 200)')
    .option('--iterations <n>', 'hybrid: Levenberg–Marquardt iterations (default 200)')
    .option('--rtol <x>', 'hybrid: relative tolerance of the solver (default 1e-6)')
    .option('--atol <x>', 'hybrid: absolute tolerance of the solver (default 1e-8)')
    .option('--output-scale <x>', 'hybrid: network output scale (default: from the data\'s rates of change)')
    .option('--l2 <x>', 'hybrid: ridge penalty on the network weights (default 1e-4)')
    .addOption(new Option('--residual-scaling <how>', 'hybrid: divide residuals by each column\'s spread').choices(['std', 'none']))
    .option('--report <file>', 'write the training report as JSON')
    .option('--plot <file>', 'write the loss curves (.svg)')
    .option('--fit-plot <file>', 'hybrid: write the fitted model against the data (.svg)')
    .option('--quiet', 'print nothing but errors and warnings')
    .addHelpText('after', '\nExamples:\n  $ idt train examples/hybrid/twin.idt --data examples/hybrid/data.csv --fit-plot fit.svg\n  $ idt train model.idt --surrogate release --data samples.csv --map flux=release_rate --plot loss.svg')
    .action(async (model: string, opts: TrainCommandOptions) => {
      exitCode = await (await import('./commands/train.js')).runTrain(model, opts);
    });

  program
    .command('import')
    .description('translate an SBML or SBML-qual model into a readable .idt file')
    .argument('<model.xml>', 'the SBML file (Level 2 Versions 4-5, Level 3 Versions 1-2; comp and qual packages)')
    .option('-o, --out <file>', 'write the .idt text here (default: standard output)')
    .option('--force', 'write the model even when parts of it could not be imported')
    .option('--quiet', 'print only errors')
    .addHelpText('after', '\nExamples:\n  $ idt import BIOMD0000000714.xml -o reynolds.idt\n  $ idt import cell_cycle.sbml -o cell_cycle.idt && idt attractors cell_cycle.idt')
    .action(async (model: string, opts: { out?: string; force?: boolean; quiet?: boolean }) => {
      exitCode = await (await import('./commands/import.js')).runImport(model, opts);
    });

  program
    .command('export')
    .description('write a twin as SBML Level 3 Version 2 (logic nodes as SBML-qual)')
    .argument('<model>', 'the .idt model')
    .option('-o, --out <file>', 'write the SBML here (default: standard output)')
    .option('--quiet', 'print only errors')
    .addHelpText('after', '\nExamples:\n  $ idt export examples/sepsis/twin.idt -o sepsis.xml')
    .action(async (model: string, opts: { out?: string; quiet?: boolean }) => {
      exitCode = await (await import('./commands/export.js')).runExport(model, opts);
    });

  return program;
}

let exitCode = 0;

export async function main(argv: string[]): Promise<number> {
  exitCode = 0;
  const program = buildProgram();
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      // Commander already printed its message; usage errors exit with 2 (its default is 1).
      return 2;
    }
    if (e instanceof UsageError) {
      terminal.error(e.message);
      return 2;
    }
    if (e instanceof ModelError) {
      terminal.error(e.message);
      return 1;
    }
    terminal.error(`internal error: ${(e as Error).stack ?? String(e)}\nThis is a bug in idt; please report it with the command you ran.`);
    return 70;
  }
}
