// Test support: an independent tokeniser for .idt text (written from the language reference, not
// from the formatter) and where each comment sits among the tokens.

/** Tokens and comments in order; whitespace dropped, `mass   action` as one token. */
export function lex(text: string): { kind: 'token' | 'comment'; text: string; start: number; end: number }[] {
  const re =
    /(\s+)|(\/\/[^\n]*)|(\/\*[\s\S]*?\*\/)|("(?:[^"\\\r\n]|\\.)*")|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(mass[ \t]+action(?![A-Za-z0-9_]))|([A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*)|(<->|->|:=|\+=|-=|\*=|\/=|<=|>=|==|!=|[-+*/^~()[\]{},;:.@<>=])/y;
  const out: { kind: 'token' | 'comment'; text: string; start: number; end: number }[] = [];
  re.lastIndex = 0;
  while (re.lastIndex < text.length) {
    const start = re.lastIndex;
    const m = re.exec(text);
    if (!m) throw new Error(`cannot tokenise at ${start}: ${JSON.stringify(text.slice(start, start + 20))}`);
    if (m[1]) continue;
    const isComment = m[2] !== undefined || m[3] !== undefined;
    const t = m[6] !== undefined ? 'mass action' : m[0];
    out.push({ kind: isComment ? 'comment' : 'token', text: isComment ? t.split('\n').map((l) => l.trimEnd()).join('\n') : t, start, end: re.lastIndex });
  }
  return out;
}

/**
 * Each comment with the number of tokens before it, separators (`;` and `,`, which the
 * formatter may drop or change between block items) not counted: equal lists mean every comment
 * is still there, in order, between the same tokens.
 */
export function commentAnchors(text: string): [string, number][] {
  let tokens = 0;
  const anchors: [string, number][] = [];
  for (const t of lex(text)) {
    if (t.kind === 'comment') anchors.push([t.text, tokens]);
    else if (t.text !== ';' && t.text !== ',') tokens++;
  }
  return anchors;
}

/** The significant tokens, separators dropped. */
export function significantTokens(text: string): string[] {
  return lex(text)
    .filter((t) => t.kind === 'token' && t.text !== ';' && t.text !== ',')
    .map((t) => t.text);
}
