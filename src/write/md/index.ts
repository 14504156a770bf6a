// The Markdown writer: the document model back to CommonMark + GFM tables + footnotes + `:::`
// directives, which parses back to the same model.
import type { Block, BlockMap, Document, Inline, InlineMap } from '../../document/model.js';
import type { Writer } from '../types.js';

const INLINE = /[\\`*_[\]()<>&!~|{}#^]/g;
const escape = (text: string) => text.replace(INLINE, '\\$&').replace(/^([-+=:>]|\d+[.)])/, (m) => m.replace(/[-+=:>.)]/, '\\$&'));

/** Where inlines are written: a table cell splits at any `|`, even one inside code. */
interface InlineWhere {
  readonly inTable: boolean;
  /** Inside `*` delimiters: a directly nested emphasis uses `_`, or `**foo**` would read as strong. */
  readonly inStar: boolean;
  /** This node's delimiters are `_`/`__` rather than `*`/`**`. */
  readonly underscore?: boolean;
}
const LINE: InlineWhere = { inTable: false, inStar: false };

/** CommonMark ignores `**` next to inner white space, so spaces move outside the delimiters. */
function delimit(marker: string, text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : text;
}

/** A code span: a backtick run no run inside matches, padded where CommonMark would strip. */
function codeSpan(value: string, where: InlineWhere): string {
  const text = value.replace(/\n/g, ' ');
  if (text === '') return '';
  const runs = new Set((text.match(/`+/g) ?? []).map((r) => r.length));
  let n = 1;
  while (runs.has(n)) n++;
  const fence = '`'.repeat(n);
  const pad = /^`|`$/.test(text) || (/^ [\s\S]* $/.test(text) && /[^ ]/.test(text)) ? ' ' : '';
  const body = where.inTable ? text.replace(/\|/g, '\\|') : text;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** White space where a line starts or ends is dropped by the parser (or indents code): as entities it stays. */
const entities = (space: string) => [...space].map((c) => `&#${c.codePointAt(0)};`).join('');
const keepEdges = (line: string) =>
  line
    .replace(/^[ \t]+/, entities)
    .replace(/[ \t]+$/, entities)
    .replace(/(\\\n)([ \t]+)/g, (_, br: string, space: string) => br + entities(space))
    .replace(/[ \t]+(?=\\\n)/g, entities);

type InlineHandlers = { [K in keyof InlineMap]: (node: InlineMap[K], where: InlineWhere) => string };
const inlineHandlers = {
  // A line break inside text (`&#10;` in the source) would end the line: it goes back as it came.
  text: (n) => escape(n.value).replace(/[\r\n]/g, entities),
  strong: (n, where) => delimit(where.underscore ? '__' : '**', inlines(n.children, { inTable: where.inTable, inStar: !where.underscore })),
  emphasis: (n, where) => delimit(where.underscore ? '_' : '*', inlines(n.children, { inTable: where.inTable, inStar: !where.underscore })),
  code: (n, where) => codeSpan(n.value, where),
  link: (n, where) => `[${inlines(n.children, where)}](${n.url.replace(/[()\s<>]/g, encodeURIComponent)})`,
  crossReference: (n, where) => `[${inlines(n.children, where)}](#${encodeURIComponent(n.target)})`,
  footnoteReference: (n) => `[^${n.id}]`,
  break: () => '\\\n',
} satisfies InlineHandlers;

function inlines(nodes: readonly Inline[], where: InlineWhere = LINE): string {
  const write = (n: Inline, underscore: boolean) => (inlineHandlers[n.type] as (node: Inline, where: InlineWhere) => string)(n, { ...where, underscore });
  // `_` where `*` would be misread: an emphasis right inside `*` delimiters (`*_foo_*`, not
  // `**foo**`), and the second of two like nodes side by side (`**a**__b__`, not `**a****b**`).
  const underscore: boolean[] = [];
  nodes.forEach((n, i) => {
    const delimited = n.type === 'strong' || n.type === 'emphasis';
    const afterTwin = nodes[i - 1]?.type === n.type && !underscore[i - 1];
    underscore[i] = delimited && ((n.type === 'emphasis' && where.inStar) || afterTwin);
  });
  const parts = nodes.map((n, i) => write(n, underscore[i]!));
  // `_` opens and closes only where no letter or digit touches it: beside one, `*` is kept.
  const word = /[\p{L}\p{N}]/u;
  nodes.forEach((n, i) => {
    if (underscore[i] && (word.test(parts[i - 1]?.slice(-1) ?? '') || word.test(parts[i + 1]?.[0] ?? ''))) parts[i] = write(n, false);
  });
  return parts.join('');
}

/** A paragraph's or cell's text, its edges kept. */
const line = (nodes: readonly Inline[], where: InlineWhere = LINE) => keepEdges(inlines(nodes, where));

const indent = (text: string, by: string) => text.replace(/\n(?!\n|$)/g, `\n${by}`);

/** A code block: a fence longer than any backtick run at the start of one of its lines. */
function codeBlock(value: string): string {
  const longest = Math.max(2, ...(value.match(/^ {0,3}`+/gm) ?? []).map((r) => r.trim().length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${value}${value ? '\n' : ''}${fence}`;
}

/** The reader makes a code block a paragraph holding one code node; it is written back as one. */
const isCodeBlock = (n: BlockMap['paragraph']) => n.children.length === 1 && n.children[0]!.type === 'code';

/** A directive's fence must be longer than any fence inside it, or the inner close ends it. */
function fence(children: readonly Block[]): string {
  const depth = (nodes: readonly Block[]): number =>
    Math.max(
      0,
      ...nodes.map((n) =>
        n.type === 'cover' || n.type === 'callout'
          ? 1 + depth(n.children)
          : n.type === 'list'
            ? depth(n.items.flatMap((i) => i.children))
            : (n.type === 'paragraph' && (n.role !== 'body' || n.align)) || (n.type === 'heading' && !n.toc)
              ? 2
              : 0,
      ),
    );
  return ':'.repeat(3 + depth(children));
}

interface BlockWhere {
  readonly inCover: boolean;
  /** The block before, at the same level: two lists in a row need different markers or they merge. */
  readonly previous?: Block;
}

const directive = (head: string, children: readonly Block[], where: BlockWhere) => {
  const f = fence(children);
  return `${f} ${head}\n${blocks(children, where)}\n${f}`;
};

type BlockHandlers = { [K in keyof BlockMap]: (node: BlockMap[K], where: BlockWhere) => string };
const blockHandlers = {
  heading: (n, where) => {
    const text = `${'#'.repeat(n.depth)} ${inlines(n.children)} {#${n.id}}`;
    // Headings left out of the contents are written inside a title directive (or the cover).
    return n.toc || where.inCover ? text : `::: title\n${text}\n:::`;
  },
  paragraph: (n) => {
    const text = isCodeBlock(n) ? codeBlock((n.children[0] as InlineMap['code']).value) : line(n.children);
    const wrapped = n.role === 'body' ? text : `::: ${n.role}\n${text}\n:::`;
    const f = n.role === 'body' ? ':::' : '::::';
    return n.align === 'center' ? `${f} center\n${wrapped}\n${f}` : wrapped;
  },
  list: (n, where) => {
    const previous = where.previous;
    const alternate = previous?.type === 'list' && previous.ordered === n.ordered;
    return n.items
      .map((item, i) => {
        const marker = n.ordered ? `${n.start + i}${alternate ? ')' : '.'} ` : alternate ? '+ ' : '- ';
        const body = blocks(item.children, { inCover: where.inCover });
        return body ? marker + indent(body, ' '.repeat(marker.length)) : marker.trimEnd();
      })
      .join('\n');
  },
  table: (n) => {
    const row = (cells: readonly (readonly Inline[])[]) => `| ${cells.map((c) => line(c, { inTable: true, inStar: false })).join(' | ')} |`;
    const rule = `|${n.columns.map((c) => (c.align === 'center' ? ':-:' : c.align === 'right' ? '--:' : '---')).join('|')}|`;
    return [row(n.header), rule, ...n.rows.map(row)].join('\n');
  },
  callout: (n, where) =>
    // An empty quote is a callout the directive would leave out.
    n.children.length === 0 && n.variant === 'note' && !n.title
      ? '>'
      : directive(`callout ${n.variant}${n.title ? ` ${inlines(n.title)}` : ''}`, n.children, { inCover: where.inCover }),
  image: (n) => `![${escape(n.alt)}](${(n.src ?? `image.${n.format}`).replace(/[()\s<>]/g, encodeURIComponent)}${n.width ? ` "${n.width}"` : ''})`,
  tableOfContents: (n) => `::: toc ${escape(n.title)} depth=${n.maxDepth}\n:::`,
  pageBreak: () => '::: pagebreak\n:::',
  // Not `---`: under a list marker (`- ---`) that is a rule of its own, and under a line a heading.
  thematicBreak: () => '***',
  cover: (n) => directive('cover', n.children, { inCover: true }),
} satisfies BlockHandlers;

function blocks(nodes: readonly Block[], where: BlockWhere): string {
  return nodes
    .map((n, i) => (blockHandlers[n.type] as (node: Block, where: BlockWhere) => string)(n, { inCover: where.inCover, ...(i > 0 ? { previous: nodes[i - 1] } : {}) }))
    .join('\n\n');
}

/** `[^id]: ` then the note's blocks, its later lines indented to stay inside the note. */
function footnotes(doc: Document): string {
  return Object.values(doc.footnotes)
    .map((f) => {
      const body = blocks(f.children, { inCover: false });
      return body ? `[^${f.id}]: ${indent(body, '    ')}` : `[^${f.id}]:`;
    })
    .join('\n\n');
}

export const writeMarkdown: Writer = async (doc) => {
  const notes = footnotes(doc);
  const text = `${blocks(doc.blocks, { inCover: false })}\n${notes ? `\n${notes}\n` : ''}`;
  return { bytes: new TextEncoder().encode(text), diagnostics: [] };
};
