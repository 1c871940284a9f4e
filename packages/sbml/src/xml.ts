// XML text -> a small element tree with source offsets, on fast-xml-parser.
//
// The SBML reader needs element order (MathML arguments are positional), namespaces as written
// (prefixes differ between files, so they are resolved to URIs here) and each element's offset in
// the file, so that every import diagnostic can point at the element it is about.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Local name, without prefix (`species`, `apply`, `qualitativeSpecies`). */
  readonly name: string;
  /** Namespace URI of the element (resolved from its prefix or the default namespace). */
  readonly ns: string;
  /** Attributes by local name (namespaced attributes also under `prefix:name` as written). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Attribute namespaces: local name -> namespace URI, for prefixed attributes only. */
  readonly attrNs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text content directly inside this element. */
  readonly text: string;
  /** Text split at child elements: textParts[i] precedes children[i] (MathML `<cn>1<sep/>3</cn>`). */
  readonly textParts: readonly string[];
  /** Offsets of the start tag in the source text. */
  readonly start: number;
  readonly end: number;
}

export type XmlResult = { readonly root: XmlElement } | { readonly error: string; readonly offset: number };

type Raw = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  captureMetaData: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: false,
  processEntities: true,
  commentPropName: '#comment',
  // The default (100) rejects real models: MathML written as binary chains nests one level per
  // operand (a sum of 100 terms). Deep enough for those, still bounded against hostile input.
  maxNestedTags: 10_000,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Parse XML text; malformed XML gives an error with the offset where it was detected. */
export function parseXml(text: string): XmlResult {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const e = valid.err;
    const offset = (lineStarts[Math.max(0, e.line - 1)] ?? 0) + Math.max(0, e.col - 1);
    return { error: e.msg, offset };
  }
  let raw: Raw[];
  try {
    raw = parser.parse(text) as Raw[];
  } catch (err) {
    return { error: (err as Error).message, offset: 0 };
  }
  const top = raw.filter((n) => elementName(n) && !elementName(n)!.startsWith('?'));
  if (top.length === 0) return { error: 'the file contains no XML element', offset: 0 };
  return { root: convert(top[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])) };
}

function elementName(n: Raw): string | undefined {
  return Object.keys(n).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function convert(n: Raw, scope: ReadonlyMap<string, string>): XmlElement {
  const tag = elementName(n)!;
  const rawAttrs = (n[':@'] ?? {}) as Record<string, string>;
  const ns = new Map(scope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') ns.set('', v);
    else if (k.startsWith('xmlns:')) ns.set(k.slice(6), v);
  }
  const attrs: Record<string, string> = {};
  const attrNs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const colon = k.indexOf(':');
    if (colon < 0) attrs[k] = v;
    else {
      const local = k.slice(colon + 1);
      attrs[k] = v;
      // An unprefixed attribute wins over a prefixed one with the same local name.
      if (!(local in attrs)) attrs[local] = v;
      attrNs[local] = ns.get(k.slice(0, colon)) ?? '';
    }
  }
  const colon = tag.indexOf(':');
  const local = colon < 0 ? tag : tag.slice(colon + 1);
  const uri = ns.get(colon < 0 ? '' : tag.slice(0, colon)) ?? '';
  const children: XmlElement[] = [];
  let text = '';
  const textParts: string[] = [''];
  for (const c of (n[tag] ?? []) as Raw[]) {
    if ('#text' in c) {
      text += String(c['#text']);
      textParts[textParts.length - 1] += String(c['#text']);
    } else if (elementName(c)) {
      children.push(convert(c, ns));
      textParts.push('');
    }
  }
  const meta = (n as Record<symbol, { startIndex?: number; endIndex?: number } | undefined>)[META];
  const start = meta?.startIndex ?? 0;
  return { name: local, ns: uri, attrs, attrNs, children, text, textParts, start, end: Math.max(start, meta?.endIndex ?? start) };
}

/** Children with a given local name. */
export function childrenNamed(e: XmlElement | undefined, name: string): XmlElement[] {
  return e ? e.children.filter((c) => c.name === name) : [];
}

export function child(e: XmlElement | undefined, name: string): XmlElement | undefined {
  return e?.children.find((c) => c.name === name);
}

/** Children of the `listOfX` child: `listOf(model, 'listOfSpecies', 'species')`. */
export function listOf(e: XmlElement | undefined, list: string, item: string): XmlElement[] {
  return childrenNamed(child(e, list), item);
}

/** Escape text for an XML attribute value or text node. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
