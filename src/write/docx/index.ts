// The DOCX writer: the document model and theme in, a reproducible .docx out.
import { Document as DocxFile, Paragraph, Tab, Table, TextRun, type PageNumberEstimator } from 'docx';
import type { Block, Document } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import type { Writer } from '../types.js';
import { blocks } from './blocks.js';
import { newState, warn, type WalkEnv, type WalkState } from './context.js';
import { numberingFor } from './numbering.js';
import { pagesFromLayout } from './pageNumbers.js';
import { asFace } from './faces.js';
import { compile, zip } from './pack.js';
import type { Parts } from './vendor.js';
import { coverPage, sections } from './page.js';
import { coverPlan } from '../cover.js';
import { STYLE, stylesFor } from './styles.js';
import { withSpacing } from '../../theme/spacing.js';
import { breaksBefore } from '../pagination.js';

function collect(nodes: readonly Block[], ids: Set<string>): boolean {
  let toc = false;
  for (const node of nodes) {
    if (node.type === 'heading') ids.add(node.id);
    else if (node.type === 'tableOfContents') toc = true;
    else if (node.type === 'cover' || node.type === 'callout') toc = collect(node.children, ids) || toc;
    else if (node.type === 'list') for (const item of node.items) toc = collect(item.children, ids) || toc;
  }
  return toc;
}

/** The top-level cover (and anything before it) goes on the cover page; the rest is the body. */
function splitCover(nodes: readonly Block[]): { cover?: readonly Block[]; body: readonly Block[] } {
  const at = nodes.findIndex((node) => node.type === 'cover');
  const found = nodes[at];
  if (found?.type !== 'cover') return { body: nodes };
  return { cover: [...nodes.slice(0, at), ...found.children], body: nodes.slice(at + 1) };
}

function endnotes(doc: Document, env: WalkEnv, state: WalkState): Record<number, { children: Paragraph[] }> {
  const notes: Record<number, { children: Paragraph[] }> = {};
  const inner: WalkEnv = { ...env, inBox: true, inNote: true };
  // References inside a footnote append to the order, so the loop reads its length each time.
  for (let i = 0; i < state.footnoteOrder.length; i++) {
    const note = doc.footnotes[state.footnoteOrder[i]!]!;
    // LibreOffice carries a list's bullet onto a table that follows it in a note: an empty line between keeps it off.
    const children = blocks(note.children, inner, state).flatMap((child) => (child instanceof Table ? [new Paragraph({ style: STYLE.noteText }), child] : [child]));
    // The note's number goes into its first paragraph, and Word wants a note to end with one.
    if (!(children[0] instanceof Paragraph)) children.unshift(new Paragraph({ style: STYLE.noteText }));
    // The note's number (which docx puts first) is set off from its text by a tab to the hanging indent.
    (children[0] as Paragraph).addRunToFront(new TextRun({ children: [new Tab()] }));
    if (!(children[children.length - 1] instanceof Paragraph)) children.push(new Paragraph({ style: STYLE.noteText }));
    // docx types a note's children as paragraphs; a note may hold tables (a list or a quote), as Word allows.
    notes[i + 1] = { children: children as Paragraph[] };
  }
  for (const id of Object.keys(doc.footnotes)) {
    if (!state.footnoteNumbers.has(id)) warn(state, 'FootnoteUnused', `Footnote '${id}' is never referenced: left out.`);
  }
  return notes;
}

// docx wants Buffers; preparing the theme's faces once per theme avoids doing it per document.
const fontCache = new WeakMap<Theme, { name: string; data: Buffer; bold: Buffer; italic: Buffer; boldItalic: Buffer }[]>();
function fontsFor(theme: Theme) {
  let fonts = fontCache.get(theme);
  if (!fonts) {
    const faces = theme.fontFaces;
    const family = theme.font.family;
    // Named and flagged as the four styles of one family, so Word and LibreOffice use the bold face
    // for bold runs instead of smearing the regular one (see faces.ts).
    fonts = [
      {
        name: family,
        data: asFace(faces.normal, family, 'regular'),
        bold: asFace(faces.bold, family, 'bold'),
        italic: asFace(faces.italics, family, 'italic'),
        boldItalic: asFace(faces.bolditalics, family, 'boldItalic'),
      },
    ];
    fontCache.set(theme, fonts);
  }
  return fonts;
}

// Roboto is also an Office cloud font, so the strict estimator stops at it (Word for Mac may draw
// Office's copy); with `guess` it measures the font files, which is what LibreOffice draws. One
// estimator per theme, given the files, so it can keep what it parsed from them between documents.
// docx/layout is loaded only when a document with a contents list comes without a measured layout.
const estimators = new WeakMap<Theme, PageNumberEstimator>();
async function estimatorFor(theme: Theme): Promise<PageNumberEstimator> {
  let estimator = estimators.get(theme);
  if (!estimator) {
    const { estimatePageNumbersWith } = await import('docx/layout');
    const faces = theme.fontFaces;
    const fonts = [faces.normal, faces.bold, faces.italics, faces.bolditalics].map((data) => ({ data, name: theme.font.family }));
    estimator = estimatePageNumbersWith({ guess: true, fonts });
    estimators.set(theme, estimator);
  }
  return estimator;
}

/** Pages as laid out by docx/layout, read back from the cached NUMPAGES result it wrote. */
function pagesFrom(xml: string | Uint8Array | undefined): number | undefined {
  if (typeof xml !== 'string') return undefined;
  const match = /NUMPAGES[\s\S]*?w:fldCharType="separate"\/>[\s\S]*?<w:t[^>]*>(\d+)<\/w:t>/.exec(xml);
  return match ? Number(match[1]) : undefined;
}

/**
 * docx ends the contents field in a paragraph of its own, which Word and LibreOffice print as an
 * empty line: set it a point high, so what follows the contents starts where it does in the PDF.
 */
function closeContents(parts: Parts): void {
  const xml = parts.get('word/document.xml');
  if (typeof xml !== 'string') return;
  const end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent>';
  const closing = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent>';
  parts.set('word/document.xml', xml.split(end).join(closing));
}

export const writeDocx: Writer = async (doc, asGiven) => {
  // Spaced as the PDF laid out from this document was, when it tightened its spacing.
  const theme = withSpacing(asGiven, doc.layout?.spacing ?? 1);
  const ids = new Set<string>();
  const hasToc = collect(doc.blocks, ids);
  // Pages the PDF started early (to fill a section's last page) start early here too.
  const state = newState(ids, breaksBefore(doc));
  const env: WalkEnv = { theme, doc, listLevel: -1, inBox: false, inNote: false, run: {}, inLink: false };
  const split = splitCover(doc.blocks);
  const plan = split.cover ? coverPlan(split.cover, theme) : undefined;
  const cover = plan ? coverPage(plan, blocks(plan.top, env, state), blocks(plan.details, env, state)) : undefined;
  state.pageBreakPending = false;
  state.afterTable = false;
  state.afterCallout = false;
  const body = blocks(split.body, env, state);
  const notes = endnotes(doc, env, state);
  const meta = doc.metadata;
  // The layout names headings by id; the file's bookmarks by their names.
  const layout = doc.layout && { ...doc.layout, headings: Object.fromEntries(Object.entries(doc.layout.headings).map(([id, page]) => [state.bookmarks.get(id) ?? id, page])) };
  const pageNumbers = hasToc ? (layout ? pagesFromLayout(layout) : await estimatorFor(theme)) : undefined;
  const { parts, fonts } = compile(
    () =>
      new DocxFile({
        title: meta.title,
        creator: meta.author ?? '',
        lastModifiedBy: meta.author ?? '',
        ...(meta.subject ? { subject: meta.subject, description: meta.subject } : {}),
        ...(meta.keywords?.length ? { keywords: meta.keywords.join(', ') } : {}),
        revision: 1,
        styles: stylesFor(theme, meta.language),
        numbering: numberingFor(theme, state.orderedStarts),
        fonts: fontsFor(theme),
        endnotes: notes,
        ...(pageNumbers ? { pageNumbers } : {}),
        sections: sections(meta, theme, cover, body),
      }),
    meta.created,
    { language: meta.language, ...(doc.layout ? { pages: doc.layout.pages } : {}) },
  );
  if (hasToc) closeContents(parts);
  const footer = [...parts.keys()].find((path) => /^word\/footer\d+\.xml$/.test(path) && String(parts.get(path)).includes('NUMPAGES'));
  const pages = hasToc && footer ? pagesFrom(parts.get(footer)) : undefined;
  return { bytes: zip(parts, fonts, meta.created), pages, diagnostics: state.diagnostics };
};
