// The .idt grammar: one error-recovering Chevrotain CST parser, analysed once and reused.
//
// The grammar is LL(k) with k <= 3. Every statement starts with its own keyword, which is what
// makes re-synchronisation after an error reliable: recovery skips to the next statement keyword.
import { CstParser, type CstNode, type IToken, type TokenType } from '#chevrotain';
import * as T from './tokens.js';

const K = T.Keywords;

/** Tokens that can follow a number or a name inside an expression (operators, a call's or a unit's
 *  bracket, a qualified name's dot): after anything else the number or name is the whole expression. */
const CONTINUES_EXPRESSION: ReadonlySet<TokenType> = new Set<TokenType>([
  T.Plus, T.Minus, T.Star, T.Slash, T.Caret, T.Less, T.LessEq, T.Greater, T.GreaterEq, T.EqEq, T.NotEq,
  T.LParen, T.LBracket, T.Dot, K.and, K.or, K.xor, K.implies,
]);

class IdtCstParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset' });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.moduleHeader));
    this.MANY(() => this.SUBRULE(this.statement));
  });

  private moduleHeader = this.RULE('moduleHeader', () => {
    this.CONSUME(K.module);
    this.SUBRULE(this.qualifiedName);
  });

  private statement = this.RULE('statement', () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.OR([
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
      { ALT: () => this.SUBRULE(this.moduleHeader) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  private annotation = this.RULE('annotation', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLiteral) });
    this.CONSUME(T.RParen);
  });

  private qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  private importDecl = this.RULE('importDecl', () => {
    this.CONSUME(K.import);
    this.OR([
      { ALT: () => this.SUBRULE(this.qualifiedName) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
    this.OPTION(() => {
      this.CONSUME(K.as);
      this.CONSUME(T.Identifier);
    });
  });

  private unitDecl = this.RULE('unitDecl', () => {
    this.CONSUME(K.unit);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.OR([
        { ALT: () => this.SUBRULE(this.unitAnnotation) },
        { ALT: () => this.SUBRULE(this.unitExpr) },
      ]);
    });
  });

  private timeDecl = this.RULE('timeDecl', () => {
    this.CONSUME(K.time);
    this.SUBRULE(this.unitAnnotation);
  });

  private compartmentDecl = this.RULE('compartmentDecl', () => {
    this.CONSUME(K.compartment);
    this.CONSUME(T.Identifier);
    // `= size` (initial size) or `:= expr` (an assignment rule: the size always equals expr).
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.Define) }]);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => this.SUBRULE(this.unitAnnotation));
  });

  private speciesDecl = this.RULE('speciesDecl', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(K.amount) },
        { ALT: () => this.CONSUME(K.boundary) },
        { ALT: () => this.CONSUME(K.constant) },
      ]),
    );
    this.CONSUME(K.species);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(K.in);
      this.CONSUME2(T.Identifier, { LABEL: 'compartment' });
    });
    // `= initial` or `:= expr` (an assignment rule: the species always equals expr).
    this.OPTION2(() => {
      this.OR2([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.Define) }]);
      this.SUBRULE(this.expression);
    });
    this.OPTION3(() => this.SUBRULE(this.unitAnnotation));
  });

  private parameterDecl = this.RULE('parameterDecl', () => {
    this.CONSUME(K.parameter);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression, { LABEL: 'value' });
    });
    this.OPTION2(() => this.SUBRULE(this.unitAnnotation));
    this.OPTION3(() => {
      this.CONSUME(K.bounds);
      this.CONSUME(T.LBracket);
      this.SUBRULE2(this.expression, { LABEL: 'low' });
      this.CONSUME(T.Comma);
      this.SUBRULE3(this.expression, { LABEL: 'high' });
      this.CONSUME(T.RBracket);
    });
    this.OPTION4(() => {
      this.CONSUME(T.Tilde);
      this.SUBRULE(this.distribution);
    });
  });

  private distribution = this.RULE('distribution', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  private variableDecl = this.RULE('variableDecl', () => {
    this.CONSUME(K.variable);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => this.SUBRULE(this.unitAnnotation));
  });

  private letDecl = this.RULE('letDecl', () => {
    this.CONSUME(K.let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.unitAnnotation));
  });

  private derDecl = this.RULE('derDecl', () => {
    this.CONSUME(K.der);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.RParen);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private functionDecl = this.RULE('functionDecl', () => {
    this.CONSUME(K.function);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: 'param' }) });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private reactionDecl = this.RULE('reactionDecl', () => {
    this.CONSUME(K.reaction);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.reactionSide, { LABEL: 'reactants' }));
    this.OR([
      { ALT: () => this.CONSUME(T.Arrow) },
      { ALT: () => this.CONSUME(T.ReversibleArrow) },
    ]);
    this.OPTION2(() => this.SUBRULE2(this.reactionSide, { LABEL: 'products' }));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.rate);
          this.SUBRULE(this.expression, { LABEL: 'rate' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.by);
          this.CONSUME(T.MassAction);
          this.SUBRULE2(this.expression, { LABEL: 'forward' });
          this.OPTION3(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.expression, { LABEL: 'reverse' });
          });
        },
      },
    ]);
    this.OPTION4(() => {
      this.CONSUME(K.modifiers);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.qualifiedName, { LABEL: 'modifier' }) });
    });
  });

  private reactionSide = this.RULE('reactionSide', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Plus, DEF: () => this.SUBRULE(this.reactionTerm) });
  });

  private reactionTerm = this.RULE('reactionTerm', () => {
    // A literal coefficient, or `(expression)` for a stoichiometry that changes during a run.
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression, { LABEL: 'coefficient' });
            this.CONSUME(T.RParen);
          },
        },
      ]),
    );
    this.SUBRULE(this.qualifiedName);
  });

  private logicDecl = this.RULE('logicDecl', () => {
    this.CONSUME(K.logic);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Define);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => {
      this.CONSUME(K.initially);
      this.SUBRULE(this.boolLiteral);
    });
    this.OPTION3(() => {
      this.CONSUME(K.priority);
      this.CONSUME(T.NumberLiteral);
    });
  });

  private boolLiteral = this.RULE('boolLiteral', () => {
    this.OR([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
  });

  private eventDecl = this.RULE('eventDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(K.event) }, { ALT: () => this.CONSUME(K.intervention) }]);
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.SUBRULE(this.eventTrigger);
    this.MANY(() => this.SUBRULE(this.eventOption));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.eventAssignment) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY2(() => {
            this.SUBRULE2(this.eventAssignment);
            this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME2(T.Comma) }]));
          });
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  private eventTrigger = this.RULE('eventTrigger', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.at);
          this.SUBRULE(this.expression, { LABEL: 'time' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.every);
          this.SUBRULE2(this.expression, { LABEL: 'period' });
          this.OPTION(() => {
            this.CONSUME(K.from);
            this.SUBRULE3(this.expression, { LABEL: 'from' });
          });
          this.OPTION2(() => {
            this.CONSUME(K.until);
            this.SUBRULE4(this.expression, { LABEL: 'until' });
          });
          this.OPTION3(() => {
            this.CONSUME(K.times);
            this.SUBRULE5(this.expression, { LABEL: 'times' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.when);
          this.SUBRULE6(this.expression, { LABEL: 'condition' });
        },
      },
    ]);
  });

  private eventOption = this.RULE('eventOption', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.delay);
          this.SUBRULE(this.expression, { LABEL: 'delay' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.priority);
          this.SUBRULE2(this.expression, { LABEL: 'priority' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.persistent);
          this.SUBRULE(this.boolLiteral, { LABEL: 'persistent' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.initially);
          this.SUBRULE2(this.boolLiteral, { LABEL: 'initially' });
        },
      },
      {
        // `values at trigger` (default) or `values at execution`: when a delayed event's
        // assignment values are computed (SBML useValuesFromTriggerTime). `values` is a soft
        // keyword, so it stays usable as a name everywhere else.
        GATE: () => this.LA(1).image === 'values',
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'valuesKeyword' });
          this.CONSUME(K.at);
          this.CONSUME2(T.Identifier, { LABEL: 'valuesAt' });
        },
      },
    ]);
  });

  private eventAssignment = this.RULE('eventAssignment', () => {
    this.SUBRULE(this.qualifiedName);
    this.OR([
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.PlusAssign) },
      { ALT: () => this.CONSUME(T.MinusAssign) },
      { ALT: () => this.CONSUME(T.TimesAssign) },
      { ALT: () => this.CONSUME(T.DivideAssign) },
    ]);
    this.SUBRULE(this.expression);
  });

  private surrogateDecl = this.RULE('surrogateDecl', () => {
    this.CONSUME(K.surrogate);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.surrogatePort, { LABEL: 'input' }) });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Arrow);
    this.OR([
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.MANY_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.surrogatePort, { LABEL: 'output' }) });
          this.CONSUME2(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE3(this.surrogatePort, { LABEL: 'output' }) },
    ]);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.surrogateProperty));
    this.CONSUME(T.RBrace);
  });

  private surrogatePort = this.RULE('surrogatePort', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.unitAnnotation));
  });

  private surrogateProperty = this.RULE('surrogateProperty', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'value' }) },
        ]),
    });
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  private observableDecl = this.RULE('observableDecl', () => {
    this.CONSUME(K.observable);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.unitAnnotation));
    this.OPTION2(() => {
      this.CONSUME(K.noise);
      this.SUBRULE(this.distribution);
    });
  });

  private decisionDecl = this.RULE('decisionDecl', () => {
    this.CONSUME(K.decision);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.decisionBranch));
    this.CONSUME(T.RBrace);
  });

  private decisionBranch = this.RULE('decisionBranch', () => {
    this.CONSUME(T.StringLiteral);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.if);
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => this.CONSUME(K.otherwise) },
    ]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME(T.Comma) }]));
  });

  private instanceDecl = this.RULE('instanceDecl', () => {
    this.CONSUME(K.instance);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.qualifiedName, { LABEL: 'module' });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.instanceArg) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.SUBRULE(this.portBinding);
        this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.CONSUME2(T.Comma) }]));
      });
      this.CONSUME(T.RBrace);
    });
  });

  private instanceArg = this.RULE('instanceArg', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private portBinding = this.RULE('portBinding', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.qualifiedName);
  });

  private portDecl = this.RULE('portDecl', () => {
    this.OR([{ ALT: () => this.CONSUME(K.reads) }, { ALT: () => this.CONSUME(K.writes) }]);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.unitAnnotation));
  });

  private simulateDecl = this.RULE('simulateDecl', () => {
    this.CONSUME(K.simulate);
    this.OPTION(() => {
      this.CONSUME(K.until);
      this.SUBRULE(this.expression, { LABEL: 'until' });
    });
    this.MANY(() => this.SUBRULE(this.simulateOption));
  });

  private simulateOption = this.RULE('simulateOption', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.expression);
  });

  // ---------- units ----------

  private unitAnnotation = this.RULE('unitAnnotation', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.unitExpr);
    this.CONSUME(T.RBracket);
  });

  private unitExpr = this.RULE('unitExpr', () => {
    this.SUBRULE(this.unitTerm);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Star, { LABEL: 'op' });
            this.SUBRULE2(this.unitTerm);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Slash, { LABEL: 'op' });
            this.SUBRULE3(this.unitTerm);
          },
        },
        // Juxtaposition multiplies: `1e6 cells`, `mg L^-1`.
        { ALT: () => this.SUBRULE4(this.unitTerm) },
      ]),
    );
  });

  private unitTerm = this.RULE('unitTerm', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.unitExpr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.OPTION2(() => this.CONSUME(T.Minus));
      this.CONSUME2(T.NumberLiteral, { LABEL: 'exponent' });
    });
  });

  // ---------- expressions (lowest precedence first) ----------

  public expression = this.RULE('expression', () => {
    this.OR({
      // The first alternative overlaps the last; its gate decides (see loneAtomAhead).
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.loneAtomAhead(), ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'atom' }) },
        { GATE: () => this.loneAtomAhead(), ALT: () => this.CONSUME(T.Identifier, { LABEL: 'atom' }) },
        { ALT: () => this.SUBRULE(this.ifExpr) },
        { ALT: () => this.SUBRULE(this.impliesExpr) },
      ],
    });
  });

  /**
   * A lone number or name, followed by a token that cannot continue an expression: most
   * expressions of large models (`parameter k12 = 0.37`, `by mass action k12`). It is read as one
   * token instead of through the eleven rules of the precedence cascade below, which parse it to
   * the same AST; on a 10,000-reaction model the cascade was most of the parse time and garbage.
   */
  private loneAtomAhead(): boolean {
    const first = this.LA(1).tokenType;
    return (first === T.NumberLiteral || first === T.Identifier) && !CONTINUES_EXPRESSION.has(this.LA(2).tokenType);
  }

  private ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(K.then);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
    this.CONSUME(K.else);
    this.SUBRULE3(this.expression, { LABEL: 'otherwise' });
  });

  private impliesExpr = this.RULE('impliesExpr', () => {
    this.SUBRULE(this.orExpr);
    this.OPTION(() => {
      this.CONSUME(K.implies);
      this.SUBRULE(this.impliesExpr);
    });
  });

  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(K.or, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(K.xor, { LABEL: 'op' }) }]);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(K.and, { LABEL: 'op' });
      this.SUBRULE2(this.notExpr);
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) }]);
      this.SUBRULE2(this.unary);
    });
  });

  private unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  private power = this.RULE('power', () => {
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      // Right-associative, and the exponent may carry a sign: 2^-1, a^b^c = a^(b^c).
      this.SUBRULE(this.unary, { LABEL: 'exponent' });
    });
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => this.SUBRULE(this.unitAnnotation));
        },
      },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      {
        ALT: () => {
          this.SUBRULE(this.qualifiedName);
          this.OPTION2(() => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'arg' }) });
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen, { LABEL: 'open' });
          this.SUBRULE2(this.expression, { LABEL: 'inner' });
          this.CONSUME2(T.RParen, { LABEL: 'close' });
        },
      },
    ]);
  });
}

let parserInstance: IdtCstParser | undefined;
/** The one parser instance (grammar analysis is expensive, so it is done once per process). */
export function idtParser(): IdtCstParser {
  parserInstance ??= new IdtCstParser();
  return parserInstance;
}

export type { CstNode, IToken };
