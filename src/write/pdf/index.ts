// The PDF writer: document model + theme → PDF bytes through pdfmake. A fresh docDefinition is
// built for each call (pdfmake mutates it) and the input document is only read.
import pdfmake from 'pdfmake';
import type { Diagnostic, Document } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { RenderError } from '../../errors.js';
import { labelsOf } from '../labels.js';
import type { Writer, WriteOptions, Written } from '../types.js';
import { blocks } from './blocks.js';
import { collectHeadings, newState, textWidth, type Context, type State } from './context.js';
import { installLineKeeping, MIN_LINES } from './keep.js';
import { installRendererFixes } from './render.js';
import { fontFamily, missingGlyphs } from './fonts.js';
import { headingDestination, recordText } from './inlines.js';
import { notes, NOTES_ID } from './notes.js';
import { furniture, info, styles } from './page.js';
import { fillContents, tocIds } from './toc.js';

interface NodeInfo {
  readonly headlineLevel?: number;
  readonly pageNumbers?: readonly number[];
  readonly startPosition?: { readonly verticalRatio: number; readonly pageInnerHeight: number };
}

/** Lines (and other placed pieces) of a laid-out pdfmake node, by page, from the positions pdfmake records. */
function placed(node: unknown, onPage: number): { here: number; all: number } {
  const count = { here: 0, all: 0 };
  const seen = new WeakSet<object>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as { positions?: { pageNumber?: number }[]; stack?: unknown; ul?: unknown; ol?: unknown; table?: { body?: unknown }; columns?: unknown };
    const own = record.positions;
    // A container's positions repeat its children's; only leaves are counted.
    const children = [record.stack, record.ul, record.ol, record.table?.body, record.columns].filter((c) => c !== undefined);
    if (children.length === 0 && Array.isArray(own)) {
      count.all += own.length;
      count.here += own.filter((p) => p.pageNumber === onPage).length;
    }
    children.forEach(visit);
  };
  visit(node);
  return count;
}

/**
 * Moves a heading to the next page unless two lines of what follows it share its page: the blocks
 * after it are read in order, a block wholly on the page adds its lines and the rule goes on to the
 * next, a heading adds none, a block that runs on to the next page must bring the count to two.
 * Called by pdfmake after each layout for every node not yet asked about; each `true` costs a new
 * layout.
 */
function keepHeadingWithNext(keeps: State['keeps'], tableReserve: number) {
  // Whether the heading numbered `level`, on `page`, is short of lines below it. A heading met on
  // the way counts no lines and must itself have its lines there: it would move on, taking the
  // lines after it, when its own turn came (pdfmake asks about each node once, in order).
  const short = (level: number, page: number, start: NodeInfo['startPosition']): boolean => {
    const keep = keeps[level - 1];
    if (!keep) return false;
    let need = MIN_LINES;
    for (const next of keep.next) {
      if (next.pageBreak === 'before') return false;
      // A table whose header pdfmake carried to the next page with its first row (keepWithHeaderRows)
      // keeps the positions of its first, abandoned attempt: the room left below the heading decides.
      if ((next.table as { headerRows?: number } | undefined)?.headerRows) {
        return start !== undefined && (1 - start.verticalRatio) * start.pageInnerHeight < tableReserve;
      }
      const { here, all } = placed(next, page);
      const heading = typeof next.headlineLevel === 'number' ? next.headlineLevel : undefined;
      if (heading === undefined && here >= need) return false;
      if (here < all) return true;
      if (heading !== undefined && short(heading, page, (next.positions as NodeInfo['startPosition'][] | undefined)?.[0])) return true;
      if (heading === undefined) need -= here;
    }
    return false;
  };
  return (node: NodeInfo): boolean => {
    const page = node.pageNumbers?.[0];
    return node.headlineLevel !== undefined && page !== undefined && short(node.headlineLevel, page, node.startPosition);
  };
}

/**
 * pdfmake starts a new page for the space after the last block when it does not fit below the
 * text: a document that ends at the foot of a page got a blank last page. Nothing follows the
 * last block, so its space after goes (and that of the last block inside it).
 */
function dropTrailingSpace(nodes: unknown[]): void {
  let node = nodes.at(-1) as { margin?: unknown; marginBottom?: number; stack?: unknown[] } | undefined;
  while (node && typeof node === 'object') {
    // The space may come from the node or from its style; a node's marginBottom wins over both.
    if (Array.isArray(node.margin) && node.margin.length === 4) node.margin = [node.margin[0], node.margin[1], node.margin[2], 0];
    node.marginBottom = 0;
    node = Array.isArray(node.stack) ? (node.stack.at(-1) as typeof node) : undefined;
  }
}

/** Calls `visit` on every node of a laid-out definition once (pdfmake's own `_` keys left out). */
function eachNode(content: unknown, visit: (node: Record<string, unknown>) => void): void {
  const seen = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    visit(node as Record<string, unknown>);
    for (const [key, value] of Object.entries(node)) if (!key.startsWith('_') && key !== 'positions') walk(value);
  };
  walk(content);
}

type Placed = { positions?: { pageNumber?: number; verticalRatio?: number }[] };

/**
 * Where the layout put each heading: pdfmake records `positions` on the nodes of the definition it
 * laid out (the nodes, not copies of ours, so the tree is searched rather than our handles kept).
 */
function headingPages(content: unknown, ids: ReadonlySet<string>): Record<string, number> {
  const pages: Record<string, number> = {};
  const destinations = new Map([...ids].map((id) => [headingDestination(id), id]));
  eachNode(content, (node) => {
    const id = typeof node.id === 'string' ? destinations.get(node.id) : undefined;
    const page = (node as Placed).positions?.[0]?.pageNumber;
    if (id !== undefined && pages[id] === undefined && page !== undefined) pages[id] = page;
  });
  return pages;
}

/** How far down its text area the last page is filled (0 to 1), by where its last line starts. */
function lastPageFill(content: unknown, page: number): number {
  let fill = 0;
  eachNode(content, (node) => {
    for (const p of (node as Placed).positions ?? []) if (p.pageNumber === page) fill = Math.max(fill, p.verticalRatio ?? 0);
  });
  return fill;
}

/** The theme with its line height and every vertical space scaled by `factor`. */
function tightened(theme: Theme, factor: number): Theme {
  const { spacing } = theme;
  return {
    ...theme,
    lineHeight: theme.lineHeight * factor,
    spacing: { ...spacing, paragraphAfter: spacing.paragraphAfter * factor, headingBefore: spacing.headingBefore * factor, headingAfter: spacing.headingAfter * factor, listItemAfter: spacing.listItemAfter * factor },
  };
}

/** A last page less full than this is pulled back when tightening the spacing a little does it. */
const SHORT_LAST_PAGE = 0.2;
/** Tightenings tried, mildest first: at most 5 % off the line height and the spaces. */
const TIGHTER = [0.975, 0.95] as const;

installLineKeeping();
installRendererFixes();

export const writePdf: Writer = async (doc, theme, options = {}) => {
  const first = await layOut(doc, theme, options);
  if (first.pages < 2 || first.lastFill >= SHORT_LAST_PAGE) return first.written;
  for (const factor of TIGHTER) {
    const tighter = await layOut(doc, tightened(theme, factor), options);
    if (tighter.pages < first.pages) return tighter.written;
  }
  return first.written;
};

async function layOut(doc: Document, theme: Theme, options: WriteOptions): Promise<{ written: Written; pages: number; lastFill: number }> {
  const family = fontFamily(theme.fontFaces, theme.font.family);
  const state = newState();
  const ctx: Context = {
    doc,
    theme,
    width: textWidth(theme),
    listDepth: 0,
    inCover: false,
    tocs: tocIds(doc),
    anchors: new Set(collectHeadings(doc).map((h) => h.id)),
  };
  const content = blocks(doc.blocks, ctx, state);
  content.push(...notes(ctx, state));
  // The notes are a section of their own: the contents list names them, as the outline does.
  fillContents(ctx, state, state.footnoteOrder.length > 0 && state.usedIds.has(NOTES_ID) ? NOTES_ID : undefined);
  dropTrailingSpace(content);

  // The cover is page 1 only when it opens the document; a cover elsewhere is laid out on its
  // own page but keeps the running header (the header callback cannot tell which page it is on).
  const coverPages = doc.blocks[0]?.type === 'cover' ? 1 : 0;
  const pageFurniture = furniture(doc.metadata, theme, coverPages);
  for (const text of pageFurniture.texts) recordText(text, state);
  recordText(doc.metadata.title, state);
  recordText(labelsOf(doc.metadata).notes, state);

  let pages = 0;
  const { margins } = theme.page;
  const definition = {
    pageSize: { width: theme.pageSize.width, height: theme.pageSize.height },
    pageMargins: [margins.left, margins.top, margins.right, margins.bottom],
    content,
    styles: styles(theme),
    defaultStyle: { font: family, fontSize: theme.size.body, lineHeight: theme.lineHeight, color: theme.colour.text },
    header: (currentPage: number, pageCount: number) => pageFurniture.header(currentPage, pageCount),
    footer: (currentPage: number, pageCount: number) => {
      // pageCount here is the count after layout, including any re-layout for keep-with-next.
      pages = pageCount;
      return pageFurniture.footer(currentPage, pageCount);
    },
    images: state.images,
    info: info(doc.metadata),
    language: doc.metadata.language,
    displayTitle: true,
    version: '1.7',
    // pdfmake lays out every page, then renders only these; the footer still sees the full count.
    ...(options.pageLimit !== undefined ? { maxPagesNumber: options.pageLimit } : {}),
    // A table needs room for the heading, its header row and a first row of about two lines.
    pageBreakBefore: keepHeadingWithNext(state.keeps, theme.size.h1 * 1.3 + theme.spacing.headingAfter + 4 * theme.size.body * theme.lineHeight * 1.2),
  } as unknown as Parameters<typeof pdfmake.createPdf>[0];

  const diagnostics: Diagnostic[] = [...state.diagnostics];
  const missing = missingGlyphs(theme.fontFaces, state.codePoints);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20);
    const list = shown.map((cp) => `${String.fromCodePoint(cp)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    diagnostics.push({
      code: 'MissingGlyphs',
      severity: 'warning',
      message:
        `The font ${theme.font.family} has no glyphs for ${missing.length} character(s): ${list}` +
        `${missing.length > shown.length ? ', …' : ''}. They print as empty boxes; use a theme font that covers them.`,
    });
  }

  let buffer: Buffer;
  try {
    buffer = await pdfmake.createPdf(definition).getBuffer();
  } catch (error) {
    throw new RenderError('WriterFailed', `The PDF could not be laid out: ${(error as Error).message}`, { cause: error });
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // Only a contents list needs them (the DOCX fills its own from them); the search walks the whole tree.
  const written: Written = {
    bytes,
    pages,
    ...(ctx.tocs.length > 0 ? { headingPages: headingPages(content, state.usedIds) } : {}),
    diagnostics,
    ...(options.pageLimit !== undefined && pages > options.pageLimit ? { truncated: true as const } : {}),
  };
  return { written, pages, lastFill: lastPageFill(content, pages) };
}
