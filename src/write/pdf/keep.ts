// Widow and orphan control for pdfmake, which has none: it lays a paragraph's lines out one by one
// and breaks the page wherever the next line no longer fits, leaving a single first line at the
// foot of a page or a single last line at the top of the next. Word and LibreOffice keep at least
// two lines of a paragraph on each side of a break (`widowControl`) and keep a paragraph marked
// `keepLines` whole: the PDF follows the same rules, so both formats break pages alike.
//
// pdfmake's LayoutBuilder.processLeaf is extended, as fonts.ts extends provideFont: the lines of a
// paragraph are built first (the width does not change between pages), a plan says before which
// lines a new page must start, and pdfmake's own processLeaf then lays the lines out, moving to a
// new page where the plan says. Blocks pdfmake keeps whole by itself (unbreakable stacks, table
// rows kept together) are left to it.
import { MIN_LINES } from '../pagination.js';
import { pdfmakePrototype } from './vendor.js';

/** Set on a pdfmake text node: keep the whole paragraph on one page when it fits on one. */
export const KEEP_LINES = 'briefpackKeepLines';
/**
 * Set on a heading's pdfmake node to its space before when that space goes at the top of a page
 * the heading reaches by a natural page break, as Word and LibreOffice drop it there (a page
 * begun by a page break keeps it, as they keep it).
 */
export const DROP_AT_TOP = 'briefpackDropAtTop';
/** Set on the spacers around a heading kept with what follows (blocks.ts): the room they keep, measured as laid out. */
export const KEEP_ROOM = 'briefpackKeepRoom';

/**
 * The room a heading keeps below it for what follows, decided when pdfmake lays it out: the first
 * lines of the block after, broken into lines by pdfmake itself (so a heading moves on exactly when
 * the DOCX's `keepNext` with `widowControl` moves it), or `estimate` for a block whose lines cannot
 * be had before it is laid out (a table, a callout).
 */
export interface KeepRoom {
  /** The pdfmake node of the block after the heading, once it is made. */
  next?: object;
  /** Whether that block brings all of its lines (a paragraph kept whole). */
  whole: boolean;
  /** Whether it is kept with the block after it (a paragraph the DOCX expects on one line). */
  chained: boolean;
  /** Room below that block for the first lines of the one after it (with the space between), when the two are kept together. */
  extra: number;
  estimate: number;
  /**
   * For a table: the rows pdfmake keeps together at its start (the header and the first row), each
   * column's width as pdfmake reckons a '%' width (that fraction of the width, less the column's
   * padding and rules), and what a row adds to its tallest cell (padding, rule) and the table to its rows (its space above).
   */
  table?: { rows: number; fractions: number[]; reserved: number[]; perRow: number; above: number };
  limit: number;
  /** The room, once measured: the spacer after the heading's block takes it back. */
  measured?: number;
}

interface Line {
  getHeight(): number;
}
interface Context {
  y: number;
  availableWidth: number;
  availableHeight: number;
  pageMargins: { top: number; bottom: number };
  getCurrentPage(): { pageSize: { height: number } } | null;
  inSnakingColumns?(): boolean;
}
interface Writer {
  transactionLevel: number;
  repeatables: { height: number }[];
  context(): Context;
  addLine(line: Line, ...rest: unknown[]): unknown;
  moveToNextPage(orientation?: unknown): void;
}
interface LeafNode {
  _inlines?: object[];
  _margin?: number[] | null;
  _gapSize?: { width: number };
  ol?: { stack?: LeafNode[] }[];
  table?: { body?: LeafNode[][] };
  ul?: { stack?: LeafNode[] }[];
  [KEEP_ROOM]?: { keep: KeepRoom; sign: 1 | -1 };
  maxHeight?: number;
  pageOrientation?: unknown;
  [KEEP_LINES]?: boolean;
}
interface Builder {
  writer: Writer;
  processLeaf(node: LeafNode): void;
  processNode(node: LeafNode): void;
  buildNextLine(node: LeafNode): Line | null;
}

/**
 * Indexes of the lines that must start a new page: a paragraph of `heights` laid out from a point
 * with `first` points left on the page (`atTop` when nothing is above it on the page), and `full`
 * points on each later page.
 */
export function pageStarts(heights: readonly number[], first: number, full: number, atTop: boolean, keepWhole = false): number[] {
  const n = heights.length;
  const starts: number[] = [];
  let available = first;
  let top = atTop;
  let s = 0;
  while (s < n) {
    let k = 0;
    let used = 0;
    while (s + k < n && used + heights[s + k]! <= available + 0.01) used += heights[s + k++]!;
    if (s + k >= n) break;
    // The part on this page must hold two lines (all of them when kept whole and it fits a page)…
    const whole = keepWhole && s === 0 && heights.reduce((a, b) => a + b, 0) <= full;
    const need = whole ? n : Math.min(MIN_LINES, n - s);
    // …and leave two for the next page.
    if (n - s - k < MIN_LINES) k = Math.max(0, n - s - MIN_LINES);
    // At the top of a page nothing is gained by moving on: take what fits.
    if (k < need) k = top ? Math.max(k, 1) : 0;
    if (k === 0) {
      if (starts.at(-1) !== s) starts.push(s);
    } else {
      s += k;
      starts.push(s);
    }
    available = full;
    top = true;
  }
  return starts;
}

/** The paragraph being laid out by plan: its lines, the indexes that start a page, the next to hand over. */
let active: { node: LeafNode; lines: Line[]; starts: Set<number>; next: number } | undefined;

/** How many of a paragraph's `n` lines must stay with a heading above it: two, all of three (two and one may not part). */
const linesKept = (n: number, whole: boolean): number => (whole || n <= MIN_LINES + 1 ? n : MIN_LINES);

/** Adds the rules to pdfmake's layout, once, as this module loads (as wrap.ts does). */
function installLineKeeping(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Builder>('pdfmake/js/LayoutBuilder.js', ['processLeaf', 'buildNextLine', 'processNode']);
  const processLeaf = proto.processLeaf;
  const buildNextLine = proto.buildNextLine;
  const processNode = proto.processNode;

  /** The heights of a measured text node's lines at the current width less `less`, leaving the node as it was. */
  const lineHeights = (builder: Builder, node: LeafNode, less: number): number[] | undefined => {
    const saved = node._inlines;
    if (!Array.isArray(saved)) return undefined;
    const context = builder.writer.context();
    node._inlines = saved.map((inline) => ({ ...inline }));
    context.availableWidth -= less;
    const heights: number[] = [];
    try {
      for (let line = buildNextLine.call(builder, node); line; line = buildNextLine.call(builder, node)) heights.push(line.getHeight());
    } finally {
      node._inlines = saved;
      context.availableWidth += less;
    }
    return heights;
  };
  /** The room for the first lines of what follows a heading, measured where that can be done. */
  const measure = (builder: Builder, keep: KeepRoom): number => {
    const next = keep.next as LeafNode | undefined;
    let heights: number[] | undefined;
    // A block of one line brings one line: what follows it comes too, as in the DOCX.
    let oneLine = false;
    if (next && Array.isArray(next._inlines)) {
      heights = lineHeights(builder, next, 0);
      oneLine = heights?.length === 1;
    }
    else if (next && (next.ol ?? next.ul)) {
      // A list's first item: its text stands in from the list's left margin by the marker's width.
      const first = (next.ol ?? next.ul)![0]?.stack?.[0];
      if (first) heights = lineHeights(builder, first, (next._margin?.[0] ?? 0) + (next._gapSize?.width ?? 0));
      oneLine = heights?.length === 1;
    }
    if (next?.table?.body && keep.table) {
      // A table's first rows, each as tall as its tallest cell broken into lines at its column's width.
      const { rows, fractions, reserved, perRow, above } = keep.table;
      const width = builder.writer.context().availableWidth;
      let total = above;
      for (const row of next.table.body.slice(0, rows)) {
        const cells = row.map((cell, c) => lineHeights(builder, cell, width - (width * (fractions[c] ?? 0) - (reserved[c] ?? 0))));
        if (cells.some((h) => h === undefined)) return Math.min(keep.estimate, keep.limit);
        total += Math.max(0, ...cells.map((h) => h!.reduce((a, b) => a + b, 0))) + perRow;
      }
      return Math.min(total, keep.limit);
    }
    if (!heights || heights.length === 0) return Math.min(keep.estimate, keep.limit);
    const chained = (keep.chained || oneLine) && keep.extra > 0;
    const kept = heights.slice(0, linesKept(heights.length, keep.whole || chained)).reduce((a, b) => a + b, 0);
    return Math.min(kept + (chained ? keep.extra : 0), keep.limit);
  };
  proto.processNode = function (this: Builder, node: LeafNode): void {
    const spacer = node[KEEP_ROOM];
    if (spacer) {
      // The spacer in the heading's block takes the room; the one after that block gives it back.
      const { keep, sign } = spacer;
      const room = keep.measured ?? (keep.measured = measure(this, keep));
      node._margin = [0, sign * room, 0, 0];
    }
    processNode.call(this, node);
  };
  // The methods are replaced once, on the prototype: per-paragraph properties on pdfmake's objects
  // (set, then deleted) made V8 treat them as dictionaries, slowing all of the layout after.
  proto.buildNextLine = function (this: Builder, node: LeafNode): Line | null {
    if (active?.node !== node) return buildNextLine.call(this, node);
    const index = active.next++;
    const line = active.lines[index] ?? null;
    // pdfmake moves a line to a new page when it finds too little room for it: for a line that
    // must start a page, the room it finds is made nil, so the move is pdfmake's own (inside a
    // table cell it has more to do than move). At the top of a page it does not move, nor is it asked to.
    const context = this.writer.context();
    if (line && active.starts.has(index) && context.y > context.pageMargins.top) context.availableHeight = -1;
    return line;
  };
  proto.processLeaf = function (this: Builder, node: LeafNode): void {
    const writer = this.writer;
    const context = writer.context();
    if (writer.transactionLevel > 0 || node.maxHeight || context.inSnakingColumns?.() || !context.getCurrentPage()) {
      processLeaf.call(this, node);
      return;
    }
    const lines: Line[] = [];
    for (let line = buildNextLine.call(this, node); line; line = buildNextLine.call(this, node)) lines.push(line);
    const page = context.getCurrentPage()!;
    const repeated = writer.repeatables.reduce((sum, r) => sum + r.height, 0);
    const full = page.pageSize.height - context.pageMargins.top - context.pageMargins.bottom - repeated;
    const atTop = context.y <= context.pageMargins.top + repeated + 0.01;
    const starts = new Set(pageStarts(lines.map((l) => l.getHeight()), context.availableHeight, full, atTop, node[KEEP_LINES] === true));
    const outer = active;
    active = { node, lines, starts, next: 0 };
    try {
      processLeaf.call(this, node);
    } finally {
      active = outer;
    }
  };
}
installLineKeeping();

interface Fragment {
  items: { type: string; item: { y?: number; _node?: { [DROP_AT_TOP]?: number } } }[];
}
interface FragmentWriter {
  context(): Context & { moveDown(offset: number): void };
}

/**
 * Drops the space before a heading that pdfmake puts at the top of a page: the heading and what it
 * is kept with come as one block (blocks.ts), placed on the new page with the heading's space
 * before above it, where the DOCX's heading stands at the top of the text. The block is placed
 * that much higher instead.
 */
function installSpaceDropping(): void {
  const proto = pdfmakePrototype<'pdfmake/js/ElementWriter.js', Record<string, unknown>>('pdfmake/js/ElementWriter.js', ['addFragment']);
  const addFragment = proto.addFragment as (this: FragmentWriter, block: Fragment, useBlockXOffset?: boolean, ...rest: unknown[]) => boolean;
  proto.addFragment = function (this: FragmentWriter, block: Fragment, useBlockXOffset?: boolean, ...rest: unknown[]): boolean {
    const context = this.context();
    const first = useBlockXOffset ? undefined : block.items.find((entry) => entry.type === 'line')?.item;
    const drop = first?._node?.[DROP_AT_TOP];
    const atTop = context.getCurrentPage() !== null && context.y <= context.pageMargins.top + 0.01;
    if (drop === undefined || !atTop || block.items.some((entry) => (entry.item.y ?? 0) < (first!.y ?? 0))) return addFragment.call(this, block, useBlockXOffset, ...rest);
    const shift = Math.min(drop, first!.y ?? 0);
    context.moveDown(-shift);
    const added = addFragment.call(this, block, useBlockXOffset, ...rest);
    if (!added) context.moveDown(shift);
    return added;
  };
}
installSpaceDropping();
