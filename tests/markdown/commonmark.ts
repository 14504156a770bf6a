// The CommonMark spec's examples (the commonmark-spec package, 0.31.2) and what the checks of
// commonmark.test.ts compare: the text a reader sees, and the model with what only a layout needs
// left out.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Block, Document, Inline } from '../../src/document/model.js';
import { toDocument, type ImageResolver } from '../../src/markdown/index.js';

export interface Example {
  readonly number: number;
  readonly section: string;
  readonly markdown: string;
  readonly html: string;
}

// The spec writes tabs as → so that they can be seen.
export const EXAMPLES: readonly Example[] = (createRequire(import.meta.url)('commonmark-spec') as { tests: Example[] }).tests.map((e) => ({
  ...e,
  markdown: e.markdown.replace(/→/g, '\t'),
  html: e.html.replace(/→/g, '\t'),
}));

/** Each check's examples that by design do not pass it, by number or whole section, with the reason. */
export const CHECKS = ['text', 'roundtrip'] as const;
export type Check = (typeof CHECKS)[number];
interface Listed {
  readonly sections: Record<string, string>;
  readonly examples: Record<string, string>;
}
export type Unsupported = { readonly about: string } & { readonly [C in Check]: Listed };
export const UNSUPPORTED = JSON.parse(readFileSync(new URL('../fixtures/commonmark/unsupported.json', import.meta.url), 'utf8')) as Unsupported;

export function listed(check: Check, example: Example): string | undefined {
  const list = UNSUPPORTED[check];
  return list.examples[String(example.number)] ?? list.sections[example.section];
}

// Any image the spec names reads as a 1×1 picture: the writers lay it out, the checks read its alt text.
const PNG_1x1 = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
const resolveImage: ImageResolver = () => ({ data: PNG_1x1, format: 'png', pixelWidth: 1, pixelHeight: 1 });
const metadata = { title: 'CommonMark', language: 'en', created: new Date(0) };

export const read = (markdown: string): Document => toDocument(markdown, { metadata, sourceName: 'spec.md', resolveImage }).document;

/** The model without what differs by where it was read (lines) or is derived (column weights, bytes). */
export const comparable = (doc: Document): unknown =>
  JSON.parse(JSON.stringify({ blocks: doc.blocks, footnotes: doc.footnotes }, (key, v) => (key === 'source' || key === 'data' || key === 'weight' ? undefined : v)));

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function inlineText(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.value : n.type === 'break' ? '\n' : n.type === 'footnoteReference' ? '' : inlineText(n.children))).join('');
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return inlineText(block.children);
    case 'list':
      return block.items.map((item) => item.children.map(blockText).join('\n')).join('\n');
    case 'callout':
      return [block.title ? inlineText(block.title) : '', ...block.children.map(blockText)].join('\n');
    case 'cover':
      return block.children.map(blockText).join('\n');
    case 'table':
      return [block.header, ...block.rows].map((row) => row.map(inlineText).join('\n')).join('\n');
    case 'image':
      return block.alt;
    case 'tableOfContents':
      return block.title;
    default:
      return '';
  }
}

/** The text a reader sees in the model, white space folded. */
export const modelText = (doc: Document): string => squash(doc.blocks.map(blockText).join('\n'));

// Block elements end a line; inline ones (em, strong, code, a) sit inside the text.
const BLOCK_TAG = /<\/?(p|h[1-6]|ul|ol|li|blockquote|pre|hr|br|table|thead|tbody|tr|th|td)\b[^>]*>/g;
const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&ouml;': 'ö' };

/** The text a browser shows of the spec's HTML: tags gone, an image's alt text in its place, white space folded. */
export const htmlText = (html: string): string =>
  squash(
    html
      .replace(/<img [^>]*?alt="([^"]*)"[^>]*>/g, '$1')
      .replace(BLOCK_TAG, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&[a-z]+;/g, (e) => ENTITIES[e] ?? e),
  );
