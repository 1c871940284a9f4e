// Property: for real files mutated in ways that still parse (spacing, line breaks, comments
// anywhere, semicolons, extra parentheses, other numbers), formatting is idempotent, keeps the
// model (parse(format(x)) equals parse(x) without positions) and keeps every comment between
// the same tokens.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseText } from '@idt/lang';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIdt, modelDifference } from './index.js';
import { commentAnchors, lex } from './testing/tokens.js';

const root = path.resolve(__dirname, '..', '..', '..');
const seeds = [
  'packages/lang/fixtures/valid/kitchen-sink.idt',
  'examples/sepsis/twin.idt',
  'examples/core/innate.idt',
  'packages/prettier-plugin-idt/fixtures/blocks.idt',
  'packages/prettier-plugin-idt/fixtures/expressions.idt',
  'packages/prettier-plugin-idt/fixtures/alignment.idt',
  'packages/prettier-plugin-idt/fixtures/comments.idt',
]
  .map((f) => path.join(root, f))
  .filter((f) => fs.existsSync(f))
  .map((f) => fs.readFileSync(f, 'utf8'));

const parses = (text: string) => !parseText(text, 'x.idt').diagnostics.some((d) => d.severity === 'error');

type Mutation =
  | { kind: 'space'; at: number; ws: string }
  | { kind: 'comment'; at: number; comment: string }
  | { kind: 'semicolon'; at: number }
  | { kind: 'paren'; at: number }
  | { kind: 'number'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('space' as const), at: fc.nat(), ws: fc.constantFrom(' ', '   ', '\n', '\n\n\n', '\t', ' \n  ', '') }),
  fc.record({
    kind: fc.constant('comment' as const),
    at: fc.nat(),
    comment: fc.constantFrom(' // a note\n', ' /* inline */ ', '\n/// a doc line\n', '/*x*/', '\n// own line\n', ' /* two\n   lines */ '),
  }),
  fc.record({ kind: fc.constant('semicolon' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('paren' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.constantFrom('0', '1.5', '2e-3', '.5', '10.', '1E+6', '42') }),
);

/** Applies a mutation at a token boundary (or to a token); undefined if it does not apply. */
function apply(text: string, m: Mutation): string | undefined {
  const tokens = lex(text);
  if (tokens.length === 0) return undefined;
  const i = m.at % tokens.length;
  const t = tokens[i]!;
  // The boundary after token i: from its end to the next token's start (whitespace only).
  const gapEnd = tokens[i + 1]?.start ?? text.length;
  switch (m.kind) {
    case 'space': {
      // Whitespace after a line comment must keep its line break; removing all whitespace
      // is only safe between two punctuation tokens (it could glue names or numbers).
      const lineComment = t.kind === 'comment' && t.text.startsWith('//');
      if (lineComment && !m.ws.includes('\n')) return undefined;
      const next = tokens[i + 1];
      if (m.ws === '' && !(next && /^[^\w".]/.test(t.text) && /^[^\w".]/.test(next.text) && t.kind === 'token' && next.kind === 'token')) return undefined;
      return text.slice(0, t.end) + m.ws + text.slice(gapEnd);
    }
    case 'comment':
      if (t.kind === 'comment' && t.text.startsWith('//') && !m.comment.startsWith('\n')) return undefined;
      return text.slice(0, t.end) + m.comment + (m.comment.endsWith('\n') ? '' : ' ') + text.slice(t.end);
    case 'semicolon':
      return t.kind === 'comment' ? undefined : text.slice(0, t.end) + ';' + text.slice(t.end);
    case 'paren':
      return /^[\w.]/.test(t.text) && t.kind === 'token' ? `${text.slice(0, t.start)}(${t.text})${text.slice(t.end)}` : undefined;
    case 'number':
      return /^(\d|\.\d)/.test(t.text) && t.kind === 'token' ? text.slice(0, t.start) + m.value + text.slice(t.end) : undefined;
  }
}

describe('formatting mutated files', () => {
  it('is idempotent, keeps the model and keeps every comment in place', async () => {
    let applied = 0;
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 10 }), async (s, mutations) => {
        let text = seeds[s]!;
        // Only mutations whose result still parses are kept: the formatter refuses the others.
        for (const m of mutations) {
          const next = apply(text, m);
          tried++;
          if (next !== undefined && parses(next)) {
            text = next;
            applied++;
          }
        }
        const once = await formatIdt(text);
        expect(await formatIdt(once)).toBe(once);
        expect(modelDifference(parseText(text, 'x.idt').ast, parseText(once, 'x.idt').ast)).toBeUndefined();
        expect(commentAnchors(once)).toEqual(commentAnchors(text));
      }),
      { numRuns: 40 },
    );
    // The property is only worth something if many mutations applied (about 40 % do).
    expect(applied / tried).toBeGreaterThan(0.2);
  });
});
