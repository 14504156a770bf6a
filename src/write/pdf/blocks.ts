// Block nodes become pdfmake content, one handler per node type. The sequence walk adds what
// single handlers cannot see: forced page breaks, the cover's own page, and keeping a heading
// with what follows it.
import type { Block, BlockMap, Heading, ListItem } from '../../document/model.js';
import type { Context, State } from './context.js';
import { textHeight } from './context.js';
import { headingDestination, plainText, richText, type PdfNode } from './inlines.js';
import { image } from './image.js';
import { estimateHeight, firstUnitHeight } from './estimate.js';
import { DROP_AT_TOP, KEEP_LINES, KEEP_ROOM, type KeepRoom } from './keep.js';
import { keptWhole, leadsInto, onOneLine } from '../pagination.js';
import { BREAK_POINT } from './balance.js';
import { callout, table } from './table.js';
import { tableOfContents } from './toc.js';
import { tag } from './tagging.js';
import { coverPlan } from '../cover.js';

type BlockHandler<K extends keyof BlockMap> = (node: BlockMap[K], ctx: Context, state: State) => PdfNode | null;

const BULLETS = ['disc', 'circle', 'square'] as const;

function heading(node: Heading, ctx: Context, state: State): PdfNode {
  const { theme } = ctx;
  // A document's title is a level-1 heading on its cover or kept out of the contents: set in the
  // title size, as the DOCX sets it in its Title style, above the headings' sizes.
  const title = node.depth === 1 && (ctx.inCover || !node.toc);
  const out: PdfNode = tag({
    text: richText(node.children, ctx, state),
    style: title ? 'title' : `h${node.depth}`,
    margin: title ? [0, 0, 0, theme.spacing.headingAfter * 2] : [0, theme.spacing.headingBefore * (node.depth === 1 ? 1.25 : 1), 0, theme.spacing.headingAfter],
  }, `H${node.depth}`);
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
    // A headline or a question with its answer is one unit on one page (keep.ts), as in the DOCX.
    if (keptWhole(node)) out[KEEP_LINES] = true;
    return out;
  },
  list: (node, ctx, state) => {
    const inner: Context = { ...ctx, listDepth: ctx.listDepth + 1, width: ctx.width - ctx.theme.spacing.listIndent };
    // pdfmake gives an empty item no number and numbers the next one as if it were not there; an
    // empty line keeps the count as written (and as Word numbers it).
    const items = node.items.map((item) => {
      const stack = blocks(item.children, inner, state);
      return breakPoint(tag({ stack: stack.length > 0 ? stack : [{ text: ' ' }] }, 'LI'), item, ctx, true);
    });
    const after = ctx.listDepth > 0 ? 0 : ctx.theme.spacing.paragraphAfter;
    const margin = [ctx.listDepth > 0 ? 0 : ctx.theme.spacing.listIndent / 2, 0, 0, after];
    return tag(
      node.ordered ? { ol: items, start: node.start, margin } : { ul: items, type: BULLETS[ctx.listDepth % BULLETS.length], margin },
      'L',
    );
  },
  table,
  // A callout holds blocks: the walk is handed to it, so table.ts need not import this file.
  callout: (node, ctx, state) => callout(node, ctx, state, blocks),
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

function block(node: Block, ctx: Context, state: State): PdfNode | null {
  return (blockHandlers[node.type] as BlockHandler<typeof node.type>)(node, ctx, state);
}

/** A block that runs on below the one before it (a heading, cover or page break starts anew). */
const flows = (node: Block): boolean => node.type !== 'heading' && node.type !== 'cover' && node.type !== 'pageBreak';

/** Room for the blocks from `at` to bring their first lines: headings there with what they introduce. */
function roomBelow(nodes: readonly Block[], at: number, ctx: Context): number {
  let k = at;
  let headings = 0;
  for (; nodes[k]?.type === 'heading'; k++) headings += estimateHeight(nodes[k]!, ctx);
  const next = nodes[k];
  return headings + (next !== undefined && flows(next) ? firstUnitHeight(next, ctx) : 0);
}

/**
 * Whether the first paragraph of the block at `at` (a paragraph, or a list's first item) is kept
 * with what comes after it, as the DOCX keeps a paragraph it expects on one line right after a
 * heading; and the room for that: the space between and the first lines of what comes after.
 */
function keptAfter(nodes: readonly Block[], at: number, ctx: Context): { chained: boolean; extra: number } {
  const next = nodes[at]!;
  const { theme } = ctx;
  if (next.type === 'list') {
    const inner = { ...ctx, width: ctx.width - theme.spacing.listIndent };
    const first = next.items[0]?.children[0];
    const second = next.items[0]?.children[1] ?? next.items[1]?.children[0];
    if (first?.type !== 'paragraph') return { chained: false, extra: 0 };
    const extra = second ? theme.spacing.listItemAfter + firstUnitHeight(second, inner) : theme.spacing.paragraphAfter + roomBelow(nodes, at + 1, ctx);
    return { chained: onOneLine(first, theme, inner.width), extra };
  }
  const after = nodes[at + 1];
  if (next.type !== 'paragraph' || after === undefined || after.type === 'cover' || after.type === 'pageBreak') return { chained: false, extra: 0 };
  return { chained: onOneLine(next, theme, ctx.width) || leadsInto(next, after), extra: theme.spacing.paragraphAfter + roomBelow(nodes, at + 1, ctx) };
}

/**
 * The room a block kept with what follows keeps for the first lines of the block at `at` (keep.ts
 * measures it). Below a heading, a one-line block brings the one after it too (`chain`), as the
 * DOCX keeps such a paragraph with the next; below a headline it brings only itself, as in the DOCX.
 */
function keepRoom(nodes: readonly Block[], at: number, ctx: Context, limit: number, chain: boolean): KeepRoom {
  const next = nodes[at]!;
  return {
    whole: next.type === 'paragraph' && keptWhole(next),
    ...(chain ? keptAfter(nodes, at, ctx) : { chained: false, extra: 0 }),
    estimate: firstUnitHeight(next, ctx),
    ...(next.type === 'table' ? { table: tableStart(next, ctx) } : {}),
    limit,
  };
}

/** The spacers around a block kept with what follows: the first takes the room, the second gives it back. */
function kept(block: PdfNode[], keep: KeepRoom): [PdfNode, PdfNode] {
  return [
    { stack: [...block, { canvas: [], margin: [0, keep.estimate, 0, 0], [KEEP_ROOM]: { keep, sign: 1 } }], unbreakable: true },
    { canvas: [], margin: [0, -keep.estimate, 0, 0], [KEEP_ROOM]: { keep, sign: -1 } },
  ];
}

/** What keep.ts needs to measure a table's first rows (table.ts sets the table so). */
function tableStart(node: Block & { type: 'table' }, ctx: Context): NonNullable<KeepRoom['table']> {
  const pad = ctx.theme.spacing.tableCellPadding;
  const weights = (node.columns.length > 0 ? node.columns : [{ weight: 1 }]).map((c) => (c.weight > 0 ? c.weight : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    rows: node.header.length > 0 ? 2 : 1,
    fractions: weights.map((w) => w / total),
    // Padding on both sides, half of each rule between columns, the whole of the outer ones (0.5 pt).
    reserved: weights.map((_, c) => 2 * (pad + 1) + (c === 0 || c === weights.length - 1 ? (weights.length === 1 ? 1 : 0.75) : 0.5)),
    perRow: 2 * pad + 0.5,
    above: 2,
  };
}

/**
 * A block or list item a page may start before: marked with its address when it is a place to
 * break (`candidate`), or given the break when the layout before found it should start a page.
 */
function breakPoint(node: PdfNode, source: Block | ListItem, ctx: Context, candidate: boolean): PdfNode {
  return pageStart(node, ctx.addresses.get(source), ctx, candidate);
}

/** The same for a node the writer makes of its own (a note), by an address of its own. */
export function pageStart(node: PdfNode, address: string | undefined, ctx: Context, candidate: boolean): PdfNode {
  if (address === undefined) return node;
  if (ctx.breaks.has(address)) return withBreakBefore(node);
  if (candidate) node[BREAK_POINT] = address;
  return node;
}

/** A paragraph that introduces what follows it ("The delegation will:"): the list after it stays with it. */
const introduces = (node: Block | undefined): boolean => node?.type === 'paragraph' && /:\s*$/.test(plainText(node.children));

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
  // `source` is the block the node is, when a page may start before it (`candidate`).
  const push = (node: PdfNode | null, source?: Block, candidate = false) => {
    if (node === null) return;
    const placed = breakPending && out.length > 0 ? withBreakBefore(node) : source ? breakPoint(node, source, ctx, candidate && out.length > 0) : node;
    out.push(placed);
    breakPending = false;
  };
  const keepLimit = textHeight(ctx.theme) * 0.4;
  // The room the block before keeps for this one's first lines (a heading's, a headline's).
  let heldFor: KeepRoom | undefined;
  // The block after a one-line paragraph kept with it below a heading: no page starts before it.
  let chained = false;
  /** Whether the block at `k` is a headline kept with the detail after it (small enough to keep whole). */
  const leads = (k: number): boolean => !ctx.inCover && nodes[k] !== undefined && leadsInto(nodes[k]!, nodes[k + 1]) && estimateHeight(nodes[k]!, ctx) < keepLimit;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'pageBreak') {
      breakPending = true;
    } else if (node.type === 'cover') {
      if (out.length > 0) breakPending = true;
      const plan = coverPlan(node.children, ctx.theme);
      const inCover = { ...ctx, inCover: true };
      const top = blocks(plan.top, inCover, state);
      const details = blocks(plan.details, inCover, state);
      if (details.length > 0) top.push({ stack: details, margin: [0, plan.between, 0, 0] });
      push({ stack: top, margin: [0, plan.before, 0, 0] });
      breakPending = true;
    } else if (node.type === 'heading' && !ctx.inCover) {
      // Keep a heading off the foot of a page: headings travel with room for the first lines of
      // what follows (keep.ts measures them as it lays them out), and that block is drawn back up
      // into the room. One layout, where asking pdfmake to break before a heading re-laid out the
      // whole document for every heading it moved.
      let end = i;
      while (nodes[end + 1]?.type === 'heading') end++;
      // A headline or a question right below goes along whole, with room for its detail's first lines.
      if (leads(end + 1)) end++;
      const run = nodes.slice(i, end + 1).map((h) => block(h, ctx, state)!);
      // Word and LibreOffice put the larger of one paragraph's space after and the next one's
      // space before between them, not the sum that pdfmake's margins give. The DOCX's headings
      // count the space after a block above in their space before (docx/styles.ts), so below a
      // block a heading's space adds to it here; below another heading the two collapse.
      run.forEach((h, k) => collapseTop(h, k === 0 ? 0 : bottomMargin(run[k - 1])));
      // At the top of a page reached by a natural break, Word and LibreOffice set no space before it.
      const before = (run[0]!.margin as number[] | undefined)?.[1];
      if (out.length > 0 && !breakPending && before) run[0]![DROP_AT_TOP] = before;
      const next = nodes[end + 1];
      i = end;
      if (next === undefined || next.type === 'cover' || next.type === 'pageBreak') {
        run.forEach((h) => push(h));
        continue;
      }
      // A paragraph the DOCX expects on one line is kept with the block after it too, so the
      // heading has two lines of text below it in both formats.
      const keep = keepRoom(nodes, end + 1, ctx, keepLimit, nodes[end]!.type === 'heading');
      const [held, back] = kept(run, keep);
      push(held, node, true);
      push(back);
      heldFor = keep;
    } else if (leads(i) && !heldFor) {
      // A headline or a question with its answer, and the detail that goes on from it: kept
      // together as a heading with its text, in both formats (the DOCX keeps it with the next).
      const keep = keepRoom(nodes, i + 1, ctx, keepLimit, false);
      const [held, back] = kept([block(node, ctx, state)!], keep);
      push(held, node, !chained && !introduces(nodes[i - 1]));
      push(back);
      chained = false;
      heldFor = keep;
      continue;
    } else {
      push(block(node, ctx, state), node, !heldFor && !chained && !introduces(nodes[i - 1]));
      // The block a heading keeps room for: measured as it is laid out.
      if (heldFor) heldFor.next = out.at(-1);
      chained = heldFor?.chained === true;
    }
    if (node.type !== 'heading') heldFor = undefined;
  }
  return out;
}
