// Text of inline nodes as a reader sees it, for bookmarks, estimates and pagination rules.
import type { Inline } from '../document/model.js';

/** The text a reader sees: notes' markers left out, a line break read as a space. */
export function plainText(nodes: readonly Inline[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'code') out += node.value;
    else if (node.type === 'break') out += ' ';
    else if ('children' in node) out += plainText(node.children);
  }
  return out;
}
