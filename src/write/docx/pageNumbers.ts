// Page numbers for the DOCX contents list and its cached page count. When the pipeline laid the
// document out as a PDF it hands over where each heading landed (Document.layout), and the DOCX
// names the same pages as the PDF: no second layout, and a reader holding both sees one numbering.
// Without it docx/layout estimates a layout of its own (slower: it measures every line again).
import type { PageNumberEstimator } from 'docx';
import type { MeasuredLayout } from '../../document/model.js';

/** Calls `visit` with the value of every `key` element under `node`, not looking inside those. */
function each(node: unknown, key: string, visit: (value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) each(child, key, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [name, value] of Object.entries(node)) {
    if (name === key) visit(value);
    else if (name !== '_attr') each(value, key, visit);
  }
}

/** Gives every bookmark of a heading's paragraph (ours, and the _Toc one docx adds) the heading's page. */
export function pagesFromLayout(layout: MeasuredLayout): PageNumberEstimator {
  return (body) => {
    const shown = new Map<string, string>();
    const numbers = new Map<string, number>();
    each(body, 'w:p', (paragraph) => {
      const names: string[] = [];
      each(paragraph, 'w:bookmarkStart', (start) => {
        const name = (start as { _attr?: Record<string, unknown> })?._attr?.['w:name'];
        if (typeof name === 'string') names.push(name);
      });
      const page = names.map((name) => layout.headings[name]).find((p) => p !== undefined);
      if (page === undefined) return;
      for (const name of names) shown.set(name, String(page)), numbers.set(name, page);
    });
    return { bookmarks: shown, bookmarkPageNumbers: numbers, pageCount: layout.pages };
  };
}
