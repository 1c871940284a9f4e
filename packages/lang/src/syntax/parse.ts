// Parsing never fails: text in, a (possibly partial) AST and syntax diagnostics out.
import type { IRecognitionException, IToken, TokenType } from '#chevrotain';
import { EOF } from '#chevrotain';
import { Codes, diagnostic, type Diagnostic } from '../diagnostics.js';
import type * as A from './ast.js';
import { idtParser, STATEMENT_START } from './parser.js';
import { KeywordCategory, tokenize } from './tokens.js';

export interface ParseResult {
  readonly ast: A.FileNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** How a token type is shown to a modeller in "expected ..." messages. */
const tokenDisplay: Record<string, string> = {
  Identifier: 'a name',
  NumberLiteral: 'a number',
  StringLiteral: 'a quoted string',
  Arrow: "'->'",
  ReversibleArrow: "'<->'",
  Define: "':='",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  LBrace: "'{'",
  RBrace: "'}'",
  Comma: "','",
  Colon: "':'",
  Semicolon: "';'",
  Equals: "'='",
  Dot: "'.'",
  Tilde: "'~'",
  MassAction: "'mass action'",
  EOF: 'the end of the file',
};

function display(t: TokenType): string {
  const known = tokenDisplay[t.name];
  if (known) return known;
  if (typeof t.PATTERN === 'string') return `'${t.PATTERN}'`;
  // Keyword tokens are named after their word with a capital letter.
  return `'${t.name.toLowerCase()}'`;
}

function found(token: IToken): string {
  return token.tokenType === EOF ? 'the end of the file' : `'${token.image}'`;
}

const statementKeywords =
  "a declaration (species, parameter, reaction, let, der, logic, event, observable, decision, instance, ...)";

/** A keyword of the language (rate, species, event, ...) where a name was wanted. */
function isKeyword(token: IToken): boolean {
  return token.tokenType !== EOF && (token.tokenType.CATEGORIES ?? []).includes(KeywordCategory);
}

function keywordAsName(word: string): { code: (typeof Codes)[keyof typeof Codes]; message: string } {
  return { code: Codes.KeywordAsName, message: `'${word}' is a keyword of the language and cannot be a name; choose another name (e.g. '${word}_')` };
}

/** Keywords that start an operand or a declaration: after these, "expected an expression" stands. */
const OPERAND_OR_STATEMENT_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'then', 'else', 'otherwise', 'and', 'or', 'xor', 'implies', 'not', 'true', 'false', 'module', 'import', 'unit', 'time', 'compartment', 'species', 'amount', 'boundary',
  'constant', 'parameter', 'variable', 'let', 'der', 'function', 'reaction', 'logic', 'event', 'intervention',
  'surrogate', 'observable', 'decision', 'instance', 'simulate',
]);

const expressionRules = ['primary', 'unary', 'power', 'expression', 'multiplicative', 'additive', 'comparison', 'notExpr', 'andExpr', 'orExpr', 'impliesExpr'];

/** `newLine`: the token begins a line. */
function errorMessage(e: IRecognitionException, newLine: boolean): { code: (typeof Codes)[keyof typeof Codes]; message: string } {
  const token = e.token;
  const ruleStack = e.context?.ruleStack ?? [];
  const rule = ruleStack[ruleStack.length - 1] ?? '';
  switch (e.name) {
    case 'MismatchedTokenException': {
      const m = /-->\s*(\w+)\s*<--/.exec(e.message);
      // A statement's first word at the start of a line: the statement above is unfinished
      // (`instance c = m(k = 2,` and then `species Z = 1`), not a keyword used as a name.
      const nextStatement = newLine && STATEMENT_START.has(token.tokenType);
      if (m?.[1] === 'Identifier' && isKeyword(token) && !nextStatement) return keywordAsName(token.image);
      // `surrogate f(x rate)`, `function g(a in)`: a keyword where the name list should go on.
      if (isKeyword(token) && (rule === 'surrogateDecl' || rule === 'functionDecl')) return keywordAsName(token.image);
      const expected = m ? tokenDisplay[m[1]!] ?? `'${m[1]!.toLowerCase()}'` : 'something else';
      return { code: Codes.MissingToken, message: `expected ${expected} but found ${found(token)}` };
    }
    case 'NoViableAltException':
    case 'EarlyExitException': {
      if (rule === 'statement' || rule === 'file') return { code: Codes.UnexpectedToken, message: `unexpected ${found(token)}: expected ${statementKeywords}` };
      if (expressionRules.includes(rule)) {
        // A keyword where an operand belongs: most likely a name that happens to be reserved.
        // Keywords that begin a declaration more likely follow an unfinished expression.
        if (isKeyword(token) && !OPERAND_OR_STATEMENT_KEYWORDS.has(token.image)) return keywordAsName(token.image);
        return { code: Codes.UnexpectedToken, message: `expected an expression but found ${found(token)}` };
      }
      if (rule === 'unitTerm' || rule === 'unitExpr') return { code: Codes.UnexpectedToken, message: `expected a unit (e.g. [1/h], [cells/mL]) but found ${found(token)}` };
      if (rule === 'eventTrigger') return { code: Codes.UnexpectedToken, message: `expected 'at', 'every' or 'when' but found ${found(token)}` };
      if (rule === 'reactionDecl') return { code: Codes.UnexpectedToken, message: `expected a rate law ('rate <expression>' or 'by mass action <k>') but found ${found(token)}` };
      if (rule === 'decisionBranch') return { code: Codes.UnexpectedToken, message: `expected 'if <condition>' or 'otherwise' after the label but found ${found(token)}` };
      if (rule === 'eventDecl') return { code: Codes.UnexpectedToken, message: `expected ':' or '{' and the event's assignments but found ${found(token)}` };
      return { code: Codes.UnexpectedToken, message: `unexpected ${found(token)}` };
    }
    case 'NotAllInputParsedException':
      return { code: Codes.UnexpectedToken, message: `unexpected ${found(token)}: expected ${statementKeywords}` };
    default:
      return { code: Codes.UnexpectedToken, message: `unexpected ${found(token)}` };
  }
}

function errorRange(token: IToken, text: string, previous: IToken | undefined): A.Range {
  if (token.tokenType === EOF || !Number.isFinite(token.startOffset)) {
    // Point just after the last real token, so "missing ')'" lands where it is missing.
    const at = previous ? previous.startOffset + previous.image.length : text.length;
    return { start: at, end: at };
  }
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Doc comments (`///`) directly above a declaration, with only whitespace between, document it. */
function attachDocs(header: A.ModuleHeader | undefined, declarations: readonly A.Declaration[], docs: readonly A.Comment[], text: string): void {
  if (docs.length === 0) return;
  let di = docs.length - 1;
  // Targets from the last declaration back to the header (index -1), docs consumed from the end.
  for (let ti = declarations.length - 1; ti >= -1 && di >= 0; ti--) {
    const target = ti >= 0 ? declarations[ti]! : header;
    if (!target) continue;
    while (di >= 0 && docs[di]!.range.start >= target.range.start) di--;
    const lines: string[] = [];
    let cursor = target.range.start;
    let k = di;
    while (k >= 0 && isBlank(text, docs[k]!.range.end, cursor)) {
      lines.unshift(docs[k]!.text.replace(/^\/\/\/\s?/, ''));
      cursor = docs[k]!.range.start;
      k--;
    }
    if (lines.length) target.doc = lines.join('\n').trim();
  }
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

export function parseText(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexResult = tokenize(text);
  for (const e of lexResult.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const unterminated = ch.startsWith('"');
    diagnostics.push(
      diagnostic(
        'error',
        unterminated ? Codes.UnterminatedString : Codes.UnexpectedCharacter,
        unterminated ? 'this string is not closed: add a closing \'"\' on the same line' : `unexpected character '${ch}'`,
        file,
        { start: e.offset, end: e.offset + Math.max(1, unterminated ? text.slice(e.offset).search(/\r?\n|$/) : e.length) },
      ),
    );
  }
  const parser = idtParser();
  let parsed: ReturnType<typeof parser.parse>;
  try {
    parsed = parser.parse(lexResult.tokens, text);
  } catch (e) {
    // Only pathological nesting (thousands of brackets) exhausts the stack; report it, keep nothing.
    if (!(e instanceof RangeError)) throw e;
    diagnostics.push(diagnostic('error', Codes.NestingTooDeep, 'this file nests expressions too deeply to read (thousands of levels of brackets or signs)', file, deepestPoint(text)));
    return { ast: { kind: 'file', declarations: [], comments: [], range: { start: 0, end: text.length } }, diagnostics };
  }
  // Token positions are needed only to report errors: no map of every token for a clean file.
  const tokenIndex = new Map<IToken, number>();
  if (parser.errors.length > 0) lexResult.tokens.forEach((t, i) => tokenIndex.set(t, i));
  for (const e of parser.errors) {
    const idx = tokenIndex.get(e.token);
    const prev = idx !== undefined ? lexResult.tokens[idx - 1] : (e as { previousToken?: IToken }).previousToken ?? lexResult.tokens[lexResult.tokens.length - 1];
    const newLine = !!prev && e.token.tokenType !== EOF && text.slice(prev.startOffset + prev.image.length, e.token.startOffset).includes('\n');
    const { code, message } = errorMessage(e, newLine);
    // For a missing token, pointing at the end of the previous token reads better than at the next line.
    const range = code === Codes.MissingToken && newLine && prev
      ? { start: prev.startOffset + prev.image.length, end: prev.startOffset + prev.image.length }
      : errorRange(e.token, text, prev);
    diagnostics.push(diagnostic('error', code, message, file, range));
  }
  const comments: A.Comment[] = [];
  for (const group of Object.values(lexResult.groups)) {
    for (const t of group) {
      const kind = t.tokenType.name === 'DocComment' ? 'doc' : t.tokenType.name === 'BlockComment' ? 'block' : 'line';
      comments.push({ kind, text: t.image, range: { start: t.startOffset, end: t.startOffset + t.image.length } });
    }
  }
  comments.sort((a, b) => a.range.start - b.range.start);
  for (const p of parsed.problems) {
    const { code, message } = p.kind === 'keyword-as-name' ? keywordAsName(p.word) : { code: Codes.UnexpectedToken, message: p.message };
    diagnostics.push(diagnostic('error', code, message, file, p.range));
  }
  for (const h of parsed.misplacedHeaders) {
    diagnostics.push(diagnostic('error', Codes.MisplacedModuleHeader, "a 'module' header must be the first statement of a file", file, h.range));
  }
  const ast: A.FileNode = {
    kind: 'file',
    ...(parsed.header ? { header: parsed.header } : {}),
    declarations: parsed.declarations,
    comments,
    range: { start: 0, end: text.length },
  };
  attachDocs(parsed.header, parsed.declarations, comments.filter((c) => c.kind === 'doc'), text);
  return { ast, diagnostics };
}

/** Where bracket nesting is deepest, for the nesting diagnostic. */
function deepestPoint(text: string): { start: number; end: number } {
  let depth = 0;
  let best = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '-') depth++;
    else if (c === ')') depth--;
    else if (c === '\n') depth = 0;
    if (depth > best) {
      best = depth;
      at = i;
    }
  }
  return { start: at, end: Math.min(text.length, at + 1) };
}
