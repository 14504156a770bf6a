// The PDF writer: document model + theme → PDF bytes through pdfmake. A fresh docDefinition is
// built for each call (pdfmake mutates it) and the input document is only read.
import pdfmake from 'pdfmake';
import type { Diagnostic } from '../../document/model.js';
import { RenderError } from '../../errors.js';
import type { Writer } from '../types.js';
import { blocks } from './blocks.js';
import { collectHeadings, newState, textWidth, type Context } from './context.js';
import { fontFamily, missingGlyphs } from './fonts.js';
import { recordText } from './inlines.js';
import { notes } from './notes.js';
import { furniture, info, styles } from './page.js';
import { tocIds } from './toc.js';

interface NodeInfo {
  readonly headlineLevel?: number;
}
interface NodeQueries {
  getFollowingNodesOnPage(): NodeInfo[];
}

// A heading with nothing after it on its page (other than headings) moves to the next page.
// Only headings not already kept with their next block carry headlineLevel (see blocks.ts).
function keepHeadingWithNext(node: NodeInfo, queries: NodeQueries): boolean {
  return node.headlineLevel !== undefined && queries.getFollowingNodesOnPage().every((n) => n.headlineLevel !== undefined);
}

export const writePdf: Writer = async (doc, theme) => {
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

  // The cover is page 1 only when it opens the document; a cover elsewhere is laid out on its
  // own page but keeps the running header (the header callback cannot tell which page it is on).
  const coverPages = doc.blocks[0]?.type === 'cover' ? 1 : 0;
  const pageFurniture = furniture(doc.metadata, theme, coverPages);
  for (const text of pageFurniture.texts) recordText(text, state);
  recordText(doc.metadata.title, state);

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
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), pages, diagnostics };
};
