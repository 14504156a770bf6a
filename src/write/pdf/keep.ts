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

interface Line {
  getHeight(): number;
}
interface Context {
  y: number;
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
  maxHeight?: number;
  pageOrientation?: unknown;
  [KEEP_LINES]?: boolean;
}
interface Builder {
  writer: Writer;
  processLeaf(node: LeafNode): void;
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

/** Adds the rules to pdfmake's layout, once, as this module loads (as wrap.ts does). */
function installLineKeeping(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Builder>('pdfmake/js/LayoutBuilder.js', ['processLeaf', 'buildNextLine']);
  const processLeaf = proto.processLeaf;
  const buildNextLine = proto.buildNextLine;
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
