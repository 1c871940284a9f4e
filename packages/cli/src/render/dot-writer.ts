// Graphviz DOT text from untrusted strings: quoting that no label can break out of.
//
// DOT's only string escape is `\"`; but Graphviz then reads labels and tooltips as *escString*
// (`\N`, `\G`, `\E`, `\T`, `\H`, `\L` expand to names, `\n` `\l` `\r` break lines) and decodes
// HTML entities (`&lt;`, `&#60;`). Model names must show exactly as written, so backslashes and
// ampersands are escaped too, line breaks become `\n`, and other control characters are dropped.
// Identifiers are never built from user text (see conceptual-map.ts): ids are `n0`, `n1`, ….
//
// Leading line breaks are dropped: Graphviz's WASM build corrupts its state on a label whose first
// line is empty, and the *next* layout in the same instance fails with "table index is out of
// bounds" (found by the property test in conceptual-map.test.ts; a relative of viz-js issue #204,
// "RuntimeError with long label starting with newline").

/** Attribute values: strings are quoted and escaped; numbers are written as they are. */
export type DotValue = string | number;

/** A DOT quoted string whose content Graphviz displays literally. */
export function dotString(text: string): string {
  let out = '"';
  for (const char of withoutControls(text).replace(/^\n+/, '')) {
    switch (char) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '&':
        // `&amp;` decodes back to `&`, so `&lt;` written by a user shows as `&lt;`, not `<`.
        out += '&amp;';
        break;
      case '\n':
        out += '\\n';
        break;
      default:
        out += char;
    }
  }
  return `${out}"`;
}

/** Drops C0/C1 control characters (CR and tab included) and DEL; keeps line feeds. */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

/** `[a="x", b=2]`, or nothing when there are no attributes. Keys are ours, never user text. */
export function dotAttributes(attributes: Record<string, DotValue | undefined>): string {
  const parts = Object.entries(attributes)
    .filter((entry): entry is [string, DotValue] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? String(value) : dotString(value)}`);
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}
