// Pagination rules both writers can read from the model, so the PDF and the DOCX keep the same
// units together: Word's and LibreOffice's paragraph properties (keepNext, keepLines,
// widowControl) are the model, and the PDF writer lays its lines out by the same rules
// (pdf/keep.ts).
import type { Block, Document, Inline, ListItem, Paragraph } from '../document/model.js';
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
 * Whether a paragraph kept whole (a headline, a question with its answer) goes on in the block
 * after it: a plain paragraph or a list, the item's detail. It is then kept with that block's
 * first lines, as a heading is, so that an answer never stands on one page and its detail on the next.
 */
export function leadsInto(node: Block, next: Block | undefined): boolean {
  if (node.type !== 'paragraph' || !keptWhole(node) || next === undefined) return false;
  return next.type === 'list' || (next.type === 'paragraph' && next.role === 'body' && !keptWhole(next));
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

/** A page less full than this (a fraction of its text area) at the end of a section stands nearly empty. */
export const SHORT_PAGE = 0.2;
/** How full a section's last page is made when lines are moved onto it from the page before. */
const BALANCED_PAGE = 0.25;
/** The page before keeps at least this much of its text area: it is not emptied to fill the next. */
const KEPT_ON_PAGE = 0.5;

/** A block or list item that can start a page, its address in the document, and where a layout put it. */
export interface PagePoint {
  readonly address: string;
  readonly page: number;
  /** How far down its page's text area its first line starts (0 to 1). */
  readonly top: number;
}

/**
 * Where a page may be started early, by address: every top-level block ("4") and every item of a
 * top-level list ("4/2"). Addresses, not the nodes, are what a laid-out rendering hands on
 * (MeasuredLayout.breaks): the DOCX is written from a copy of the document, in another thread.
 */
export function breakAddresses(doc: Document): Map<Block | ListItem, string> {
  const out = new Map<Block | ListItem, string>();
  doc.blocks.forEach((block, i) => {
    out.set(block, String(i));
    if (block.type === 'list') block.items.forEach((item, j) => j > 0 && out.set(item, `${i}/${j}`));
  });
  return out;
}

/** The blocks and list items a rendering started a page before (MeasuredLayout.breaks), for a writer to do the same. */
export function breaksBefore(doc: Document, addresses: readonly string[] = doc.layout?.breaks ?? []): ReadonlySet<Block | ListItem> {
  if (addresses.length === 0) return new Set();
  const wanted = new Set(addresses);
  return new Set([...breakAddresses(doc)].filter(([, address]) => wanted.has(address)).map(([node]) => node));
}

/** Whether any page after the first is filled less than a fifth: only then is there a section end to fill. */
export const hasShortPage = (fills: readonly number[]): boolean => fills.some((fill, i) => i > 0 && fill < SHORT_PAGE);

/**
 * Where to start pages early so that no section ends on a page nearly empty: a section's last page
 * (the document's last, or one before a forced page break) that holds less than a fifth of its
 * text area and runs over from the page before takes more from that page, from the latest point
 * that fills it to a quarter (or, failing that, a fifth), as long as the page before keeps half.
 * A speech then ends with its last points together rather than "I thank you, Chair." alone.
 * `fills` is how far down each page's text is filled (page 1 first); `starts` are the pages a
 * forced break begins.
 */
export function balancedBreaks(fills: readonly number[], starts: ReadonlySet<number>, points: readonly PagePoint[]): string[] {
  const breaks: string[] = [];
  if (!hasShortPage(fills)) return breaks;
  for (let page = 2; page <= fills.length; page++) {
    const fill = fills[page - 1]!;
    const endsSection = page === fills.length || starts.has(page + 1);
    if (fill >= SHORT_PAGE || !endsSection || starts.has(page)) continue;
    const before = fills[page - 2]!;
    const candidates = points.filter((p) => p.page === page - 1 && p.top >= KEPT_ON_PAGE && p.top < before).sort((a, b) => b.top - a.top);
    const moved = (p: PagePoint) => before - p.top + fill;
    const chosen = candidates.find((p) => moved(p) >= BALANCED_PAGE) ?? candidates.find((p) => moved(p) >= SHORT_PAGE);
    if (chosen) breaks.push(chosen.address);
  }
  return breaks;
}
