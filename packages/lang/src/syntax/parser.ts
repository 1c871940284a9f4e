// The .idt grammar: one error-recovering Chevrotain parser, analysed once and reused, that builds
// the typed AST of ast.ts as it parses (embedded actions: no concrete syntax tree in between,
// which on a 10,000-reaction model was most of the front end's time and garbage).
//
// The grammar is LL(k) with k <= 3. Every statement starts with its own keyword, which is what
// makes re-synchronisation after an error reliable: recovery skips to the next statement keyword.
//
// Recovery keeps partial nodes. Each rule fills its node field by field; when a syntax error
// escapes a rule, its catch hands the partial node up (`fail`), the rule that was filling a field
// with it puts it there (`slotOwner`/`slotKey`), and the rule where Chevrotain re-synchronises
// returns the partial node as its value (`recoveryValueFunc`). So a reaction whose rate law breaks
// off still declares its name, species and the part of the rate that was written.
import { EmbeddedActionsParser, type IToken, type OrMethodOpts, type TokenType } from '#chevrotain';
import type * as A from './ast.js';
import * as T from './tokens.js';

const K = T.Keywords;

type Mutable<X> = { -readonly [P in keyof X]: X[P] };
/** A node being built: every field optional and writable. */
type Building<X> = { -readonly [P in keyof X]?: X[P] };

/** Tokens that can follow a number or a name inside an expression (operators, a call's or a unit's
 *  bracket, a qualified name's dot): after anything else the number or name is the whole expression. */
const CONTINUES_EXPRESSION: ReadonlySet<TokenType> = new Set<TokenType>([
  T.Plus, T.Minus, T.Star, T.Slash, T.Caret, T.Less, T.LessEq, T.Greater, T.GreaterEq, T.EqEq, T.NotEq,
  T.LParen, T.LBracket, T.Dot, K.and, K.or, K.xor, K.implies,
]);

/** The words a statement can begin with (and `@` of an annotation before one). */
export const STATEMENT_START: ReadonlySet<TokenType> = new Set<TokenType>([
  K.module, K.import, K.unit, K.time, K.compartment, K.species, K.amount, K.boundary, K.constant,
  K.parameter, K.variable, K.let, K.der, K.function, K.reaction, K.logic, K.event, K.intervention,
  K.surrogate, K.observable, K.decision, K.instance, K.reads, K.writes, K.simulate, T.At,
]);

/** A token really in the text: not inserted by recovery, not the grammar recorder's stand-in. */
function real(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && t.startOffset >= 0;
}

function tokenRange(t: IToken): A.Range {
  // While Chevrotain records the grammar, OR yields a stand-in object without an image.
  return { start: t.startOffset, end: t.startOffset + (t.image?.length ?? 0) };
}

function nameOf(t: IToken | undefined): A.Name | undefined {
  return real(t) ? { text: t.image, range: tokenRange(t) } : undefined;
}

/** A range recovery could not place yet (see `unplaced`). */
function placed(r: A.Range | undefined): r is A.Range {
  return r !== undefined && r.start >= 0;
}

/** The smallest range covering both; ranges not placed (yet) count as absent. */
function span(a: A.Range, b: A.Range | undefined): A.Range {
  if (!placed(b)) return a;
  if (!placed(a)) return b;
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** A problem the grammar lets through so that recovery loses nothing: a message, or a keyword
 *  used as a name in a list of names (a surrogate's ports, a function's parameters). */
export type SyntaxProblem = { readonly kind: 'message'; readonly range: A.Range; readonly message: string } | { readonly kind: 'keyword-as-name'; readonly range: A.Range; readonly word: string };

/** What one statement yields: a declaration, or a module header where none may stand. */
export type Statement = A.Declaration | { readonly kind: 'module-header'; readonly header: A.ModuleHeader };

/** What the file rule builds. */
interface FileContent {
  header?: A.ModuleHeader;
  readonly declarations: A.Declaration[];
  /** Module headers after the first statement (reported by parseText). */
  readonly misplacedHeaders: A.ModuleHeader[];
}

export interface ParsedFile extends FileContent {
  /** Syntax problems the grammar accepts but the AST cannot represent (reported by parseText). */
  readonly problems: SyntaxProblem[];
}

type EventOption =
  | { kind: 'delay' | 'priority'; value?: A.Expr }
  | { kind: 'persistent' | 'initially'; value?: { value: boolean; range: A.Range } }
  | { kind: 'values'; keyword?: IToken; word?: IToken };

const ASSIGN_OPS: ReadonlyMap<TokenType, A.AssignOp> = new Map<TokenType, A.AssignOp>([
  [T.Equals, '='], [T.PlusAssign, '+='], [T.MinusAssign, '-='], [T.TimesAssign, '*='], [T.DivideAssign, '/='],
]);

class IdtParser extends EmbeddedActionsParser {
  private text = '';
  private problems: SyntaxProblem[] = [];
  /** Ranges of nodes recovery left without text: placed at the end of their statement's text
   *  (where the text is missing) when the statement ends. */
  private unplaced: Mutable<A.Range>[] = [];
  /** Ranges of nodes whose last part is missing: they extend to where the text is missing. */
  private openEnded: Mutable<A.Range>[] = [];
  /** Tokens recovery skipped (offset -> offset of the token after it): a rule that began at one
   *  begins at the first token it really consumed. */
  private readonly skipped = new Map<number, number>();
  /** The partial node of the rule a syntax error is leaving (see the header comment). */
  private partial: unknown = undefined;
  /** The field the subrule in progress fills: where its partial node goes on an error. */
  private slotOwner: object | undefined = undefined;
  private slotKey: string | number = '';
  /** The statement and expression rules' alternatives, built once (Chevrotain's advice for hot ORs). */
  private statementAlternatives: { ALT: () => Statement }[] | undefined;
  private expressionAlternatives: OrMethodOpts<A.Expr> | undefined;
  /** A rule where Chevrotain re-synchronises returns the partial node its body left. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule's own node type
  private readonly recover = { recoveryValueFunc: (): any => this.takePartial() };
  /** Expression rules recover to their partial expression, or to a missing one. */
  private readonly recoverExpr = { recoveryValueFunc: (): A.Expr => (this.takePartial() as A.Expr | undefined) ?? { kind: 'missing', range: this.unplacedRange() } };

  /** `validate`: check the grammar (ambiguities, left recursion, ...) while analysing it. That
   *  takes a third of the start-up, so the one parser skips it and a test does it. */
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** Parses one file's tokens; `errors` holds the syntax errors afterwards. */
  parse(tokens: IToken[], text: string): ParsedFile {
    this.text = text;
    this.problems = [];
    this.unplaced = [];
    this.openEnded = [];
    this.skipped.clear();
    this.partial = undefined;
    this.slotOwner = undefined;
    this.input = tokens;
    const file = this.file() ?? { declarations: [], misplacedHeaders: [] };
    this.placeUnplaced({ unplaced: 0, openEnded: 0 }, this.endOfConsumed() || 0);
    return { ...file, problems: this.problems };
  }

  // ---------- recovery and ranges ----------

  private takePartial(): unknown {
    const p = this.partial;
    this.partial = undefined;
    return p;
  }

  /** Leave a rule on a syntax error, handing its partial node to the rule that recovers. */
  private fail(e: unknown, partial: unknown): never {
    this.partial = partial;
    throw e;
  }

  /** The next subrule's result goes into `owner[key]` (also when it breaks off). */
  private slot(owner: object, key: string | number): void {
    this.slotOwner = owner;
    this.slotKey = key;
  }

  /**
   * Runs a rule body that fills `node` field by field (each subrule call announced by `slot`).
   * On a syntax error, the failed subrule's partial node goes into the announced field, `finish`
   * completes the node as far as it goes, and the partial node leaves with the error.
   */
  private fill<N extends object, R = N>(node: N, start: number | undefined, body: () => void, finish?: (n: N) => void, result?: (n: N) => R): R {
    const outerOwner = this.slotOwner;
    const outerKey = this.slotKey;
    this.slotOwner = undefined;
    try {
      body();
    } catch (e) {
      const child = this.takePartial();
      if (child !== undefined && this.slotOwner !== undefined) (this.slotOwner as Record<string | number, unknown>)[this.slotKey] = child;
      this.fail(e, this.complete(node, start, finish, result));
    } finally {
      this.slotOwner = outerOwner;
      this.slotKey = outerKey;
    }
    return this.complete(node, start, finish, result);
  }

  private complete<N extends object, R>(node: N, start: number | undefined, finish: ((n: N) => void) | undefined, result: ((n: N) => R) | undefined): R {
    if (start !== undefined) (node as { range?: A.Range }).range = this.rangeFrom(start);
    finish?.(node);
    return result ? result(node) : (node as unknown as R);
  }

  // What the rules that build inside a holder object yield (also when they break off).
  private readonly accOf = (h: { acc?: A.Expr }): A.Expr => h.acc!;
  private readonly unitAccOf = (h: { acc?: A.UnitExpr }): A.UnitExpr => h.acc!;
  private readonly unitTermOf = (h: { base?: A.UnitExpr; power?: A.UnitExpr }): A.UnitExpr => h.power ?? h.base!;
  private readonly exprOf = (h: { e?: Record<string, unknown> }): A.Expr => h.e as unknown as A.Expr;
  /** A trigger that recovery left without its keyword is no trigger. */
  private readonly triggerOf = (t: Record<string, unknown>): A.EventTrigger | undefined => (t.kind ? (t as unknown as A.EventTrigger) : undefined);

  /** Where the next token starts (the rule about to run starts there). */
  private begin(): number {
    return this.LA(1).startOffset;
  }

  /** The end of the last token consumed (tokens recovery skipped do not count). */
  private endOfConsumed(): number {
    let back = 0;
    while (this.skipped.size > 0 && this.skipped.has(this.LA(back).startOffset)) back--;
    const last = this.LA(back);
    return last.startOffset + last.image.length;
  }

  /** Recovery may delete one unexpected token, but not the first word of a statement: that would
   *  join the next statement to the broken one above it (after `instance c = m(k = 2,` the line
   *  `species Z = 1` would become an argument `Z = 1`). */
  protected override canTokenTypeBeDeletedInRecovery(): boolean {
    return !STATEMENT_START.has(this.LA(1).tokenType);
  }

  protected override SKIP_TOKEN(): IToken {
    const skipped = this.LA(1);
    const next = super.SKIP_TOKEN();
    this.skipped.set(skipped.startOffset, next.startOffset);
    return next;
  }

  /** From `start` to the end of the last token consumed; unplaced when nothing was consumed. */
  private rangeFrom(start: number): A.Range {
    while (this.skipped.size > 0 && this.skipped.has(start)) start = this.skipped.get(start)!;
    const end = this.endOfConsumed();
    return start >= 0 && end > start ? { start, end } : this.unplacedRange();
  }

  /** The source text from `start` to the end of the last token consumed. */
  private textFrom(start: number): string {
    const end = this.endOfConsumed();
    return start >= 0 && end > start ? this.text.slice(start, end) : '';
  }

  private unplacedRange(): A.Range {
    const r = { start: -1, end: -1 };
    if (!this.RECORDING_PHASE) this.unplaced.push(r);
    return r;
  }

  private placeUnplaced(mark: { unplaced: number; openEnded: number }, at: number): void {
    for (let i = mark.unplaced; i < this.unplaced.length; i++) {
      this.unplaced[i]!.start = at;
      this.unplaced[i]!.end = at;
    }
    this.unplaced.length = mark.unplaced;
    for (let i = mark.openEnded; i < this.openEnded.length; i++) this.openEnded[i]!.end = Math.max(this.openEnded[i]!.end, at);
    this.openEnded.length = mark.openEnded;
  }

  /** `a` extended over `b`; when `b` is missing (not placed), `a` extended to where it is missing. */
  private spanOpen(a: A.Range, b: A.Range | undefined): A.Range {
    if (placed(b) || !placed(a) || this.RECORDING_PHASE) return span(a, b);
    const r = { start: a.start, end: a.end };
    this.openEnded.push(r);
    return r;
  }

  private missing(start: number): A.Expr {
    return { kind: 'missing', range: this.rangeFrom(start) };
  }

  // ---------- file and statements ----------

  private file = this.RULE('file', () => {
    const out: FileContent = { declarations: [], misplacedHeaders: [] };
    let inHeader = false;
    try {
      this.OPTION(() => {
        inHeader = true;
        out.header = this.SUBRULE(this.moduleHeader);
        inHeader = false;
      });
      this.MANY(() => this.addStatement(out, this.SUBRULE(this.statement)));
    } catch (e) {
      const child = this.takePartial();
      if (inHeader) out.header = child as A.ModuleHeader;
      else if (child) this.addStatement(out, child as Statement);
      this.fail(e, out);
    }
    return out;
  }, this.recover);

  private addStatement(out: FileContent, s: Statement | undefined): void {
    if (this.RECORDING_PHASE || !s) return;
    if (s.kind !== 'module-header') {
      out.declarations.push(s);
      return;
    }
    // `@units("warn") module m`: annotations before the header parse as a statement (the grammar
    // cannot look past them); as the very first statement it is the file's header.
    if (!out.header && out.declarations.length === 0 && out.misplacedHeaders.length === 0 && s.header.annotations) out.header = s.header;
    else out.misplacedHeaders.push(s.header);
  }

  private moduleHeader = this.RULE('moduleHeader', () => {
    const h: Building<A.ModuleHeader> = {};
    return this.fill(h, this.begin(), () => {
      this.CONSUME(K.module);
      this.slot(h, 'name');
      h.name = this.SUBRULE(this.qualifiedName);
    }) as A.ModuleHeader;
  }, this.recover);

  private statement = this.RULE('statement', () => {
    const start = this.begin();
    const mark = { unplaced: this.unplaced.length, openEnded: this.openEnded.length };
    const annotations: A.Annotation[] = [];
    let inAnnotation = false;
    let result: Statement | undefined;
    try {
      this.MANY(() => {
        inAnnotation = true;
        const a = this.SUBRULE(this.annotation);
        inAnnotation = false;
        if (a && !this.RECORDING_PHASE) annotations.push(a);
      });
      result = this.OR((this.statementAlternatives ??= [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.unitDecl) },
        { ALT: () => this.SUBRULE(this.timeDecl) },
        { ALT: () => this.SUBRULE(this.compartmentDecl) },
        { ALT: () => this.SUBRULE(this.speciesDecl) },
        { ALT: () => this.SUBRULE(this.parameterDecl) },
        { ALT: () => this.SUBRULE(this.variableDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.derDecl) },
        { ALT: () => this.SUBRULE(this.functionDecl) },
        { ALT: () => this.SUBRULE(this.reactionDecl) },
        { ALT: () => this.SUBRULE(this.logicDecl) },
        { ALT: () => this.SUBRULE(this.eventDecl) },
        { ALT: () => this.SUBRULE(this.surrogateDecl) },
        { ALT: () => this.SUBRULE(this.observableDecl) },
        { ALT: () => this.SUBRULE(this.decisionDecl) },
        { ALT: () => this.SUBRULE(this.instanceDecl) },
        { ALT: () => this.SUBRULE(this.portDecl) },
        { ALT: () => this.SUBRULE(this.simulateDecl) },
        // A stray module header after declarations: parsed so it can be reported precisely.
        { ALT: () => ({ kind: 'module-header', header: this.SUBRULE(this.moduleHeader) }) as Statement },
      ]));
      this.OPTION(() => this.CONSUME(T.Semicolon));
    } catch (e) {
      const child = this.takePartial();
      if (inAnnotation) {
        if (child) annotations.push(child as A.Annotation);
      } else if (child) {
        result = (child as { kind?: string }).kind ? (child as Statement) : { kind: 'module-header', header: child as A.ModuleHeader };
      }
      this.fail(e, this.endStatement(result, annotations, start, mark));
    }
    return this.endStatement(result, annotations, start, mark);
  }, this.recover);

  private endStatement(s: Statement | undefined, annotations: A.Annotation[], start: number, mark: { unplaced: number; openEnded: number }): Statement | undefined {
    if (this.RECORDING_PHASE) return s;
    const end = this.endOfConsumed();
    this.placeUnplaced(mark, end > start ? end : 0);
    if (!s || annotations.length === 0) return s;
    // The declaration's range starts at its first annotation.
    if (s.kind === 'module-header') return { kind: 'module-header', header: { ...s.header, annotations, range: span(s.header.range, annotations[0]!.range) } };
    const d = s as Mutable<A.Declaration>;
    d.annotations = annotations;
    d.range = span(d.range, annotations[0]!.range);
    return d;
  }

  private annotation = this.RULE('annotation', () => {
    const a: Building<A.Annotation> = { values: [] };
    const values = a.values as Mutable<A.Annotation['values']>;
    const done = this.fill(a, this.begin(), () => {
      this.CONSUME(T.At);
      a.name = nameOf(this.CONSUME(T.Identifier));
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const s = this.CONSUME(T.StringLiteral);
          if (real(s)) values.push({ text: unquote(s.image), range: tokenRange(s) });
        },
      });
      this.CONSUME(T.RParen);
    });
    return done.name ? (done as A.Annotation) : undefined;
  }, this.recover);

  public qualifiedName = this.RULE('qualifiedName', () => {
    const start = this.begin();
    let first: A.Name | undefined;
    try {
      first = nameOf(this.CONSUME(T.Identifier));
    } catch (e) {
      this.fail(e, { parts: [], text: '', range: this.rangeFrom(start) });
    }
    // Most names have one part: no repetition to enter (it would not iterate, and a repetition
    // at the end of a rule attempts no recovery, so skipping it changes nothing).
    if (first && this.LA(1).tokenType !== T.Dot) return { parts: [first], text: first.text, range: first.range };
    const parts: A.Name[] = first ? [first] : [];
    const q: Building<A.QualifiedName> = { parts };
    return this.fill(q, undefined, () => {
      this.MANY(() => {
        this.CONSUME(T.Dot);
        const next = nameOf(this.CONSUME2(T.Identifier));
        if (next) parts.push(next);
      });
    }, (n) => {
      n.text = parts.length === 1 ? parts[0]!.text : parts.map((p) => p.text).join('.');
      n.range = parts.length ? { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end } : this.rangeFrom(start);
    }) as A.QualifiedName;
  }, this.recover);

  // ---------- declarations ----------

  private declaration<D extends { kind: string }>(kind: D['kind'], extra?: object): Building<D> & { annotations: A.Annotation[] } {
    return { kind, annotations: [], ...extra } as unknown as Building<D> & { annotations: A.Annotation[] };
  }

  private setName(d: { name?: A.Name }, t: IToken): void {
    const n = nameOf(t);
    if (n) d.name = n;
  }

  /** `parameter k = 0.3 [1/h]`: the unit written after a bare number belongs to the declaration. */
  private hoistUnit(d: { unit?: A.UnitAnnotation }, key: string): void {
    const holder = d as Record<string, A.Expr | undefined>;
    const value = holder[key];
    if (value?.kind === 'number' && value.unit && !d.unit) {
      const { unit, ...bare } = value;
      holder[key] = { ...bare, range: { start: value.range.start, end: value.range.start + value.text.length } };
      d.unit = unit;
    }
  }

  private importDecl = this.RULE('importDecl', () => {
    const d = this.declaration<A.ImportDecl>('import');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.import);
      this.OR([
        {
          ALT: () => {
            this.slot(d, 'module');
            d.module = this.SUBRULE(this.qualifiedName);
          },
        },
        {
          ALT: () => {
            const s = this.CONSUME(T.StringLiteral);
            if (real(s)) d.path = { text: unquote(s.image), range: tokenRange(s) };
          },
        },
      ]);
      this.OPTION(() => {
        this.CONSUME(K.as);
        const alias = nameOf(this.CONSUME(T.Identifier));
        if (alias) d.alias = alias;
      });
    }) as A.ImportDecl;
  }, this.recover);

  private unitDecl = this.RULE('unitDecl', () => {
    const d = this.declaration<A.UnitDecl>('unit');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.unit);
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.CONSUME(T.Equals);
        this.OR([
          {
            ALT: () => {
              this.slot(d, 'definition');
              d.definition = this.SUBRULE(this.unitAnnotation);
            },
          },
          {
            ALT: () => {
              const start = this.begin();
              const holder: { expr?: A.UnitExpr } = {};
              this.slot(holder, 'expr');
              holder.expr = this.SUBRULE(this.unitExpr);
              this.ACTION(() => {
                d.definition = { expr: holder.expr!, text: this.textFrom(start), range: this.rangeFrom(start) };
              });
            },
          },
        ]);
      });
    }) as A.UnitDecl;
  }, this.recover);

  private timeDecl = this.RULE('timeDecl', () => {
    const d = this.declaration<A.TimeDecl>('time');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.time);
      this.slot(d, 'unit');
      d.unit = this.SUBRULE(this.unitAnnotation);
    }) as A.TimeDecl;
  }, this.recover);

  private compartmentDecl = this.RULE('compartmentDecl', () => {
    const d = this.declaration<A.CompartmentDecl>('compartment');
    let key: 'size' | 'rule' = 'size';
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.compartment);
      this.setName(d, this.CONSUME(T.Identifier));
      // `= size` (initial size) or `:= expr` (an assignment rule: the size always equals expr).
      this.OPTION(() => {
        if (this.OR([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.Define) }]).tokenType === T.Define) key = 'rule';
        this.slot(d, key);
        d[key] = this.SUBRULE(this.expression);
      });
      this.OPTION2(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
    }, (n) => this.hoistUnit(n, key)) as A.CompartmentDecl;
  }, this.recover);

  private speciesDecl = this.RULE('speciesDecl', () => {
    const flags: Mutable<A.SpeciesDecl['flags']> = [];
    const d = this.declaration<A.SpeciesDecl>('species', { flags });
    let key: 'initial' | 'rule' = 'initial';
    return this.fill(d, this.begin(), () => {
      this.MANY(() => {
        const f = this.OR([
          { ALT: () => this.CONSUME(K.amount) },
          { ALT: () => this.CONSUME(K.boundary) },
          { ALT: () => this.CONSUME(K.constant) },
        ]);
        if (real(f)) flags.push({ flag: f.image as A.SpeciesFlag, range: tokenRange(f) });
      });
      this.CONSUME(K.species);
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.CONSUME(K.in);
        const c = nameOf(this.CONSUME2(T.Identifier, { LABEL: 'compartment' }));
        if (c) d.compartment = c;
      });
      // `= initial` or `:= expr` (an assignment rule: the species always equals expr).
      this.OPTION2(() => {
        if (this.OR2([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.Define) }]).tokenType === T.Define) key = 'rule';
        this.slot(d, key);
        d[key] = this.SUBRULE(this.expression);
      });
      this.OPTION3(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
    }, (n) => this.hoistUnit(n, key)) as A.SpeciesDecl;
  }, this.recover);

  private parameterDecl = this.RULE('parameterDecl', () => {
    const d = this.declaration<A.ParameterDecl>('parameter');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.parameter);
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.CONSUME(T.Equals);
        this.slot(d, 'value');
        d.value = this.SUBRULE(this.expression, { LABEL: 'value' });
      });
      this.OPTION2(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
      this.OPTION3(() => {
        const b: Building<NonNullable<A.ParameterDecl['bounds']>> = { range: tokenRange(this.CONSUME(K.bounds)) };
        d.bounds = b as A.ParameterDecl['bounds'];
        this.CONSUME(T.LBracket);
        this.slot(b, 'low');
        b.low = this.SUBRULE2(this.expression, { LABEL: 'low' });
        this.CONSUME(T.Comma);
        this.slot(b, 'high');
        b.high = this.SUBRULE3(this.expression, { LABEL: 'high' });
        const close = this.CONSUME(T.RBracket);
        if (real(close)) b.range = span(b.range!, tokenRange(close));
      });
      this.OPTION4(() => {
        this.CONSUME(T.Tilde);
        this.slot(d, 'prior');
        d.prior = this.SUBRULE(this.distribution);
      });
    }, (n) => this.hoistUnit(n, 'value')) as A.ParameterDecl;
  }, this.recover);

  private distribution = this.RULE('distribution', () => {
    const args: A.Expr[] = [];
    const start = this.begin();
    const dist: Building<A.Distribution> = { args };
    return this.fill(dist, start, () => {
      const n = nameOf(this.CONSUME(T.Identifier));
      if (n) dist.name = n;
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          this.slot(args, args.length);
          args.push(this.SUBRULE(this.expression));
        },
      });
      this.CONSUME(T.RParen);
    }, (n) => {
      n.name ??= { text: '', range: n.range! };
    }) as A.Distribution;
  }, this.recover);

  private variableDecl = this.RULE('variableDecl', () => {
    const d = this.declaration<A.VariableDecl>('variable');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.variable);
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.CONSUME(T.Equals);
        this.slot(d, 'initial');
        d.initial = this.SUBRULE(this.expression);
      });
      this.OPTION2(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
    }, (n) => this.hoistUnit(n, 'initial')) as A.VariableDecl;
  }, this.recover);

  private letDecl = this.RULE('letDecl', () => {
    const d = this.declaration<A.LetDecl>('let');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.let);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.Equals);
      this.slot(d, 'value');
      d.value = this.SUBRULE(this.expression);
      this.OPTION(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
    }, (n) => this.hoistUnit(n, 'value')) as A.LetDecl;
  }, this.recover);

  private derDecl = this.RULE('derDecl', () => {
    const d = this.declaration<A.RateRuleDecl>('der');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.der);
      this.CONSUME(T.LParen);
      this.slot(d, 'target');
      d.target = this.SUBRULE(this.qualifiedName);
      this.CONSUME(T.RParen);
      this.CONSUME(T.Equals);
      this.slot(d, 'value');
      d.value = this.SUBRULE(this.expression);
    }) as A.RateRuleDecl;
  }, this.recover);

  private functionDecl = this.RULE('functionDecl', () => {
    const params: A.Name[] = [];
    const d = this.declaration<A.FunctionDecl>('function', { params });
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.function);
      this.setName(d, this.CONSUME(T.Identifier, { LABEL: 'name' }));
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const p = nameOf(this.SUBRULE(this.listedName));
          if (p) params.push(p);
        },
      });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Equals);
      this.slot(d, 'body');
      d.body = this.SUBRULE(this.expression);
    }) as A.FunctionDecl;
  }, this.recover);

  private reactionDecl = this.RULE('reactionDecl', () => {
    const modifiers: A.QualifiedName[] = [];
    const d = this.declaration<A.ReactionDecl>('reaction', { reactants: [], products: [], reversible: false, modifiers });
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.reaction);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.Colon);
      this.OPTION(() => {
        this.slot(d, 'reactants');
        d.reactants = this.SUBRULE(this.reactionSide, { LABEL: 'reactants' });
      });
      const arrow = this.OR([
        { ALT: () => this.CONSUME(T.Arrow) },
        { ALT: () => this.CONSUME(T.ReversibleArrow) },
      ]);
      if (real(arrow)) {
        d.arrowRange = tokenRange(arrow);
        d.reversible = arrow.tokenType === T.ReversibleArrow;
      }
      this.OPTION2(() => {
        this.slot(d, 'products');
        d.products = this.SUBRULE2(this.reactionSide, { LABEL: 'products' });
      });
      this.OR2([
        {
          ALT: () => {
            const keyword = this.CONSUME(K.rate);
            const k: Mutable<Extract<A.Kinetics, { kind: 'rate' }>> = { kind: 'rate', range: this.spanOpen(tokenRange(keyword), undefined) };
            d.kinetics = k;
            this.slot(k, 'rate');
            k.rate = this.SUBRULE(this.expression, { LABEL: 'rate' });
            k.range = this.spanOpen(tokenRange(keyword), k.rate?.range);
          },
        },
        {
          ALT: () => {
            const keyword = this.CONSUME(K.by);
            const k: Mutable<Extract<A.Kinetics, { kind: 'mass-action' }>> = { kind: 'mass-action', range: this.spanOpen(tokenRange(keyword), undefined) };
            d.kinetics = k;
            this.CONSUME(T.MassAction);
            this.slot(k, 'forward');
            k.forward = this.SUBRULE2(this.expression, { LABEL: 'forward' });
            k.range = this.spanOpen(tokenRange(keyword), k.forward?.range);
            this.OPTION3(() => {
              this.CONSUME(T.Comma);
              k.range = this.spanOpen(k.range, undefined);
              this.slot(k, 'reverse');
              k.reverse = this.SUBRULE3(this.expression, { LABEL: 'reverse' });
              k.range = this.spanOpen(tokenRange(keyword), k.reverse?.range ?? k.forward?.range);
            });
          },
        },
      ]);
      this.OPTION4(() => {
        this.CONSUME(K.modifiers);
        this.AT_LEAST_ONE_SEP({
          SEP: T.Comma,
          DEF: () => {
            this.slot(modifiers, modifiers.length);
            modifiers.push(this.SUBRULE(this.qualifiedName, { LABEL: 'modifier' }));
          },
        });
      });
    }) as A.ReactionDecl;
  }, this.recover);

  private reactionSide = this.RULE('reactionSide', () => {
    const terms: A.ReactionTerm[] = [];
    return this.fill(terms, undefined, () => {
      this.AT_LEAST_ONE_SEP({
        SEP: T.Plus,
        DEF: () => {
          this.slot(terms, terms.length);
          terms.push(this.SUBRULE(this.reactionTerm));
        },
      });
    });
  }, this.recover);

  private reactionTerm = this.RULE('reactionTerm', () => {
    const term: Building<A.ReactionTerm> = {};
    return this.fill(term, this.begin(), () => {
      // A literal coefficient, or `(expression)` for a stoichiometry that changes during a run.
      this.OPTION(() =>
        this.OR([
          {
            ALT: () => {
              const n = this.CONSUME(T.NumberLiteral);
              if (real(n)) term.coefficient = { value: Number(n.image), range: tokenRange(n) };
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LParen);
              this.slot(term, 'coefficientExpr');
              term.coefficientExpr = this.SUBRULE(this.expression, { LABEL: 'coefficient' });
              this.CONSUME(T.RParen);
            },
          },
        ]),
      );
      this.slot(term, 'species');
      term.species = this.SUBRULE(this.qualifiedName);
    }) as A.ReactionTerm;
  }, this.recover);

  private logicDecl = this.RULE('logicDecl', () => {
    const d = this.declaration<A.LogicDecl>('logic');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.logic);
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.CONSUME(T.Define);
        this.slot(d, 'rule');
        d.rule = this.SUBRULE(this.expression);
      });
      this.OPTION2(() => {
        this.CONSUME(K.initially);
        this.slot(d, 'initially');
        d.initially = this.SUBRULE(this.boolLiteral);
      });
      this.OPTION3(() => {
        this.CONSUME(K.priority);
        const p = this.CONSUME(T.NumberLiteral);
        if (real(p)) d.priority = { value: Number(p.image), range: tokenRange(p) };
      });
    }) as A.LogicDecl;
  }, this.recover);

  private boolLiteral = this.RULE('boolLiteral', () => {
    try {
      const b = this.OR([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
      return { value: b.tokenType === K.true, range: tokenRange(b) };
    } catch (e) {
      return this.fail(e, { value: false, range: this.unplacedRange() });
    }
  }, this.recover);

  private eventDecl = this.RULE('eventDecl', () => {
    const assignments: A.EventAssignment[] = [];
    const options: EventOption[] = [];
    const d = this.declaration<A.EventDecl>('event', { intervention: false, assignments });
    return this.fill(d, this.begin(), () => {
      const kw = this.OR([{ ALT: () => this.CONSUME(K.event) }, { ALT: () => this.CONSUME(K.intervention) }]);
      d.intervention = kw.tokenType === K.intervention;
      this.OPTION(() => this.setName(d, this.CONSUME(T.Identifier)));
      this.slot(d, 'trigger');
      d.trigger = this.SUBRULE(this.eventTrigger);
      this.MANY(() => {
        this.slot(options, options.length);
        options.push(this.SUBRULE(this.eventOption));
      });
      const assignment = (): void => {
        this.slot(assignments, assignments.length);
        assignments.push(this.SUBRULE(this.eventAssignment));
      };
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: assignment });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBrace);
            this.MANY2(() => {
              this.slot(assignments, assignments.length);
              assignments.push(this.SUBRULE2(this.eventAssignment));
              this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME2(T.Comma) }]));
            });
            this.CONSUME(T.RBrace);
          },
        },
      ]);
    }, (n) => this.applyEventOptions(n, options)) as A.EventDecl;
  }, this.recover);

  private applyEventOptions(d: Building<A.EventDecl>, options: readonly (EventOption | undefined)[]): void {
    if (this.RECORDING_PHASE) return;
    for (const o of options) {
      if (!o) continue;
      if (o.kind === 'delay' || o.kind === 'priority') {
        if (o.value) d[o.kind] = o.value;
      } else if (o.kind === 'persistent' || o.kind === 'initially') {
        if (o.value) d[o.kind] = o.value;
      } else if (o.kind === 'values' && real(o.word)) {
        const w = o.word;
        if (w.image === 'trigger' || w.image === 'execution') d.valuesAt = { value: w.image, range: span(tokenRange(real(o.keyword) ? o.keyword : w), tokenRange(w)) };
        else this.problems.push({ kind: 'message', range: tokenRange(w), message: `expected 'trigger' or 'execution' after 'values at' but found '${w.image}'` });
      }
    }
  }

  private eventTrigger = this.RULE('eventTrigger', () => {
    const start = this.begin();
    const t: Record<string, unknown> = {};
    return this.fill(t, start, () => {
      this.OR([
        { ALT: () => this.keyed(t, K.at, 'time', () => this.SUBRULE(this.expression, { LABEL: 'time' }), 'at') },
        {
          ALT: () => {
            this.keyed(t, K.every, 'period', () => this.SUBRULE2(this.expression, { LABEL: 'period' }), 'every');
            this.OPTION(() => this.keyed(t, K.from, 'from', () => this.SUBRULE3(this.expression, { LABEL: 'from' })));
            this.OPTION2(() => this.keyed(t, K.until, 'until', () => this.SUBRULE4(this.expression, { LABEL: 'until' })));
            this.OPTION3(() => this.keyed(t, K.times, 'times', () => this.SUBRULE5(this.expression, { LABEL: 'times' })));
          },
        },
        { ALT: () => this.keyed(t, K.when, 'condition', () => this.SUBRULE6(this.expression, { LABEL: 'condition' }), 'when') },
      ]);
    }, undefined, this.triggerOf);
  }, this.recover);

  /** `keyword value`: the value goes into `owner[key]` (also when it breaks off); `kind`, when
   *  given, records which form this is. */
  private keyed(owner: Record<string, unknown>, keyword: TokenType, key: string, value: () => unknown, kind?: string): void {
    this.CONSUME(keyword);
    if (kind !== undefined) owner.kind = kind;
    this.slot(owner, key);
    owner[key] = value();
  }

  private eventOption = this.RULE('eventOption', () => {
    const o: Record<string, unknown> = {};
    return this.fill(o, undefined, () => {
      this.OR([
        { ALT: () => this.keyed(o, K.delay, 'value', () => this.SUBRULE(this.expression, { LABEL: 'delay' }), 'delay') },
        { ALT: () => this.keyed(o, K.priority, 'value', () => this.SUBRULE2(this.expression, { LABEL: 'priority' }), 'priority') },
        { ALT: () => this.keyed(o, K.persistent, 'value', () => this.SUBRULE(this.boolLiteral, { LABEL: 'persistent' }), 'persistent') },
        { ALT: () => this.keyed(o, K.initially, 'value', () => this.SUBRULE2(this.boolLiteral, { LABEL: 'initially' }), 'initially') },
        {
          // `values at trigger` (default) or `values at execution`: when a delayed event's
          // assignment values are computed (SBML useValuesFromTriggerTime). `values` is a soft
          // keyword, so it stays usable as a name everywhere else.
          GATE: () => this.LA(1).image === 'values',
          ALT: () => {
            o.kind = 'values';
            o.keyword = this.CONSUME(T.Identifier, { LABEL: 'valuesKeyword' });
            this.CONSUME(K.at);
            o.word = this.CONSUME2(T.Identifier, { LABEL: 'valuesAt' });
          },
        },
      ]);
    }) as unknown as EventOption;
  }, this.recover);

  private eventAssignment = this.RULE('eventAssignment', () => {
    const a: Building<A.EventAssignment> = { op: '=' };
    return this.fill(a, this.begin(), () => {
      this.slot(a, 'target');
      a.target = this.SUBRULE(this.qualifiedName);
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Equals) },
        { ALT: () => this.CONSUME(T.PlusAssign) },
        { ALT: () => this.CONSUME(T.MinusAssign) },
        { ALT: () => this.CONSUME(T.TimesAssign) },
        { ALT: () => this.CONSUME(T.DivideAssign) },
      ]);
      a.op = ASSIGN_OPS.get(op.tokenType) ?? '=';
      this.slot(a, 'value');
      a.value = this.SUBRULE(this.expression);
    }) as A.EventAssignment;
  }, this.recover);

  private surrogateDecl = this.RULE('surrogateDecl', () => {
    const inputs: A.SurrogatePort[] = [];
    const outputs: A.SurrogatePort[] = [];
    const properties: A.SurrogateProperty[] = [];
    const d = this.declaration<A.SurrogateDecl>('surrogate', { inputs, outputs, properties });
    const port = (list: A.SurrogatePort[], call: () => A.SurrogatePort): void => {
      this.slot(list, list.length);
      list.push(call());
    };
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.surrogate);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => port(inputs, () => this.SUBRULE(this.surrogatePort, { LABEL: 'input' })) });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Arrow);
      this.OR([
        {
          ALT: () => {
            this.CONSUME2(T.LParen);
            this.MANY_SEP2({ SEP: T.Comma, DEF: () => port(outputs, () => this.SUBRULE2(this.surrogatePort, { LABEL: 'output' })) });
            this.CONSUME2(T.RParen);
          },
        },
        { ALT: () => port(outputs, () => this.SUBRULE3(this.surrogatePort, { LABEL: 'output' })) },
      ]);
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.slot(properties, properties.length);
        properties.push(this.SUBRULE(this.surrogateProperty));
      });
      this.CONSUME(T.RBrace);
    }, (n) => {
      // Ports and properties that recovery left without a name are dropped.
      n.inputs = inputs.filter((p) => p?.name);
      n.outputs = outputs.filter((p) => p?.name);
      n.properties = properties.filter((p) => p?.name);
    }) as A.SurrogateDecl;
  }, this.recover);

  private surrogatePort = this.RULE('surrogatePort', () => {
    const p: Building<A.SurrogatePort> = {};
    return this.fill(p, this.begin(), () => {
      this.setName(p, this.SUBRULE(this.listedName));
      this.OPTION(() => {
        this.slot(p, 'unit');
        p.unit = this.SUBRULE(this.unitAnnotation);
      });
    }) as A.SurrogatePort;
  }, this.recover);

  /**
   * A name in a list of names. A keyword there (`surrogate f(rate [1]) ...`) is reported and read
   * as the name: ending the list at it would throw away the rest of the declaration and leave
   * errors about what was lost (no inputs, no weights file) after the one that matters.
   */
  private listedName = this.RULE('listedName', () => {
    const t = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.KeywordCategory) }]);
    if (real(t) && t.tokenType !== T.Identifier) this.problems.push({ kind: 'keyword-as-name', range: tokenRange(t), word: t.image });
    return t;
  }, this.recover);

  private surrogateProperty = this.RULE('surrogateProperty', () => {
    const values: Mutable<A.SurrogateProperty['values']> = [];
    const p: Building<A.SurrogateProperty> = { values };
    const value = (t: IToken): void => {
      if (!real(t)) return;
      const kind = t.tokenType === T.NumberLiteral ? 'number' : t.tokenType === T.StringLiteral ? 'string' : 'name';
      values.push({ kind, text: t.image, value: kind === 'number' ? Number(t.image) : kind === 'string' ? unquote(t.image) : t.image, range: tokenRange(t) });
    };
    return this.fill(p, this.begin(), () => {
      this.setName(p, this.CONSUME(T.Identifier, { LABEL: 'name' }));
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () =>
          value(
            this.OR([
              { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'value' }) },
              { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
              { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'value' }) },
            ]),
          ),
      });
      this.OPTION(() => this.CONSUME(T.Semicolon));
    }) as A.SurrogateProperty;
  }, this.recover);

  private observableDecl = this.RULE('observableDecl', () => {
    const d = this.declaration<A.ObservableDecl>('observable');
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.observable);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.Equals);
      this.slot(d, 'value');
      d.value = this.SUBRULE(this.expression);
      this.OPTION(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
      this.OPTION2(() => {
        this.CONSUME(K.noise);
        this.slot(d, 'noise');
        d.noise = this.SUBRULE(this.distribution);
      });
    }, (n) => this.hoistUnit(n, 'value')) as A.ObservableDecl;
  }, this.recover);

  private decisionDecl = this.RULE('decisionDecl', () => {
    const branches: A.DecisionBranch[] = [];
    const d = this.declaration<A.DecisionDecl>('decision', { branches });
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.decision);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.slot(branches, branches.length);
        branches.push(this.SUBRULE(this.decisionBranch));
      });
      this.CONSUME(T.RBrace);
    }, (n) => {
      n.branches = branches.filter((b) => b?.label);
    }) as A.DecisionDecl;
  }, this.recover);

  private decisionBranch = this.RULE('decisionBranch', () => {
    const b: Building<A.DecisionBranch> = { otherwise: false };
    return this.fill(b, this.begin(), () => {
      const s = this.CONSUME(T.StringLiteral);
      if (real(s)) b.label = { text: unquote(s.image), range: tokenRange(s) };
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.if);
            this.slot(b, 'condition');
            b.condition = this.SUBRULE(this.expression);
          },
        },
        {
          ALT: () => {
            b.otherwise = real(this.CONSUME(K.otherwise));
          },
        },
      ]);
      this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME(T.Comma) }]));
    }) as A.DecisionBranch;
  }, this.recover);

  private instanceDecl = this.RULE('instanceDecl', () => {
    const args: A.InstanceArg[] = [];
    const bindings: A.PortBinding[] = [];
    const d = this.declaration<A.InstanceDecl>('instance', { args, bindings });
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.instance);
      this.setName(d, this.CONSUME(T.Identifier));
      this.CONSUME(T.Equals);
      this.slot(d, 'module');
      d.module = this.SUBRULE(this.qualifiedName, { LABEL: 'module' });
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          this.slot(args, args.length);
          args.push(this.SUBRULE(this.instanceArg));
        },
      });
      this.CONSUME(T.RParen);
      this.OPTION(() => {
        this.CONSUME(T.LBrace);
        this.MANY(() => {
          this.slot(bindings, bindings.length);
          bindings.push(this.SUBRULE(this.portBinding));
          this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME2(T.Comma) }]));
        });
        this.CONSUME(T.RBrace);
      });
    }, (n) => {
      n.args = args.filter((a) => a?.name);
      n.bindings = bindings.filter((b) => b?.port);
    }) as A.InstanceDecl;
  }, this.recover);

  private instanceArg = this.RULE('instanceArg', () => {
    const a: Building<A.InstanceArg> = {};
    return this.fill(a, this.begin(), () => {
      this.setName(a, this.CONSUME(T.Identifier));
      this.CONSUME(T.Equals);
      this.slot(a, 'value');
      a.value = this.SUBRULE(this.expression);
    }) as A.InstanceArg;
  }, this.recover);

  private portBinding = this.RULE('portBinding', () => {
    const b: Building<A.PortBinding> = {};
    return this.fill(b, this.begin(), () => {
      const port = nameOf(this.CONSUME(T.Identifier));
      if (port) b.port = port;
      this.CONSUME(T.Equals);
      this.slot(b, 'target');
      b.target = this.SUBRULE(this.qualifiedName);
    }) as A.PortBinding;
  }, this.recover);

  private portDecl = this.RULE('portDecl', () => {
    const d = this.declaration<A.PortDecl>('port', { direction: 'reads' });
    return this.fill(d, this.begin(), () => {
      const dir = this.OR([{ ALT: () => this.CONSUME(K.reads) }, { ALT: () => this.CONSUME(K.writes) }]);
      d.direction = dir.tokenType === K.writes ? 'writes' : 'reads';
      this.setName(d, this.CONSUME(T.Identifier));
      this.OPTION(() => {
        this.slot(d, 'unit');
        d.unit = this.SUBRULE(this.unitAnnotation);
      });
    }) as A.PortDecl;
  }, this.recover);

  private simulateDecl = this.RULE('simulateDecl', () => {
    const options: Mutable<A.SimulateDecl['options']> = [];
    const d = this.declaration<A.SimulateDecl>('simulate', { options });
    return this.fill(d, this.begin(), () => {
      this.CONSUME(K.simulate);
      this.OPTION(() => {
        this.CONSUME(K.until);
        this.slot(d, 'until');
        d.until = this.SUBRULE(this.expression, { LABEL: 'until' });
      });
      this.MANY(() => {
        this.slot(options, options.length);
        options.push(this.SUBRULE(this.simulateOption));
      });
    }, (n) => {
      n.options = options.filter((o) => o?.name);
    }) as A.SimulateDecl;
  }, this.recover);

  private simulateOption = this.RULE('simulateOption', () => {
    const o: Building<Mutable<A.SimulateDecl['options'][number]>> = {};
    return this.fill(o, this.begin(), () => {
      this.setName(o, this.CONSUME(T.Identifier));
      this.slot(o, 'value');
      o.value = this.SUBRULE(this.expression);
    }) as A.SimulateDecl['options'][number];
  }, this.recover);

  // ---------- units ----------

  private unitAnnotation = this.RULE('unitAnnotation', () => {
    const u: Building<A.UnitAnnotation> = { text: '' };
    let inner = -1;
    return this.fill(u, this.begin(), () => {
      this.CONSUME(T.LBracket);
      inner = this.begin();
      this.slot(u, 'expr');
      u.expr = this.SUBRULE(this.unitExpr);
      u.text = this.textFrom(inner);
      this.CONSUME(T.RBracket);
    }, (n) => {
      if (!n.text && inner >= 0) n.text = this.textFrom(inner);
    }) as A.UnitAnnotation;
  }, this.recover);

  private unitExpr = this.RULE('unitExpr', () => {
    const start = this.begin();
    const holder: { acc?: A.UnitExpr } = {};
    // Terms multiply or divide left to right.
    const next = (op: '*' | '/', term: () => A.UnitExpr): void => {
      const b: Mutable<Extract<A.UnitExpr, { kind: 'unit-binary' }>> = { kind: 'unit-binary', op, left: holder.acc!, range: this.spanOpen(holder.acc?.range ?? this.unplacedRange(), undefined) };
      holder.acc = b;
      this.slot(b, 'right');
      b.right = term();
      b.range = this.spanOpen(b.left.range, b.right?.range);
    };
    return this.fill(holder, undefined, () => {
      this.slot(holder, 'acc');
      holder.acc = this.SUBRULE(this.unitTerm);
      this.MANY(() =>
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.Star, { LABEL: 'op' });
              next('*', () => this.SUBRULE2(this.unitTerm));
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Slash, { LABEL: 'op' });
              next('/', () => this.SUBRULE3(this.unitTerm));
            },
          },
          // Juxtaposition multiplies: `1e6 cells`, `mg L^-1`.
          { ALT: () => next('*', () => this.SUBRULE4(this.unitTerm)) },
        ]),
      );
    }, (h) => {
      h.acc ??= { kind: 'unit-number', value: 1, range: this.rangeFrom(start) };
    }, this.unitAccOf);
  }, this.recover);

  private unitTerm = this.RULE('unitTerm', () => {
    const start = this.begin();
    const holder: { base?: A.UnitExpr; power?: Mutable<Extract<A.UnitExpr, { kind: 'unit-power' }>> } = {};
    return this.fill(holder, undefined, () => {
      this.OR([
        {
          ALT: () => {
            const id = this.CONSUME(T.Identifier);
            if (real(id)) holder.base = { kind: 'unit-name', name: nameOf(id)!, range: tokenRange(id) };
          },
        },
        {
          ALT: () => {
            const n = this.CONSUME(T.NumberLiteral);
            if (real(n)) holder.base = { kind: 'unit-number', value: Number(n.image), range: tokenRange(n) };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.slot(holder, 'base');
            holder.base = this.SUBRULE(this.unitExpr);
            this.CONSUME(T.RParen);
          },
        },
      ]);
      this.OPTION(() => {
        this.CONSUME(T.Caret);
        const p: Mutable<Extract<A.UnitExpr, { kind: 'unit-power' }>> = { kind: 'unit-power', base: holder.base!, range: this.rangeFrom(start) };
        holder.power = p;
        const minus = this.OPTION2(() => this.CONSUME(T.Minus));
        const exp = this.CONSUME2(T.NumberLiteral, { LABEL: 'exponent' });
        if (real(exp)) p.exponent = Number(exp.image) * (minus ? -1 : 1);
      });
    }, (h) => {
      h.base ??= { kind: 'unit-number', value: 1, range: this.rangeFrom(start) };
      if (h.power) {
        h.power.base = h.base;
        h.power.range = this.rangeFrom(start);
      }
    }, this.unitTermOf);
  }, this.recover);

  // ---------- expressions (lowest precedence first) ----------

  public expression = this.RULE('expression', () => {
    const start = this.begin();
    try {
      // Built once: this rule runs for every expression.
      return this.OR((this.expressionAlternatives ??= {
        // The first alternatives overlap the last; their gates decide (see loneAtomAhead).
        // (Not `choice`: the options object with its gates.)
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.loneAtomAhead(), ALT: () => this.atom(this.CONSUME(T.NumberLiteral, { LABEL: 'atom' })) },
          { GATE: () => this.loneAtomAhead(), ALT: () => this.atom(this.CONSUME(T.Identifier, { LABEL: 'atom' })) },
          { ALT: () => this.SUBRULE(this.ifExpr) },
          { ALT: () => this.SUBRULE(this.impliesExpr) },
        ],
      }));
    } catch (e) {
      return this.fail(e, this.takePartial() ?? this.missing(start));
    }
  }, this.recoverExpr);

  /**
   * A lone number or name, followed by a token that cannot continue an expression: most
   * expressions of large models (`parameter k12 = 0.37`, `by mass action k12`). It is read as one
   * token instead of through the eleven rules of the precedence cascade below, which parse it to
   * the same AST; on a 10,000-reaction model the cascade was most of the parse time.
   */
  private loneAtomAhead(): boolean {
    const first = this.LA(1).tokenType;
    return (first === T.NumberLiteral || first === T.Identifier) && !CONTINUES_EXPRESSION.has(this.LA(2).tokenType);
  }

  private atom(t: IToken): A.Expr {
    if (!real(t)) return { kind: 'missing', range: this.unplacedRange() };
    const range = tokenRange(t);
    if (t.tokenType === T.NumberLiteral) return { kind: 'number', value: Number(t.image), text: t.image, range };
    return { kind: 'ref', name: { parts: [{ text: t.image, range }], text: t.image, range }, range };
  }

  private ifExpr = this.RULE('ifExpr', () => {
    const e: Building<Extract<A.Expr, { kind: 'if' }>> = { kind: 'if' };
    return this.fill(e, this.begin(), () => {
      this.CONSUME(K.if);
      this.slot(e, 'condition');
      e.condition = this.SUBRULE(this.expression, { LABEL: 'condition' });
      this.CONSUME(K.then);
      this.slot(e, 'then');
      e.then = this.SUBRULE2(this.expression, { LABEL: 'then' });
      this.CONSUME(K.else);
      this.slot(e, 'otherwise');
      e.otherwise = this.SUBRULE3(this.expression, { LABEL: 'otherwise' });
    }) as A.Expr;
  }, this.recoverExpr);

  /**
   * `operand (op operand)*`, folded left-associatively as it is read: `first` and `next` parse an
   * operand (two occurrences of one subrule), `op` an operator; `once` allows at most one operator.
   */
  private chain(first: () => A.Expr, op: () => IToken, next: () => A.Expr, once = false): A.Expr {
    const start = this.begin();
    const holder: { acc?: A.Expr } = {};
    const step = (): void => {
      const o = op();
      const b: Mutable<Extract<A.Expr, { kind: 'binary' }>> = { kind: 'binary', op: o.image as A.BinaryOp, left: holder.acc!, range: this.spanOpen(span(holder.acc?.range ?? tokenRange(o), tokenRange(o)), undefined) };
      holder.acc = b;
      this.slot(b, 'right');
      b.right = next();
      b.range = this.spanOpen(span(b.left.range, tokenRange(o)), b.right?.range);
    };
    return this.fill(holder, undefined, () => {
      this.slot(holder, 'acc');
      holder.acc = first();
      if (once) this.OPTION(step);
      else this.MANY(step);
    }, (h) => {
      h.acc ??= this.missing(start);
    }, this.accOf);
  }

  private impliesExpr = this.RULE('impliesExpr', () => {
    const start = this.begin();
    const holder: { acc?: A.Expr } = {};
    return this.fill(holder, undefined, () => {
      this.slot(holder, 'acc');
      holder.acc = this.SUBRULE(this.orExpr);
      this.OPTION(() => {
        this.CONSUME(K.implies);
        const b: Mutable<Extract<A.Expr, { kind: 'binary' }>> = { kind: 'binary', op: 'implies', left: holder.acc!, range: this.rangeFrom(start) };
        holder.acc = b;
        this.slot(b, 'right');
        b.right = this.SUBRULE(this.impliesExpr);
        b.range = this.rangeFrom(start);
      });
    }, (h) => {
      h.acc ??= this.missing(start);
    }, this.accOf);
  }, this.recoverExpr);

  private orExpr = this.RULE('orExpr', () =>
    this.chain(
      () => this.SUBRULE(this.andExpr),
      () => this.OR([{ ALT: () => this.CONSUME(K.or, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(K.xor, { LABEL: 'op' }) }]),
      () => this.SUBRULE2(this.andExpr),
    ), this.recoverExpr);

  private andExpr = this.RULE('andExpr', () =>
    this.chain(
      () => this.SUBRULE(this.notExpr),
      () => this.CONSUME(K.and, { LABEL: 'op' }),
      () => this.SUBRULE2(this.notExpr),
    ), this.recoverExpr);

  private notExpr = this.RULE('notExpr', (): A.Expr =>
    this.choice([
      { ALT: (): A.Expr => this.prefixed(() => this.CONSUME(K.not), (): A.Expr => this.SUBRULE(this.notExpr)) },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]), this.recoverExpr);

  /** An OR of expression alternatives that leaves a missing expression when none applies. */
  private choice(alternatives: { ALT: () => A.Expr }[]): A.Expr {
    const start = this.begin();
    try {
      return this.OR(alternatives);
    } catch (e) {
      return this.fail(e, this.takePartial() ?? this.missing(start));
    }
  }

  /** `op operand` (`not x`, `-x`), with the operand's partial node kept on an error. */
  private prefixed(op: () => IToken, operand: () => A.Expr): A.Expr {
    const start = this.begin();
    const o = op();
    const u: Mutable<Extract<A.Expr, { kind: 'unary' }>> = { kind: 'unary', op: o.image as '-' | '+' | 'not', range: tokenRange(o) };
    return this.fill(u, start, () => {
      this.slot(u, 'operand');
      u.operand = operand();
    });
  }

  private comparison = this.RULE('comparison', () =>
    this.chain(
      () => this.SUBRULE(this.additive),
      () =>
        this.OR([
          { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
          { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
          { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
          { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
          { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
          { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
        ]),
      () => this.SUBRULE2(this.additive),
      true,
    ), this.recoverExpr);

  private additive = this.RULE('additive', () =>
    this.chain(
      () => this.SUBRULE(this.multiplicative),
      () => this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }]),
      () => this.SUBRULE2(this.multiplicative),
    ), this.recoverExpr);

  private multiplicative = this.RULE('multiplicative', () =>
    this.chain(
      () => this.SUBRULE(this.unary),
      () => this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) }]),
      () => this.SUBRULE2(this.unary),
    ), this.recoverExpr);

  private unary = this.RULE('unary', (): A.Expr =>
    this.choice([
      {
        ALT: (): A.Expr =>
          this.prefixed(
            () => this.OR2([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }]),
            (): A.Expr => this.SUBRULE(this.unary),
          ),
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]), this.recoverExpr);

  private power = this.RULE('power', () => {
    const start = this.begin();
    const holder: { acc?: A.Expr } = {};
    return this.fill(holder, undefined, () => {
      this.slot(holder, 'acc');
      holder.acc = this.SUBRULE(this.primary);
      this.OPTION(() => {
        this.CONSUME(T.Caret);
        const b: Mutable<Extract<A.Expr, { kind: 'binary' }>> = { kind: 'binary', op: '^', left: holder.acc!, range: this.rangeFrom(start) };
        holder.acc = b;
        // Right-associative, and the exponent may carry a sign: 2^-1, a^b^c = a^(b^c).
        this.slot(b, 'right');
        b.right = this.SUBRULE(this.unary, { LABEL: 'exponent' });
        b.range = this.rangeFrom(start);
      });
    }, (h) => {
      h.acc ??= this.missing(start);
    }, this.accOf);
  }, this.recoverExpr);

  private primary = this.RULE('primary', () => {
    const start = this.begin();
    const holder: { e?: Record<string, unknown> } = {};
    return this.fill(holder, undefined, () => {
      this.OR([
        {
          ALT: () => {
            const n = this.CONSUME(T.NumberLiteral);
            const e: Record<string, unknown> = { kind: 'number', value: Number(n.image), text: n.image, range: tokenRange(n) };
            holder.e = e;
            this.OPTION(() => {
              this.slot(e, 'unit');
              e.unit = this.SUBRULE(this.unitAnnotation);
            });
            e.range = this.rangeFrom(start);
          },
        },
        { ALT: () => (holder.e = { kind: 'bool', value: true, range: tokenRange(this.CONSUME(K.true)) }) },
        { ALT: () => (holder.e = { kind: 'bool', value: false, range: tokenRange(this.CONSUME(K.false)) }) },
        {
          ALT: () => {
            const ref: Record<string, unknown> = { kind: 'ref' };
            holder.e = ref;
            this.slot(ref, 'name');
            const q = this.SUBRULE(this.qualifiedName);
            ref.name = q;
            ref.range = q?.range;
            this.OPTION2(() => {
              this.CONSUME(T.LParen);
              const args: A.Expr[] = [];
              const call: Record<string, unknown> = { kind: 'call', callee: q, args, range: this.rangeFrom(start) };
              holder.e = call;
              this.MANY_SEP({
                SEP: T.Comma,
                DEF: () => {
                  this.slot(args, args.length);
                  args.push(this.SUBRULE(this.expression, { LABEL: 'arg' }));
                },
              });
              this.CONSUME(T.RParen);
              call.range = this.rangeFrom(start);
            });
          },
        },
        {
          ALT: () => {
            const p: Record<string, unknown> = { kind: 'paren' };
            holder.e = p;
            this.CONSUME2(T.LParen, { LABEL: 'open' });
            this.slot(p, 'inner');
            p.inner = this.SUBRULE2(this.expression, { LABEL: 'inner' });
            this.CONSUME2(T.RParen, { LABEL: 'close' });
            p.range = this.rangeFrom(start);
          },
        },
      ]);
    }, (h) => {
      const e = h.e;
      if (!e) h.e = this.missing(start) as unknown as Record<string, unknown>;
      else if (e.kind === 'ref') {
        if (!e.name) h.e = this.missing(start) as unknown as Record<string, unknown>;
        else e.range ??= (e.name as A.QualifiedName).range;
      }
      else if (e.kind !== 'ref' && e.kind !== 'bool') {
        // A number's unit, a call's arguments, a bracket: the node covers what was read of them.
        const whole = this.rangeFrom(start);
        if (placed(whole)) e.range = whole;
      }
    }, this.exprOf);
  }, this.recoverExpr);
}

/** Builds a parser with Chevrotain's grammar validations on; throws on a grammar error. */
export function validateGrammar(): void {
  new IdtParser(true);
}

let parserInstance: IdtParser | undefined;
/** The one parser instance (grammar analysis is expensive, so it is done once per process). */
export function idtParser(): IdtParser {
  parserInstance ??= new IdtParser();
  return parserInstance;
}

export type { IToken };
