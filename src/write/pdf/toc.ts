// The contents list: one row per heading it reaches, with dot leaders to the page number, which
// pdfmake fills in after layout (pageReference); the row links to the heading. pdfmake's own toc
// has no leaders. Each tableOfContents block lists the headings its maxDepth reaches, so two
// contents lists with different depths both work; the notes, when there are any, close the list
// as they close the outline. Tagged as TOC with one TOCI per row (tagging.ts).
import type { Block, Document, Heading, TableOfContents } from '../../document/model.js';
import { labelsOf } from '../labels.js';
import type { Context, State } from './context.js';
import { AS_MEASURED, LEADER } from './leader.js';
import { headingDestination, plainText, recordText, type PdfNode } from './inlines.js';
import { layoutArtifact, tag } from './tagging.js';

export function tocIds(doc: Document): { id: string; maxDepth: number; node: TableOfContents }[] {
  return doc.blocks
    .filter((b): b is TableOfContents => b.type === 'tableOfContents')
    .map((node, i) => ({ id: `briefpack-toc-${i + 1}`, maxDepth: node.maxDepth, node }));
}

/** The rows of each contents list, filled once the whole document is built (fillContents). */
const pending = new WeakMap<State, { maxDepth: number; rows: PdfNode[] }[]>();

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
  const rows: PdfNode[] = [];
  pending.set(state, [...(pending.get(state) ?? []), { maxDepth: toc.maxDepth, rows }]);
  return {
    stack: [{ text: node.title, style: 'tocTitle' }, tag({ stack: rows }, 'TOC')],
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
 * One row per listed heading: its text, dot leaders, the page number, all linked to the heading.
 * `notesId` is the notes heading's destination when the document has notes.
 */
export function fillContents(ctx: Context, state: State, notesId: string | undefined): void {
  const { theme } = ctx;
  const entries = listed(ctx.doc.blocks)
    .filter((h) => state.usedIds.has(h.id))
    .map((h) => ({ text: plainText(h.children), depth: h.depth, destination: headingDestination(h.id) }));
  if (notesId !== undefined) entries.push({ text: labelsOf(ctx.doc.metadata).notes, depth: 1, destination: notesId });
  for (const { maxDepth, rows } of pending.get(state) ?? []) {
    for (const entry of entries.filter((e) => e.depth <= maxDepth)) {
      const style = entry.depth === 1 ? 'tocEntry1' : 'tocEntry';
      const link = { linkToDestination: entry.destination };
      rows.push(tag({
        columns: [
          { text: entry.text, style, width: 'auto', [AS_MEASURED]: true, ...link },
          // Filled with as many dots as the column holds once pdfmake knows its width (leader.ts); not
          // read out, so no link of its own either (a link annotation needs a Link element).
          layoutArtifact({ text: ' .', style: 'tocLeader', width: '*', alignment: 'right', [LEADER]: true }),
          // pdfmake leaves a page reference that is itself a column blank: it goes in a stack.
          { stack: [{ text: '000', pageReference: entry.destination, style: 'tocNumber', alignment: 'right', ...link }], width: 'auto' },
        ],
        columnGap: 3,
        margin: [(entry.depth - 1) * theme.spacing.listIndent, entry.depth === 1 ? 5 : 2, 0, 1],
      }, 'TOCI'));
    }
  }
  pending.delete(state);
}
