// A document's keywords: the topics it prints. Read from the document model, not the view, because
// the template decides what prints: a topic whose items all stay out of a public document, or that
// only names the document in its title, is not what the document is about.
import type { Block, BlockMap, Document, Inline } from '../../document/model.js';

type Handler<K extends keyof BlockMap> = (block: BlockMap[K]) => string;

const inlines = (children: readonly Inline[] | undefined): string =>
  (children ?? []).map((c) => ('value' in c ? c.value : 'children' in c ? inlines(c.children) : c.type === 'break' ? '\n' : '')).join('');
const blocks = (list: readonly Block[]): string => list.map(text).join('\n');

const handlers = {
  // A title-block heading ("Non-paper: <focus>") names the request, not what was found for it.
  heading: (b) => (b.toc ? inlines(b.children) : ''),
  paragraph: (b) => inlines(b.children),
  list: (b) => b.items.map((item) => blocks(item.children)).join('\n'),
  table: (b) => [b.header, ...b.rows].map((row) => row.map(inlines).join('\n')).join('\n'),
  callout: (b) => `${inlines(b.title)}\n${blocks(b.children)}`,
  image: () => '',
  tableOfContents: () => '',
  pageBreak: () => '',
  thematicBreak: () => '',
  // The title page repeats the title and focus; the body says what the document covers.
  cover: () => '',
} satisfies { [K in keyof BlockMap]: Handler<K> };

function text(block: Block): string {
  return (handlers[block.type] as Handler<typeof block.type>)(block as never);
}

/** The text the document prints outside its title block and title page. */
export function bodyText(document: Document): string {
  return blocks(document.blocks);
}

/** Titles of the topics (in the pack's order) that the document prints outside its title. */
export function printedTopics(document: Document, topicTitles: readonly string[]): string[] {
  const body = bodyText(document);
  return topicTitles.filter((title) => body.includes(title));
}
