// The contents list: a table of the headings with dot leaders to their page numbers, which pdfmake
// fills in after layout (pageReference). pdfmake's own toc has no leaders. Each tableOfContents
// block lists the headings its maxDepth reaches, so two contents lists with different depths work.
import type { Block, Document, Heading, TableOfContents } from '../../document/model.js';
import { labelsOf } from '../labels.js';
import type { Context, State } from './context.js';
import { measureText } from './fonts.js';
import { headingDestination, plainText, recordText, type PdfNode } from './inlines.js';

export function tocIds(doc: Document): { id: string; maxDepth: number; node: TableOfContents }[] {
  return doc.blocks
    .filter((b): b is TableOfContents => b.type === 'tableOfContents')
    .map((node, i) => ({ id: `briefpack-toc-${i + 1}`, maxDepth: node.maxDepth, node }));
}

export function tableOfContents(node: TableOfContents, ctx: Context, state: State): PdfNode | null {
  const toc = ctx.tocs.find((t) => t.node === node);
  // Contents lists nested in a list or callout are not collected by tocIds; they are skipped.
  if (toc === undefined) {
    state.diagnostics.push({
      code: 'BlockNotRendered',
      severity: 'warning',
      message: 'A contents list inside another block was not printed; put it at the top level.',
      source: node.source,
    });
    return null;
  }
  recordText(node.title, state);
  // The rows are added once the whole document is built (fillContents), the notes' included.
  const rows: PdfNode[] = [];
  state.contents.push({ maxDepth: toc.maxDepth, rows });
  return {
    stack: [{ text: node.title, style: 'tocTitle' }, { stack: rows }],
    margin: [0, 0, 0, ctx.theme.spacing.paragraphAfter * 2],
  };
}

/** Headings of the body that a contents list names, in order: no cover heading, each id once. */
function listed(blocks: readonly Block[], found: Heading[] = [], seen = new Set<string>()): Heading[] {
  for (const block of blocks) {
    if (block.type === 'heading' && block.toc && !seen.has(block.id)) {
      seen.add(block.id);
      found.push(block);
    } else if (block.type === 'callout') listed(block.children, found, seen);
    else if (block.type === 'list') for (const item of block.items) listed(item.children, found, seen);
  }
  return found;
}

/**
 * One row per listed heading: its text, dot leaders to the page number, the page number (pdfmake
 * fills it in from where the heading landed); the row links to the heading. The notes, when the
 * document has any, close the list as the outline's last entry.
 */
export function fillContents(ctx: Context, state: State, notesId: string | undefined): void {
  const { theme } = ctx;
  const entries = listed(ctx.doc.blocks)
    .filter((h) => state.usedIds.has(h.id))
    .map((h) => ({ text: plainText(h.children), depth: h.depth, destination: headingDestination(h.id) }));
  if (notesId !== undefined) entries.push({ text: labelsOf(ctx.doc.metadata).notes, depth: 1, destination: notesId });
  // pdfmake holds the place of a page number with '00000' until it knows it.
  const number = measureText(theme.fontFaces, false, '00000', theme.size.body) + 2;
  const dot = measureText(theme.fontFaces, false, ' .', theme.size.body);
  for (const { maxDepth, rows } of state.contents) {
    for (const entry of entries.filter((e) => e.depth <= maxDepth)) {
      const bold = entry.depth === 1;
      const indent = (entry.depth - 1) * theme.spacing.listIndent;
      // The title's column is as wide as its text (measured as pdfmake measures it), the leaders
      // fill what is left up to the number with as many dots as fit (pdfmake drops a page
      // number beside a text it has to wrap); a long title wraps, its leaders follow its first line.
      const room = ctx.width - indent - number;
      const title = Math.min(measureText(theme.fontFaces, bold, entry.text, theme.size.body) + 1, room - 4 * dot);
      const leader = room - title;
      const link = { linkToDestination: entry.destination };
      rows.push({
        columns: [
          { text: entry.text, style: bold ? 'tocEntry1' : 'tocEntry', width: title, ...link },
          { text: ' .'.repeat(Math.max(0, Math.floor(leader / dot) - 1)), style: 'tocLeader', width: leader, ...link },
          // pdfmake leaves a page reference that is itself a column blank: it goes in a stack.
          { stack: [{ text: '000', pageReference: entry.destination, style: 'tocNumber', alignment: 'right', ...link }], width: number },
        ],
        columnGap: 0,
        margin: [indent, bold ? 5 : 2, 0, 1],
      });
    }
  }
}

