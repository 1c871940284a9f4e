// CST -> AST: turns Chevrotain's concrete syntax tree into the typed AST of ast.ts.
//
// Recovered CST nodes can miss any child, and tokens inserted by recovery have no offsets:
// every accessor here tolerates absence and every range falls back to what is present.
import type { CstElement, CstNode, IToken } from '#chevrotain';
import type * as A from './ast.js';

type Ctx = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function toks(ctx: Ctx, key: string): IToken[] {
  const list = ctx[key];
  return list ? (list.filter((e) => isToken(e) && !e.isInsertedInRecovery) as IToken[]) : [];
}
// tok() and node() find one element without building the filtered list (they run for every CST
// node; the lists were a good part of the front end's garbage on large models).
function tok(ctx: Ctx, key: string, index = 0): IToken | undefined {
  const list = ctx[key];
  if (!list) return undefined;
  let seen = 0;
  for (const e of list) {
    if (isToken(e) && !e.isInsertedInRecovery && seen++ === index) return e;
  }
  return undefined;
}
function nodes(ctx: Ctx, key: string): CstNode[] {
  const list = ctx[key];
  return list ? (list.filter((e) => !isToken(e)) as CstNode[]) : [];
}
function node(ctx: Ctx, key: string, index = 0): CstNode | undefined {
  const list = ctx[key];
  if (!list) return undefined;
  let seen = 0;
  for (const e of list) {
    if (!isToken(e) && seen++ === index) return e;
  }
  return undefined;
}

function tokenRange(t: IToken): A.Range {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Range of a CST node: its tracked location, or the span of the tokens it really holds. */
function cstRange(n: CstNode): A.Range {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset as number)) {
    return { start: loc.startOffset, end: (loc.endOffset as number) + 1 };
  }
  let start = Infinity;
  let end = -Infinity;
  const visit = (c: CstNode): void => {
    for (const list of Object.values(c.children)) {
      for (const e of list) {
        if (isToken(e)) {
          if (!e.isInsertedInRecovery && Number.isFinite(e.startOffset)) {
            start = Math.min(start, e.startOffset);
            end = Math.max(end, e.startOffset + e.image.length);
          }
        } else visit(e);
      }
    }
  };
  visit(n);
  return Number.isFinite(start) ? { start, end } : { ...placeOfMissing };
}

/** Where a node that recovery left without any real token is placed: the end of the real tokens
 *  of the statement being built (set by AstBuilder.statement), the point where its text is missing. */
let placeOfMissing: A.Range = { start: 0, end: 0 };

function span(a: A.Range, b: A.Range | undefined): A.Range {
  return b ? { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : a;
}

function name(t: IToken | undefined): A.Name | undefined {
  return t ? { text: t.image, range: tokenRange(t) } : undefined;
}

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, '$1');
}

export class AstBuilder {
  /** Syntax problems the grammar accepts but the AST cannot represent (reported by parseText). */
  readonly problems: { range: A.Range; message: string }[] = [];

  constructor(private readonly text: string) {}

  file(cst: CstNode): Omit<A.FileNode, 'comments'> {
    const c = cst.children as Ctx;
    const headerCst = node(c, 'moduleHeader');
    let header = headerCst ? this.moduleHeader(headerCst) : undefined;
    const declarations: A.Declaration[] = [];
    const misplacedHeaders: A.ModuleHeader[] = [];
    for (const st of nodes(c, 'statement')) {
      const d = this.statement(st, misplacedHeaders);
      if (d) declarations.push(d);
      // `@units("warn") module m`: annotations before the header parse as a statement (the
      // grammar cannot look past them); as the very first statement it is the file's header.
      else if (!header && declarations.length === 0 && misplacedHeaders.length === 1 && misplacedHeaders[0]!.annotations) {
        header = misplacedHeaders.pop()!;
      }
    }
    const result: Omit<A.FileNode, 'comments'> & { misplacedHeaders?: A.ModuleHeader[] } = {
      kind: 'file',
      ...(header ? { header } : {}),
      declarations,
      range: { start: 0, end: this.text.length },
    };
    if (misplacedHeaders.length) result.misplacedHeaders = misplacedHeaders;
    return result;
  }

  private moduleHeader(n: CstNode): A.ModuleHeader {
    const q = node(n.children as Ctx, 'qualifiedName');
    return { ...(q ? { name: this.qualifiedName(q) } : {}), range: cstRange(n) };
  }

  qualifiedName(n: CstNode): A.QualifiedName {
    const parts = toks(n.children as Ctx, 'Identifier')
      .map(name)
      .filter((x): x is A.Name => !!x)
      .sort((a, b) => a.range.start - b.range.start);
    const range = parts.length ? { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end } : cstRange(n);
    return { parts, text: parts.map((p) => p.text).join('.'), range };
  }

  private annotation(n: CstNode): A.Annotation | undefined {
    const c = n.children as Ctx;
    const id = name(tok(c, 'Identifier'));
    if (!id) return undefined;
    return {
      name: id,
      values: toks(c, 'StringLiteral').map((t) => ({ text: unquote(t.image), range: tokenRange(t) })),
      range: cstRange(n),
    };
  }

  private statement(n: CstNode, misplaced: A.ModuleHeader[]): A.Declaration | undefined {
    const c = n.children as Ctx;
    placeOfMissing = { start: 0, end: 0 };
    const whole = cstRange(n);
    placeOfMissing = { start: whole.end, end: whole.end };
    const annotations = nodes(c, 'annotation')
      .map((a) => this.annotation(a))
      .filter((a): a is A.Annotation => !!a);
    for (const [key, list] of Object.entries(c)) {
      if (key === 'annotation' || key === 'Semicolon' || !list) continue;
      const inner = list.find((e) => !isToken(e)) as CstNode | undefined;
      if (!inner) continue;
      if (key === 'moduleHeader') {
        const h = this.moduleHeader(inner);
        misplaced.push(annotations.length ? { ...h, annotations, range: span(h.range, annotations[0]!.range) } : h);
        return undefined;
      }
      const decl = this.declaration(key, inner, annotations);
      if (decl && annotations.length) {
        // The declaration's range starts at its first annotation.
        (decl as { range: A.Range }).range = span(decl.range, annotations[0]!.range);
      }
      return decl;
    }
    return undefined;
  }

  private declaration(key: string, n: CstNode, annotations: A.Annotation[]): A.Declaration | undefined {
    const c = n.children as Ctx;
    const range = cstRange(n);
    const ident = name(tok(c, 'Identifier'));
    const nm = ident ? { name: ident } : {};
    const unit = this.optUnit(c);
    const expr = (label = 'expression') => this.optExpr(node(c, label));
    const base = { range, annotations };
    switch (key) {
      case 'importDecl': {
        const q = node(c, 'qualifiedName');
        const s = tok(c, 'StringLiteral');
        const alias = name(tok(c, 'Identifier'));
        return {
          kind: 'import',
          ...base,
          ...(q ? { module: this.qualifiedName(q) } : {}),
          ...(s ? { path: { text: unquote(s.image), range: tokenRange(s) } } : {}),
          ...(alias ? { alias } : {}),
        };
      }
      case 'unitDecl': {
        const ann = node(c, 'unitAnnotation');
        const ue = node(c, 'unitExpr');
        let definition: A.UnitAnnotation | undefined;
        if (ann) definition = this.unitAnnotation(ann);
        else if (ue) {
          const r = cstRange(ue);
          definition = { expr: this.unitExpr(ue), text: this.text.slice(r.start, r.end), range: r };
        }
        return { kind: 'unit', ...base, ...nm, ...(definition ? { definition } : {}) };
      }
      case 'timeDecl':
        return { kind: 'time', ...base, ...(unit ? { unit } : {}) };
      case 'compartmentDecl': {
        const size = expr();
        return { kind: 'compartment', ...base, ...nm, ...this.hoistUnit(size, unit, tok(c, 'Define') ? 'rule' : 'size') };
      }
      case 'speciesDecl': {
        const flags: { flag: A.SpeciesFlag; range: A.Range }[] = [];
        for (const f of ['amount', 'boundary', 'constant'] as const) {
          for (const t of toks(c, f[0]!.toUpperCase() + f.slice(1))) flags.push({ flag: f, range: tokenRange(t) });
        }
        flags.sort((a, b) => a.range.start - b.range.start);
        const compartment = name(tok(c, 'compartment'));
        return { kind: 'species', ...base, ...nm, flags, ...(compartment ? { compartment } : {}), ...this.hoistUnit(expr(), unit, tok(c, 'Define') ? 'rule' : 'initial') };
      }
      case 'parameterDecl': {
        const low = node(c, 'low');
        const high = node(c, 'high');
        const bounds =
          tok(c, 'Bounds') !== undefined
            ? {
                bounds: {
                  ...(low ? { low: this.expr(low) } : {}),
                  ...(high ? { high: this.expr(high) } : {}),
                  range: span(tokenRange(tok(c, 'Bounds')!), tok(c, 'RBracket') ? tokenRange(tok(c, 'RBracket')!) : undefined),
                },
              }
            : {};
        const dist = node(c, 'distribution');
        return {
          kind: 'parameter',
          ...base,
          ...nm,
          ...this.hoistUnit(expr('value'), unit, 'value'),
          ...bounds,
          ...(dist ? { prior: this.distribution(dist) } : {}),
        } as A.ParameterDecl;
      }
      case 'variableDecl':
        return { kind: 'variable', ...base, ...nm, ...this.hoistUnit(expr(), unit, 'initial') } as A.VariableDecl;
      case 'letDecl':
        return { kind: 'let', ...base, ...nm, ...this.hoistUnit(expr(), unit, 'value') } as A.LetDecl;
      case 'derDecl': {
        const q = node(c, 'qualifiedName');
        const value = expr();
        return { kind: 'der', ...base, ...(q ? { target: this.qualifiedName(q) } : {}), ...(value ? { value } : {}) };
      }
      case 'functionDecl': {
        const fname = name(tok(c, 'name'));
        const params = toks(c, 'param').map((t) => name(t)!);
        const body = expr();
        return { kind: 'function', ...base, ...(fname ? { name: fname } : {}), params, ...(body ? { body } : {}) };
      }
      case 'reactionDecl':
        return this.reaction(c, base, nm);
      case 'logicDecl': {
        const rule = expr();
        const init = node(c, 'boolLiteral');
        const prio = tok(c, 'NumberLiteral');
        return {
          kind: 'logic',
          ...base,
          ...nm,
          ...(rule ? { rule } : {}),
          ...(init ? { initially: this.boolLiteral(init) } : {}),
          ...(prio ? { priority: { value: Number(prio.image), range: tokenRange(prio) } } : {}),
        };
      }
      case 'eventDecl':
        return this.event(c, base, nm);
      case 'surrogateDecl':
        return this.surrogate(c, base, nm);
      case 'observableDecl': {
        const dist = node(c, 'distribution');
        return { kind: 'observable', ...base, ...nm, ...this.hoistUnit(expr(), unit, 'value'), ...(dist ? { noise: this.distribution(dist) } : {}) } as A.ObservableDecl;
      }
      case 'decisionDecl': {
        const branches: A.DecisionBranch[] = [];
        for (const b of nodes(c, 'decisionBranch')) {
          const bc = b.children as Ctx;
          const s = tok(bc, 'StringLiteral');
          if (!s) continue;
          const cond = this.optExpr(node(bc, 'expression'));
          branches.push({
            label: { text: unquote(s.image), range: tokenRange(s) },
            ...(cond ? { condition: cond } : {}),
            otherwise: tok(bc, 'Otherwise') !== undefined,
            range: cstRange(b),
          });
        }
        return { kind: 'decision', ...base, ...nm, branches };
      }
      case 'instanceDecl': {
        const mod = node(c, 'module');
        const args: A.InstanceArg[] = [];
        for (const a of nodes(c, 'instanceArg')) {
          const ac = a.children as Ctx;
          const an = name(tok(ac, 'Identifier'));
          if (!an) continue;
          const v = this.optExpr(node(ac, 'expression'));
          args.push({ name: an, ...(v ? { value: v } : {}), range: cstRange(a) });
        }
        const bindings: A.PortBinding[] = [];
        for (const b of nodes(c, 'portBinding')) {
          const bc = b.children as Ctx;
          const port = name(tok(bc, 'Identifier'));
          if (!port) continue;
          const q = node(bc, 'qualifiedName');
          bindings.push({ port, ...(q ? { target: this.qualifiedName(q) } : {}), range: cstRange(b) });
        }
        return { kind: 'instance', ...base, ...nm, ...(mod ? { module: this.qualifiedName(mod) } : {}), args, bindings };
      }
      case 'portDecl':
        return { kind: 'port', ...base, ...nm, direction: tok(c, 'Writes') ? 'writes' : 'reads', ...(unit ? { unit } : {}) };
      case 'simulateDecl': {
        const until = this.optExpr(node(c, 'until'));
        const options: A.SimulateDecl['options'][number][] = [];
        for (const o of nodes(c, 'simulateOption')) {
          const oc = o.children as Ctx;
          const on = name(tok(oc, 'Identifier'));
          if (!on) continue;
          const v = this.optExpr(node(oc, 'expression'));
          options.push({ name: on, ...(v ? { value: v } : {}), range: cstRange(o) });
        }
        return { kind: 'simulate', ...base, ...(until ? { until } : {}), options };
      }
      default:
        return undefined;
    }
  }

  /** `parameter k = 0.3 [1/h]`: the unit written after a bare number belongs to the declaration. */
  private hoistUnit<K extends string>(value: A.Expr | undefined, unit: A.UnitAnnotation | undefined, key: K): Partial<Record<K, A.Expr>> & { unit?: A.UnitAnnotation } {
    const out: Partial<Record<K, A.Expr>> & { unit?: A.UnitAnnotation } = {};
    if (value && !unit && value.kind === 'number' && value.unit) {
      const { unit: u, ...bare } = value;
      (out as Record<string, unknown>)[key] = { ...bare, range: { start: value.range.start, end: value.range.start + value.text.length } };
      out.unit = u;
      return out;
    }
    if (value) (out as Record<string, unknown>)[key] = value;
    if (unit) out.unit = unit;
    return out;
  }

  private reaction(c: Ctx, base: { range: A.Range; annotations: A.Annotation[] }, nm: { name?: A.Name }): A.ReactionDecl {
    const side = (label: string): A.ReactionTerm[] => {
      const s = node(c, label);
      if (!s) return [];
      return nodes(s.children as Ctx, 'reactionTerm').map((t) => {
        const tc = t.children as Ctx;
        const num = tok(tc, 'NumberLiteral');
        const coef = this.optExpr(node(tc, 'coefficient'));
        const q = node(tc, 'qualifiedName');
        return {
          ...(num ? { coefficient: { value: Number(num.image), range: tokenRange(num) } } : {}),
          ...(coef ? { coefficientExpr: coef } : {}),
          ...(q ? { species: this.qualifiedName(q) } : {}),
          range: cstRange(t),
        };
      });
    };
    const arrow = tok(c, 'Arrow') ?? tok(c, 'ReversibleArrow');
    let kinetics: A.Kinetics | undefined;
    const rateTok = tok(c, 'Rate');
    const byTok = tok(c, 'By');
    if (rateTok) {
      const rate = this.optExpr(node(c, 'rate'));
      kinetics = { kind: 'rate', ...(rate ? { rate } : {}), range: span(tokenRange(rateTok), rate?.range) };
    } else if (byTok) {
      const forward = this.optExpr(node(c, 'forward'));
      const reverse = this.optExpr(node(c, 'reverse'));
      kinetics = {
        kind: 'mass-action',
        ...(forward ? { forward } : {}),
        ...(reverse ? { reverse } : {}),
        range: span(span(tokenRange(byTok), forward?.range), reverse?.range),
      };
    }
    return {
      kind: 'reaction',
      ...base,
      ...nm,
      reactants: side('reactants'),
      products: side('products'),
      reversible: tok(c, 'ReversibleArrow') !== undefined,
      ...(arrow ? { arrowRange: tokenRange(arrow) } : {}),
      ...(kinetics ? { kinetics } : {}),
      modifiers: nodes(c, 'modifier').map((q) => this.qualifiedName(q)),
    };
  }

  private event(c: Ctx, base: { range: A.Range; annotations: A.Annotation[] }, nm: { name?: A.Name }): A.EventDecl {
    const trigCst = node(c, 'eventTrigger');
    let trigger: A.EventTrigger | undefined;
    if (trigCst) {
      const tc = trigCst.children as Ctx;
      const r = cstRange(trigCst);
      const e = (l: string) => this.optExpr(node(tc, l));
      if (tok(tc, 'At')) {
        const time = e('time');
        trigger = { kind: 'at', ...(time ? { time } : {}), range: r };
      } else if (tok(tc, 'Every')) {
        const [period, from, until, times] = [e('period'), e('from'), e('until'), e('times')];
        trigger = { kind: 'every', ...(period ? { period } : {}), ...(from ? { from } : {}), ...(until ? { until } : {}), ...(times ? { times } : {}), range: r };
      } else if (tok(tc, 'When')) {
        const condition = e('condition');
        trigger = { kind: 'when', ...(condition ? { condition } : {}), range: r };
      }
    }
    let delay: A.Expr | undefined;
    let priority: A.Expr | undefined;
    let persistent: { value: boolean; range: A.Range } | undefined;
    let initially: { value: boolean; range: A.Range } | undefined;
    let valuesAt: A.EventDecl['valuesAt'];
    for (const o of nodes(c, 'eventOption')) {
      const oc = o.children as Ctx;
      if (tok(oc, 'Delay')) delay = this.optExpr(node(oc, 'delay'));
      else if (tok(oc, 'Priority')) priority = this.optExpr(node(oc, 'priority'));
      else if (tok(oc, 'Persistent')) {
        const b = node(oc, 'persistent');
        if (b) persistent = this.boolLiteral(b);
      } else if (tok(oc, 'Initially')) {
        const b = node(oc, 'initially');
        if (b) initially = this.boolLiteral(b);
      } else if (tok(oc, 'valuesAt')) {
        const w = tok(oc, 'valuesAt')!;
        if (w.image === 'trigger' || w.image === 'execution') valuesAt = { value: w.image, range: span(tokenRange(tok(oc, 'valuesKeyword') ?? w), tokenRange(w)) };
        else this.problems.push({ range: tokenRange(w), message: `expected 'trigger' or 'execution' after 'values at' but found '${w.image}'` });
      }
    }
    const assignments: A.EventAssignment[] = [];
    for (const a of nodes(c, 'eventAssignment')) {
      const ac = a.children as Ctx;
      const q = node(ac, 'qualifiedName');
      const op: A.AssignOp = tok(ac, 'PlusAssign') ? '+=' : tok(ac, 'MinusAssign') ? '-=' : tok(ac, 'TimesAssign') ? '*=' : tok(ac, 'DivideAssign') ? '/=' : '=';
      const value = this.optExpr(node(ac, 'expression'));
      assignments.push({ ...(q ? { target: this.qualifiedName(q) } : {}), op, ...(value ? { value } : {}), range: cstRange(a) });
    }
    return {
      kind: 'event',
      ...base,
      ...nm,
      intervention: tok(c, 'Intervention') !== undefined,
      ...(trigger ? { trigger } : {}),
      ...(delay ? { delay } : {}),
      ...(priority ? { priority } : {}),
      ...(persistent ? { persistent } : {}),
      ...(initially ? { initially } : {}),
      ...(valuesAt ? { valuesAt } : {}),
      assignments,
    };
  }

  private surrogate(c: Ctx, base: { range: A.Range; annotations: A.Annotation[] }, nm: { name?: A.Name }): A.SurrogateDecl {
    const port = (p: CstNode): A.SurrogatePort | undefined => {
      const pc = p.children as Ctx;
      const pn = name(tok(pc, 'Identifier'));
      if (!pn) return undefined;
      const u = this.optUnit(pc);
      return { name: pn, ...(u ? { unit: u } : {}), range: cstRange(p) };
    };
    const properties: A.SurrogateProperty[] = [];
    for (const p of nodes(c, 'surrogateProperty')) {
      const pc = p.children as Ctx;
      const pn = name(tok(pc, 'name'));
      if (!pn) continue;
      const values = toks(pc, 'value')
        .sort((a, b) => a.startOffset - b.startOffset)
        .map((t) => {
          const kind = t.tokenType.name === 'NumberLiteral' ? 'number' : t.tokenType.name === 'StringLiteral' ? 'string' : 'name';
          const value = kind === 'number' ? Number(t.image) : kind === 'string' ? unquote(t.image) : t.image;
          return { kind, text: t.image, value, range: tokenRange(t) } as const;
        });
      properties.push({ name: pn, values, range: cstRange(p) });
    }
    return {
      kind: 'surrogate',
      ...base,
      ...nm,
      inputs: nodes(c, 'input').map(port).filter((x): x is A.SurrogatePort => !!x),
      outputs: nodes(c, 'output').map(port).filter((x): x is A.SurrogatePort => !!x),
      properties,
    };
  }

  private boolLiteral(n: CstNode): { value: boolean; range: A.Range } {
    return { value: tok(n.children as Ctx, 'True') !== undefined, range: cstRange(n) };
  }

  private distribution(n: CstNode): A.Distribution {
    const c = n.children as Ctx;
    const dn = name(tok(c, 'Identifier')) ?? { text: '', range: cstRange(n) };
    return { name: dn, args: nodes(c, 'expression').map((e) => this.expr(e)), range: cstRange(n) };
  }

  // ---------- units ----------

  private optUnit(c: Ctx): A.UnitAnnotation | undefined {
    const u = node(c, 'unitAnnotation');
    return u ? this.unitAnnotation(u) : undefined;
  }

  unitAnnotation(n: CstNode): A.UnitAnnotation {
    const c = n.children as Ctx;
    const r = cstRange(n);
    const inner = node(c, 'unitExpr');
    const ir = inner ? cstRange(inner) : undefined;
    const text = ir ? this.text.slice(ir.start, ir.end) : '';
    return { ...(inner ? { expr: this.unitExpr(inner) } : {}), text, range: r };
  }

  private unitExpr(n: CstNode): A.UnitExpr {
    const c = n.children as Ctx;
    // Terms and operators interleave in source order; rebuild left-assoc products and quotients.
    const terms = nodes(c, 'unitTerm').map((t) => ({ at: cstRange(t).start, term: this.unitTerm(t) }));
    const ops = toks(c, 'op').map((t) => ({ at: t.startOffset, op: t.image as '*' | '/' }));
    terms.sort((a, b) => a.at - b.at);
    let acc = terms[0]?.term ?? { kind: 'unit-number', value: 1, range: cstRange(n) };
    for (let i = 1; i < terms.length; i++) {
      const prevEnd = terms[i - 1]!.term.range.end;
      const opTok = ops.find((o) => o.at >= prevEnd && o.at < terms[i]!.at);
      const right = terms[i]!.term;
      acc = { kind: 'unit-binary', op: opTok?.op ?? '*', left: acc, right, range: span(acc.range, right.range) };
    }
    return acc;
  }

  private unitTerm(n: CstNode): A.UnitExpr {
    const c = n.children as Ctx;
    const r = cstRange(n);
    let base: A.UnitExpr;
    const id = tok(c, 'Identifier');
    const nums = toks(c, 'NumberLiteral');
    const inner = node(c, 'unitExpr');
    if (id) base = { kind: 'unit-name', name: name(id)!, range: tokenRange(id) };
    else if (inner) base = this.unitExpr(inner);
    else if (nums[0]) base = { kind: 'unit-number', value: Number(nums[0].image), range: tokenRange(nums[0]) };
    else base = { kind: 'unit-number', value: 1, range: r };
    const exp = tok(c, 'exponent');
    if (tok(c, 'Caret')) {
      const value = exp ? Number(exp.image) * (tok(c, 'Minus') ? -1 : 1) : undefined;
      return { kind: 'unit-power', base, ...(value !== undefined ? { exponent: value } : {}), range: r };
    }
    return base;
  }

  // ---------- expressions ----------

  private optExpr(n: CstNode | undefined): A.Expr | undefined {
    return n ? this.expr(n) : undefined;
  }

  expr(n: CstNode): A.Expr {
    const c = n.children as Ctx;
    const r = cstRange(n);
    switch (n.name) {
      case 'expression': {
        // A lone number or name (the parser's short cut past the precedence cascade).
        const atom = tok(c, 'atom');
        if (atom) {
          if (atom.tokenType.name === 'NumberLiteral') return { kind: 'number', value: Number(atom.image), text: atom.image, range: tokenRange(atom) };
          const part = name(atom)!;
          return { kind: 'ref', name: { parts: [part], text: part.text, range: part.range }, range: part.range };
        }
        const inner = node(c, 'ifExpr') ?? node(c, 'impliesExpr');
        return inner ? this.expr(inner) : { kind: 'missing', range: r };
      }
      case 'ifExpr': {
        const [cond, th, el] = [node(c, 'condition'), node(c, 'then'), node(c, 'otherwise')];
        return {
          kind: 'if',
          ...(cond ? { condition: this.expr(cond) } : {}),
          ...(th ? { then: this.expr(th) } : {}),
          ...(el ? { otherwise: this.expr(el) } : {}),
          range: r,
        };
      }
      case 'impliesExpr': {
        const left = this.exprOrMissing(node(c, 'orExpr'), r);
        const right = node(c, 'impliesExpr');
        if (!tok(c, 'Implies') && !right) return left;
        return { kind: 'binary', op: 'implies', left, ...(right ? { right: this.expr(right) } : {}), range: r };
      }
      case 'orExpr':
        return this.leftAssoc(c, 'andExpr', r);
      case 'andExpr':
        return this.leftAssoc(c, 'notExpr', r);
      case 'notExpr': {
        if (tok(c, 'Not') || (c['Not']?.length ?? 0) > 0) {
          const operand = node(c, 'notExpr');
          return { kind: 'unary', op: 'not', ...(operand ? { operand: this.expr(operand) } : {}), range: r };
        }
        return this.exprOrMissing(node(c, 'comparison'), r);
      }
      case 'comparison':
      case 'additive':
        return this.leftAssoc(c, n.name === 'comparison' ? 'additive' : 'multiplicative', r);
      case 'multiplicative':
        return this.leftAssoc(c, 'unary', r);
      case 'unary': {
        const op = tok(c, 'op');
        if (op || (c['op']?.length ?? 0) > 0) {
          const operand = node(c, 'unary');
          return { kind: 'unary', op: (op?.image ?? '-') as '-' | '+', ...(operand ? { operand: this.expr(operand) } : {}), range: r };
        }
        return this.exprOrMissing(node(c, 'power'), r);
      }
      case 'power': {
        const base = this.exprOrMissing(node(c, 'primary'), r);
        if (!c['Caret']?.length) return base;
        const exp = node(c, 'exponent');
        return { kind: 'binary', op: '^', left: base, ...(exp ? { right: this.expr(exp) } : {}), range: r };
      }
      case 'primary':
        return this.primary(c, r);
      default:
        return { kind: 'missing', range: r };
    }
  }

  private exprOrMissing(n: CstNode | undefined, r: A.Range): A.Expr {
    return n ? this.expr(n) : { kind: 'missing', range: r };
  }

  /** Operands and operators interleave in source order: fold them left-associatively. */
  private leftAssoc(c: Ctx, operandKey: string, r: A.Range): A.Expr {
    const operands = nodes(c, operandKey).map((o) => this.expr(o));
    const ops = toks(c, 'op');
    if (operands.length === 0) return { kind: 'missing', range: r };
    if (ops.length === 0 && operands.length === 1) return operands[0]!;
    operands.sort((a, b) => a.range.start - b.range.start);
    ops.sort((a, b) => a.startOffset - b.startOffset);
    let acc = operands[0]!;
    let opIndex = 0;
    for (let i = 1; i <= Math.max(operands.length - 1, ops.length); i++) {
      const op = ops[opIndex++];
      const right = operands[i];
      const opText = (op?.image ?? '+') as A.BinaryOp;
      acc = { kind: 'binary', op: opText, left: acc, ...(right ? { right } : {}), range: span(acc.range, right?.range ?? (op ? tokenRange(op) : undefined)) };
      if (!right) break;
    }
    return acc;
  }

  private primary(c: Ctx, r: A.Range): A.Expr {
    const num = tok(c, 'NumberLiteral');
    if (num) {
      const u = node(c, 'unitAnnotation');
      return { kind: 'number', value: Number(num.image), text: num.image, ...(u ? { unit: this.unitAnnotation(u) } : {}), range: r };
    }
    if (tok(c, 'True')) return { kind: 'bool', value: true, range: r };
    if (tok(c, 'False')) return { kind: 'bool', value: false, range: r };
    const q = node(c, 'qualifiedName');
    if (q) {
      const qn = this.qualifiedName(q);
      if ((c['LParen']?.length ?? 0) > 0) {
        return { kind: 'call', callee: qn, args: nodes(c, 'arg').map((a) => this.expr(a)), range: r };
      }
      return { kind: 'ref', name: qn, range: qn.range };
    }
    const inner = node(c, 'inner');
    if (inner || (c['open']?.length ?? 0) > 0) {
      return { kind: 'paren', ...(inner ? { inner: this.expr(inner) } : {}), range: r };
    }
    return { kind: 'missing', range: r };
  }
}
