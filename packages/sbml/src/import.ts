// SBML text -> .idt text: parse, read, flatten comp, translate, and check the result with the
// real front end. Diagnostics point into the SBML file (element offsets), so `idt import` shows
// the SBML line of everything unsupported or suspicious.
import * as path from 'node:path';
import { Codes, diagnostic, OverlayFileHost, Workspace, type Diagnostic, type DiagnosticCode } from '@idt/lang';
import { SbmlReader, type ReadProblem } from './read-sbml.js';
import { parseXml } from './xml.js';
import { CoreTranslator, type ImportedSymbol } from './translate.js';
import { moduleName } from './names.js';
import { flattenComp } from './comp.js';
import type { SbmlModel } from './sbml-model.js';

export interface ImportOptions {
  /** Path of the SBML file: used in diagnostics and to find comp external model files. */
  readonly file?: string;
  /** Reads a file (comp external model definitions); default: none can be read. */
  readonly readFile?: (file: string) => string | undefined;
  /** Module name of the generated file (default: from the model id). */
  readonly moduleName?: string;
  /** Check the generated text with the idt front end (default true). */
  readonly check?: boolean;
}

export interface ImportResult {
  /** The .idt text; absent when the file could not be read as SBML at all. */
  readonly idt?: string;
  /** Diagnostics on the SBML file (IDT7xxx), and problems the check found in the generated text. */
  readonly diagnostics: readonly Diagnostic[];
  /** SBML id -> what it became. */
  readonly symbols: ReadonlyMap<string, ImportedSymbol>;
  /** True when something in the model could not be translated (see the IDT7002 diagnostics). */
  readonly unsupported: boolean;
}

const UNIT_CODES = new Set<string>([Codes.UnitMismatch, Codes.RateLawUnits, Codes.UnitScaleMismatch, Codes.DimensionlessRequired]);

function codeOf(p: ReadProblem): DiagnosticCode {
  return p.kind === 'unsupported' ? Codes.SbmlUnsupported : p.kind === 'ignored' ? Codes.SbmlIgnored : Codes.SbmlMalformed;
}

export function importSbml(text: string, options: ImportOptions = {}): ImportResult {
  const file = options.file ?? 'model.xml';
  const diagnostics: Diagnostic[] = [];
  const parsed = parseXml(text);
  if ('error' in parsed) {
    diagnostics.push(diagnostic('error', Codes.SbmlMalformed, `not well-formed XML: ${parsed.error}`, file, { start: parsed.offset, end: parsed.offset + 1 }));
    return { diagnostics, symbols: new Map(), unsupported: false };
  }
  const reader = new SbmlReader();
  const doc = reader.read(parsed.root);
  const problems: ReadProblem[] = [...reader.problems];
  let model: SbmlModel | undefined = doc?.model;
  if (doc && model && (model.submodels.length || doc.modelDefinitions.size)) {
    const flat = flattenComp(doc, model, { file, readFile: options.readFile ?? (() => undefined) });
    problems.push(...flat.problems);
    model = flat.model;
  }
  if (doc && !model) problems.push({ severity: 'error', kind: 'malformed', message: 'the SBML document has no <model>', el: parsed.root });
  const fbc = doc?.packages.get('fbc');
  if (fbc?.required) problems.push({ severity: 'warning', kind: 'unsupported', message: 'flux balance constraints (fbc) are not used: only the model\'s kinetics are imported', el: parsed.root });
  const toDiag = (p: ReadProblem): Diagnostic => diagnostic(p.severity, codeOf(p), p.message, file, { start: p.el.start, end: p.el.end });
  if (!doc || !model) {
    diagnostics.push(...problems.map(toDiag));
    return { diagnostics, symbols: new Map(), unsupported: problems.some((p) => p.kind === 'unsupported') };
  }
  const name = options.moduleName ?? moduleName(model.id, path.basename(file).replace(/\.[^.]*$/, ''));
  const provenance = `Imported from ${path.basename(file)} (SBML Level ${doc.level} Version ${doc.version}) by idt import.`;
  let tr = new CoreTranslator(model, { moduleName: name, provenance }).run();
  const translateProblems = tr.problems;
  let checkDiags: Diagnostic[] = [];
  if (options.check !== false) {
    const idtFile = path.resolve(file.replace(/\.[^./]*$/, '') + '.idt');
    const check = (t: string): readonly Diagnostic[] => {
      const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
      host.set(idtFile, t);
      return new Workspace(host).check([idtFile]).diagnostics.filter((d) => d.file === idtFile);
    };
    let found = check(tr.text);
    const unitErrors = found.filter((d) => d.severity === 'error' && UNIT_CODES.has(d.code));
    if (unitErrors.length) {
      // The published units do not balance: keep them, as warnings on the imported file.
      tr = new CoreTranslator(model, { moduleName: name, provenance, unitsWarnOnly: true }).run();
      found = check(tr.text);
      for (const d of unitErrors) {
        const o = tr.writer.originAt(d.range.start) ?? undefined;
        checkDiags.push(diagnostic('warning', Codes.SbmlUnitsDoNotBalance, `units do not balance${o ? ` in ${o.what}` : ''}: ${d.message}`, file, o ? { start: o.start, end: o.end } : { start: 0, end: 0 }));
      }
    }
    for (const d of found) {
      if (d.severity !== 'error') continue;
      const o = tr.writer.originAt(d.range.start);
      checkDiags.push(diagnostic('error', d.code, `the imported model does not check${o ? ` (${o.what})` : ''}: ${d.message}`, file, o ? { start: o.start, end: o.end } : { start: 0, end: 0 }));
    }
  }
  diagnostics.push(...problems.map(toDiag), ...translateProblems.map(toDiag), ...checkDiags);
  return {
    idt: tr.text,
    diagnostics,
    symbols: tr.symbols,
    unsupported: [...problems, ...translateProblems].some((p) => p.kind === 'unsupported' && p.severity === 'error'),
  };
}
