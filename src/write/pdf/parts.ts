// A document of several bound parts (a combined pack): each part laid out in its own type, its
// notes after it, a blank left-hand page that says so before a part that must start on the right,
// and the running header naming the part each page belongs to. A document without parts is its
// blocks and then its notes.
import type { Block, Inline } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { labelsOf } from '../labels.js';
import { blocks } from './blocks.js';
import { textHeight, textWidth, type Context, type State } from './context.js';
import { fontFamily } from './fonts.js';
import { headingDestination, type PdfNode } from './inlines.js';
import { notes } from './notes.js';
import { styles } from './page.js';
import { artifact, tag } from './tagging.js';
import { eachNode } from './walk.js';

interface Laid {
  readonly content: PdfNode[];
  /** Styles of the parts' own themes, under names of their own. */
  readonly styles: Record<string, PdfNode>;
  /** The parts' heading ids, and (given the pages they start on, after layout) the title of the
   * part a page belongs to: null for a blank left-hand page, undefined before the first part. */
  readonly parts?: {
    readonly headings: ReadonlySet<string>;
    readonly titleAt: (page: number, starts: Readonly<Record<string, number>>) => string | null | undefined;
  };
}

/** `endPage` takes away the space after the last block before a page break (see index.ts). */
export function layParts(ctx: Context, state: State, partThemes: Readonly<Record<string, Theme>> = {}, endPage: (nodes: unknown[]) => void = () => {}): Laid {
  const { doc } = ctx;
  const parts = (doc.metadata.parts ?? []).filter((part) => doc.blocks.some((b) => b.type === 'heading' && b.id === part.heading));
  if (parts.length === 0) return { content: [...blocks(doc.blocks, ctx, state), ...notes(ctx, state)], styles: {} };

  const starts = parts.map((part) => {
    const at = doc.blocks.findIndex((b) => b.type === 'heading' && b.id === part.heading);
    return doc.blocks[at - 1]?.type === 'pageBreak' ? at - 1 : at;
  });
  const content: PdfNode[] = [...blocks(doc.blocks.slice(0, starts[0]), ctx, state), ...notes(ctx, state)];
  endPage(content);
  const extra: Record<string, PdfNode> = {};
  parts.forEach((part, i) => {
    // A fresh walk drops a break before its first block: the part's stack breaks instead.
    const range = doc.blocks.slice(starts[i], starts[i + 1] ?? doc.blocks.length).filter((b, k) => k > 0 || b.type !== 'pageBreak');
    const own = partThemes[part.heading];
    // One size of paper for the whole pack: the part's type and spacing on the document's page.
    const theme: Theme = own ? { ...own, page: ctx.theme.page, pageSize: ctx.theme.pageSize, pdfStandard: ctx.theme.pdfStandard } : ctx.theme;
    const partCtx: Context = { ...ctx, theme, width: textWidth(theme) };
    if (part.blankBefore) content.push(blankPage(labelsOf(doc.metadata).blankPage, ctx.theme));
    const from = state.footnoteOrder.length;
    const body = blocks(range, partCtx, state);
    const nodes = [...body, ...notes(partCtx, state, { from, cited: citedIn(range), parent: headingDestination(part.heading) })];
    endPage(nodes);
    // A part in another language than the pack's is read in its own (a Div with its /Lang).
    const wrapper: PdfNode = part.language ? tag({ stack: nodes, pageBreak: 'before' }, 'Div', { lang: part.language }) : { stack: nodes, pageBreak: 'before' };
    if (theme !== ctx.theme) {
      const suffix = `~part${i + 1}`;
      const partStyles = styles(theme);
      for (const [name, style] of Object.entries(partStyles)) extra[name + suffix] = style;
      renameStyles(nodes, new Set(Object.keys(partStyles)), suffix);
      // The defaults the part's nodes inherit: what the document's defaultStyle is for its own.
      Object.assign(wrapper, { fontSize: theme.size.body, lineHeight: theme.lineHeight, color: theme.colour.text });
      if (theme.font.family !== ctx.theme.font.family || theme.fontFaces !== ctx.theme.fontFaces) wrapper.font = fontFamily(theme.fontFaces, theme.font.family);
    }
    content.push(wrapper);
  });

  const titleAt = (page: number, starts: Readonly<Record<string, number>>): string | null | undefined => {
    let title: string | null | undefined;
    for (const part of parts) {
      const start = starts[part.heading];
      if (start === undefined) continue;
      if (page >= start) title = part.title;
      else if (part.blankBefore && page === start - 1) title = null;
    }
    return title;
  };
  return { content, styles: extra, parts: { headings: new Set(parts.map((p) => p.heading)), titleAt } };
}

/** The words alone on a page, a third of the way down, as printed packs have them. */
function blankPage(words: string, theme: Theme): PdfNode {
  return artifact({ text: words, style: 'small', alignment: 'center', pageBreak: 'before', margin: [0, textHeight(theme) * 0.4, 0, 0] });
}

function renameStyles(nodes: unknown, names: ReadonlySet<string>, suffix: string): void {
  const rename = (name: unknown) => (typeof name === 'string' && names.has(name) ? name + suffix : name);
  eachNode(nodes, (record) => {
    if (typeof record.style === 'string') record.style = rename(record.style);
    else if (Array.isArray(record.style)) record.style = record.style.map(rename);
  });
}

/** The notes a part's blocks cite (a note shared with an earlier part keeps that part's number). */
function citedIn(blocks: readonly Block[]): Set<string> {
  const found = new Set<string>();
  const inline = (nodes: readonly Inline[]): void => {
    for (const node of nodes) {
      if (node.type === 'footnoteReference') found.add(node.id);
      else if ('children' in node) inline(node.children);
    }
  };
  const block = (node: Block): void => {
    switch (node.type) {
      case 'heading':
      case 'paragraph':
        return inline(node.children);
      case 'list':
        return node.items.forEach((item) => item.children.forEach(block));
      case 'table':
        return [...node.header, ...node.rows.flat()].forEach(inline);
      case 'callout':
        inline(node.title ?? []);
        return node.children.forEach(block);
      case 'cover':
        return node.children.forEach(block);
      default:
        return;
    }
  };
  blocks.forEach(block);
  return found;
}
