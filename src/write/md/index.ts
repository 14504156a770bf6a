// The Markdown writer: the document model back to CommonMark + GFM tables + `:::` directives,
// which parses back to the same model.
import type { Block, BlockMap, Document, Inline, InlineMap } from '../../document/model.js';
import type { Writer } from '../types.js';

const INLINE = /[\\`*_[\]()<>&!~|{}#^]/g;
const escape = (text: string) => text.replace(INLINE, '\\$&').replace(/^([-+=:>]|\d+[.)])/, (m) => m.replace(/[-+=:>.)]/, '\\$&'));

/** CommonMark ignores `**` next to inner white space, so spaces move outside the delimiters. */
function delimit(marker: string, text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : text;
}

type InlineHandlers = { [K in keyof InlineMap]: (node: InlineMap[K]) => string };
const inlineHandlers = {
  text: (n) => escape(n.value).replace(/\n/g, ' '),
  strong: (n) => delimit('**', inlines(n.children)),
  emphasis: (n) => delimit('*', inlines(n.children)),
  code: (n) => {
    const fence = n.value.includes('`') ? '`` ' : '`';
    return `${fence}${n.value}${fence.trim() === '``' ? ' ``' : '`'}`;
  },
  link: (n) => `[${inlines(n.children)}](${n.url.replace(/[()\s]/g, encodeURIComponent)})`,
  crossReference: (n) => `[${inlines(n.children)}](#${encodeURIComponent(n.target)})`,
  footnoteReference: (n) => `[^${n.id}]`,
  break: () => '\\\n',
} satisfies InlineHandlers;

function inlines(nodes: readonly Inline[]): string {
  return nodes.map((n) => (inlineHandlers[n.type] as (node: Inline) => string)(n)).join('');
}

const indent = (text: string, by: string) => text.replace(/\n(?!\n|$)/g, `\n${by}`);

/** A directive's fence must be longer than any fence inside it, or the inner close ends it. */
function fence(children: readonly Block[]): string {
  const depth = (nodes: readonly Block[]): number =>
    Math.max(0, ...nodes.map((n) => (n.type === 'cover' || n.type === 'callout' ? 1 + depth(n.children) : n.type === 'list' ? depth(n.items.flatMap((i) => i.children)) : n.type === 'paragraph' && (n.role !== 'body' || n.align) ? 2 : 0)));
  return ':'.repeat(3 + depth(children));
}
const directive = (head: string, children: readonly Block[]) => {
  const f = fence(children);
  return `${f} ${head}\n${blocks(children)}\n${f}`;
};

let coverDepth = 0;

type BlockHandlers = { [K in keyof BlockMap]: (node: BlockMap[K]) => string };
const blockHandlers = {
  heading: (n) => {
    const text = `${'#'.repeat(n.depth)} ${inlines(n.children)} {#${n.id}}`;
    // Headings left out of the contents are written inside a title directive (or the cover).
    return n.toc || coverDepth > 0 ? text : `::: title\n${text}\n:::`;
  },
  paragraph: (n) => {
    const text = inlines(n.children);
    const wrapped = n.role === 'body' ? text : `::: ${n.role}\n${text}\n:::`;
    const f = n.role === 'body' ? ':::' : '::::';
    return n.align === 'center' ? `${f} center\n${wrapped}\n${f}` : wrapped;
  },
  list: (n) =>
    n.items
      .map((item, i) => {
        const marker = n.ordered ? `${n.start + i}. ` : '- ';
        return marker + indent(blocks(item.children), ' '.repeat(marker.length));
      })
      .join('\n'),
  table: (n) => {
    const row = (cells: readonly (readonly Inline[])[]) => `| ${cells.map((c) => inlines(c)).join(' | ')} |`;
    const rule = `|${n.columns.map((c) => (c.align === 'center' ? ':-:' : c.align === 'right' ? '--:' : '---')).join('|')}|`;
    return [row(n.header), rule, ...n.rows.map(row)].join('\n');
  },
  callout: (n) => directive(`callout ${n.variant}${n.title ? ` ${inlines(n.title)}` : ''}`, n.children),
  image: (n) => `![${escape(n.alt)}](${n.src ?? `image.${n.format}`}${n.width ? ` "${n.width}"` : ''})`,
  tableOfContents: (n) => `::: toc ${n.title} depth=${n.maxDepth}\n:::`,
  pageBreak: () => '::: pagebreak\n:::',
  thematicBreak: () => '---',
  cover: (n) => {
    coverDepth++;
    try {
      return directive('cover', n.children);
    } finally {
      coverDepth--;
    }
  },
} satisfies BlockHandlers;

function blocks(nodes: readonly Block[]): string {
  return nodes.map((n) => (blockHandlers[n.type] as (node: Block) => string)(n)).join('\n\n');
}

function footnotes(doc: Document): string {
  return Object.values(doc.footnotes)
    .map((f) => `[^${f.id}]: ${inlines(f.children)}`)
    .join('\n');
}

export const writeMarkdown: Writer = async (doc) => {
  const notes = footnotes(doc);
  const text = `${blocks(doc.blocks)}\n${notes ? `\n${notes}\n` : ''}`;
  return { bytes: new TextEncoder().encode(text), diagnostics: [] };
};
