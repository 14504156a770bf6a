// Block nodes become pdfmake content, one handler per node type. The sequence walk adds what
// single handlers cannot see: forced page breaks, the cover's own page, and keeping a heading
// with what follows it.
import type { Block, BlockMap, Heading } from '../../document/model.js';
import type { Context, State } from './context.js';
import { textHeight } from './context.js';
import { KEEP_LINES } from './keep.js';
import { keptWhole } from '../pagination.js';
import { headingDestination, plainText, richText, type PdfNode } from './inlines.js';
import { image } from './image.js';
import { callout, table } from './table.js';
import { tableOfContents } from './toc.js';

type BlockHandler<K extends keyof BlockMap> = (node: BlockMap[K], ctx: Context, state: State) => PdfNode | null;

const BULLETS = ['disc', 'circle', 'square'] as const;

function heading(node: Heading, ctx: Context, state: State): PdfNode {
  const { theme } = ctx;
  // A document's title is a level-1 heading on its cover or kept out of the contents: set in the
  // title size, as the DOCX sets it in its Title style, above the headings' sizes.
  const title = node.depth === 1 && (ctx.inCover || !node.toc);
  const out: PdfNode = {
    text: richText(node.children, ctx, state),
    style: title ? 'title' : `h${node.depth}`,
    margin: title ? [0, 0, 0, theme.spacing.headingAfter * 2] : [0, theme.spacing.headingBefore * (node.depth === 1 ? 1.25 : 1), 0, theme.spacing.headingAfter],
  };
  // pdfmake throws on a repeated id; the reader should prevent it, but a writer must not crash.
  if (state.usedIds.has(node.id)) {
    state.diagnostics.push({
      code: 'DuplicateId',
      severity: 'warning',
      message: `Heading id '${node.id}' is used twice; links go to the first.`,
      source: node.source,
    });
    return out;
  }
  state.usedIds.add(node.id);
  out.id = headingDestination(node.id);
  if (node.toc && !ctx.inCover) {
    const parents = state.outlineParents;
    parents.length = node.depth - 1;
    const parent = [...parents].reverse().find((id) => id !== undefined);
    parents[node.depth - 1] = headingDestination(node.id);
    out.outline = true;
    out.outlineText = plainText(node.children);
    if (parent !== undefined) out.outlineParentId = parent;
  }
  return out;
}

const blockHandlers = {
  heading,
  paragraph: (node, ctx, state) => {
    const out: PdfNode = { text: richText(node.children, ctx, state), style: ctx.inNote && node.role === 'body' ? 'note' : node.role };
    if (node.align) out.alignment = node.align;
    if (ctx.listDepth > 0) out.margin = [0, 0, 0, ctx.theme.spacing.listItemAfter];
    if (keptWhole(node)) out[KEEP_LINES] = true;
    return out;
  },
  list: (node, ctx, state) => {
    const inner: Context = { ...ctx, listDepth: ctx.listDepth + 1, width: ctx.width - ctx.theme.spacing.listIndent };
    // pdfmake gives an empty item no number and numbers the next one as if it were not there; an
    // empty line keeps the count as written (and as Word numbers it).
    const items = node.items.map((item) => {
      const stack = blocks(item.children, inner, state);
      return { stack: stack.length > 0 ? stack : [{ text: ' ' }] };
    });
    const after = ctx.listDepth > 0 ? 0 : ctx.theme.spacing.paragraphAfter;
    const margin = [ctx.listDepth > 0 ? 0 : ctx.theme.spacing.listIndent / 2, 0, 0, after];
    return node.ordered
      ? { ol: items, start: node.start, margin }
      : { ul: items, type: BULLETS[ctx.listDepth % BULLETS.length], margin };
  },
  table,
  callout,
  image,
  tableOfContents,
  // Both are handled by the sequence walk, which knows what comes next.
  pageBreak: () => null,
  cover: () => null,
  thematicBreak: (_node, ctx) => ({
    canvas: [{ type: 'line', x1: 0, y1: 0, x2: ctx.width, y2: 0, lineWidth: 0.6, lineColor: ctx.theme.colour.tableBorder }],
    margin: [0, 6, 0, 12],
  }),
} satisfies { [K in Block['type']]: BlockHandler<K> };

/** The node types this writer handles; a test pins it to the model's union. */
export type HandledBlockType = keyof typeof blockHandlers;

export function block(node: Block, ctx: Context, state: State): PdfNode | null {
  return (blockHandlers[node.type] as BlockHandler<typeof node.type>)(node, ctx, state);
}

function withBreakBefore(node: PdfNode): PdfNode {
  return node.pageBreak === undefined ? { ...node, pageBreak: 'before' } : { stack: [node], pageBreak: 'before' };
}

function bottomMargin(node: PdfNode | undefined): number {
  const margin = node?.margin as unknown;
  return Array.isArray(margin) && margin.length === 4 && !node?.pageBreak ? Number(margin[3]) || 0 : 0;
}

function collapseTop(node: PdfNode, above: number): void {
  const margin = node.margin as unknown;
  if (Array.isArray(margin) && margin.length === 4) node.margin = [margin[0], Math.max(0, Number(margin[1]) - above), margin[2], margin[3]];
}

/** Blocks in order, with page breaks, the cover page and keep-with-next applied. */
export function blocks(nodes: readonly Block[], ctx: Context, state: State): PdfNode[] {
  const out: PdfNode[] = [];
  let breakPending = false;
  const kept: { keep: { next: PdfNode[] }; from: number }[] = [];
  const push = (node: PdfNode | null) => {
    if (node === null) return;
    out.push(breakPending && out.length > 0 ? withBreakBefore(node) : node);
    breakPending = false;
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'pageBreak') {
      breakPending = true;
    } else if (node.type === 'cover') {
      if (out.length > 0) breakPending = true;
      const cover = blocks(node.children, { ...ctx, inCover: true }, state);
      push({ stack: cover, margin: [0, textHeight(ctx.theme) * 0.12, 0, 0] });
      breakPending = true;
    } else if (node.type === 'heading' && !ctx.inCover) {
      // A heading stays with at least two lines of what follows it (keepNext in the DOCX): it
      // records the blocks after it, and pageBreakBefore in index.ts moves it on when fewer of
      // their lines share its page. headlineLevel is the one key of ours pdfmake hands to
      // pageBreakBefore: it numbers the heading's record.
      const h = block(node, ctx, state)!;
      // Word and LibreOffice put the larger of one paragraph's space after and the next one's
      // space before between them, not the sum that pdfmake's margins give: collapse likewise,
      // or the PDF runs a tenth longer than the DOCX.
      collapseTop(h, bottomMargin(out[out.length - 1]));
      const keep = { next: [] as PdfNode[] };
      h.headlineLevel = state.keeps.push(keep);
      push(h);
      kept.push({ keep, from: out.length });
    } else {
      push(block(node, ctx, state));
    }
  }
  // Enough blocks to find two lines in; the rule is checked in order and stops at the second line.
  for (const { keep, from } of kept) keep.next.push(...out.slice(from, from + 6));
  // Enough blocks to find two lines in; the rule is checked in order and stops at the second line.
  for (const { keep, from } of kept) keep.next.push(...out.slice(from, from + 6));
  return out;
}
