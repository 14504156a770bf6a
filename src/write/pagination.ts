// Pagination rules both writers can read from the model, so the PDF and the DOCX keep the same
// units together: Word's and LibreOffice's paragraph properties (keepNext, keepLines,
// widowControl) are the model, and the PDF writer lays its lines out by the same rules
// (pdf/keep.ts).
import type { Inline, Paragraph } from '../document/model.js';
import type { Theme } from '../theme/schema.js';
import { plainText } from './text.js';

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

/**
 * Whether a paragraph is expected to take one line of `width` points, by an average letter of half
 * the type size. Right after a heading such a paragraph is kept with what follows it, so the
 * heading has two lines of text below it: both writers ask this, so both keep the same blocks.
 */
export function onOneLine(node: Paragraph, theme: Theme, width: number): boolean {
  const size = node.role === 'lead' ? theme.size.lead : node.role === 'small' ? theme.size.small : theme.size.body;
  return !node.children.some((c) => c.type === 'break') && plainText(node.children).length * size * 0.5 < width;
}
