// Pagination rules both writers can read from the model, so the PDF and the DOCX keep the same
// units together: Word's and LibreOffice's paragraph properties (keepNext, keepLines,
// widowControl) are the model, and the PDF writer lays its lines out by the same rules
// (pdf/keep.ts).
import type { Inline, Paragraph } from '../document/model.js';

/** The fewest lines of a paragraph on either side of a page break, and below a heading. */
export const MIN_LINES = 2;

/**
 * A paragraph that opens with a bold headline on a line of its own ("**Headline**\ text", or a
 * question with its answer, "**Q: …**\ A: **…**\ text") is read as one unit: it is kept whole on
 * one page, like a heading with its text, when it fits on one.
 */
export function keptWhole(node: Paragraph): boolean {
  const first = node.children.find((child) => !(child.type === 'text' && child.value.trim() === ''));
  return first?.type === 'strong' && node.children.some((child: Inline) => child.type === 'break');
}
