import { describe, expect, it } from 'vitest';
import { dotAttributes, dotString } from './dot-writer.js';

describe('dotString', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'IL-6', '"IL-6"'],
    ['double quotes', 'say "hi"', '"say \\"hi\\""'],
    ['break-out attempt', '"]; evil [shape=box', '"\\"]; evil [shape=box"'],
    ['backslash escapes stay literal', '\\N \\G \\l', '"\\\\N \\\\G \\\\l"'],
    ['trailing backslash cannot eat the closing quote', 'a\\', '"a\\\\"'],
    ['entities stay literal', '&lt;b&gt; & &#60;', '"&amp;lt;b&amp;gt; &amp; &amp;#60;"'],
    ['newline becomes a label line break', 'a\nb', '"a\\nb"'],
    ['leading line breaks are dropped (Graphviz WASM bug)', '\r\n\t\nx\n', '"x\\n"'],
    ['CR, tab and other controls are dropped', 'a\r\tb\u0000c\u0085', '"abc"'],
    ['braces and angle brackets need nothing', '{x} <script>', '"{x} <script>"'],
    ['non-ASCII passes through', 'TNF-α → µM', '"TNF-α → µM"'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(dotString(input)).toBe(expected);
  });
});

describe('dotAttributes', () => {
  it('quotes strings, writes numbers bare and skips undefined', () => {
    expect(dotAttributes({ label: 'a"b', penwidth: 1.5, tooltip: undefined })).toBe(' [label="a\\"b", penwidth=1.5]');
  });

  it('writes nothing for no attributes', () => {
    expect(dotAttributes({})).toBe('');
  });
});
