// Lexical tokens of the .idt language: one Chevrotain lexer, built once and reused.
import { createToken, Lexer, type ILexingResult, type TokenType } from '#chevrotain';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*/ });

/** Reserved words: every keyword is reserved (the SBML importer renames colliding ids). */
const keywordNames = [
  'module', 'import', 'as', 'unit', 'time', 'compartment', 'species', 'amount', 'boundary', 'constant',
  'in', 'parameter', 'bounds', 'variable', 'let', 'der', 'function', 'reaction', 'rate', 'by',
  'modifiers', 'logic', 'initially', 'priority', 'event', 'intervention', 'at', 'every', 'from',
  'until', 'times', 'when', 'delay', 'persistent', 'surrogate', 'observable', 'noise', 'decision',
  'if', 'then', 'else', 'otherwise', 'instance', 'reads', 'writes', 'simulate', 'and', 'or', 'not',
  'xor', 'implies', 'true', 'false',
] as const;
export type Keyword = (typeof keywordNames)[number];

// Keywords have no pattern of their own: the lexer reads every word as an Identifier and
// `tokenize` gives the reserved ones their keyword type from a table. That is one match per
// word instead of trying each keyword that starts with its letter (the lexer's biggest cost on
// large models), with the same result: a keyword is a whole word.
function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: Lexer.NA, categories: [KeywordCategory] });
}

/** All keyword tokens belong to this category (for completion and semantic highlighting). */
export const KeywordCategory = createToken({ name: 'Keyword', pattern: Lexer.NA });

export const Keywords = Object.fromEntries(keywordNames.map((w) => [w, keyword(w)])) as Record<Keyword, TokenType>;

/** "mass action" is one token so that neither word needs to be reserved on its own. */
export const MassAction = createToken({ name: 'MassAction', pattern: /mass[ \t]+action(?![A-Za-z0-9_])/, longer_alt: Identifier });

export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/ });

export const DocComment = createToken({ name: 'DocComment', pattern: /\/\/\/[^\r\n]*/, group: 'comments' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

export const ReversibleArrow = createToken({ name: 'ReversibleArrow', pattern: /<->/ });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const Define = createToken({ name: 'Define', pattern: /:=/ });
export const PlusAssign = createToken({ name: 'PlusAssign', pattern: /\+=/ });
export const MinusAssign = createToken({ name: 'MinusAssign', pattern: /-=/ });
export const TimesAssign = createToken({ name: 'TimesAssign', pattern: /\*=/ });
export const DivideAssign = createToken({ name: 'DivideAssign', pattern: /\/=/ });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/ });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/ });
export const Less = createToken({ name: 'Less', pattern: /</ });
export const Greater = createToken({ name: 'Greater', pattern: />/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const Caret = createToken({ name: 'Caret', pattern: /\^/ });
export const Tilde = createToken({ name: 'Tilde', pattern: /~/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const At = createToken({ name: 'At', pattern: /@/ });

/** Token order matters: comments before '/', longer operators before their prefixes,
 *  'mass action' before Identifier (longer_alt hands back words that merely start with "mass"). */
export const allTokens: TokenType[] = [
  WhiteSpace, DocComment, LineComment, BlockComment,
  StringLiteral, NumberLiteral,
  ReversibleArrow, Arrow, Define, PlusAssign, MinusAssign, TimesAssign, DivideAssign,
  LessEq, GreaterEq, EqEq, NotEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash, Caret, Tilde, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Semicolon, Colon, Dot, At,
  MassAction,
  KeywordCategory,
  ...Object.values(Keywords),
  Identifier,
];

export const keywordList: readonly string[] = keywordNames;

const keywordByWord: ReadonlyMap<string, TokenType> = new Map(Object.entries(Keywords));

let lexerInstance: Lexer | undefined;
/** The one lexer instance (building it analyses every pattern, so it is done once). Chevrotain's
 *  checks of the token definitions take half of that; `validateTokens` runs them in a test. */
function idtLexer(): Lexer {
  lexerInstance ??= new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset', skipValidations: true });
  return lexerInstance;
}

/** Builds a lexer with Chevrotain's validations of the token definitions; throws on an error. */
export function validateTokens(): void {
  new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset' });
}

/** Lexes `text`: tokens (offsets only), comments in `groups.comments`, and lexing errors. */
export function tokenize(text: string): ILexingResult {
  const result = idtLexer().tokenize(text);
  for (const t of result.tokens) {
    if (t.tokenType !== Identifier) continue;
    const k = keywordByWord.get(t.image);
    if (k) {
      t.tokenType = k;
      t.tokenTypeIdx = k.tokenTypeIdx!;
    }
  }
  return result;
}
