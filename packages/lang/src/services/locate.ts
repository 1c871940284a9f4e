// What is at an offset: the chain of syntax nodes containing it, outermost first.
import type * as A from '../syntax/ast.js';

/** Nodes of the tree (objects with a `range`) whose range contains `offset`, from the declaration
 *  down to the innermost node; empty between declarations. Generic over the tree's shape, so new
 *  node kinds need no change here. */
export function nodesAt(ast: A.FileNode, offset: number): object[] {
  const path: object[] = [];
  const contains = (r: A.Range) => r.start <= offset && offset <= r.end && !(r.start === 0 && r.end === 0 && offset !== 0);
  const visit = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (Array.isArray(v)) return v.some(visit);
    const node = v as { range?: A.Range };
    if (node.range && typeof node.range.start === 'number') {
      if (!contains(node.range)) return false;
      path.push(node);
    }
    for (const key in node) {
      if (key === 'range' || key === 'doc') continue;
      if (visit((node as Record<string, unknown>)[key])) return true;
    }
    return node.range !== undefined;
  };
  if (ast.header && contains(ast.header.range)) visit(ast.header);
  else for (const d of ast.declarations) if (visit(d)) break;
  return path;
}

/** The declaration containing `offset`, if any. */
export function declarationAt(ast: A.FileNode, offset: number): A.Declaration | undefined {
  return ast.declarations.find((d) => d.range.start <= offset && offset <= d.range.end);
}
