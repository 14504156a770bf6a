// The PDF writer: document model + theme → PDF bytes through pdfmake. A fresh docDefinition is
// built for each call (pdfmake mutates it) and the input document is only read.
import pdfmake from 'pdfmake';
import type { Diagnostic, Document } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { RenderError } from '../../errors.js';
import { labelsOf } from '../labels.js';
import type { Writer, WriteOptions, Written } from '../types.js';
import { collectHeadings, newState, textWidth, type Context } from './context.js';
import { fontFamily } from './fonts.js';
import { missingGlyphs } from '../../theme/coverage.js';
import { DiagnosticCode } from '../../document/diagnostics.js';
import { headingDestination, recordText } from './inlines.js';
import { NOTES_ID } from './notes.js';
import { layParts } from './parts.js';
import { furniture, info, styles } from './page.js';
import { fillContents, tocIds } from './toc.js';
import { artifact, installTagging, structure } from './tagging.js';
import { cutAfter, isCut } from './cut.js';
import { drawUnless, isUndrawn } from './draft.js';
import { standardOptions } from './standard.js';
import { isTightened, pageFills, MOST_PAGES_TIGHTENED, TIGHTER, tightened } from './tighten.js';
import { balancedBreaks, breakAddresses, hasShortPage, SHORT_PAGE, type PagePoint } from '../pagination.js';
import { laidOutPoints } from './balance.js';
import { eachNode } from './walk.js';
// Loaded for what it does to pdfmake: widow and orphan control, bookmarks and links, a preview's
// runs of words, style lookups (keep.ts, render.ts, preview.ts, style-cache.ts).
import './keep.js';
import './render.js';
import './preview.js';
import './style-cache.js';

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

/**
 * Where the layout put each heading: pdfmake records `positions` on the nodes of the definition it
 * laid out (the nodes, not copies of ours, so the tree is searched rather than our handles kept).
 */
function headingPages(content: unknown, ids: ReadonlySet<string>): Record<string, number> {
  const pages: Record<string, number> = {};
  const destinations = new Map([...ids].map((id) => [headingDestination(id), id]));
  eachNode(content, (node) => {
    const record = node as { id?: unknown; positions?: { pageNumber?: number }[] };
    const id = typeof record.id === 'string' ? destinations.get(record.id) : undefined;
    if (id !== undefined && pages[id] === undefined) {
      const page = record.positions?.[0]?.pageNumber;
      if (page !== undefined) pages[id] = page;
    }
  });
  return pages;
}

export const writePdf: Writer = async (doc, theme, options = {}) => {
  const { spacing, ...rest } = options;
  const { laid, factor } = await tighten(doc, theme, rest, spacing);
  const used = factor === undefined ? theme : tightened(theme, factor);
  const breaks = balancing(laid, rest);
  const balanced = breaks.length > 0 ? await layOut(doc, used, rest, new Set(breaks)) : undefined;
  // The DOCX is set with the same spacing and breaks (Document.layout), or its pages drift from these.
  const spaced = factor === undefined ? {} : { spacing: factor };
  // Moving lines onto a page that had room for them adds no page; if it did, the layout stands.
  if (balanced && balanced.pages === laid.pages) {
    const model = breaks.filter((address) => !address.startsWith('notes:'));
    return { ...balanced.written, ...spaced, ...(model.length > 0 ? { breaks: model } : {}) };
  }
  // A layout left undrawn because another was to replace it, which did not: laid out again, drawn.
  return { ...(laid.written ?? (await layOut(doc, used, rest)).written), ...spaced };
};

/**
 * Where pages start early to fill a section's last page (write/pagination.ts). None for a layout
 * past its page limit: a measurement of its length (fitting to a page budget), never kept, whose
 * length starting pages early would not change.
 */
const balancing = (laid: Facts, options: WriteOptions): string[] =>
  options.pageLimit !== undefined && laid.pages > options.pageLimit ? [] : balancedBreaks(laid.fills, laid.starts, laid.points);

/** Whether a laid-out document is laid out again: to pull back its short last page, or to fill a section's last page. */
const relaid = (laid: Facts, theme: Theme, options: WriteOptions): boolean => tightenable(laid, theme) || balancing(laid, options).length > 0;

const tightenable = (laid: Facts, theme: Theme): boolean =>
  !isTightened(theme) && laid.pages >= 2 && laid.pages <= MOST_PAGES_TIGHTENED && (laid.fills.at(-1) ?? 1) < SHORT_PAGE;

/**
 * A last page of a few lines pulled back by tightening the spacing, when that does it (tighten.ts).
 * `known` is the spacing an earlier layout of the same document settled on (WriteOptions.spacing,
 * 1 for none): laid out at it at once. The layouts are drawn only when none replaces them (draft.ts).
 */
async function tighten(doc: Document, theme: Theme, options: WriteOptions, known?: number): Promise<{ laid: Laid; factor?: number }> {
  const balanced = (laid: Facts) => balancing(laid, options).length > 0;
  if (known === 1) return { laid: await layOut(doc, theme, options, undefined, undefined, balanced) };
  if (known !== undefined) return { laid: await layOut(doc, tightened(theme, known), options, undefined, undefined, balanced), factor: known };
  const first = await layOut(doc, theme, options, undefined, undefined, (laid) => relaid(laid, theme, options));
  if (!tightenable(first, theme)) return { laid: first };
  for (const factor of TIGHTER) {
    // A try is kept only when it saves a page: it gives up as soon as it would not (cut.ts).
    const tighter = await layOut(doc, tightened(theme, factor), options, undefined, first.pages - 1, balanced);
    if (tighter && tighter.pages < first.pages) return { laid: tighter, factor };
  }
  return { laid: first };
}

/** What a layout tells of its pages, drawn or not. */
interface Facts {
  readonly pages: number;
  /** How far down each page's text area is filled, page 1 first. */
  readonly fills: readonly number[];
  /** The pages a forced page break begins (and page 1); only page 1 when no page is short (hasShortPage). */
  readonly starts: ReadonlySet<number>;
  /** Where the blocks a page may start before were put; none when no page is short. */
  readonly points: readonly PagePoint[];
}

interface Laid extends Facts {
  /** The file, unless it was not drawn because another layout was to replace it. */
  readonly written?: Written;
}

/**
 * The document laid out and drawn; with `most`, undefined as soon as it needs more pages than
 * that; with `replaced`, not drawn (no `written`) when, laid out, it says another layout replaces it.
 */
async function layOut(doc: Document, theme: Theme, options: WriteOptions, breaks?: ReadonlySet<string>): Promise<Laid & { written: Written }>;
async function layOut(doc: Document, theme: Theme, options: WriteOptions, breaks: ReadonlySet<string> | undefined, most: undefined, replaced: (laid: Facts) => boolean): Promise<Laid>;
async function layOut(doc: Document, theme: Theme, options: WriteOptions, breaks: ReadonlySet<string> | undefined, most: number, replaced: (laid: Facts) => boolean): Promise<Laid | undefined>;
async function layOut(doc: Document, theme: Theme, options: WriteOptions, breaks: ReadonlySet<string> = new Set(), most?: number, replaced?: (laid: Facts) => boolean): Promise<Laid | undefined> {
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
    addresses: breakAddresses(doc),
    breaks,
  };
  const laid = layParts(ctx, state, options.partThemes, dropTrailingSpace);
  const content = laid.content;
  // The notes are a section of their own: the contents list names them, as the outline does.
  fillContents(ctx, state, laid.parts === undefined && state.footnoteOrder.length > 0 ? NOTES_ID : undefined);
  dropTrailingSpace(content);

  // The cover is page 1 only when it opens the document; a cover elsewhere is laid out on its
  // own page but keeps the running header (the header callback cannot tell which page it is on).
  const coverPages = doc.blocks[0]?.type === 'cover' ? 1 : 0;
  const parts = laid.parts;
  // pdfmake lays out the content before it asks for headers and footers: the parts' pages are known.
  const titleAt = parts && ((page: number) => parts.titleAt(page, headingPages(content, parts.headings)));
  const pageFurniture = furniture(doc.metadata, theme, coverPages, titleAt);
  for (const text of pageFurniture.texts) recordText(text, state);
  recordText(doc.metadata.title, state);
  recordText(labelsOf(doc.metadata).notes, state);

  const tagged = options.tagged ?? true;
  const standard = options.pdfStandard ?? theme.pdfStandard;
  if (standard === 'a-2a' && !tagged) {
    throw new RenderError('WriterFailed', 'PDF/A-2a (accessible) needs a tagged PDF; use a-2b for an untagged one.');
  }
  // A preview is laid out as the file is (tagging and PDF/A move nothing), and drawn without them.
  const preview = options.preview === true;
  if (tagged && !preview) {
    installTagging();
    structure(content);
  }

  let pages = 0;
  const { margins } = theme.page;
  const definition = {
    pageSize: { width: theme.pageSize.width, height: theme.pageSize.height },
    pageMargins: [margins.left, margins.top, margins.right, margins.bottom],
    content,
    styles: { ...styles(theme), ...laid.styles },
    defaultStyle: { font: family, fontSize: theme.size.body, lineHeight: theme.lineHeight, color: theme.colour.text },
    header: (currentPage: number, pageCount: number) => artifact(pageFurniture.header(currentPage, pageCount)),
    footer: (currentPage: number, pageCount: number) => {
      // pageCount here is the count after layout.
      pages = pageCount;
      return artifact(pageFurniture.footer(currentPage, pageCount));
    },
    images: state.images,
    info: info(doc.metadata),
    language: doc.metadata.language,
    displayTitle: true,
    version: '1.7',
    tagged: tagged && !preview,
    ...(preview ? { compress: false } : standardOptions(standard)),
    // pdfmake lays out every page, then renders only these; the footer still sees the full count.
    ...(options.pageLimit !== undefined ? { maxPagesNumber: options.pageLimit } : {}),
  } as unknown as Parameters<typeof pdfmake.createPdf>[0];

  const diagnostics: Diagnostic[] = [...state.diagnostics];
  const missing = missingGlyphs(theme.fontFaces, state.codePoints);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20);
    const list = shown.map((cp) => `${String.fromCodePoint(cp)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    diagnostics.push({
      code: DiagnosticCode.MissingGlyphs,
      severity: 'warning',
      message:
        `The font ${theme.font.family} has no glyphs for ${missing.length} character(s): ${list}` +
        `${missing.length > shown.length ? ', …' : ''}. They print as empty boxes; use a theme font that covers them.`,
    });
  }

  if (most !== undefined) cutAfter(content, most);
  // Read once the layout is done: by the question whether it is drawn, or after it is. Where the
  // break points went is searched for in the whole tree only when a page is short enough to fill.
  let known: Facts | undefined;
  const facts = (): Facts => {
    if (known) return known;
    const fills = pageFills(content);
    const placed = hasShortPage(fills) ? laidOutPoints(content, margins.top, theme.pageSize.height - margins.top - margins.bottom) : { starts: new Set([1]), points: [] };
    return (known = { pages, fills, ...placed });
  };
  if (replaced) drawUnless(content, () => replaced(facts()));
  let buffer: Buffer;
  try {
    buffer = await pdfmake.createPdf(definition).getBuffer();
  } catch (error) {
    if (isCut(error)) return undefined;
    if (isUndrawn(error)) return facts();
    throw new RenderError('WriterFailed', `The PDF could not be laid out: ${(error as Error).message}`, { cause: error });
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // Only a contents list needs them (the DOCX fills its own from them); the search walks the whole tree.
  const written: Written = {
    bytes,
    pages,
    ...(ctx.tocs.length > 0 || parts ? { headingPages: headingPages(content, state.usedIds) } : {}),
    diagnostics,
    ...(options.pageLimit !== undefined && pages > options.pageLimit ? { truncated: true as const } : {}),
  };
  return { written, ...facts() };
}
