// Page numbers for the DOCX contents list and its cached page count. When the pipeline laid the
// document out as a PDF it hands over where each heading landed (Document.layout), and the DOCX
// names the same pages as the PDF: no second layout, and a reader holding both sees one numbering.
// Without it docx/layout estimates a layout of its own (slower: it measures every line again).
import type { PageNumberEstimator } from 'docx';
import type { MeasuredLayout } from '../../document/model.js';

type XmlNode = unknown;

/** The bookmark names of each paragraph of the body, in order. */
function paragraphs(node: XmlNode, visit: (names: string[]) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) paragraphs(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'w:p') {
      const names: string[] = [];
      bookmarks(value, names);
      if (names.length > 0) visit(names);
    } else if (key !== '_attr') paragraphs(value, visit);
  }
}

function bookmarks(node: XmlNode, names: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) bookmarks(child, names);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'w:bookmarkStart') {
      const name = (value as { _attr?: Record<string, unknown> })?._attr?.['w:name'];
      if (typeof name === 'string') names.push(name);
    } else if (key !== '_attr') bookmarks(value, names);
  }
}

/** Gives every bookmark of a heading's paragraph (ours, and the _Toc one docx adds) the heading's page. */
export function pagesFromLayout(layout: MeasuredLayout): PageNumberEstimator {
  return (body) => {
    const shown = new Map<string, string>();
    const numbers = new Map<string, number>();
    paragraphs(body, (names) => {
      const page = names.map((name) => layout.headings[name]).find((p) => p !== undefined);
      if (page === undefined) return;
      for (const name of names) shown.set(name, String(page)), numbers.set(name, page);
    });
    return { bookmarks: shown, bookmarkPageNumbers: numbers, pageCount: layout.pages };
  };
}
