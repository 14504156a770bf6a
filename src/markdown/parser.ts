// The one configured CommonMark parser: GFM tables, footnotes and `:::` directives, no raw HTML
// (HTML in Markdown prints as text), no linkify or typographer (text stays as typed).
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Md } from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';

/** Block directives a template may write as `::: name args` … `:::`. */
export const DIRECTIVES = ['cover', 'title', 'callout', 'toc', 'pagebreak', 'lead', 'small', 'meta', 'center', 'keep'] as const;
export type Directive = (typeof DIRECTIVES)[number];

let parser: Md | undefined;

export function markdownParser(): Md {
  if (!parser) {
    parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
    parser.disable(['strikethrough']);
    parser.use(footnote);
    for (const name of DIRECTIVES) parser.use(container, name);
  }
  return parser;
}
