// Composition: instantiate the checked module graph into flat, namespaced entities.
//
// Hub-and-spokes: an instance's ports are replaced by the entities they are bound to in the
// instantiating module; everything else an instance declares gets the prefix `instance.`.
// The result is a list of entities, each remembering its declaration and the instance context
// in which its expressions must be read.
import type { Ast, ModuleInfo, Sym } from '@idt/lang';

/** One instantiation of a module. The root context is the entry model itself. */
export interface InstanceContext {
  readonly id: number;
  readonly module: ModuleInfo;
  /** Flat-name prefix: '' for the root, 'lung.' for instance lung, 'lung.il6.' nested. */
  readonly prefix: string;
  readonly parent?: InstanceContext;
  /** The instance symbol in the parent module (undefined for the root). */
  readonly instance?: Sym;
  /** Per-instance parameter overrides: parameter symbol -> value expression read in the parent. */
  readonly overrides: Map<Sym, Ast.Expr>;
  /** Port symbol -> the binding's target name, read in the parent context. */
  readonly bindings: Map<Sym, Ast.QualifiedName>;
  /** Child contexts by instance symbol. */
  readonly children: Map<Sym, InstanceContext>;
}

export type EntityKind = 'species' | 'variable' | 'compartment' | 'parameter' | 'let' | 'logic' | 'observable' | 'reaction' | 'event' | 'decision' | 'surrogate' | 'rate-rule';

export interface Entity {
  readonly kind: EntityKind;
  readonly name: string;
  readonly sym?: Sym;
  readonly decl: Ast.Declaration;
  readonly ctx: InstanceContext;
}

export interface FlatModel {
  readonly root: InstanceContext;
  readonly contexts: readonly InstanceContext[];
  readonly entities: readonly Entity[];
  /** Lookup of the entity a (context, symbol) pair denotes (ports excluded: follow bindings). */
  readonly bySymbol: Map<InstanceContext, Map<Sym, Entity>>;
  /** Problems found while flattening (recursive instantiation). */
  readonly problems: { ctx: InstanceContext; range: Ast.Range; message: string }[];
}

const entityKinds: Partial<Record<Ast.Declaration['kind'], EntityKind>> = {
  species: 'species', variable: 'variable', compartment: 'compartment', parameter: 'parameter', let: 'let',
  logic: 'logic', observable: 'observable', reaction: 'reaction', event: 'event', decision: 'decision',
  surrogate: 'surrogate', der: 'rate-rule',
};

const MAX_DEPTH = 32;

export function flatten(entry: ModuleInfo): FlatModel {
  let nextId = 0;
  const contexts: InstanceContext[] = [];
  const entities: Entity[] = [];
  const bySymbol = new Map<InstanceContext, Map<Sym, Entity>>();
  const problems: FlatModel['problems'] = [];

  const make = (module: ModuleInfo, prefix: string, parent?: InstanceContext, instance?: Sym): InstanceContext => {
    const ctx: InstanceContext = { id: nextId++, module, prefix, overrides: new Map(), bindings: new Map(), children: new Map(), ...(parent ? { parent } : {}), ...(instance ? { instance } : {}) };
    contexts.push(ctx);
    bySymbol.set(ctx, new Map());
    return ctx;
  };

  const visit = (ctx: InstanceContext, depth: number, chain: ModuleInfo[]): void => {
    const own = bySymbol.get(ctx)!;
    for (const d of ctx.module.ast.declarations) {
      const kind = entityKinds[d.kind];
      if (!kind) continue;
      const sym = 'name' in d && d.name ? ctx.module.symbols.get(d.name.text) : undefined;
      // Skip declarations the checker rejected as duplicates (their symbol is another declaration).
      if (sym && sym.decl !== d) continue;
      const name = sym ? ctx.prefix + sym.name : `${ctx.prefix}${kind}@${d.range.start}`;
      const entity: Entity = { kind, name, decl: d, ctx, ...(sym ? { sym } : {}) };
      entities.push(entity);
      if (sym) own.set(sym, entity);
    }
    for (const d of ctx.module.ast.declarations) {
      if (d.kind !== 'instance' || !d.name) continue;
      const sym = ctx.module.symbols.get(d.name.text);
      if (!sym || sym.decl !== d) continue;
      const target = instanceTarget(ctx.module, d);
      if (!target) continue;
      if (depth >= MAX_DEPTH || chain.includes(target)) {
        problems.push({ ctx, range: d.range, message: `module '${target.name}' instantiates itself through a chain of instances` });
        continue;
      }
      const child = make(target, `${ctx.prefix}${sym.name}.`, ctx, sym);
      ctx.children.set(sym, child);
      for (const a of d.args) {
        const p = target.symbols.get(a.name.text);
        if (p && a.value) child.overrides.set(p, a.value);
      }
      for (const b of d.bindings) {
        const port = target.symbols.get(b.port.text);
        if (port?.kind === 'port' && b.target && !child.bindings.has(port)) child.bindings.set(port, b.target);
      }
      visit(child, depth + 1, [...chain, target]);
    }
  };

  const root = make(entry, '');
  visit(root, 0, [entry]);
  return { root, contexts, entities, bySymbol, problems };
}

/** The module an instance declaration instantiates (through the module's imports). */
export function instanceTarget(module: ModuleInfo, d: Ast.InstanceDecl): ModuleInfo | undefined {
  if (!d.module) return undefined;
  const alias = module.imports.get(d.module.text);
  if (alias?.module) return alias.module;
  for (const imp of module.imports.values()) if (imp.module && (imp.module.name === d.module.text || imp.decl.module?.text === d.module.text)) return imp.module;
  return undefined;
}
