// The few words writers print themselves. They come with the document (its metadata) so writers
// stay free of languages and datasets; English fills any gap.
import type { DocumentMetadata, WriterLabels } from '../document/model.js';

const ENGLISH: WriterLabels = { pageOf: 'Page {page} of {pages}', notes: 'Notes', blankPage: 'This page is intentionally left blank' };

export function labelsOf(meta: DocumentMetadata): WriterLabels {
  const given = meta.labels ?? {};
  const pick = (key: keyof WriterLabels) => (given[key]?.trim() ? given[key]! : ENGLISH[key]);
  return { pageOf: pick('pageOf'), notes: pick('notes'), blankPage: pick('blankPage') };
}

/** Splits "Page {page} of {pages}" into literal text and the two numbers, in order. */
export function pageOfParts(pattern: string): (string | 'page' | 'pages')[] {
  return pattern
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'page' : part === '{pages}' ? 'pages' : part));
}
