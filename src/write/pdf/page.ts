// What is the same on every page: styles, the marking, the running header and footer, and the
// file's properties. The marking sits in the top and bottom margins of every page, cover included;
// the running header and "Page X of Y" (counting every page, cover included) skip the cover.
import type { DocumentMetadata } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { COVER_MARKING } from '../cover.js';
import { labelsOf, pageOfParts } from '../labels.js';
import type { PdfNode } from './inlines.js';

export function styles(theme: Theme): Record<string, PdfNode> {
  const { size, colour, spacing } = theme;
  const heading = (fontSize: number, color: string) => ({ fontSize, bold: true, color, lineHeight: 1.05 });
  return {
    title: { ...heading(size.title, colour.heading), margin: [0, 0, 0, spacing.headingAfter * 2] },
    h1: heading(size.h1, colour.heading),
    h2: heading(size.h2, colour.heading),
    h3: heading(size.h3, colour.heading),
    h4: { ...heading(size.h4, colour.text), italics: true },
    body: { margin: [0, 0, 0, spacing.paragraphAfter] },
    lead: { fontSize: size.lead, margin: [0, 0, 0, spacing.paragraphAfter * 1.5] },
    small: { fontSize: size.small, color: colour.muted, margin: [0, 0, 0, spacing.paragraphAfter] },
    meta: { color: colour.muted, margin: [0, 0, 0, 2] },
    tableBody: { fontSize: Math.max(size.small, size.body - 1) },
    tocTitle: { ...heading(size.h1, colour.heading), margin: [0, 0, 0, spacing.headingAfter * 1.5] },
    tocEntry: {},
    tocEntry1: { bold: true },
    tocNumber: { color: colour.muted },
    tocLeader: { color: colour.muted },
    note: { fontSize: size.small, margin: [0, 0, 0, 3] },
  };
}

export interface Furniture {
  readonly header: (currentPage: number, pageCount: number) => PdfNode;
  readonly footer: (currentPage: number, pageCount: number) => PdfNode;
  /** Every string printed in the margins, for the glyph check. */
  readonly texts: readonly string[];
}

/**
 * `titleAt` names, in a bound pack, the document a page belongs to (undefined: the pack's own
 * title; null: a blank left-hand page, which carries the marking only).
 */
export function furniture(meta: DocumentMetadata, theme: Theme, coverPages: number, titleAt?: (page: number) => string | null | undefined): Furniture {
  const { margins } = theme.page;
  const { size, colour } = theme;
  const marking = meta.marking?.trim() ? meta.marking.trim().toUpperCase() : undefined;
  const markingLine = (page: number): PdfNode | null =>
    marking ? { text: marking, bold: true, color: colour.marking, fontSize: size.marking * (page <= coverPages ? COVER_MARKING : 1), alignment: 'center', lineHeight: 1 } : null;
  const running = { fontSize: size.running, color: colour.muted, lineHeight: 1 };
  const title = meta.shortTitle ?? meta.title;
  const width = theme.pageSize.width - margins.left - margins.right;
  const pageOf = pageOfParts(labelsOf(meta).pageOf);
  const pageText = (page: number, pages: number) =>
    pageOf.map((part) => (part === 'page' ? String(page) : part === 'pages' ? String(pages) : part)).join('');
  // Offsets are fractions of the margins so a compact theme's header still clears the body.
  const headerTop = Math.max(6, margins.top * 0.28);
  const footerTop = Math.max(4, margins.bottom * 0.3);

  const header = (currentPage: number): PdfNode => {
    const stack: PdfNode[] = [];
    const mark = markingLine(currentPage);
    if (mark) stack.push(mark);
    const named = titleAt?.(currentPage);
    if (currentPage > coverPages && named !== null) {
      stack.push({
        columns: [
          { text: named ?? title, ...running, width: '*' },
          { text: meta.reference ?? '', ...running, alignment: 'right', width: 'auto' },
        ],
        margin: [0, mark ? 6 : 8, 0, 2],
      });
      stack.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: colour.tableBorder }] });
    }
    return { stack, margin: [margins.left, headerTop, margins.right, 0] };
  };

  const footer = (currentPage: number, pageCount: number): PdfNode => {
    const stack: PdfNode[] = [];
    if (currentPage > coverPages && titleAt?.(currentPage) !== null) {
      stack.push({ text: pageText(currentPage, pageCount), ...running, alignment: 'center', margin: [0, 0, 0, 6] });
    } else {
      stack.push({ text: ' ', ...running, margin: [0, 0, 0, 6] });
    }
    const mark = markingLine(currentPage);
    if (mark) stack.push(mark);
    return { stack, margin: [margins.left, footerTop, margins.right, 0] };
  };

  const partTitles = (meta.parts ?? []).flatMap((part) => (part.blankBefore ? [part.title, labelsOf(meta).blankPage] : [part.title]));
  return { header, footer, texts: [marking ?? '', title, ...partTitles, meta.reference ?? '', pageText(1234567890, 0)] };
}

export function info(meta: DocumentMetadata): PdfNode {
  const out: PdfNode = {
    title: meta.title,
    creator: 'briefpack',
    producer: 'briefpack (pdfmake)',
    creationDate: meta.created,
    modDate: meta.created,
  };
  if (meta.author) out.author = meta.author;
  if (meta.subject) out.subject = meta.subject;
  if (meta.keywords && meta.keywords.length > 0) out.keywords = meta.keywords.join(', ');
  return out;
}
