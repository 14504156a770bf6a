// A pdfmake definition walked node by node: to rename styles before layout, and after layout to
// read where things went (pdfmake records `positions` on the objects it was given, not on copies).

/**
 * Calls `visit` on every object node of a definition once, parents first, in document order.
 * pdfmake's own bookkeeping on laid-out nodes (keys starting with '_', `positions`) is not walked into.
 */
export function eachNode(content: unknown, visit: (node: Record<string, unknown>) => void): void {
  const seen = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    visit(record);
    // Keys, not entries: this walks every node of the document, and a pair per property adds up.
    for (const key of Object.keys(record)) if (key.charCodeAt(0) !== 95 /* _ */ && key !== 'positions') walk(record[key]);
  };
  walk(content);
}
