// The contents list: pdfmake's toc fills in page numbers after layout. Each tableOfContents block
// has its own pdfmake toc id, and headings join every toc whose maxDepth reaches them
// (see heading() in blocks.ts), so two contents lists with different depths both work.
import type { Document, TableOfContents } from '../../document/model.js';
import type { Context, State } from './context.js';
import { recordText, type PdfNode } from './inlines.js';
import { tag } from './tagging.js';

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
  return tag({
    toc: {
      id: toc.id,
      title: { text: node.title, style: 'tocTitle' },
      textStyle: 'tocEntry',
      numberStyle: 'tocNumber',
    },
    margin: [0, 0, 0, ctx.theme.spacing.paragraphAfter * 2],
  }, 'TOC');
}
