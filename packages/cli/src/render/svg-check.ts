// Test support: parse SVG output as XML (fast-xml-parser) and query its elements and text.
// Not exported from the package: only tests import it (fast-xml-parser is a devDependency).

import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed SVG document, with entities decoded in attributes and text. */
export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgElement[];
  /** This element's own text nodes, concatenated (not its descendants'). */
  text: string;
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** fast-xml-parser's `preserveOrder` node: `{ tag: children, ':@': attributes }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

/**
 * Parses SVG text; throws with the parser's message and line when it is not well-formed XML, or
 * when the root is not an `<svg>` element in the SVG namespace.
 */
export function parseSvg(svg: string): SvgElement {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) {
    throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const roots = (parser.parse(svg) as OrderedNode[]).map(toElement).filter((e): e is SvgElement => e !== undefined);
  const root = roots.find((element) => !element.name.startsWith('?') && !element.name.startsWith('!'));
  if (root === undefined || root.name !== 'svg') throw new Error(`root element is <${root?.name ?? 'nothing'}>, not <svg>`);
  if (root.attributes.xmlns !== SVG_NAMESPACE) throw new Error(`root <svg> is not in the SVG namespace`);
  return root;
}

function toElement(node: OrderedNode): SvgElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined) return undefined;
  const element: SvgElement = {
    name,
    attributes: { ...((node[':@'] as Record<string, string> | undefined) ?? {}) },
    children: [],
    text: '',
  };
  for (const child of (node[name] as OrderedNode[] | undefined) ?? []) {
    if ('#text' in child) element.text += String(child['#text']);
    else {
      const converted = toElement(child);
      if (converted !== undefined) element.children.push(converted);
    }
  }
  return element;
}

/** Every element in document order, the root first. */
export function allElements(root: SvgElement): SvgElement[] {
  const out: SvgElement[] = [];
  const walk = (element: SvgElement) => {
    out.push(element);
    element.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** Elements with the given tag name, in document order. */
export function findElements(root: SvgElement, name: string): SvgElement[] {
  return allElements(root).filter((element) => element.name === name);
}

/** The full text content of an element and its descendants (e.g. a `<text>` with `<tspan>`s). */
export function textContent(element: SvgElement): string {
  return element.text + element.children.map(textContent).join('');
}

/** The content of every `<text>` element, decoded and whitespace-trimmed. */
export function svgTexts(root: SvgElement): string[] {
  return findElements(root, 'text').map((element) => textContent(element).trim());
}

/** Root size from its `width`/`height` attributes (unitless or `pt`/`px`). */
export function svgSize(root: SvgElement): { width: number; height: number } {
  return { width: Number.parseFloat(root.attributes.width ?? 'NaN'), height: Number.parseFloat(root.attributes.height ?? 'NaN') };
}
