// The configured CommonMark parsers: GFM tables and footnotes, no raw HTML (HTML in Markdown prints
// as text), no linkify or typographer (text stays as typed). The template's Markdown also reads
// `:::` directives; rich-text fields from content do not (see rich.ts).
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Md } from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';

/** Block directives a template may write as `::: name args` … `:::`. */
const DIRECTIVES = ['cover', 'title', 'callout', 'toc', 'pagebreak', 'lead', 'small', 'meta', 'center', 'keep'] as const;

let parser: Md | undefined;
let richParser: Md | undefined;

function commonMark(): Md {
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
  md.disable(['strikethrough']);
  md.use(footnote);
  return md;
}

/** The parser for a template's Markdown: CommonMark, tables, footnotes and directives. */
export function markdownParser(): Md {
  if (!parser) {
    parser = commonMark();
    for (const name of DIRECTIVES) parser.use(container, name);
  }
  return parser;
}

/** The parser for a rich-text field: the same, without directives. */
export function richTextParser(): Md {
  richParser ??= commonMark();
  return richParser;
}
