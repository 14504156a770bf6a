// Pagination rules both writers apply, so the PDF and the DOCX break pages at the same places:
// Word's and LibreOffice's paragraph properties (keepNext, keepLines, widowControl) are the model,
// and the PDF writer lays its lines out by the same rules (pdf/keep.ts).
import type { Inline, Paragraph } from '../document/model.js';

/**
 * A paragraph that opens with a bold headline on a line of its own ("**Headline**\ text", or a
 * question with its answer, "**Q: …**\ A: **…**\ text") is read as one unit: it is kept whole on
 * one page, like a heading with its text, when it fits on one.
 */
export function keptWhole(node: Paragraph): boolean {
  const first = node.children.find((child) => !(child.type === 'text' && child.value.trim() === ''));
  return first?.type === 'strong' && node.children.some((child: Inline) => child.type === 'break');
}
